package detect

import (
	"fmt"
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
