package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/disintegration/imaging"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
)

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(dst), 0o755)
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBatchMixedTree redacts a folder tree holding photos, a corrupt photo,
// other files, hidden files and a symbolic link out of the tree.
func TestBatchMixedTree(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(in, "2024", "summer", "IMG_0001.jpg"))
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(in, "2024", "drawing.png"))
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(in, "IMG_0002.JPG"))
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(in, ".hidden", "secret.jpg"))
	os.WriteFile(filepath.Join(in, "2024", "broken.jpg"), []byte("\xFF\xD8\xFF\xE0 truncated"), 0o644)
	os.WriteFile(filepath.Join(in, "notes.txt"), []byte("not a photo"), 0o644)
	os.WriteFile(filepath.Join(in, ".DS_Store"), []byte("x"), 0o644)
	os.Symlink(filepath.Join(fixtures, "astronaut.png"), filepath.Join(in, "link.png"))

	// The fast detector: this test is about the tree, not about faces.
	stdout, stderr, code := sharesafe(t, "redact", in, "-o", out, "--json", "--jobs", "3", "--detector", "fast")
	if code != 1 {
		t.Errorf("exit %d, want 1 (one corrupt file)", code)
	}
	if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 2 || !strings.Contains(lines[0], "broken.jpg") ||
		lines[1] != "sharesafe: 3 safe copies written. 2 copies keep a name that may give away a date, a place or a person (--rename gives neutral names). 1 failed (see the messages above). 2 other files skipped (not photos, videos, links, backups or met twice)." {
		t.Errorf("stderr should be one line naming broken.jpg, then the summary:\n%s", stderr)
	}
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(stdout))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("stdout is not JSON Lines: %q", sc.Text())
		}
		lines = append(lines, m)
	}
	if len(lines) != 6 {
		t.Errorf("%d JSON lines, want 6 (3 photos, the corrupt one, the link and the text; nothing hidden)", len(lines))
	}
	for _, m := range lines {
		switch {
		case m["status"] == "skipped" && strings.HasSuffix(m["path"].(string), "link.png") && m["reason"] == "link":
		case m["status"] == "skipped" && strings.HasSuffix(m["path"].(string), "notes.txt") && m["reason"] == "not_a_photo":
		case m["status"] == "failed" && strings.HasSuffix(m["path"].(string), "broken.jpg"):
		case m["status"] == "written" && m["output"] != nil && m["faces_masked"] != nil && m["metadata_removed"] != nil:
		default:
			t.Errorf("unexpected line: %v", m)
		}
	}
	for _, want := range []string{"2024/summer/IMG_0001.jpg", "2024/drawing.png", "IMG_0002.JPG"} {
		if _, err := os.Stat(filepath.Join(out, want)); err != nil {
			t.Errorf("%s not written: %v", want, err)
		}
	}
	for _, unwanted := range []string{"2024/broken.jpg", ".hidden", "link.png", "notes.txt"} {
		if _, err := os.Stat(filepath.Join(out, unwanted)); err == nil {
			t.Errorf("%s written", unwanted)
		}
	}
	// The text summary counts what was skipped.
	stdout, _, _ = sharesafe(t, "redact", in, "-o", t.TempDir(), "--detector", "fast")
	if !strings.Contains(stdout, "3 safe copies written") || !strings.Contains(stdout, "1 failed") || !strings.Contains(stdout, "other files skipped") {
		t.Errorf("summary: %q", stdout)
	}
}

