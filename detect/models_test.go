package detect

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// modelSums are the SHA-256 printed by scripts/fetch-models.sh and
// scripts/fetch-yunet.sh.
var modelSums = map[string]string{
	"age_gender_model.bin":                        "49f92bbc0afef2342c4385e4a2b0acb6d7a727c6f0aa539499719a81acf9abaa",
	"age_gender_model-weights_manifest.json":      "74b60bf3ebf981bf4e661e9cca3a185614e10b25d797118b62e2a68d3ff2569f",
	"ssd_mobilenetv1_model.bin":                   "2835640602d53718aa6ae9a42896327eaa21beefed056c218d32ca7d79e1e2f8",
	"ssd_mobilenetv1_model-weights_manifest.json": "888f744dffbc84f5f060d1f8427d9742341943a2dfaaf9205d10029b7e7a2955",
	"blazeface.bin":                               "dc9a97fdc50bc43216554bdd69aa3e7b9361a519ee7bdd996a2f69a98a6f9b72",
	"blazeface.json":                              "cd7bbfc078270572beb39f9e5ae67aadbd50b5e67cff37e6d4f6b3ea39312e5f",
	// scripts/fetch-yunet.sh: libfacedetection.train's YuNet.
	"yunet_n_640_640.onnx": "25a606a145a5b6d7271ae138fbd00eba91dad8b83222ae3f2c7ecd0f4a7b0e31",
}

// licenceSums pin the licences shipped beside the models that came from a
// repository rather than a package.
var licenceSums = map[string]string{
	"LICENSE-libfacedetection": "d096f0e4f790316e1df89675682a51c68ca64745a611689ccd37bd246835440e",
}

// TestModelsAreThePinnedCopies proves the embedded networks are the files
// of the pinned npm packages (scripts/fetch-models.sh prints the same sums).
func TestModelsAreThePinnedCopies(t *testing.T) {
	entries, err := models.ReadDir("models")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, e := range entries {
		b, err := models.ReadFile("models/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		want, ok := modelSums[e.Name()]
		if !ok {
			t.Errorf("models/%s is embedded but not pinned here", e.Name())
			continue
		}
		seen++
		if hex.EncodeToString(sum[:]) != want {
			t.Errorf("models/%s: sha256 %x, want %s (run scripts/fetch-models.sh)", e.Name(), sum, want)
		}
	}
	if seen != len(modelSums) {
		t.Errorf("%d of %d pinned models embedded", seen, len(modelSums))
	}
	for _, lic := range []string{"LICENSE-face-api", "LICENSE-human", "LICENSE-apache-2.0", "LICENSE-libfacedetection", "README.md"} {
		if _, err := os.Stat(filepath.Join("models", lic)); err != nil {
			t.Errorf("models/%s: %v", lic, err)
		}
	}
	for name, want := range licenceSums {
		b, err := os.ReadFile(filepath.Join("models", name))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != want {
			t.Errorf("models/%s: sha256 %x, want %s", name, sum, want)
		}
	}
}

var writeGoldenInputs = flag.Bool("write-golden-inputs", false, "rewrite the network golden tests' input files")

// goldenInput is one raw RGB crop, named NAME-WxH.rgb.
type goldenInput struct {
	name string
	t    *nn.Tensor
}

func readGoldenInputs(t *testing.T, dir string) []goldenInput {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.rgb"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no inputs in %s (%v)", dir, err)
	}
	sort.Strings(files)
	var out []goldenInput
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".rgb")
		dims := base[strings.LastIndex(base, "-")+1:]
		ws, hs, _ := strings.Cut(dims, "x")
		w, _ := strconv.Atoi(ws)
		h, _ := strconv.Atoi(hs)
		b, err := os.ReadFile(f)
		if err != nil || len(b) != w*h*3 {
			t.Fatalf("%s: %d bytes for %dx%d (%v)", f, len(b), w, h, err)
		}
		x := nn.New(h, w, 3)
		for i, v := range b {
			x.Data[i] = float32(v)
		}
		out = append(out, goldenInput{filepath.Base(f), x})
	}
	return out
}

