package detect

import (
	"fmt"
	"image"
	"math"
	"sync"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// faceresNet is human's FaceRes network (@vladmandic/human@3.3.6
// models/faceres.json): a MobileNet V1 body at 224x224 (batch norms folded
// into the convolutions by the converter, the depthwise ones here at load),
// a 256-wide dense layer and a 100-bin age softmax. It gives the second age
// estimate the recipe measurement compares (docs/children-second-network.md);
// its gender and descriptor heads are not computed. It is not embedded in
// sharesafe: on the development crops it labelled no more children than
// face-api's network alone (docs/children.md), so only the measurement,
// reading it from testdata/faceres, uses it.
type faceresNet struct {
	conv0       conv     // 3x3 stride 2, ReLU6
	dw          [13]conv // depthwise 3x3, batch norm folded in, ReLU6
	pw          [13]conv // pointwise, ReLU6
	featW, ageW *nn.Weight
	featB, ageB []float32
}

// faceresInputSize is the side of faceres's input.
const faceresInputSize = 224

// faceresFrame is the square faceres sees: 3.5 eye distances centred a
// quarter of one below the eyes, near the crop human gives it (BlazeFace's
// box enlarged 1.4 times); chosen on the development half of corpus/ages
// among 2.75, 3.5 and 4.5 eye distances (docs/children-second-network.md).
var faceresFrame = cropFrame{side: 3.5, down: 0.25, eyesOnly: true}

// faceresDir holds faceres, copied by scripts/fetch-models.sh from
// @vladmandic/human@3.3.6.
const faceresDir = "testdata/faceres"

// faceresSums are the SHA-256 printed by scripts/fetch-models.sh.
var faceresSums = map[string]string{
	"faceres.bin":  "2c7d2d62b76c97528b736527aa09d310ea71743c9e3e79fb6c62d4b2d73af79b",
	"faceres.json": "5b83d49c0385d2e68a05122441b94226313677cae9fcc40b9587ad50079eb4df",
}

func init() {
	// The recipes that ask for a second estimate get faceres's.
	secondAge = func(img image.Image, l, r, m [2]float64) (float64, error) {
		fr, err := loadFaceres()
		if err != nil {
			return 0, err
		}
		x := eyeCropSize(img, l, r, m, faceresFrame, faceresInputSize)
		mx := mirror(x)
		age := (fr.predict(x) + fr.predict(mx)) / 2
		nn.Release(x)
		nn.Release(mx)
		return age, nil
	}
}

var loadFaceres = sync.OnceValues(func() (*faceresNet, error) {
	w, err := loadPinned(faceresDir, "faceres.json", faceresSums)
	if err != nil {
		return nil, fmt.Errorf("detect: faceres network: %w", err)
	}
	l := &nn.Loader{W: w}
	n := &faceresNet{}
	relu6 := func(p string) {
		// Every activation is Relu, Minimum(Cast), Maximum(Const_1): ReLU6
		// when Cast is 6 and Const_1 is 0, which the port assumes.
		hi, lo := l.Get(p+"/Cast"), l.Get(p+"/Const_1")
		if l.Err == nil && (hi.Data[0] != 6 || lo.Data[0] != 0) {
			l.Err = fmt.Errorf("%s: clip to [%g, %g], not ReLU6", p, lo.Data[0], hi.Data[0])
		}
	}
	n.conv0 = conv{f: l.Get("conv1/convolution/merged_input", 3, 3, 3, 32), bias: l.Get("conv1_bn/batchnorm_1/sub", 32).Data}
	relu6("conv1_relu")
	for i := range 13 {
		p := fmt.Sprintf("conv_dw_%d", i+1)
		f := l.Get(p + "/depthwise_kernel")
		scale := l.Get(p + "_bn/batchnorm_1/mul").Data
		shift := l.Get(p + "_bn/batchnorm_1/sub").Data
		relu6(p + "_relu")
		if l.Err != nil {
			break
		}
		n.dw[i] = foldScale(f, scale, shift)
		q := fmt.Sprintf("conv_pw_%d", i+1)
		n.pw[i] = conv{f: l.Get(q + "/convolution/merged_input"), bias: l.Get(q + "_bn/batchnorm_1/sub").Data}
		relu6(q + "_relu")
	}
	n.featW, n.featB = l.Get("feats/kernel", 1024, 256), l.Get("feats/bias", 256).Data
	n.ageW, n.ageB = l.Get("age_pred/kernel", 256, 100), l.Get("age_pred/bias", 100).Data
	if l.Err != nil {
		return nil, fmt.Errorf("detect: faceres network: %w", l.Err)
	}
	return n, nil
})

// ageBins returns the 100-bin age softmax for a 224x224 RGB tensor of
// values 0 to 255 (as human feeds it: its 0-1 crop times 255), which it
// leaves unchanged.
func (n *faceresNet) ageBins(x *nn.Tensor) []float32 {
	out, _ := mobileNetV1(x, n.conv0, &n.dw, &n.pw, false)
	// Global average pooling.
	pooled := make([]float32, out.C)
	for i, v := range out.Data {
		pooled[i%out.C] += v
	}
	for c := range pooled {
		pooled[c] /= float32(out.H * out.W)
	}
	nn.Release(out)
	feats := nn.Dense(pooled, n.featW, n.featB)
	for i, v := range feats {
		feats[i] = max(v, 0)
	}
	return softmax(nn.Dense(feats, n.ageW, n.ageB))
}

// softmax returns exp(x) normalised to sum 1, in place.
func softmax(x []float32) []float32 {
	hi := x[0]
	for _, v := range x {
		hi = max(hi, v)
	}
	var sum float64
	for i, v := range x {
		e := math.Exp(float64(v - hi))
		x[i] = float32(e)
		sum += e
	}
	for i := range x {
		x[i] = float32(float64(x[i]) / sum)
	}
	return x
}

// predict returns the age faceres predicts for a 224x224 RGB tensor
// (values 0 to 255), decoded as human decodes it (src/face/faceres.ts): from
// the arg-max bin i, i - 10 p[i-1] when p[i-1] > p[i+1], else
// i + 10 p[i+1]. (human rounds it to tenths; this does not.)
func (n *faceresNet) predict(x *nn.Tensor) float64 {
	return decodeFaceresAge(n.ageBins(x))
}

// decodeFaceresAge is human's decoding of the 100 age bins (predict).
func decodeFaceresAge(p []float32) float64 {
	i := 0
	for k, v := range p {
		if v > p[i] {
			i = k
		}
	}
	// human compares p[i-1] > p[i+1] with undefined (false) past the ends.
	var prev, next float64
	hasPrev, hasNext := i > 0, i < len(p)-1
	if hasPrev {
		prev = float64(p[i-1])
	}
	if hasNext {
		next = float64(p[i+1])
	}
	if hasPrev && hasNext && prev > next {
		return float64(i) - 10*prev
	}
	return float64(i) + 10*next
}
