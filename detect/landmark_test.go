package detect

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

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

// landmarkDir holds face_landmark_68_model, copied by
// scripts/fetch-models.sh from @vladmandic/face-api@1.7.15. The network is
// not embedded: it framed the age crop no better than BlazeFace's eyes
// (docs/children.md), so only the recipe measurement uses it.
const landmarkDir = "testdata/landmark68"

// loadPinned reads a TensorFlow.js model kept for the measurements in dir,
// each of its files checked against sums (the SHA-256 printed by
// scripts/fetch-models.sh).
func loadPinned(dir, manifest string, sums map[string]string) (nn.Weights, error) {
	read := func(name string) ([]byte, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != sums[name] {
			return nil, fmt.Errorf("%s/%s: not the pinned copy (run scripts/fetch-models.sh)", dir, name)
		}
		return b, nil
	}
	m, err := read(manifest)
	if err != nil {
		return nil, err
	}
	return nn.LoadTFJS(m, read)
}

// landmarkSums are the SHA-256 printed by scripts/fetch-models.sh.
var landmarkSums = map[string]string{
	"face_landmark_68_model.bin":                   "4611ef65c87d836d03d684b30eec4d195d8b219fa1dd58fc58945831c6b9299b",
	"face_landmark_68_model-weights_manifest.json": "ca4886639f86e99b39fed0c155f81b63317225773bd9616716e887b0153389c9",
}

var loadLandmarkNet = sync.OnceValues(func() (*landmarkNet, error) {
	w, err := loadPinned(landmarkDir, "face_landmark_68_model-weights_manifest.json", landmarkSums)
	if err != nil {
		return nil, fmt.Errorf("detect: landmark network: %w", err)
	}
	l := &nn.Loader{W: w}
	sep := func(p string, cin, cout int) sepConv { return loadSepConv(l, p, cin, cout) }
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

func init() { landmarkEyes = landmarkEyesOf }

// landmarkEyesOf returns the centres of the eyes (the picture's left first)
// and of the mouth found by the 68-point landmark network on the box, as
// face-api runs it on a detector's box.
func landmarkEyesOf(img image.Image, box image.Rectangle) (l, r, m [2]float64, err error) {
	net, err := loadLandmarkNet()
	if err != nil {
		return l, r, m, err
	}
	lm := net.landmarks(nn.FromImage(img, box))
	at := func(from, to int) [2]float64 {
		p := lm.mean(from, to)
		return [2]float64{p[0] + float64(box.Min.X), p[1] + float64(box.Min.Y)}
	}
	return at(lmEyeL, lmEyeLEnd), at(lmEyeR, lmEyeREnd), at(lmMouth, lmMouthEnd), nil
}

// TestLandmarkGolden checks the Go landmark network against face-api's
// detectLandmarks run in Node with TensorFlow.js's CPU backend
// (scripts/goldens): the same crops give the same 68 points to 0.01 pixel.
func TestLandmarkGolden(t *testing.T) {
	dir := filepath.Join("testdata", "TestLandmarkGolden")
	if *writeGoldenInputs {
		astro := open(t, "astronaut.png").Image
		writeRGB(t, dir, "astronaut", astro, astronautFace)
		writeRGB(t, dir, "astronaut-wide", astro, image.Rect(150, 60, 300, 160))
		writeRGB(t, dir, "astronaut-tall", astro, image.Rect(180, 40, 270, 190))
	}
	var golden map[string][][2]float64
	readGolden(t, dir, &golden)
	net, err := loadLandmarkNet()
	if err != nil {
		t.Fatal(err)
	}
	inputs := readGoldenInputs(t, dir)
	if len(golden) != len(inputs) {
		t.Fatalf("%d golden values for %d inputs", len(golden), len(inputs))
	}
	for _, in := range inputs {
		want, ok := golden[in.name]
		if !ok || len(want) != 68 {
			t.Fatalf("%s: no golden points", in.name)
		}
		got := net.landmarks(in.t)
		worst := 0.0
		for i := range want {
			worst = max(worst, math.Abs(got[i][0]-want[i][0]), math.Abs(got[i][1]-want[i][1]))
		}
		if worst > 0.01 {
			t.Errorf("%s: points differ from TensorFlow.js's by up to %.4f px", in.name, worst)
		} else {
			t.Logf("%s: points within %.5f px of TensorFlow.js's", in.name, worst)
		}
	}
}

// BenchmarkLandmarkPerFace is the 68-point landmark network on one face
// crop.
func BenchmarkLandmarkPerFace(b *testing.B) {
	n, err := loadLandmarkNet()
	if err != nil {
		b.Fatal(err)
	}
	img := benchCrop()
	b.ReportAllocs()
	for b.Loop() {
		n.landmarks(nnFrom(img))
	}
}
