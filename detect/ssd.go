package detect

import (
	"fmt"
	"image"
	"math"
	"sort"
	"sync"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// ssdNet is face-api's SSD MobileNet V1 face detector: a MobileNet V1 body
// (batch norms folded at load), eight extra layers and six box predictors
// over feature maps of stride 16 to 512.
type ssdNet struct {
	conv0    conv     // 3x3 stride 2, ReLU6
	dw       [13]conv // batch norms folded in
	pw       [13]conv
	extra    [8]conv // Prediction/Conv2d_i_pointwise
	boxEnc   [6]conv
	classes  [6]conv
	anchors0 []float32 // Output/extra_dim: face-api's anchors for 512x512
}

const bnEpsilon = 0.0010000000474974513

var loadSSD = sync.OnceValues(func() (*ssdNet, error) {
	w, err := loadModel("ssd_mobilenetv1_model-weights_manifest.json")
	if err != nil {
		return nil, err
	}
	l := &nn.Loader{W: w}
	n := &ssdNet{}
	pwc := func(p string) conv {
		return conv{f: l.Get(p + "/weights"), bias: l.Get(p + "/convolution_bn_offset").Data}
	}
	n.conv0 = pwc("MobilenetV1/Conv2d_0_pointwise")
	for i := range 13 {
		p := fmt.Sprintf("MobilenetV1/Conv2d_%d_depthwise", i+1)
		f := l.Get(p + "/depthwise_weights")
		gamma := l.Get(p + "/BatchNorm/gamma").Data
		beta := l.Get(p + "/BatchNorm/beta").Data
		mean := l.Get(p + "/BatchNorm/moving_mean").Data
		variance := l.Get(p + "/BatchNorm/moving_variance").Data
		if l.Err != nil {
			break
		}
		// batchNorm(x) = (x - mean) / sqrt(var + eps) * gamma + beta
		//              = x * scale + (beta - mean * scale)
		scale := make([]float32, len(gamma))
		shift := make([]float32, len(gamma))
		for c := range gamma {
			inv := float32(1 / math.Sqrt(float64(variance[c])+bnEpsilon))
			scale[c] = gamma[c] * inv
			shift[c] = beta[c] - mean[c]*scale[c]
		}
		n.dw[i] = foldScale(f, scale, shift)
		n.pw[i] = pwc(fmt.Sprintf("MobilenetV1/Conv2d_%d_pointwise", i+1))
	}
	for i := range n.extra {
		n.extra[i] = pwc(fmt.Sprintf("Prediction/Conv2d_%d_pointwise", i))
	}
	for i := range 6 {
		p := fmt.Sprintf("Prediction/BoxPredictor_%d/", i)
		n.boxEnc[i] = conv{f: l.Get(p + "BoxEncodingPredictor/weights"), bias: l.Get(p + "BoxEncodingPredictor/biases").Data}
		n.classes[i] = conv{f: l.Get(p + "ClassPredictor/weights"), bias: l.Get(p + "ClassPredictor/biases").Data}
	}
	n.anchors0 = l.Get("Output/extra_dim", 1, 5118, 4).Data
	if l.Err != nil {
		return nil, fmt.Errorf("detect: SSD network: %w", l.Err)
	}
	return n, nil
})

// ssdOutput is the raw output of the SSD for one input: per anchor, the box
// encoding (ty, tx, th, tw) and the face score (after the sigmoid).
type ssdOutput struct {
	enc    []float32
	scores []float32
}

// run applies the network to a square RGB tensor of values 0 to 255. Each
// feature map is released once the next layer has read it (nn.Release), so
// that the next photo's run reuses them.
func (n *ssdNet) run(x *nn.Tensor) ssdOutput {
	in := x
	x = nn.New(in.H, in.W, in.C)
	for i, v := range in.Data {
		x.Data[i] = v/127.5 - 1
	}
	relu6 := func(c conv, x *nn.Tensor, stride int) *nn.Tensor {
		return nn.Conv2DClip(x, c.f, c.bias, stride, nn.Same, 0, 6)
	}
	out, conv11 := mobileNetV1(x, n.conv0, &n.dw, &n.pw, true)
	nn.Release(x)
	feats := [6]*nn.Tensor{conv11, out}
	e := out
	for i, c := range n.extra {
		next := relu6(c, e, 1+i%2)
		if i%2 == 1 {
			nn.Release(e) // the first of a pair is no feature map
		}
		e = next
		if i%2 == 1 {
			feats[2+i/2] = e
		}
	}
	var o ssdOutput
	for i, f := range feats {
		box := nn.Conv2D(f, n.boxEnc[i].f, n.boxEnc[i].bias, 1, nn.Same)
		cls := nn.Conv2D(f, n.classes[i].f, n.classes[i].bias, 1, nn.Same)
		o.enc = append(o.enc, box.Data...)
		for j := 1; j < len(cls.Data); j += 3 {
			o.scores = append(o.scores, float32(1/(1+math.Exp(-float64(cls.Data[j])))))
		}
		nn.Release(box)
		nn.Release(cls)
		nn.Release(f)
	}
	return o
}

// mobileNetV1 runs a MobileNet V1 body on x, which it leaves: conv0 (3x3,
// stride 2), then 13 depthwise 3x3 and pointwise pairs (stride 2 at pairs
// 2, 4, 6 and 12), every layer followed by ReLU6. It returns the last
// feature map and, when keep11, the 11th pointwise output (else nil); each
// other map is released once the next layer has read it.
func mobileNetV1(x *nn.Tensor, conv0 conv, dws, pws *[13]conv, keep11 bool) (out, conv11 *nn.Tensor) {
	out = nn.Conv2DClip(x, conv0.f, conv0.bias, 2, nn.Same, 0, 6)
	for i := range 13 {
		stride := 1
		switch i + 1 {
		case 2, 4, 6, 12:
			stride = 2
		}
		dw := nn.DepthwiseBiasClip(out, dws[i].f, dws[i].bias, stride, nn.Same, 0, 6)
		if out != conv11 {
			nn.Release(out)
		}
		out = nn.Conv2DClip(dw, pws[i].f, pws[i].bias, 1, nn.Same, 0, 6)
		nn.Release(dw)
		if keep11 && i+1 == 11 {
			conv11 = out
		}
	}
	return out, conv11
}

// foldScale returns a depthwise layer whose filter is f times a per-channel
// scale (a batch norm's), with the shift as its bias.
func foldScale(f *nn.Weight, scale, shift []float32) conv {
	folded := &nn.Weight{Shape: f.Shape, Data: make([]float32, len(f.Data))}
	for j, v := range f.Data {
		folded.Data[j] = v * scale[j%len(scale)]
	}
	return conv{f: folded, bias: shift}
}

// ssdAnchors returns the anchors [ymin, xmin, ymax, xmax] (relative) of the
// TensorFlow Object Detection API's SSD anchor generator as this model was
// trained: six feature maps (strides 16 to 512 of the input side), scales
// from 0.2 to 0.95; the first map has 3 anchors per cell (scale 0.1 ratio 1,
// scale 0.2 ratios 2 and 1/2), the others 6 (ratio 1, the scale between
// this map's and the next, ratios 2, 1/2, 3 and 1/3). At 512 this gives
// face-api's Output/extra_dim (TestSSDAnchorsMatchTheModel).
func ssdAnchors(size int) []float32 {
	grids := make([]int, 6)
	g := (size + 15) / 16
	grids[0] = g
	g = (g + 1) / 2
	grids[1] = g
	for i := 2; i < 6; i++ {
		g = (g + 1) / 2
		grids[i] = g
	}
	scale := func(k int) float64 {
		if k >= 6 {
			return 1
		}
		return 0.2 + (0.95-0.2)*float64(k)/5
	}
	var a []float32
	for k, g := range grids {
		type box struct{ s, r float64 }
		var boxes []box
		if k == 0 {
			boxes = []box{{0.1, 1}, {0.2, 2}, {0.2, 0.5}}
		} else {
			s := scale(k)
			boxes = []box{{s, 1}, {math.Sqrt(s * scale(k+1)), 1}, {s, 2}, {s, 0.5}, {s, 3}, {s, 1.0 / 3}}
		}
		for y := range g {
			for x := range g {
				cy, cx := (float64(y)+0.5)/float64(g), (float64(x)+0.5)/float64(g)
				for _, b := range boxes {
					h, w := b.s/math.Sqrt(b.r), b.s*math.Sqrt(b.r)
					a = append(a, float32(cy-h/2), float32(cx-w/2), float32(cy+h/2), float32(cx+w/2))
				}
			}
		}
	}
	return a
}

// decode turns the encodings into boxes relative to the input (face-api's
// decodeBoxesLayer), keeping those scoring more than minScore.
func (o ssdOutput) decode(anchors []float32, minScore float64) []scoredBox {
	var out []scoredBox
	for i, s := range o.scores {
		if float64(s) <= minScore {
			continue
		}
		a := anchors[4*i : 4*i+4]
		e := o.enc[4*i : 4*i+4]
		ah, aw := float64(a[2]-a[0]), float64(a[3]-a[1])
		acy, acx := float64(a[0])+ah/2, float64(a[1])+aw/2
		cy := float64(e[0])/10*ah + acy
		cx := float64(e[1])/10*aw + acx
		h := math.Exp(float64(e[2])/5) * ah / 2
		w := math.Exp(float64(e[3])/5) * aw / 2
		out = append(out, scoredBox{boxF{cx - w, cy - h, cx + w, cy + h}, float64(s)})
	}
	return out
}

// ssdDetector is face-api's SSD MobileNet V1: its boxes fit a face best
// (rank 0).
type ssdDetector struct{}

func init() { register(ssdDetector{}) }

func (ssdDetector) Name() string            { return DetectorSSD }
func (ssdDetector) Rank() int               { return 0 }
func (ssdDetector) On(opt FaceOptions) bool { return opt.SSDSize > 0 }

// Mask grows the box so that it contains the labelled face box for at
// least 95% of the faces the SSD finds on corpus/faces (go run
// ./dev/faceeval -growth).
func (ssdDetector) Mask(r boxF) image.Rectangle { return growth{0.25, 0.45, 0.2}.grow(r) }

// Find runs the SSD at opt.SSDSize (opt.SSDLargeSize for a large photo),
// keeping boxes scoring more than opt.SSDScore and no wider than
// opt.SSDMaxSide of the long side.
func (d ssdDetector) Find(s *source, opt FaceOptions) ([]Face, error) {
	n, err := loadSSD()
	if err != nil {
		return nil, err
	}
	b := s.bounds()
	size := ssdSizeFor(b, opt)
	x, k := netInputOf(s.fit(size), b, size)
	long := float64(max(b.Dx(), b.Dy()))
	var faces []Face
	for _, f := range n.detect(x, k, b, size, opt.SSDScore) {
		if opt.SSDMaxSide > 0 && f.box.x1-f.box.x0 > opt.SSDMaxSide*long {
			continue
		}
		faces = append(faces, faceOf(d, f, b))
	}
	return faces, nil
}

// ssdSizeFor is the SSD's input side for a photo of bounds b.
func ssdSizeFor(b image.Rectangle, opt FaceOptions) int {
	if opt.SSDLargeFrom > 0 && opt.SSDLargeSize > 0 && opt.SSDLargeSize < opt.SSDSize && max(b.Dx(), b.Dy()) >= opt.SSDLargeFrom {
		return opt.SSDLargeSize
	}
	return opt.SSDSize
}

// netInput scales img so that its long side is size (area-averaged down, or
// bilinear up) and pads it with zeros on the right or at the bottom to a
// size x size square, as face-api does (toBatchTensor without centring). It
// returns the tensor and the factor from input pixels to image pixels.
func netInput(img image.Image, size int) (*nn.Tensor, float64) {
	return netInputOf(fitTensor(img, size), img.Bounds(), size)
}

// netInputOf is netInput of t, the image of bounds b already scaled.
func netInputOf(t *nn.Tensor, b image.Rectangle, size int) (*nn.Tensor, float64) {
	long := max(b.Dx(), b.Dy())
	if t.W != size || t.H != size {
		sq := nn.New(size, size, 3)
		for y := 0; y < t.H; y++ {
			copy(sq.Data[y*size*3:], t.Data[y*t.W*3:(y+1)*t.W*3])
		}
		t = sq
	}
	return t, float64(long) / float64(size)
}

// detect finds faces with the SSD in x, made by netInput with factor k
// from an image of bounds b, keeping boxes scoring more than minScore after
// non-maximum suppression (IoU 0.5, as face-api). Boxes are in the image's
// pixel coordinates.
func (n *ssdNet) detect(x *nn.Tensor, k float64, b image.Rectangle, size int, minScore float64) []scoredBox {
	boxes := nms(n.run(x).decode(ssdAnchors(size), minScore), 0.5, itself)
	s := float64(size) * k
	out := make([]scoredBox, 0, len(boxes))
	for _, bx := range boxes {
		r := boxF{
			float64(b.Min.X) + bx.box.x0*s, float64(b.Min.Y) + bx.box.y0*s,
			float64(b.Min.X) + bx.box.x1*s, float64(b.Min.Y) + bx.box.y1*s,
		}
		if r = r.clip(b); r.area() > 0 {
			out = append(out, scoredBox{r, bx.score})
		}
	}
	return out
}

// boxF is a box in floating-point pixels.
type boxF struct{ x0, y0, x1, y1 float64 }

func (r boxF) area() float64 { return max(r.x1-r.x0, 0) * max(r.y1-r.y0, 0) }

func (r boxF) clip(b image.Rectangle) boxF {
	return boxF{
		max(r.x0, float64(b.Min.X)), max(r.y0, float64(b.Min.Y)),
		min(r.x1, float64(b.Max.X)), min(r.y1, float64(b.Max.Y)),
	}
}

func iouF(a, b boxF) float64 {
	in := boxF{max(a.x0, b.x0), max(a.y0, b.y0), min(a.x1, b.x1), min(a.y1, b.y1)}.area()
	u := a.area() + b.area() - in
	if u <= 0 {
		return 0
	}
	return in / u
}

// scoredBox is a detection before it becomes a Face.
type scoredBox struct {
	box   boxF
	score float64
}

// nms keeps, of items whose boxes overlap by more than iou (intersection
// over union), the best-scored one, best first: the one suppression of
// every detector (at gives an item's box and score).
func nms[T any](c []T, iou float64, at func(T) scoredBox) []T {
	sort.SliceStable(c, func(i, j int) bool { return at(c[i]).score > at(c[j]).score })
	var keep []T
	for _, x := range c {
		ok := true
		for _, k := range keep {
			if iouF(at(x).box, at(k).box) > iou {
				ok = false
				break
			}
		}
		if ok {
			keep = append(keep, x)
		}
	}
	return keep
}

// itself is nms's at for scored boxes.
func itself(b scoredBox) scoredBox { return b }

// IoU is the intersection over union of two boxes (0 when neither has an
// area).
func IoU(a, b image.Rectangle) float64 { return iouF(boxOf(a), boxOf(b)) }

func boxOf(r image.Rectangle) boxF {
	return boxF{float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y)}
}
