package detect

import (
	"fmt"
	"sync"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// landmarkNet is face-api's 68-point face landmark network
// (FaceLandmark68Net): four densely connected blocks of separable
// convolutions, an average pool and a dense layer to 136 values, the points'
// x and y as shares of its 112x112 input.
type landmarkNet struct {
	conv0 conv // dense0's first layer, a plain convolution
	dense [4]denseBlock
	fcW   *nn.Weight
	fcB   []float32
}

// denseBlock is face-api's denseBlock4: the first layer halves the size,
// and each of the next three sees the sum of the outputs before it.
type denseBlock struct {
	conv0 sepConv // unused in dense0, whose first layer is landmarkNet.conv0
	convs [3]sepConv
}

// landmarkInputSize is the side of the landmark network's input.
const landmarkInputSize = 112

// Landmark68 are the 68 face points of face-api (iBUG 300-W order), in
// pixels.
type Landmark68 [68][2]float64

// Ranges of the Landmark68 points.
const (
	lmEyeL, lmEyeLEnd   = 36, 42 // the eye on the picture's left
	lmEyeR, lmEyeREnd   = 42, 48
	lmMouth, lmMouthEnd = 48, 68
)

var loadLandmarkNet = sync.OnceValues(func() (*landmarkNet, error) {
	w, err := loadModel("face_landmark_68_model-weights_manifest.json")
	if err != nil {
		return nil, err
	}
	l := &nn.Loader{W: w}
	sep := func(p string, cin, cout int) sepConv {
		return sepConv{
			dw:   l.Get(p+"/depthwise_filter", 3, 3, cin, 1),
			pw:   l.Get(p+"/pointwise_filter", 1, 1, cin, cout),
			bias: l.Get(p+"/bias", cout).Data,
		}
	}
	n := &landmarkNet{
		conv0: conv{f: l.Get("dense0/conv0/filters", 3, 3, 3, 32), bias: l.Get("dense0/conv0/bias", 32).Data},
		fcW:   l.Get("fc/weights", 256, 136),
		fcB:   l.Get("fc/bias", 136).Data,
	}
	cin := 3
	for i, cout := range []int{32, 64, 128, 256} {
		p := fmt.Sprintf("dense%d/", i)
		if i > 0 {
			n.dense[i].conv0 = sep(p+"conv0", cin, cout)
		}
		for j := range n.dense[i].convs {
			n.dense[i].convs[j] = sep(fmt.Sprintf("%sconv%d", p, j+1), cout, cout)
		}
		cin = cout
	}
	if l.Err != nil {
		return nil, fmt.Errorf("detect: landmark network: %w", l.Err)
	}
	return n, nil
})

// run returns the network's 136 outputs for a 112x112 RGB tensor (values 0
// to 255), which it overwrites.
func (n *landmarkNet) run(x *nn.Tensor) []float32 {
	mean := [3]float32{122.782, 117.001, 104.298}
	for i := range x.Data {
		x.Data[i] = (x.Data[i] - mean[i%3]) / 255
	}
	out := x
	for i, b := range n.dense {
		var out1 *nn.Tensor
		if i == 0 {
			out1 = n.conv0.apply(out, 2)
		} else {
			out1 = nn.SeparableConv(out, b.conv0.dw, b.conv0.pw, b.conv0.bias, 2, nn.Same)
		}
		// in is the ReLU of the sum of the layers' outputs so far (out1
		// is its own ReLU).
		sum := nn.ReLU(out1)
		in := sum
		for _, c := range b.convs {
			nn.Add(sum, c.apply(in))
			in = nn.ReLUCopy(sum)
		}
		out = in
	}
	pooled := nn.AvgPool(out, 7, 2)
	return nn.Dense(pooled.Data, n.fcW, n.fcB)
}

// landmarks returns the 68 points of the face in an RGB tensor (values 0 to
// 255) of any size, in its pixels: as face-api's detectLandmarks, the
// tensor is padded to a square (centred), resized to 112x112, and the
// points are mapped back.
func (n *landmarkNet) landmarks(crop *nn.Tensor) Landmark68 {
	out := n.run(nn.ResizeBilinear(nn.PadSquare(crop, true), landmarkInputSize, landmarkInputSize))
	// face-api's postProcess: the padding is |w-h|/2 of the scaled
	// size, not rounded.
	w, h := float64(crop.W), float64(crop.H)
	s := float64(landmarkInputSize) / max(w, h)
	padX, padY := 0.0, 0.0
	if w < h {
		padX = (h - w) * s / 2
	} else {
		padY = (w - h) * s / 2
	}
	var lm Landmark68
	for i := range lm {
		lm[i][0] = (float64(out[2*i])*landmarkInputSize - padX) / (w * s) * w
		lm[i][1] = (float64(out[2*i+1])*landmarkInputSize - padY) / (h * s) * h
	}
	return lm
}

// mean returns the mean of the points [from, to).
func (lm *Landmark68) mean(from, to int) [2]float64 {
	var m [2]float64
	for _, p := range lm[from:to] {
		m[0] += p[0]
		m[1] += p[1]
	}
	k := float64(to - from)
	return [2]float64{m[0] / k, m[1] / k}
}