func TestBatchRenameAndInPlace(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(in, "IMG_20260901_082713.jpg"))
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(in, "Pixel7-drawing.png"))
	if _, stderr, code := sharesafe(t, "redact", in, "-o", out, "--rename"); code != 0 {
		t.Fatal(stderr)
	}
	for _, want := range []string{"photo-0001.jpg", "photo-0002.png"} {
		if _, err := os.Stat(filepath.Join(out, want)); err != nil {
			t.Errorf("%s: %v", want, err)
		}
	}

	orig, _ := os.ReadFile(filepath.Join(in, "IMG_20260901_082713.jpg"))
	if _, stderr, code := sharesafe(t, "redact", in, "--in-place"); code != 0 {
		t.Fatal(stderr)
	}
	backup, err := os.ReadFile(filepath.Join(in, "IMG_20260901_082713.jpg.orig"))
	if err != nil || !bytes.Equal(backup, orig) {
		t.Fatalf("no faithful backup: %v", err)
	}
	now, _ := os.ReadFile(filepath.Join(in, "IMG_20260901_082713.jpg"))
	if err := photo.Verify(now); err != nil {
		t.Errorf("in-place file not clean: %v", err)
	}
	// A second in-place run changes nothing: the backups are not photos
	// (skipped, reason backup), and each photo is recognised as the copy
	// the first run wrote (exists).
	before := hashes(t, in)
	stdout, stderr, code := sharesafe(t, "redact", in, "--in-place", "--json")
	if code != 0 || !strings.Contains(stderr, "2 photos cleaned in place already") {
		t.Errorf("second in-place run: exit %d, stderr %s", code, stderr)
	}
	if n, m := strings.Count(stdout, `"status":"exists"`), strings.Count(stdout, `"reason":"backup"`); n != 2 || m != 2 || strings.Count(stdout, "\n") != 4 {
		t.Errorf("second in-place run: want 2 exists and 2 backups skipped, got:\n%s", stdout)
	}
	if after := hashes(t, in); !maps.Equal(before, after) {
		t.Errorf("second in-place run changed the folder: %v → %v", keys(before), keys(after))
	}
	// Without --json, the summary says why nothing was written.
	stdout, _, _ = sharesafe(t, "redact", in, "--in-place")
	if !strings.Contains(stdout, "0 safe copies written. 2 photos cleaned in place already") || !strings.Contains(stdout, "2 other files skipped") {
		t.Errorf("second in-place run's summary: %s", stdout)
	}
	if b, _ := os.ReadFile(filepath.Join(in, "IMG_20260901_082713.jpg.orig")); !bytes.Equal(b, orig) {
		t.Error("the backup of the original was replaced")
	}
	for _, args := range [][]string{{"redact", in, "--in-place", "-o", out}, {"redact", in, "--no-backup", "-o", out}, {"redact", in, "--in-place", "--rename"}} {
		if _, _, code := sharesafe(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// bigFolder writes n distinct JPEGs of 1200x900 (2400x1800 in the long
// run), so a run takes long enough to be stopped midway.
func bigFolder(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	src, err := imaging.Open(filepath.Join(fixtures, "astronaut.png"))
	if err != nil {
		t.Fatal(err)
	}
	w, h := 1200, 900 // large enough to stop a run midway, small enough to be quick
	if long() {
		w, h = 2400, 1800
	}
	big := imaging.Resize(src, w, h, imaging.Linear)
	for i := 0; i < n; i++ {
		var b bytes.Buffer
		img := imaging.AdjustBrightness(big, float64(i%10))
		jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("IMG_%03d.jpg", i)), b.Bytes(), 0o644)
	}
	return dir
}

