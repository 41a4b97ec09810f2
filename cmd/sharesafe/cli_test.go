package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"image"
	"image/color"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/internal/oracle"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sharesafe-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "sharesafe")
	// One face cache for the whole run, never the user's own: a fixture's
	// faces are detected once, whichever test reads it first.
	os.Setenv("SHARESAFE_CACHE", filepath.Join(dir, "cache"))
	// Nor the user's state folder (the record of copies, the parent's
	// decisions): the tests that depend on it give each run its own.
	os.Setenv("SHARESAFE_STATE", filepath.Join(dir, "state"))
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const fixtures = "../../testdata/photos"

// long reports whether the long tests run (SHARESAFE_LONG=1, set by .ci/run).
func long() bool { return os.Getenv("SHARESAFE_LONG") != "" }

// sharesafe runs the real binary in English and returns stdout, stderr
// and exit code.
func sharesafe(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return sharesafeIn(t, "en_GB.UTF-8", args...)
}

// sharesafeIn runs the binary with the locale given (LC_ALL and
// LC_MESSAGES emptied, so that LANG decides).
func sharesafeIn(t *testing.T, lang string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Env = append(os.Environ(), "LC_ALL=", "LC_MESSAGES=", "LANG="+lang)
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func hashes(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	h := map[string][32]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		h[e.Name()] = sha256.Sum256(b)
	}
	return h
}

