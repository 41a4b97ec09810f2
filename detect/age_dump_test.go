package detect

import (
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// dumpFrames are the squares TestAgeDump cuts for a second age network:
// the shipped one (2.75 eye distances centred on the eyes) and looser ones
// (human feeds its faceres network BlazeFace's box enlarged 1.4 times,
// about 3.4 eye distances, centred a little below the eyes).
var dumpFrames = []struct {
	name string
	fr   cropFrame
}{
	{"e275", cropFrame{side: 2.75, eyesOnly: true}},
	{"e350", cropFrame{side: 3.5, eyesOnly: true}},
	{"e350d25", cropFrame{side: 3.5, down: 0.25, eyesOnly: true}},
	{"e450", cropFrame{side: 4.5, eyesOnly: true}},
}

// dumpSize is the side of the crops TestAgeDump writes: the input of
// human's faceres networks.
const dumpSize = 224

// ageDumpCase is one line of the manifest TestAgeDump writes.
type ageDumpCase struct {
	File   string            `json:"file"`
	Group  string            `json:"group"`
	Dev    bool              `json:"dev"`
	Found  bool              `json:"found"`
	Reason string            `json:"reason"` // why the face is unsure whatever its age ("" when its age decides)
	Age    float64           `json:"age"`    // face-api's age, shipped recipe (mirror averaged)
	Crops  map[string]string `json:"crops"`  // frame name -> PNG file, dumpSize x dumpSize
}

// TestAgeDump writes, for every crop of ../shared/corpus/ages, the squares
// of dumpFrames our pipeline cuts around the face it found (same eyes, same
// turn), at dumpSize, as PNG files, with a manifest.json holding face-api's
// age and the reason a face is unsure: the input of the second network
// measurement in TensorFlow.js (dev/agenet, docs/children-second-network.md).
//
//	SHARESAFE_AGE_DUMP=/tmp/agedump SHARESAFE_AGE_CACHE=/tmp/agecache.json go test ./detect -run TestAgeDump -v
func TestAgeDump(t *testing.T) {
	dir := os.Getenv("SHARESAFE_AGE_DUMP")
	if dir == "" {
		t.Skip("a measurement: set SHARESAFE_AGE_DUMP to a directory")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	faceAPI := defaultAgeRecipe // face-api's age alone
	faceAPI.second = false
	cases := measureAges(t, loadAgeCases(t), faceAPI, 0)
	var out []ageDumpCase
	for _, c := range cases {
		d := ageDumpCase{File: c.file, Group: c.group, Dev: c.dev, Found: c.found, Crops: map[string]string{}}
		if !c.found {
			out = append(out, d)
			continue
		}
		_, d.Reason = labelFor(c.face, c.facts, faceAPI)
		d.Age = c.facts.age
		img := c.image(t)
		kp, _, ok, err := faceKeypoints(img, c.face, faceAPI.rerun)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			for _, f := range dumpFrames {
				x := eyeCropSize(img, kp[kpEyeL], kp[kpEyeR], kp[kpMouth], f.fr, dumpSize)
				name := fmt.Sprintf("%s_%s.png", c.file[:len(c.file)-len(filepath.Ext(c.file))], f.name)
				if err := writeTensorPNG(filepath.Join(dir, name), x); err != nil {
					t.Fatal(err)
				}
				d.Crops[f.name] = name
			}
		}
		out = append(out, d)
	}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d cases written to %s", len(out), dir)
}

// writeTensorPNG writes an RGB tensor (values 0 to 255) as a PNG file,
// each value rounded.
func writeTensorPNG(path string, x *nn.Tensor) error {
	img := image.NewNRGBA(image.Rect(0, 0, x.W, x.H))
	v := func(f float32) uint8 { return uint8(min(max(f+0.5, 0), 255)) }
	for y := range x.H {
		for i := range x.W {
			p := x.Data[(y*x.W+i)*3:]
			img.SetNRGBA(i, y, color.NRGBA{v(p[0]), v(p[1]), v(p[2]), 255})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