func writeRGB(t *testing.T, dir, name string, img image.Image, r image.Rectangle) {
	t.Helper()
	x := nn.FromImage(img, r)
	b := make([]byte, len(x.Data))
	for i, v := range x.Data {
		b[i] = byte(v)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%dx%d.rgb", name, x.W, x.H)), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readGolden(t *testing.T, dir string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "golden.json"))
	if err != nil {
		t.Fatalf("%v (run scripts/goldens/run.sh)", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

// TestAgeGolden checks the Go age network against face-api run in Node with
// TensorFlow.js's CPU backend (scripts/goldens): the same crops give the
// same ages to 3 decimals.
func TestAgeGolden(t *testing.T) {
	dir := filepath.Join("testdata", "TestAgeGolden")
	if *writeGoldenInputs {
		astro := open(t, "astronaut.png").Image
		writeRGB(t, dir, "astronaut", astro, astronautFace)
		writeRGB(t, dir, "astronaut-wide", astro, image.Rect(150, 60, 300, 160))
		writeRGB(t, dir, "astronaut-tall", astro, image.Rect(180, 40, 270, 190))
		writeRGB(t, dir, "corner", astro, image.Rect(0, 0, 40, 30))
	}
	var golden map[string]float64
	readGolden(t, dir, &golden)
	net, err := loadAgeNet()
	if err != nil {
		t.Fatal(err)
	}
	inputs := readGoldenInputs(t, dir)
	if len(golden) != len(inputs) {
		t.Fatalf("%d golden values for %d inputs", len(golden), len(inputs))
	}
	for _, in := range inputs {
		want, ok := golden[in.name]
		if !ok {
			t.Fatalf("%s: no golden value", in.name)
		}
		got := net.predict(in.t)
		if math.Abs(got-want) >= 0.0005 {
			t.Errorf("%s: age %.5f, TensorFlow.js %.5f", in.name, got, want)
		} else {
			t.Logf("%s: age %.5f, TensorFlow.js %.5f", in.name, got, want)
		}
	}
}

// TestSSDAnchorsMatchTheModel checks the anchor formula against the anchors
// face-api ships for 512x512 inputs (Output/extra_dim).
func TestSSDAnchorsMatchTheModel(t *testing.T) {
	net, err := loadSSD()
	if err != nil {
		t.Fatal(err)
	}
	got := ssdAnchors(512)
	if len(got) != len(net.anchors0) {
		t.Fatalf("%d anchors, the model has %d", len(got)/4, len(net.anchors0)/4)
	}
	worst := 0.0
	for i := range got {
		worst = max(worst, math.Abs(float64(got[i]-net.anchors0[i])))
	}
	if worst > 1e-3 {
		t.Errorf("anchors differ by up to %.5f", worst)
	}
	if n := len(ssdAnchors(768)) / 4; n != 48*48*3+(24*24+12*12+6*6+3*3+2*2)*6 {
		t.Errorf("%d anchors at 768", n)
	}
}

// goldenBox is a detection as the golden files hold it: relative box
// [x, y, w, h] and score.
type goldenBox struct {
	Box   [4]float64 `json:"box"`
	Score float64    `json:"score"`
}

func closeBoxes(t *testing.T, name string, got, want []goldenBox) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d boxes, TensorFlow.js %d:\n got %v\nwant %v", name, len(got), len(want), got, want)
		return
	}
	for i := range got {
		d := math.Abs(got[i].Score - want[i].Score)
		for k := range 4 {
			d = max(d, math.Abs(got[i].Box[k]-want[i].Box[k]))
		}
		if d >= 0.0005 {
			t.Errorf("%s: box %d %v, TensorFlow.js %v", name, i, got[i], want[i])
		}
	}
	t.Logf("%s: %d boxes agree", name, len(got))
}

// TestSSDGolden checks the Go SSD against face-api's locateFaces run with
// TensorFlow.js (scripts/goldens) on 512x512 inputs, with face-api's own
// anchors, score above 0.3 and its suppression: boxes and scores agree to 3
// decimals.
func TestSSDGolden(t *testing.T) {
	dir := filepath.Join("testdata", "TestSSDGolden")
	if *writeGoldenInputs {
		astro := open(t, "astronaut.png").Image
		writeRGB(t, dir, "astronaut", astro, astro.Bounds())
		tiles := image.NewRGBA(image.Rect(0, 0, 512, 512))
		small := nn.ResizeBilinear(nn.FromImage(astro, astro.Bounds()), 256, 256)
		for ty := range 2 {
			for tx := range 2 {
				for y := range 256 {
					for x := range 256 {
						i := (y*256 + x) * 3
						o := tiles.PixOffset(tx*256+x, ty*256+y)
						tiles.Pix[o], tiles.Pix[o+1], tiles.Pix[o+2], tiles.Pix[o+3] = uint8(small.Data[i]), uint8(small.Data[i+1]), uint8(small.Data[i+2]), 255
					}
				}
			}
		}
		writeRGB(t, dir, "four", tiles, tiles.Bounds())
	}
	var golden map[string][]goldenBox
	readGolden(t, dir, &golden)
	net, err := loadSSD()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range readGoldenInputs(t, dir) {
		boxes := nms(net.run(in.t).decode(net.anchors0, 0.3), 0.5, itself)
		var got []goldenBox
		for _, b := range boxes {
			r := boxF{max(b.box.x0, 0), max(b.box.y0, 0), min(b.box.x1, 1), min(b.box.y1, 1)}
			got = append(got, goldenBox{[4]float64{r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0}, b.score})
		}
		closeBoxes(t, in.name, got, golden[in.name])
	}
}

// TestBlazeFaceGolden checks the Go BlazeFace against the graph model run
// with TensorFlow.js (scripts/goldens) on 256x256 inputs, decoded as human
// decodes it (score above 0.2, suppression at IoU 0.3): boxes (relative to
// the input) and scores agree to 3 decimals.
func TestBlazeFaceGolden(t *testing.T) {
	dir := filepath.Join("testdata", "TestBlazeFaceGolden")
	if *writeGoldenInputs {
		for _, in := range readGoldenInputs(t, filepath.Join("testdata", "TestSSDGolden")) {
			small := nn.ResizeBilinear(in.t, 256, 256)
			img := image.NewRGBA(image.Rect(0, 0, 256, 256))
			for i := range 256 * 256 {
				img.Pix[4*i], img.Pix[4*i+1], img.Pix[4*i+2], img.Pix[4*i+3] = uint8(small.Data[3*i]), uint8(small.Data[3*i+1]), uint8(small.Data[3*i+2]), 255
			}
			writeRGB(t, dir, strings.Split(in.name, "-")[0], img, img.Bounds())
		}
	}
	var golden map[string][]goldenBox
	readGolden(t, dir, &golden)
	g, err := loadBlaze()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range readGoldenInputs(t, dir) {
		boxes, err := blazeRun(g, in.t, 0.2)
		if err != nil {
			t.Fatal(err)
		}
		var got []goldenBox
		for _, b := range nms(boxes, 0.3, func(b blazeBox) scoredBox { return b.scoredBox }) {
			got = append(got, goldenBox{[4]float64{b.box.x0 / 256, b.box.y0 / 256, (b.box.x1 - b.box.x0) / 256, (b.box.y1 - b.box.y0) / 256}, b.score})
		}
		closeBoxes(t, in.name, got, golden[in.name])
	}
}