// TestBatchKilledMidwayResumes kills a run (SIGKILL, then SIGINT) while it
// writes, checks that every file in the output folder is complete and
// clean, and that running the same command again finishes the rest.
func TestBatchKilledMidwayResumes(t *testing.T) {
	// By default the fast detector, so the test takes seconds; the long run
	// (.ci/run) uses the thorough one, the default of the command.
	detector := "fast"
	if long() {
		detector = "thorough"
	}
	in := bigFolder(t, 24)
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			out := t.TempDir()
			cmd := exec.Command(binary, "redact", in, "-o", out, "--jobs", "2", "--detector", detector)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(60 * time.Second)
			for time.Now().Before(deadline) {
				if done, _ := filepath.Glob(filepath.Join(out, "IMG_*.jpg")); len(done) >= 3 {
					break
				}
				time.Sleep(5 * time.Millisecond)
			}
			cmd.Process.Signal(sig)
			err := cmd.Wait()
			if sig == syscall.SIGINT {
				if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
					t.Errorf("after SIGINT: %v, want exit 130; stderr %s", err, stderr.String())
				}
			}
			entries, _ := os.ReadDir(out)
			complete := 0
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".sharesafe-") && strings.HasSuffix(e.Name(), ".tmp") && sig == syscall.SIGINT {
					t.Errorf("%s left by a run stopped by Ctrl-C (an exit it controls)", e.Name())
				}
				if strings.HasPrefix(e.Name(), ".") {
					continue // a temporary file a SIGKILL left: hidden, removed by the next run
				}
				b, _ := os.ReadFile(filepath.Join(out, e.Name()))
				if err := photo.Verify(b); err != nil {
					t.Errorf("%s: incomplete or unclean after the kill: %v", e.Name(), err)
				}
				if _, _, err := image.Decode(bytes.NewReader(b)); err != nil {
					t.Errorf("%s: does not decode: %v", e.Name(), err)
				}
				complete++
			}
			if complete == 0 || complete == 24 {
				t.Fatalf("%d outputs: the run was not stopped midway", complete)
			}
			stdout2, stderr2, code := sharesafe(t, "redact", in, "-o", out, "--jobs", "2", "--detector", detector, "--json")
			if code != 0 {
				t.Fatalf("resume: exit %d: %s", code, stderr2)
			}
			if got := strings.Count(stdout2, `"status":"exists"`); got != complete {
				t.Errorf("resume left alone %d outputs, want the %d done before", got, complete)
			}
			if left, _ := filepath.Glob(filepath.Join(out, ".sharesafe-*.tmp")); len(left) > 0 {
				t.Errorf("the resume did not remove the temporary files left: %v", left)
			}
			entries, _ = os.ReadDir(out)
			entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool { return e.Name() == photo.OutputMark })
			if !strings.Contains(stderr2, "already there") {
				t.Errorf("the resume's summary does not say what was there: %s", stderr2)
			}
			if len(entries) != 24 {
				names := []string{}
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("after resume: %d entries, want 24: %v", len(entries), names)
			}
		})
	}
}

// TestDemoShowsEveryKind scans the embedded samples: together they raise
// every kind of finding sharesafe knows.
func TestDemoShowsEveryKind(t *testing.T) {
	stdout, stderr, code := sharesafe(t, "report", "--demo", "--json", "--detector", "fast")
	if code != 0 {
		t.Fatal(stderr)
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r detect.Report
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Findings {
			seen[f.Kind] = true
		}
	}
	for _, k := range detect.Kinds {
		// A Live Photo's clip is beside a still, not in it: the demo's
		// samples are photos (TestVideosAreCheckedAndCleaned raises it).
		if !seen[k] && k != detect.KindLivePhoto {
			t.Errorf("no demo sample raises a %q finding", k)
		}
	}
}

// TestNameKeptIsTheCopysName: the summary counts what a copy's own name
// keeps (its name and the folders below the output folder), not the names
// of the folder given on the command line or those above it, which no copy
// carries: a folder "Lyon holidays" given as the input is not in
// Safe/IMG_0001.jpg; a subfolder of that name is in Safe/Lyon
// holidays/IMG_0001.jpg.
func TestNameKeptIsTheCopysName(t *testing.T) {
	for _, c := range []struct {
		name      string
		sub, root string // where the photo is, below a temporary folder; the path given
		kept      bool
	}{
		{"the folder given", "Lyon holidays/IMG_0001.jpg", "Lyon holidays", false},
		{"a folder below it", "in/Lyon holidays/IMG_0001.jpg", "in", true},
	} {
		dir, out := t.TempDir(), t.TempDir()
		// Two photos: one photo's line says it all, with no summary.
		copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(dir, c.sub))
		copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(dir, filepath.Dir(c.sub), "IMG_0002.png"))
		stdout, stderr, code := sharesafe(t, "redact", filepath.Join(dir, c.root), "-o", out, "--json", "--detector", "fast")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.name, code, stderr)
		}
		if got := strings.Contains(stderr, "2 copies keep a name that may give away"); got != c.kept {
			t.Errorf("%s: the summary says the names are kept: %v, want %v:\n%s", c.name, got, c.kept, stderr)
		}
		if strings.Contains(stderr, "name") != c.kept {
			t.Errorf("%s: the summary speaks of names: %v, want %v:\n%s", c.name, !c.kept, c.kept, stderr)
		}
		for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
			var r map[string]any
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("%s: %v: %s", c.name, err, line)
			}
			rel, _ := filepath.Rel(out, r["output"].(string))
			if strings.Contains(rel, "Lyon") != c.kept {
				t.Errorf("%s: the copy is %s", c.name, rel)
			}
		}
	}
}
