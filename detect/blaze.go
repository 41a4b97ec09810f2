package detect

import (
	"fmt"
	"image"
	"math"
	"sync"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// BlazeFace is MediaPipe's back-camera face detector as packaged by
// @vladmandic/human: a 256x256 input, 896 anchors (16x16 cells of 2 at
// stride 16, 8x8 cells of 6 at stride 32), outputs per anchor a score logit
// and a box (centre offset and size, in input pixels) followed by six
// landmarks.
const blazeSize = 256

// The graph's outputs: scores and boxes of the stride-16 map (512 anchors)
// and of the stride-32 map (384).
const (
	blazeScores16 = "Identity"
	blazeScores32 = "Identity_1"
	blazeBoxes16  = "Identity_2"
	blazeBoxes32  = "Identity_3"
)

var loadBlaze = sync.OnceValues(func() (*nn.Graph, error) {
	m, err := models.ReadFile("models/blazeface.json")
	if err != nil {
		return nil, fmt.Errorf("detect: BlazeFace: %w", err)
	}
	g, err := nn.LoadGraph(m, func(name string) ([]byte, error) { return models.ReadFile("models/" + name) })
	if err != nil {
		return nil, fmt.Errorf("detect: BlazeFace: %w", err)
	}
	return g, nil
})

// blazeAnchors are the anchor centres, in input pixels, in output order
// (human's generateAnchors).
var blazeAnchors = sync.OnceValue(func() [][2]float64 {
	var a [][2]float64
	for i, stride := range []int{blazeSize / 16, blazeSize / 8} {
		per := []int{2, 6}[i]
		cells := (blazeSize + stride - 1) / stride
		for y := range cells {
			for x := range cells {
				for range per {
					a = append(a, [2]float64{float64(stride) * (float64(x) + 0.5), float64(stride) * (float64(y) + 0.5)})
				}
			}
		}
	}
	return a
})

// Keypoints are BlazeFace's six face points, in pixels: the two eyes (the
// one on the picture's left first), the tip of the nose, the centre of the
// mouth and the two ear tragions (the picture's left first).
type Keypoints [6][2]float64

// Indices of the Keypoints.
const (
	kpEyeL = iota
	kpEyeR
	kpNose
	kpMouth
	kpEarL
	kpEarR
)

// blazeBox is a BlazeFace box with its keypoints.
type blazeBox struct {
	scoredBox
	kp Keypoints
}

// blazeRun applies BlazeFace to a 256x256 RGB tensor of values 0 to 255 and
// returns every anchor's box [x0, y0, x1, y1] and keypoints in input pixels
// with its score (after the sigmoid), scoring more than minScore.
func blazeRun(g *nn.Graph, x *nn.Tensor, minScore float64) ([]blazeBox, error) {
	in := &nn.Tensor{H: x.H, W: x.W, C: 3, Data: make([]float32, len(x.Data))}
	for i, v := range x.Data {
		in.Data[i] = v/127.5 - 1
	}
	outs, err := g.Run(in, blazeScores16, blazeBoxes16, blazeScores32, blazeBoxes32)
	if err != nil {
		return nil, err
	}
	anchors := blazeAnchors()
	var boxes []blazeBox
	i := 0
	for m := 0; m < 2; m++ {
		scores, regs := outs[2*m], outs[2*m+1]
		if regs.C != 16 || scores.H != regs.H {
			return nil, fmt.Errorf("detect: BlazeFace: outputs %dx%d and %dx%d", scores.H, scores.C, regs.H, regs.C)
		}
		for j := 0; j < scores.H; j, i = j+1, i+1 {
			s := 1 / (1 + math.Exp(-float64(scores.Data[j])))
			if s <= minScore {
				continue
			}
			r := regs.Data[j*16:]
			cx, cy := float64(r[0])+anchors[i][0], float64(r[1])+anchors[i][1]
			w, h := float64(r[2]), float64(r[3])
			b := blazeBox{scoredBox: scoredBox{boxF{cx - w/2, cy - h/2, cx + w/2, cy + h/2}, s}}
			for k := range b.kp {
				b.kp[k] = [2]float64{float64(r[4+2*k]) + anchors[i][0], float64(r[5+2*k]) + anchors[i][1]}
			}
			boxes = append(boxes, b)
		}
	}
	if i != len(anchors) {
		return nil, fmt.Errorf("detect: BlazeFace: %d outputs for %d anchors", i, len(anchors))
	}
	return boxes, nil
}

// blazeDetector is BlazeFace: its boxes rank between the SSD's and pigo's.
type blazeDetector struct{}

func init() { register(blazeDetector{}) }

func (blazeDetector) Name() string            { return DetectorBlaze }
func (blazeDetector) Rank() int               { return 1 }
func (blazeDetector) On(opt FaceOptions) bool { return opt.Blaze }

// Mask grows the box as the SSD's (chosen alike, go run
// ./dev/faceeval -growth).
func (blazeDetector) Mask(r boxF) image.Rectangle { return growth{0.25, 0.45, 0.2}.grow(r) }

// Find keeps the boxes scoring more than opt.BlazeScore and at least
// opt.BlazeMinSide of the photo's long side wide (at 256 px, BlazeFace is
// only reliable on large faces).
func (d blazeDetector) Find(s *source, opt FaceOptions) ([]Face, error) {
	boxes, err := blazeFaces(s, opt.BlazeScore, 0.3)
	if err != nil {
		return nil, err
	}
	b := s.bounds()
	long := float64(max(b.Dx(), b.Dy()))
	var faces []Face
	for _, f := range boxes {
		if f.box.x1-f.box.x0 >= opt.BlazeMinSide*long {
			face := faceOf(d, f.scoredBox, b)
			kp := f.kp
			face.kp = &kp // where the age crop is framed
			faces = append(faces, face)
		}
	}
	return faces, nil
}

// blazeFaces finds faces with BlazeFace on the whole photo: scaled so that
// its long side is 256 and centred on a 256x256 square, padded with zeros
// (human's square option). Boxes and keypoints, after suppression at iou,
// are in the photo's pixel coordinates.
func blazeFaces(s *source, minScore, iou float64) ([]blazeBox, error) {
	g, err := loadBlaze()
	if err != nil {
		return nil, err
	}
	b := s.bounds()
	t := s.fit(blazeSize)
	ox, oy := (blazeSize-t.W)/2, (blazeSize-t.H)/2
	sq := nn.New(blazeSize, blazeSize, 3)
	for y := 0; y < t.H; y++ {
		copy(sq.Data[((y+oy)*blazeSize+ox)*3:], t.Data[y*t.W*3:(y+1)*t.W*3])
	}
	all, err := blazeRun(g, sq, minScore)
	if err != nil {
		return nil, err
	}
	boxes := nms(all, iou, func(b blazeBox) scoredBox { return b.scoredBox })
	kx := float64(b.Dx()) / float64(t.W)
	ky := float64(b.Dy()) / float64(t.H)
	var out []blazeBox
	for _, bx := range boxes {
		r := boxF{
			float64(b.Min.X) + (bx.box.x0-float64(ox))*kx, float64(b.Min.Y) + (bx.box.y0-float64(oy))*ky,
			float64(b.Min.X) + (bx.box.x1-float64(ox))*kx, float64(b.Min.Y) + (bx.box.y1-float64(oy))*ky,
		}
		kp := bx.kp
		for k := range kp {
			kp[k] = [2]float64{float64(b.Min.X) + (kp[k][0]-float64(ox))*kx, float64(b.Min.Y) + (kp[k][1]-float64(oy))*ky}
		}
		if r = r.clip(b); r.area() > 0 {
			out = append(out, blazeBox{scoredBox{r, bx.score}, kp})
		}
	}
	return out, nil
}
