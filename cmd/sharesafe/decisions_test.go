package main

import (
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/redact"
)

// A parent's decisions made in the review app are the masks of the copies
// redact writes: the mask they drew, the face they unmasked left visible,
// their style; the run says so, and a rerun leaves the copy alone.
func TestRedactUsesTheParentsDecisions(t *testing.T) {
	state, in := t.TempDir(), t.TempDir()
	env := []string{"SHARESAFE_STATE=" + state}
	photoPath := filepath.Join(in, "a.jpg")
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), photoPath)
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(in, "b.png"))
	data, err := os.ReadFile(photoPath)
	if err != nil {
		t.Fatal(err)
	}
	orig := decode(t, data)
	// The detector's faces, as the app shows them.
	stdout, stderr, code := sharesafeEnv(t, env, "scan", photoPath, "--json", "--detector", "fast")
	if code != 0 {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	var faces []detect.Rect
	for _, f := range byPath(t, stdout)["a.jpg"]["faces"].([]any) {
		m := f.(map[string]any)["mask"].([]any)
		faces = append(faces, detect.Rect{int(m[0].(float64)), int(m[1].(float64)), int(m[2].(float64)), int(m[3].(float64))})
	}
	if len(faces) == 0 {
		t.Fatal("school-gate.jpg: no face found")
	}
	// The parent unmasks the first face, draws a mask of their own away
	// from every face, and picks solid.
	drawn := detect.Rect{8, 8, 48, 40}
	for _, f := range faces {
		if f.R().Overlaps(drawn.R()) {
			t.Fatalf("the mask drawn %v overlaps a face %v", drawn, f)
		}
	}
	dec := engine.Decision{Photo: engine.ContentHash(data), Width: orig.Bounds().Dx(), Height: orig.Bounds().Dy(), Style: redact.Solid,
		Masks: []engine.DecidedMask{{Box: faces[0], On: false, By: engine.ByDetector, Found: faces[0]}, {Box: drawn, On: true, By: engine.ByParent}}}
	for _, f := range faces[1:] {
		dec.Masks = append(dec.Masks, engine.DecidedMask{Box: f, On: true, By: engine.ByDetector, Found: f})
	}
	if err := engine.OpenDecisions(state).Put(photoPath, dec); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "safe")
	run := func(lang, out string, args ...string) (string, string) {
		t.Helper()
		cmd := append([]string{"redact", in, "-o", out, "--detector", "fast"}, args...)
		stdout, stderr, code := sharesafeIn(t, lang, cmd...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", cmd, code, stderr)
		}
		return stdout, stderr
	}
	t.Setenv("SHARESAFE_STATE", state) // every run below: the parent's decisions

	stdout, _ = run("en_GB.UTF-8", out)
	if want := "Your masks from the review app were used for one photo"; !strings.Contains(stdout, want) {
		t.Errorf("summary: want %q in\n%s", want, stdout)
	}
	if want := "masked as you chose in the review app"; !strings.Contains(stdout, want) {
		t.Errorf("a.jpg's line: want %q in\n%s", want, stdout)
	}
	copyData, err := os.ReadFile(filepath.Join(out, "a.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, copyData)
	assertCovered(t, img, drawn.R(), false)
	if d := meanDiff(orig, img, faces[0].R()); d > 4 {
		t.Errorf("the face the parent unmasked %v differs from the photo by %.1f on average: masked", faces[0], d)
	}
	for _, f := range faces[1:] {
		assertCovered(t, img, f.R(), false)
	}

	// Again: the copy is there as made, left alone; the JSON says whose
	// masks it has.
	stdout, _ = run("en_GB.UTF-8", out, "--json")
	lines := byPath(t, stdout)
	if r := lines["a.jpg"]; r["status"] != "exists" || r["app_masks"] != true {
		t.Errorf("rerun: a.jpg %v app_masks %v, want exists with the app's masks", r["status"], r["app_masks"])
	}
	if r := lines["b.png"]; r["status"] != "exists" || r["app_masks"] != false {
		t.Errorf("rerun: b.png %v app_masks %v, want exists without", r["status"], r["app_masks"])
	}

	// In French.
	stdout, _ = run("fr_FR.UTF-8", filepath.Join(t.TempDir(), "sur"))
	for _, want := range []string{"Vos masques de l'écran de vérification ont servi pour une photo", "masqué comme vous l'avez choisi dans l'écran de vérification"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("in French: want %q in\n%s", want, stdout)
		}
	}

	// --faces none looks for no face and keeps the parent's masks; --mask
	// given sets their style.
	stdout, _ = run("en_GB.UTF-8", filepath.Join(t.TempDir(), "none"), "--json", "--faces", "none", "--mask", "blur")
	r := byPath(t, stdout)["a.jpg"]
	if r["status"] != "written" || r["app_masks"] != true || r["faces_masked"] != float64(len(faces)) {
		t.Errorf("--faces none: %v, app_masks %v, %v masked, want written with the parent's %d", r["status"], r["app_masks"], r["faces_masked"], len(faces))
	}
	blurred, _ := os.ReadFile(str(r, "output"))
	img = decode(t, blurred)
	if d := meanDiff(orig, img, drawn.R()); d < 2 || isSolid(img, drawn.R()) {
		t.Errorf("--mask blur: the parent's mask %v is solid or left as it was (mean difference %.1f)", drawn, d)
	}

	// --ignore-app-masks: the detector's masks only.
	stdout, _ = run("en_GB.UTF-8", filepath.Join(t.TempDir(), "detector"), "--json", "--ignore-app-masks")
	r = byPath(t, stdout)["a.jpg"]
	if r["status"] != "written" || r["app_masks"] != false || r["faces_masked"] != float64(len(faces)) {
		t.Errorf("--ignore-app-masks: %v, app_masks %v, %v masked, want the detector's %d", r["status"], r["app_masks"], r["faces_masked"], len(faces))
	}
}

// meanDiff is the mean difference, per channel, of two pictures in box.
func meanDiff(a, b image.Image, box image.Rectangle) float64 {
	var sum float64
	n := 0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			p, q := color.NRGBAModel.Convert(a.At(x, y)).(color.NRGBA), color.NRGBAModel.Convert(b.At(x, y)).(color.NRGBA)
			sum += math.Abs(float64(p.R)-float64(q.R)) + math.Abs(float64(p.G)-float64(q.G)) + math.Abs(float64(p.B)-float64(q.B))
			n += 3
		}
	}
	return sum / float64(max(n, 1))
}

// isSolid reports whether box shows the solid mask's colour.
func isSolid(img image.Image, box image.Rectangle) bool {
	c := color.NRGBAModel.Convert(img.At(box.Min.X+box.Dx()/2, box.Min.Y+box.Dy()/2)).(color.NRGBA)
	s := redact.SolidColor
	return math.Abs(float64(c.R)-float64(s.R))+math.Abs(float64(c.G)-float64(s.G))+math.Abs(float64(c.B)-float64(s.B)) < 24
}
