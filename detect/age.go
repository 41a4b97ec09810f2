package detect

import (
	"fmt"
	"image"
	"sync"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// Age thresholds of the child estimate, in predicted years: the youngest
// of face-api's age on the eyes' crop and on its mirror (defaultAgeRecipe).
// Both are chosen on the development crops alone (UTKFace crops with
// exact ages, beside the repository: scripts/age-dev-data.sh,
// docs/children.md) by chooseCuts; ../shared/corpus/ages is held out.
const (
	// ChildUnder: a face predicted younger than this is "likely a child":
	// the largest cut at which at least 0.98 of the development adults (20
	// and over) are not labelled child.
	ChildUnder = 14.0
	// AdultFrom: a face predicted at least this old is an adult's, left
	// visible by --faces children; between the two cuts a face is unsure
	// (ReasonMaybeTeen) and masked. Chosen where at least 0.90 of the
	// development teenagers (10-17) are masked and at least 0.85 of the
	// development adults of 30 and over are left visible, with the larger
	// of the two smallest margins.
	AdultFrom = 25.1
)

// LabelForAge returns the label of a predicted age.
func LabelForAge(age float64) string {
	switch {
	case age < ChildUnder:
		return LabelChild
	case age < AdultFrom:
		return LabelUnsure
	default:
		return LabelAdult
	}
}

// ageNet is face-api's age and gender network: a TinyXception with two
// middle blocks, an average pool and a dense layer to one value, the age.
type ageNet struct {
	convIn         conv
	rb0, rb1, exit reductionBlock
	main           [2]mainBlock
	exitSep        sepConv
	ageW           *nn.Weight
	ageB           []float32
}

type conv struct {
	f    *nn.Weight
	bias []float32
}

type sepConv struct {
	dw, pw *nn.Weight
	bias   []float32
}

type reductionBlock struct {
	sep0, sep1 sepConv
	expansion  conv
}

type mainBlock struct{ sep [3]sepConv }

var loadAgeNet = sync.OnceValues(func() (*ageNet, error) {
	w, err := loadModel("age_gender_model-weights_manifest.json")
	if err != nil {
		return nil, err
	}
	l := &nn.Loader{W: w}
	sep := func(p string, cin, cout int) sepConv { return loadSepConv(l, p, cin, cout) }
	cv := func(p string, k, cin, cout int) conv {
		return conv{f: l.Get(p+"/filters", k, k, cin, cout), bias: l.Get(p+"/bias", cout).Data}
	}
	rb := func(p string, cin, cout int) reductionBlock {
		return reductionBlock{sep0: sep(p+"/separable_conv0", cin, cout), sep1: sep(p+"/separable_conv1", cout, cout),
			expansion: cv(p+"/expansion_conv", 1, cin, cout)}
	}
	n := &ageNet{
		convIn:  cv("entry_flow/conv_in", 3, 3, 32),
		rb0:     rb("entry_flow/reduction_block_0", 32, 64),
		rb1:     rb("entry_flow/reduction_block_1", 64, 128),
		exit:    rb("exit_flow/reduction_block", 128, 256),
		exitSep: sep("exit_flow/separable_conv", 256, 512),
		ageW:    l.Get("fc/age/weights", 512, 1),
		ageB:    l.Get("fc/age/bias", 1).Data,
	}
	for i := range n.main {
		p := fmt.Sprintf("middle_flow/main_block_%d", i)
		n.main[i] = mainBlock{sep: [3]sepConv{sep(p+"/separable_conv0", 128, 128), sep(p+"/separable_conv1", 128, 128), sep(p+"/separable_conv2", 128, 128)}}
	}
	if l.Err != nil {
		return nil, fmt.Errorf("detect: age network: %w", l.Err)
	}
	return n, nil
})

// loadSepConv reads face-api's 3x3 separable convolution p (its
// depthwise_filter, pointwise_filter and bias).
func loadSepConv(l *nn.Loader, p string, cin, cout int) sepConv {
	return sepConv{
		dw:   l.Get(p+"/depthwise_filter", 3, 3, cin, 1),
		pw:   l.Get(p+"/pointwise_filter", 1, 1, cin, cout),
		bias: l.Get(p+"/bias", cout).Data,
	}
}

func (s sepConv) apply(x *nn.Tensor) *nn.Tensor {
	return nn.SeparableConv(x, s.dw, s.pw, s.bias, 1, nn.Same)
}

func (c conv) apply(x *nn.Tensor, stride int) *nn.Tensor {
	return nn.Conv2D(x, c.f, c.bias, stride, nn.Same)
}

func (b reductionBlock) apply(x *nn.Tensor, activateInput bool) *nn.Tensor {
	out := x
	if activateInput {
		out = nn.ReLUCopy(x)
	}
	out = b.sep0.apply(out)
	out = b.sep1.apply(nn.ReLU(out))
	out = nn.MaxPool(out, 3, 2, nn.Same)
	return nn.Add(out, b.expansion.apply(x, 2))
}

func (b mainBlock) apply(x *nn.Tensor) *nn.Tensor {
	out := b.sep[0].apply(nn.ReLUCopy(x))
	out = b.sep[1].apply(nn.ReLU(out))
	out = b.sep[2].apply(nn.ReLU(out))
	return nn.Add(out, x)
}

// ageInputSize is the side of the age network's input.
const ageInputSize = 112

// predict returns the age predicted for an RGB tensor (values 0 to 255) of
// any size: padded to a square (centred), resized to 112x112, as face-api
// does.
func (n *ageNet) predict(crop *nn.Tensor) float64 {
	return n.predict112(nn.ResizeBilinear(nn.PadSquare(crop, true), ageInputSize, ageInputSize)) // always a new tensor
}

// predict112 returns the age predicted for a 112x112 RGB tensor (values 0
// to 255), which it overwrites.
func (n *ageNet) predict112(x *nn.Tensor) float64 {
	mean := [3]float32{122.782, 117.001, 104.298}
	for i := range x.Data {
		x.Data[i] = (x.Data[i] - mean[i%3]) / 255
	}
	out := nn.ReLU(n.convIn.apply(x, 2))
	out = n.rb0.apply(out, false)
	out = n.rb1.apply(out, true)
	for _, m := range n.main {
		out = m.apply(out)
	}
	out = n.exit.apply(out, true)
	out = nn.ReLU(n.exitSep.apply(out))
	pooled := nn.AvgPool(out, 7, 2)
	return float64(nn.Dense(pooled.Data, n.ageW, n.ageB)[0])
}

// EstimateAges runs the age network on each face and sets Age, Label and,
// for a face whose estimate cannot be trusted, Reason (ageEstimate). Faces
// are processed in parallel, on up to workers goroutines.
func EstimateAges(img image.Image, faces []Face, workers int) error {
	return estimateAges(img, faces, workers, defaultAgeRecipe)
}

func estimateAges(img image.Image, faces []Face, workers int, rc ageRecipe) error {
	net, err := loadAgeNet()
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(workers, 1))
	errs := make([]error, len(faces))
	for i := range faces {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = ageEstimate(img, &faces[i], net, rc)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