// TestRedactFixturesLeaveNothing is the foundation's privacy test: on every
// fixture, the safe copy carries nothing exiftool can see but the colour
// profile, nothing after the image, every face box is covered by the mask,
// and the inputs are unchanged.
func TestRedactFixturesLeaveNothing(t *testing.T) {
	oracle.Require(t)
	before := hashes(t, fixtures)
	out := t.TempDir()
	stdout, stderr, code := sharesafe(t, "redact", fixtures, "-o", out, "--mask", "solid", "--json")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if after := hashes(t, fixtures); len(after) != len(before) {
		t.Fatalf("the input folder changed: %d files before, %d after", len(before), len(after))
	} else {
		for name, h := range before {
			if after[name] != h {
				t.Errorf("input %s changed", name)
			}
		}
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != len(before) {
		t.Fatalf("%d JSON lines for %d photos:\n%s", len(lines), len(before), stdout)
	}
	for _, line := range lines {
		var r struct {
			Path        string        `json:"path"`
			Output      string        `json:"output"`
			Faces       []detect.Face `json:"faces"`
			FacesMasked int           `json:"faces_masked"`
			Error       string        `json:"error"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("bad JSON line %q: %v", line, err)
		}
		t.Run(filepath.Base(r.Path), func(t *testing.T) {
			if r.Error != "" || r.Output == "" {
				t.Fatalf("no output: %q", r.Error)
			}
			leaks, err := oracle.Leaks(r.Output)
			if err != nil {
				t.Fatal(err)
			}
			if len(leaks) > 0 {
				t.Errorf("exiftool still finds:\n  %s", strings.Join(leaks, "\n  "))
			}
			data, err := os.ReadFile(r.Output)
			if err != nil {
				t.Fatal(err)
			}
			assertNothingAfterEnd(t, data)
			if len(r.Faces) == 0 || r.FacesMasked != len(r.Faces) {
				t.Fatalf("%d faces found, %d masked: every fixture shows a face", len(r.Faces), r.FacesMasked)
			}
			img := decode(t, data)
			for _, f := range r.Faces {
				assertCovered(t, img, f.Mask.R(), strings.HasSuffix(r.Output, ".png"))
				assertCovered(t, img, f.Box.R(), strings.HasSuffix(r.Output, ".png"))
			}
		})
	}
}

// assertNothingAfterEnd checks, without our parser, that the file stops at
// the image's end marker.
func assertNothingAfterEnd(t *testing.T, b []byte) {
	t.Helper()
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8}):
		if !bytes.HasSuffix(b, []byte{0xFF, 0xD9}) {
			t.Errorf("JPEG does not end with its end-of-image marker")
		}
	case bytes.HasPrefix(b, []byte("\x89PNG")):
		if !bytes.HasSuffix(b, []byte("IEND\xAE\x42\x60\x82")) {
			t.Errorf("PNG does not end with IEND")
		}
	default:
		t.Errorf("unknown output format")
	}
}

// decode returns an output's upright picture (a masked JPEG keeps its
// orientation as a tag, like the lossless path).
func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	p, err := photo.Parse("output", b, photo.DefaultLimits)
	if err == nil {
		err = p.Decode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return p.Image
}

// assertCovered checks every pixel of box shows the solid mask colour:
// exactly in a PNG, within JPEG's re-encoding error otherwise.
func assertCovered(t *testing.T, img image.Image, box image.Rectangle, exact bool) {
	t.Helper()
	box = box.Intersect(img.Bounds())
	want := redact.SolidColor
	far, n := 0, 0
	var sum float64
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			d := math.Max(math.Abs(float64(c.R)-float64(want.R)), math.Max(math.Abs(float64(c.G)-float64(want.G)), math.Abs(float64(c.B)-float64(want.B))))
			sum += d
			n++
			if exact && d != 0 || d > 24 {
				far++
			}
		}
	}
	if exact && far > 0 || far > n/200 || sum/float64(n) > 4 {
		t.Errorf("box %v not covered: %d of %d pixels off the mask colour (mean difference %.1f)", box, far, n, sum/float64(n))
	}
}

func TestScanJSONOneObjectPerFile(t *testing.T) {
	stdout, stderr, code := sharesafe(t, "scan", "--json", fixtures)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stderr != "sharesafe: 5 photos checked: 2 reveal a location, 1 shows faces that may be children, 2 carry hidden copies.\n" {
		t.Errorf("stderr should be the summary alone: %q", stderr)
	}
	files, _ := os.ReadDir(fixtures)
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
		var r struct {
			Path     string           `json:"path"`
			Width    int              `json:"width"`
			Faces    []detect.Face    `json:"faces"`
			Findings []detect.Finding `json:"findings"`
			Assess   *struct {
				Level string `json:"level"`
			} `json:"assessment"`
			Status string  `json:"status"`
			Error  *string `json:"error"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %d is not JSON: %v", n, err)
		}
		if r.Status != "checked" || r.Error != nil || r.Assess == nil || r.Width == 0 {
			t.Errorf("%s: incomplete object: %s", r.Path, sc.Text())
		}
		if len(r.Faces) == 0 {
			t.Errorf("%s: no face found (every fixture shows one)", r.Path)
		}
		for _, f := range r.Faces {
			if f.Label == "" || f.Mask.R().Intersect(f.Box.R()) != f.Box.R() {
				t.Errorf("%s: face %+v: no label, or mask does not contain the box", r.Path, f)
			}
		}
		if filepath.Base(r.Path) == "school-gate.jpg" {
			var gps *detect.Finding
			for i, f := range r.Findings {
				if f.Kind == detect.KindGPS && f.PrecisionM > 0 {
					gps = &r.Findings[i]
				}
			}
			if gps == nil || gps.Lat == nil || math.Abs(*gps.Lat-45.757814) > 1e-4 || math.Abs(*gps.Lon-4.832011) > 1e-4 || gps.PrecisionM != 5 {
				t.Errorf("school-gate.jpg: GPS finding wrong: %+v", gps)
			}
			if r.Assess.Level != "critical" {
				t.Errorf("school-gate.jpg: level %s, want critical for public", r.Assess.Level)
			}
		}
	}
	if n != len(files) {
		t.Errorf("%d JSON lines for %d files", n, len(files))
	}
}

func TestExitCodesAndErrorLines(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.jpg")
	os.WriteFile(bad, []byte("\xFF\xD8\xFFnot really a jpeg"), 0o644)
	good := filepath.Join(fixtures, "rotated.jpg")

	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{{"redact", good}, {"scan"}, {"scan", "--audience", "everyone", good}, {"scan", "--nope", good}, {"redact", good, "-o", dir, "--mask", "glitter"}} {
			if _, _, code := sharesafe(t, args...); code != 2 {
				t.Errorf("%v: exit %d, want 2", args, code)
			}
		}
	})
	t.Run("one bad file among good ones", func(t *testing.T) {
		out := t.TempDir()
		stdout, stderr, code := sharesafe(t, "redact", bad, good, filepath.Join(dir, "missing.jpg"), "-o", out)
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if len(lines) != 2 || !strings.Contains(lines[0]+lines[1], "broken.jpg") || !strings.Contains(lines[0]+lines[1], "missing.jpg") {
			t.Errorf("want one line per bad file, naming it; got:\n%s", stderr)
		}
		if _, err := os.Stat(filepath.Join(out, "rotated.jpg")); err != nil {
			t.Errorf("the good file was not written: %v (stdout %s)", err, stdout)
		}
		if _, err := os.Stat(filepath.Join(out, "broken.jpg")); err == nil {
			t.Errorf("something was written for the broken file")
		}
	})
	t.Run("never overwrites", func(t *testing.T) {
		out := t.TempDir()
		sharesafe(t, "redact", good, "-o", out)
		st1, _ := os.Stat(filepath.Join(out, "rotated.jpg"))
		stdout, stderr, code := sharesafe(t, "redact", good, "-o", out)
		st2, _ := os.Stat(filepath.Join(out, "rotated.jpg"))
		if code != 0 || stderr != "" || !strings.Contains(stdout, "1 already there") || !st1.ModTime().Equal(st2.ModTime()) {
			t.Errorf("second run: exit %d, stdout %q, stderr %q, file rewritten: %v", code, stdout, stderr, !st1.ModTime().Equal(st2.ModTime()))
		}
	})
	t.Run("the input folder as output", func(t *testing.T) {
		dir := t.TempDir()
		in := filepath.Join(dir, "a.jpg")
		b, _ := os.ReadFile(good)
		os.WriteFile(in, b, 0o644)
		_, stderr, code := sharesafe(t, "redact", in, "-o", dir, "--overwrite")
		after, _ := os.ReadFile(in)
		if code != 2 || !strings.Contains(stderr, "inside the photos folder") || !bytes.Equal(after, b) {
			t.Errorf("exit %d (want 2, refused before any work): %s; original unchanged: %v", code, stderr, bytes.Equal(after, b))
		}
	})
}

func TestRotatedPhotoIsWrittenUpright(t *testing.T) {
	out := t.TempDir()
	if _, stderr, code := sharesafe(t, "redact", filepath.Join(fixtures, "rotated.jpg"), "-o", out, "--faces", "none"); code != 0 {
		t.Fatal(stderr)
	}
	p, err := photo.Open(filepath.Join(out, "rotated.jpg"), photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	// Lossless path: the stored pixels are still sideways, and the only
	// metadata is the orientation that turns them upright.
	if p.Orientation != 6 {
		t.Errorf("orientation %d, want 6 kept", p.Orientation)
	}
}

// skipUnlessLong skips a long test (corpus sweeps, Chromium) unless
// SHARESAFE_LONG is set: `go test ./...` stays fast; .ci/run sets it.
func skipUnlessLong(t *testing.T) {
	t.Helper()
	if !long() {
		t.Skip("long test: set SHARESAFE_LONG=1 (as .ci/run does)")
	}
}
