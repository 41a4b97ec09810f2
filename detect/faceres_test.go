package detect

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// TestFaceresGolden checks the Go faceres network against human's, run in
// Node with TensorFlow.js's CPU backend (scripts/goldens): the same 224x224
// crops give the same 100 age bins to 1e-5 and the same decoded age to 3
// decimals.
func TestFaceresGolden(t *testing.T) {
	dir := filepath.Join("testdata", "TestFaceresGolden")
	if *writeGoldenInputs {
		img := open(t, "astronaut.png").Image
		face := Face{Box: RectOf(astronautFace), Score: 0.95, Detector: DetectorSSD}
		kp, _, ok, err := faceKeypoints(img, face, true)
		if err != nil || !ok {
			t.Fatalf("no keypoints on the astronaut (%v)", err)
		}
		l, r, m := kp[kpEyeL], kp[kpEyeR], kp[kpMouth]
		writeTensorRGB(t, dir, "astronaut-eyes", eyeCropSize(img, l, r, m, faceresFrame, faceresInputSize))
		writeTensorRGB(t, dir, "astronaut-eyes-mirror", mirror(eyeCropSize(img, l, r, m, faceresFrame, faceresInputSize)))
		writeTensorRGB(t, dir, "astronaut-box", nn.ResizeBilinear(nn.FromImage(img, astronautFace), faceresInputSize, faceresInputSize))
	}
	var golden map[string]struct {
		Age  float64   `json:"age"`
		Bins []float64 `json:"bins"`
	}
	readGolden(t, dir, &golden)
	net, err := loadFaceres()
	if err != nil {
		t.Fatal(err)
	}
	inputs := readGoldenInputs(t, dir)
	if len(golden) != len(inputs) || len(inputs) < 3 {
		t.Fatalf("%d golden values for %d inputs", len(golden), len(inputs))
	}
	for _, in := range inputs {
		want, ok := golden[in.name]
		if !ok {
			t.Fatalf("%s: no golden value", in.name)
		}
		bins := net.ageBins(in.t)
		if len(bins) != len(want.Bins) {
			t.Fatalf("%s: %d bins, TensorFlow.js %d", in.name, len(bins), len(want.Bins))
		}
		for i, b := range bins {
			if math.Abs(float64(b)-want.Bins[i]) > 1e-5 {
				t.Errorf("%s: bin %d %.7f, TensorFlow.js %.7f", in.name, i, b, want.Bins[i])
			}
		}
		if got := decodeFaceresAge(bins); math.Abs(got-want.Age) >= 0.0005 {
			t.Errorf("%s: age %.5f, TensorFlow.js %.5f", in.name, got, want.Age)
		} else {
			t.Logf("%s: age %.5f, TensorFlow.js %.5f", in.name, got, want.Age)
		}
	}
}

func TestDecodeFaceresAge(t *testing.T) {
	bins := func(at map[int]float32) []float32 {
		p := make([]float32, 100)
		for i, v := range at {
			p[i] = v
		}
		return p
	}
	for _, c := range []struct {
		name string
		p    []float32
		want float64
	}{
		{"lower neighbour larger", bins(map[int]float32{29: 0.5, 28: 0.2, 30: 0.1}), 29 - 2},
		{"upper neighbour larger", bins(map[int]float32{4: 0.5, 3: 0.1, 5: 0.3}), 4 + 3},
		{"first bin: the age 0 is kept", bins(map[int]float32{0: 0.9, 1: 0.05}), 0.5},
		{"last bin", bins(map[int]float32{99: 0.9, 98: 0.05}), 99},
	} {
		if got := decodeFaceresAge(c.p); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("%s: %g, want %g", c.name, got, c.want)
		}
	}
}

// writeTensorRGB writes an RGB tensor (values 0 to 255) as a golden input
// file NAME-WxH.rgb.
func writeTensorRGB(t *testing.T, dir, name string, x *nn.Tensor) {
	t.Helper()
	b := make([]byte, len(x.Data))
	for i, v := range x.Data {
		b[i] = byte(min(max(v+0.5, 0), 255))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%dx%d.rgb", name, x.W, x.H)), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
