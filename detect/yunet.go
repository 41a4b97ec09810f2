package detect

import (
	"fmt"
	"image"
	"math"
	"sync"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// YuNet is libfacedetection's face detector (ShiqiYu/libfacedetection.train,
// onnx/yunet_n_640_640.onnx, Apache-2.0), read from its ONNX file by
// internal/nn and run on any input whose sides are multiples of 32 (the
// network is fully convolutional; the file's 640x640 is the size it was
// exported at). Its input is BGR, 0 to 255, unnormalised; for each stride
// s of 8, 16 and 32 and each cell (row r, column c) of the input's grid at
// that stride it gives a class score and an objectness (after sigmoids), a
// box (centre ((c, r) + reg[0:2]) * s, size exp(reg[2:4]) * s) and five
// landmarks ((c, r) + kps[2i:2i+2]) * s: the right eye, the left eye, the
// tip of the nose, the right and the left corner of the mouth (the person's
// right and left).
const yunetFile = "models/yunet_n_640_640.onnx"

// yunetStrides are the strides of YuNet's three output maps.
var yunetStrides = [3]int{8, 16, 32}

// yunetAlign is the multiple of which an input's sides must be.
const yunetAlign = 32

var loadYuNet = sync.OnceValues(func() (*nn.ONNXGraph, error) {
	b, err := models.ReadFile(yunetFile)
	if err != nil {
		return nil, fmt.Errorf("detect: YuNet: %w", err)
	}
	m, err := nn.ReadONNX(b)
	if err != nil {
		return nil, fmt.Errorf("detect: YuNet: %w", err)
	}
	g, err := nn.NewONNXGraph(m)
	if err != nil {
		return nil, fmt.Errorf("detect: YuNet: %w", err)
	}
	return g, nil
})

// yunetOutputs are the graph's outputs, stride by stride: class score,
// objectness, box and landmarks.
var yunetOutputs = func() []string {
	var o []string
	for _, s := range yunetStrides {
		o = append(o, fmt.Sprintf("cls_%d", s), fmt.Sprintf("obj_%d", s), fmt.Sprintf("bbox_%d", s), fmt.Sprintf("kps_%d", s))
	}
	return o
}()

// yunetBox is a YuNet detection in input pixels: its box, its score (class
// score times objectness, as OpenCV's samples and the peer redactor use it)
// and its five landmarks, in YuNet's order.
type yunetBox struct {
	scoredBox
	lm [5][2]float64
}

// YuNet landmark indices (the person's right and left).
const (
	ynEyeR = iota
	ynEyeL
	ynNose
	ynMouthR
	ynMouthL
)

// yunetRun applies YuNet to a BGR tensor of values 0 to 255 whose sides
// are multiples of 32, and returns every cell's detection scoring more than
// minScore, before suppression, in input pixels.
func yunetRun(g *nn.ONNXGraph, x *nn.Tensor, minScore float64) ([]yunetBox, error) {
	if x.H%yunetAlign != 0 || x.W%yunetAlign != 0 || x.C != 3 {
		return nil, fmt.Errorf("detect: YuNet: input %dx%dx%d (sides must be multiples of %d)", x.W, x.H, x.C, yunetAlign)
	}
	outs, err := g.Run(x, yunetOutputs...)
	if err != nil {
		return nil, fmt.Errorf("detect: YuNet: %w", err)
	}
	defer func() {
		for _, o := range outs {
			nn.Release(o)
		}
	}()
	var boxes []yunetBox
	for i, st := range yunetStrides {
		cls, obj, reg, kps := outs[4*i], outs[4*i+1], outs[4*i+2], outs[4*i+3]
		cols, rows := x.W/st, x.H/st
		n := cols * rows
		if cls.H != n || obj.H != n || reg.H != n || kps.H != n || reg.C != 4 || kps.C != 10 {
			return nil, fmt.Errorf("detect: YuNet: stride %d: outputs of %d, %d, %d, %d cells, want %d", st, cls.H, obj.H, reg.H, kps.H, n)
		}
		s := float64(st)
		for k := range n {
			score := float64(min(max(cls.Data[k], 0), 1)) * float64(min(max(obj.Data[k], 0), 1))
			if score <= minScore {
				continue
			}
			r, c := float64(k/cols), float64(k%cols)
			b := reg.Data[4*k : 4*k+4]
			cx, cy := (c+float64(b[0]))*s, (r+float64(b[1]))*s
			w, h := math.Exp(float64(b[2]))*s, math.Exp(float64(b[3]))*s
			y := yunetBox{scoredBox: scoredBox{boxF{cx - w/2, cy - h/2, cx + w/2, cy + h/2}, score}}
			p := kps.Data[10*k : 10*k+10]
			for j := range y.lm {
				y.lm[j] = [2]float64{(c + float64(p[2*j])) * s, (r + float64(p[2*j+1])) * s}
			}
			boxes = append(boxes, y)
		}
	}
	return boxes, nil
}

// yunetDetector is YuNet: its boxes, like the SSD's, run from the hairline
// to the chin (rank 0, before the SSD's), and it gives five landmarks.
type yunetDetector struct{}

func init() { register(yunetDetector{}) }

func (yunetDetector) Name() string            { return DetectorYuNet }
func (yunetDetector) Rank() int               { return -1 }
func (yunetDetector) On(opt FaceOptions) bool { return opt.YuNetSize > 0 }

// Mask grows the box to the SSD's mask (a quarter of its width each side,
// 45% of its height above, 20% below) enlarged 1.3 times about its centre:
// on corpus/faces, YuNet's masks so grown cover 0.870 of the labelled faces
// at a mask precision of 0.970, against 0.854 and 0.964 at the SSD's size
// (go run ./dev/faceeval -mask-scale 1.3 -sweep -detectors yunet
// -yunet-flip true), and contain every found face's labelled box.
func (yunetDetector) Mask(r boxF) image.Rectangle { return yunetGrowth.grow(r) }

// yunetGrowth is the growth of YuNet's boxes to their masks.
var yunetGrowth = growth{0.475, 0.70, 0.45}

// Find runs YuNet on the whole photo scaled so that its long side is
// opt.YuNetSize (enlarged when it is smaller), and, when that pass sees
// the photo at less than half of opt.YuNetTileScale times its size, again
// on tiles of the photo at that scale (yunetTiles). Boxes scoring more than
// opt.YuNetScore are kept, after suppression (IoU 0.3) across passes.
func (d yunetDetector) Find(s *source, opt FaceOptions) ([]Face, error) {
	g, err := loadYuNet()
	if err != nil {
		return nil, err
	}
	b := s.bounds()
	long := max(b.Dx(), b.Dy())
	t := s.fit(opt.YuNetSize)
	all, err := yunetOn(g, t, opt.YuNetScore, opt.YuNetFlip) // the whole photo, mirrored too
	if err != nil {
		return nil, err
	}
	kx, ky := float64(b.Dx())/float64(t.W), float64(b.Dy())/float64(t.H)
	for i := range all {
		all[i] = all[i].mapped(kx, ky, float64(b.Min.X), float64(b.Min.Y))
	}
	if opt.YuNetTileScale > 0 && 2*float64(opt.YuNetSize) < opt.YuNetTileScale*float64(long) {
		tiled, err := yunetTiles(g, s, opt)
		if err != nil {
			return nil, err
		}
		all = append(all, tiled...)
	}
	boxes := nms(all, 0.3, func(y yunetBox) scoredBox { return y.scoredBox })
	if opt.YuNetCheckBelow > opt.YuNetScore {
		if boxes, err = yunetCheck(g, s, boxes, opt); err != nil {
			return nil, err
		}
	}
	faces := make([]Face, 0, len(boxes))
	for _, y := range boxes {
		if y.box = y.box.clip(b); y.box.area() <= 0 {
			continue
		}
		f := faceOf(d, y.scoredBox, b)
		kp := y.keypoints()
		f.kp = &kp
		faces = append(faces, f)
	}
	return faces, nil
}

// mapped returns y with its box and landmarks scaled by kx, ky and moved
// by (x0, y0).
func (y yunetBox) mapped(kx, ky, x0, y0 float64) yunetBox {
	y.box = boxF{x0 + y.box.x0*kx, y0 + y.box.y0*ky, x0 + y.box.x1*kx, y0 + y.box.y1*ky}
	for j := range y.lm {
		y.lm[j] = [2]float64{x0 + y.lm[j][0]*kx, y0 + y.lm[j][1]*ky}
	}
	return y
}

// keypoints are YuNet's landmarks as Keypoints: the eyes (the picture's
// left first), the nose, the centre of the mouth (between its corners).
// YuNet gives no ears: they are NaN.
func (y yunetBox) keypoints() Keypoints {
	var kp Keypoints
	l, r := y.lm[ynEyeR], y.lm[ynEyeL]
	if l[0] > r[0] {
		l, r = r, l
	}
	kp[kpEyeL], kp[kpEyeR], kp[kpNose] = l, r, y.lm[ynNose]
	kp[kpMouth] = [2]float64{(y.lm[ynMouthR][0] + y.lm[ynMouthL][0]) / 2, (y.lm[ynMouthR][1] + y.lm[ynMouthL][1]) / 2}
	nan := math.NaN()
	kp[kpEarL], kp[kpEarR] = [2]float64{nan, nan}, [2]float64{nan, nan}
	return kp
}

// yunetOn runs YuNet on an RGB tensor (0 to 255) of any size: made BGR and
// padded with zeros on the right and at the bottom to multiples of 32.
// Boxes scoring more than minScore are returned, suppressed at IoU 0.3, in
// the tensor's pixels.
func yunetOn(g *nn.ONNXGraph, t *nn.Tensor, minScore float64, flip bool) ([]yunetBox, error) {
	w := (t.W + yunetAlign - 1) / yunetAlign * yunetAlign
	h := (t.H + yunetAlign - 1) / yunetAlign * yunetAlign
	var all []yunetBox
	for _, mirror := range []bool{false, true} {
		if mirror && !flip {
			break
		}
		x := nn.New(h, w, 3)
		for y := range t.H {
			src := t.Data[y*t.W*3 : (y+1)*t.W*3]
			dst := x.Data[y*w*3:]
			if mirror {
				for i, j := 0, 3*(t.W-1); i < len(src); i, j = i+3, j-3 {
					dst[j], dst[j+1], dst[j+2] = src[i+2], src[i+1], src[i]
				}
				continue
			}
			for i := 0; i < len(src); i += 3 {
				dst[i], dst[i+1], dst[i+2] = src[i+2], src[i+1], src[i]
			}
		}
		found, err := yunetRun(g, x, minScore)
		nn.Release(x)
		if err != nil {
			return nil, err
		}
		if mirror {
			tw := float64(t.W)
			for i := range found {
				f := &found[i]
				f.box.x0, f.box.x1 = tw-f.box.x1, tw-f.box.x0
				for j := range f.lm {
					f.lm[j][0] = tw - f.lm[j][0]
				}
				f.lm[ynEyeR], f.lm[ynEyeL] = f.lm[ynEyeL], f.lm[ynEyeR]
				f.lm[ynMouthR], f.lm[ynMouthL] = f.lm[ynMouthL], f.lm[ynMouthR]
			}
		}
		all = append(all, found...)
	}
	return nms(all, 0.3, func(y yunetBox) scoredBox { return y.scoredBox }), nil
}

// yunetTiles runs YuNet over the photo at opt.YuNetTileScale times its
// size, in square tiles of opt.YuNetTile pixels (at that scale) that
// overlap by opt.YuNetOverlap: a face no wider than the overlap lies whole
// in at least one tile. Each tile keeps the faces whose centre lies in its
// own part of the photo (the tile less half the overlap on each side it
// shares), so that a face cut by a tile's edge is taken from the tile that
// holds it whole. The photo is read tile by tile: no copy of it at the
// tiles' scale is made.
func yunetTiles(g *nn.ONNXGraph, s *source, opt FaceOptions) ([]yunetBox, error) {
	b := s.bounds()
	k := opt.YuNetTileScale
	W, H := int(math.Round(float64(b.Dx())*k)), int(math.Round(float64(b.Dy())*k))
	tile := opt.YuNetTile
	step := tile - opt.YuNetOverlap
	if step <= 0 {
		return nil, fmt.Errorf("detect: YuNet: tiles of %d px overlapping by %d", tile, opt.YuNetOverlap)
	}
	starts := func(n int) []int {
		if n <= tile {
			return []int{0}
		}
		c := (n - tile + step - 1) / step // tiles after the first
		var out []int
		for i := 0; i <= c; i++ {
			out = append(out, i*(n-tile)/c) // spread evenly: the overlap is at least opt.YuNetOverlap
		}
		return out
	}
	xs, ys := starts(W), starts(H)
	var out []yunetBox
	for yi, ty := range ys {
		for xi, tx := range xs {
			tw, th := min(tile, W-tx), min(tile, H-ty)
			// The tile's part of the photo, in the photo's pixels.
			r := rectF(float64(b.Min.X)+float64(tx)/k, float64(b.Min.Y)+float64(ty)/k,
				float64(b.Min.X)+float64(tx+tw)/k, float64(b.Min.Y)+float64(ty+th)/k).Intersect(b)
			t := scaledRegion(s.img, r, tw, th)
			found, err := yunetOn(g, t, opt.YuNetScore, false)
			nn.Release(t)
			if err != nil {
				return nil, err
			}
			// Its own part: up to the middle of the overlap with each
			// neighbour.
			lo := [2]float64{math.Inf(-1), math.Inf(-1)}
			hi := [2]float64{math.Inf(1), math.Inf(1)}
			if xi > 0 {
				lo[0] = float64(tx+xs[xi-1]+tile) / 2
			}
			if xi+1 < len(xs) {
				hi[0] = float64(xs[xi+1]+tx+tile) / 2
			}
			if yi > 0 {
				lo[1] = float64(ty+ys[yi-1]+tile) / 2
			}
			if yi+1 < len(ys) {
				hi[1] = float64(ys[yi+1]+ty+tile) / 2
			}
			kx, ky := float64(r.Dx())/float64(t.W), float64(r.Dy())/float64(t.H)
			for _, f := range found {
				cx, cy := float64(tx)+(f.box.x0+f.box.x1)/2, float64(ty)+(f.box.y0+f.box.y1)/2
				if cx < lo[0] || cx >= hi[0] || cy < lo[1] || cy >= hi[1] {
					continue
				}
				out = append(out, f.mapped(kx, ky, float64(r.Min.X), float64(r.Min.Y)))
			}
		}
	}
	return out, nil
}

// scaledRegion returns the part r of img scaled to w x h as an RGB tensor:
// area-averaged down, or bilinear up.
func scaledRegion(img image.Image, r image.Rectangle, w, h int) *nn.Tensor {
	sub := subImage(img, r)
	if w <= r.Dx() && h <= r.Dy() {
		return rgbScaled(sub, w, h)
	}
	return nn.ResizeBilinear(rgbScaled(sub, r.Dx(), r.Dy()), h, w)
}

// yunetCheckFace is the width, in the network's pixels, at which a face is
// looked at again by yunetCheck, in a square three times as wide.
const yunetCheckFace = 64

// yunetCheck looks again at each box scoring under opt.YuNetCheckBelow:
// YuNet on the square three times its width around it, scaled so that the
// box is yunetCheckFace pixels wide. The box is kept, with the score of the
// best box found there overlapping it (IoU at least 0.3), when that score
// is at least opt.YuNetCheckScore; boxes scoring opt.YuNetCheckBelow or
// more are kept as they are.
func yunetCheck(g *nn.ONNXGraph, s *source, boxes []yunetBox, opt FaceOptions) ([]yunetBox, error) {
	b := s.bounds()
	out := boxes[:0:0]
	for _, y := range boxes {
		if y.score >= opt.YuNetCheckBelow {
			out = append(out, y)
			continue
		}
		w := max(y.box.x1-y.box.x0, y.box.y1-y.box.y0)
		cx, cy := (y.box.x0+y.box.x1)/2, (y.box.y0+y.box.y1)/2
		r := rectF(cx-1.5*w, cy-1.5*w, cx+1.5*w, cy+1.5*w).Intersect(b)
		if r.Empty() {
			continue
		}
		k := yunetCheckFace / w // network pixels per photo pixel
		tw, th := max(1, int(math.Round(float64(r.Dx())*k))), max(1, int(math.Round(float64(r.Dy())*k)))
		t := scaledRegion(s.img, r, tw, th)
		found, err := yunetOn(g, t, 0.05, false)
		nn.Release(t)
		if err != nil {
			return nil, err
		}
		kx, ky := float64(r.Dx())/float64(tw), float64(r.Dy())/float64(th)
		best := -1.0
		for _, f := range found {
			f = f.mapped(kx, ky, float64(r.Min.X), float64(r.Min.Y))
			if iouF(f.box, y.box) >= 0.3 {
				best = max(best, f.score)
			}
		}
		if best >= opt.YuNetCheckScore {
			y.score = best
			out = append(out, y)
		}
	}
	return out, nil
}
