package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sharesafe/sharesafe/internal/oracle"
	"github.com/sharesafe/sharesafe/photo"
)

// The tests of issue 25 (a safe copy is what it claims to be) and of
// issue 26's names and temporary files, run on the real binary.

// sharesafeEnv runs the binary with env added (a record of its own).
func sharesafeEnv(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Env = append(append(os.Environ(), "LC_ALL=", "LC_MESSAGES=", "LANG=en_GB.UTF-8"), env...)
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// byPath indexes JSON lines by the base name of their path.
func byPath(t *testing.T, stdout string) map[string]map[string]any {
	t.Helper()
	m := map[string]map[string]any{}
	for _, r := range records(t, stdout) {
		m[filepath.Base(r["path"].(string))] = r
	}
	return m
}

// str is a JSON line's string value ("" for null).
func str(r map[string]any, key string) string {
	s, _ := r[key].(string)
	return s
}

// heicWithFace is an Apple HEIC (a Live Photo's still: a surfer in a
// wave) in which the fast detector finds his face (its copy is a JPEG);
// webpWithFace a lossless WebP in which it finds a face (a cartoon's: its
// copy is a PNG). (Until YuNet, a HEIC of a "no pets" sign and a WebP of
// a penguin served, for the faces the detectors of then saw in them.)
var (
	heicWithFace = filepath.Join(corpusMeta, "sickelap", "apple_still_sample_3.heic")
	webpWithFace = filepath.Join(corpusMeta, "mei", "webp__webpvp8l.webp")
)

func needCorpus(t *testing.T, files ...string) {
	t.Helper()
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("%s absent", f)
		}
	}
}

// noLeaks checks a safe copy with exiftool.
func noLeaks(t *testing.T, path string) {
	t.Helper()
	leaks, err := oracle.Leaks(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(leaks) > 0 {
		t.Errorf("%s: exiftool still finds:\n  %s", path, strings.Join(leaks, "\n  "))
	}
}

// Two photos of one name in two folders given, with one output folder:
// each has its own copy, named in its line, the same on a rerun.
func TestTwoFoldersOneNameTwoCopies(t *testing.T) {
	a, b, out := t.TempDir(), t.TempDir(), t.TempDir()
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(a, "IMG_0001.jpg"))
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(b, "IMG_0001.jpg"))
	args := []string{"redact", a, b, "-o", out, "--json", "--detector", "fast"}
	var first []string
	for run, want := range []string{"written", "exists"} {
		stdout, stderr, code := sharesafe(t, args...)
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", run, code, stderr)
		}
		var outputs []string
		for _, r := range records(t, stdout) {
			if r["status"] != want {
				t.Errorf("run %d: %s: %v, want %s", run, r["path"], r["status"], want)
			}
			outputs = append(outputs, str(r, "output"))
		}
		if len(outputs) != 2 || outputs[0] == outputs[1] {
			t.Fatalf("run %d: outputs %v: two photos, one copy", run, outputs)
		}
		if run == 0 {
			first = outputs
		} else if !slices.Equal(first, outputs) {
			t.Errorf("names changed on the rerun: %v then %v", first, outputs)
		}
	}
	// Each copy is of its own photo (their sizes differ: one is rotated).
	for i, want := range []image.Point{{512, 512}, {512, 512}} {
		f, _ := os.Open(first[i])
		cfg, _, err := image.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != want.X {
			t.Errorf("%s: %v %v", first[i], cfg, err)
		}
	}
	if sa, sb := sum(t, first[0]), sum(t, first[1]); sa == sb {
		t.Error("both copies are of the same photo")
	}
}

func sum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// IMG_1.heic beside IMG_1.jpg: two copies, the HEIC's a JPEG of its own
// name, both clean; a PNG named .heic becomes a .png.
func TestHEICBesideJPEGTwoCopies(t *testing.T) {
	needCorpus(t, heicWithFace)
	oracle.Require(t)
	in, out := t.TempDir(), t.TempDir()
	copyFile(t, heicWithFace, filepath.Join(in, "IMG_1.heic"))
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(in, "IMG_1.jpg"))
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(in, "drawing.heic"))
	args := []string{"redact", in, "-o", out, "--json", "--detector", "fast"}
	stdout, stderr, code := sharesafe(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := byPath(t, stdout)
	want := map[string]string{"IMG_1.heic": "IMG_1-2.jpg", "IMG_1.jpg": "IMG_1.jpg", "drawing.heic": "drawing.png"}
	for in, o := range want {
		r := lines[in]
		if r["status"] != "written" || str(r, "output") != filepath.Join(out, o) {
			t.Errorf("%s: %v → %v, want written → %s", in, r["status"], r["output"], o)
		}
		noLeaks(t, filepath.Join(out, o))
	}
	if r := lines["IMG_1.heic"]; r["faces_masked"] != float64(1) {
		t.Errorf("IMG_1.heic: %v faces masked, want 1", r["faces_masked"])
	}
	if f, _ := photo.SniffPath(filepath.Join(out, "drawing.png")); f != photo.FormatPNG {
		t.Errorf("drawing.png holds %q", f)
	}
	stdout, _, code = sharesafe(t, args...)
	for in, o := range want {
		if r := byPath(t, stdout)[in]; code != 0 || r["status"] != "exists" || str(r, "output") != filepath.Join(out, o) {
			t.Errorf("rerun: %s: %v → %v (exit %d)", in, r["status"], r["output"], code)
		}
	}
}

// --faces none, then a run that masks: every copy is written again, with
// its masks (it was ours, made with other settings).
func TestFacesNoneThenMasks(t *testing.T) {
	oracle.Require(t)
	in, out := t.TempDir(), t.TempDir()
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(in, "a.jpg"))
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(in, "b.png"))
	stdout, stderr, code := sharesafe(t, "redact", in, "-o", out, "--json", "--faces", "none")
	if code != 0 || strings.Count(stdout, `"faces_masked":0`) != 2 {
		t.Fatalf("--faces none: exit %d %s\n%s", code, stderr, stdout)
	}
	stdout, stderr, code = sharesafe(t, "redact", in, "-o", out, "--json", "--detector", "fast", "--mask", "solid")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for name, r := range byPath(t, stdout) {
		if r["status"] != "written" || r["faces_masked"] == float64(0) {
			t.Errorf("%s: %v with %v faces masked, want written with masks", name, r["status"], r["faces_masked"])
		}
		data, _ := os.ReadFile(str(r, "output"))
		img := decode(t, data)
		faces, _ := r["faces"].([]any)
		for _, f := range faces {
			m := f.(map[string]any)["mask"].([]any)
			box := image.Rect(int(m[0].(float64)), int(m[1].(float64)), int(m[0].(float64)+m[2].(float64)), int(m[1].(float64)+m[3].(float64)))
			assertCovered(t, img, box, strings.HasSuffix(str(r, "output"), ".png"))
		}
		noLeaks(t, str(r, "output"))
	}
}

// A file sharesafe did not write, where a copy goes: the line fails and
// says so, exit 1, the file untouched; --overwrite replaces it.
func TestForeignFileInTheOutputFolder(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(in, "a.jpg"))
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(in, "b.png"))
	foreign := []byte("a parent's own file, not a copy")
	os.WriteFile(filepath.Join(out, "a.jpg"), foreign, 0o644)
	stdout, stderr, code := sharesafe(t, "redact", in, "-o", out, "--json", "--detector", "fast")
	r := byPath(t, stdout)["a.jpg"]
	if code != 1 || r["status"] != "failed" || !strings.Contains(str(r, "error"), "a file sharesafe did not write is in the way") {
		t.Errorf("exit %d, line %v", code, r)
	}
	if !strings.Contains(stderr, filepath.Join(out, "a.jpg")+": a file sharesafe did not write is in the way") || !strings.Contains(stderr, "--overwrite") {
		t.Errorf("stderr: %s", stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "a.jpg")); !bytes.Equal(b, foreign) {
		t.Fatal("the file in the way was changed")
	}
	if byPath(t, stdout)["b.png"]["status"] != "written" {
		t.Error("the batch did not go on")
	}
	stdout, stderr, code = sharesafe(t, "redact", in, "-o", out, "--json", "--detector", "fast", "--overwrite")
	if r := byPath(t, stdout)["a.jpg"]; code != 0 || r["status"] != "written" {
		t.Fatalf("--overwrite: exit %d, %v: %s", code, r, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "a.jpg")); photo.Verify(b) != nil {
		t.Error("--overwrite did not write a safe copy")
	}
}

// A copy of the original, GPS and all, put in place of its safe copy is
// never "exists".
func TestOriginalPutInSafeIsNeverExists(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(in, "a.jpg"))
	args := []string{"redact", in, "-o", out, "--json", "--detector", "fast"}
	if _, stderr, code := sharesafe(t, args...); code != 0 {
		t.Fatal(stderr)
	}
	copyFile(t, filepath.Join(in, "a.jpg"), filepath.Join(out, "a.jpg"))
	stdout, _, code := sharesafe(t, args...)
	if r := byPath(t, stdout)["a.jpg"]; code != 1 || r["status"] != "failed" {
		t.Errorf("the original in Safe/: exit %d, %v", code, r)
	}
	if sum(t, filepath.Join(out, "a.jpg")) != sum(t, filepath.Join(in, "a.jpg")) {
		t.Error("the file in the way was changed without --overwrite")
	}
}

// --rename: numbers kept and never given to another photo, new photos
// arriving between runs get new numbers, folders are renamed too (the
// tree keeps its shape), and no name of the inputs is left.
func TestRenameWithNewPhotosArriving(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	trip := filepath.Join(in, "Nice beach 2024-07-14")
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(trip, "Léa school", "IMG_20240714_153012.jpg"))
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(trip, "PXL_20240714.png"))
	args := []string{"redact", in, "-o", out, "--rename", "--json", "--faces", "none"}
	stdout, stderr, code := sharesafe(t, args...)
	if code != 0 {
		t.Fatal(stderr)
	}
	first := map[string]string{}
	for n, r := range byPath(t, stdout) {
		first[n] = str(r, "output")
	}
	want := map[string]string{
		"IMG_20240714_153012.jpg": filepath.Join(out, "folder-0001", "folder-0002", "photo-0001.jpg"),
		"PXL_20240714.png":        filepath.Join(out, "folder-0001", "photo-0002.png"),
	}
	if !maps.Equal(first, want) {
		t.Fatalf("first run %v, want %v", first, want)
	}
	// New photos arrive, one sorting before the others, one in a new
	// folder; one photo is deleted.
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(trip, "Léa school", "IMG_20240714_090000.jpg"))
	copyFile(t, filepath.Join(fixtures, "astronaut.png"), filepath.Join(in, "Grandma's 80th", "IMG_9.png"))
	os.Remove(filepath.Join(trip, "PXL_20240714.png"))
	stdout, stderr, code = sharesafe(t, args...)
	if code != 0 {
		t.Fatal(stderr)
	}
	lines := byPath(t, stdout)
	for n, w := range map[string][2]string{
		"IMG_20240714_153012.jpg": {"exists", want["IMG_20240714_153012.jpg"]},
		"IMG_9.png":               {"written", filepath.Join(out, "folder-0003", "photo-0003.png")}, // met first
		"IMG_20240714_090000.jpg": {"written", filepath.Join(out, "folder-0001", "folder-0002", "photo-0004.jpg")},
	} {
		if r := lines[n]; r["status"] != w[0] || str(r, "output") != w[1] {
			t.Errorf("%s: %v → %v, want %s → %s", n, r["status"], r["output"], w[0], w[1])
		}
	}
	filepath.Walk(out, func(p string, _ os.FileInfo, _ error) error {
		for _, n := range []string{"Nice", "Léa", "Grandma", "IMG", "PXL", "2024"} {
			if strings.Contains(p[len(out):], n) {
				t.Errorf("%s keeps a name of the inputs", p)
			}
		}
		return nil
	})
}

// --in-place three times on a folder with HEIC and WebP (converted to
// JPEG and PNG once masked), a JPEG named like the HEIC's copy and a plain
// PNG: the second and third runs write nothing and back up no copy; the
// originals' modes are kept; nothing leaks.
func TestInPlaceThreeTimes(t *testing.T) {
	needCorpus(t, heicWithFace, webpWithFace)
	oracle.Require(t)
	in := t.TempDir()
	copyFile(t, heicWithFace, filepath.Join(in, "IMG_1.heic"))
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(in, "IMG_1.jpg"))
	copyFile(t, webpWithFace, filepath.Join(in, "w.webp"))
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(in, "d.png"))
	modes := map[string]os.FileMode{"IMG_1.heic": 0o600, "IMG_1.jpg": 0o640, "w.webp": 0o604, "d.png": 0o664}
	for n, m := range modes {
		os.Chmod(filepath.Join(in, n), m)
	}
	originals := hashes(t, in)
	args := []string{"redact", in, "--in-place", "--json", "--detector", "fast"}
	stdout, stderr, code := sharesafe(t, args...)
	if code != 0 {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	copies := map[string]string{"IMG_1.heic": "IMG_1-2.jpg", "IMG_1.jpg": "IMG_1.jpg", "w.webp": "w.png", "d.png": "d.png"}
	for n, r := range byPath(t, stdout) {
		if r["status"] != "written" || str(r, "output") != filepath.Join(in, copies[n]) || str(r, "backup") != filepath.Join(in, n+".orig") {
			t.Errorf("first run: %s: %v → %v (backup %v)", n, r["status"], r["output"], r["backup"])
		}
	}
	after := hashes(t, in)
	wantFiles := []string{"IMG_1-2.jpg", "IMG_1.heic.orig", "IMG_1.jpg", "IMG_1.jpg.orig", "d.png", "d.png.orig", "w.png", "w.webp.orig"}
	if got := keys(after); !slices.Equal(got, wantFiles) {
		t.Fatalf("after the first run: %v, want %v", got, wantFiles)
	}
	for n, c := range copies {
		if after[n+".orig"] != originals[n] {
			t.Errorf("%s.orig is not the original", n)
		}
		st, _ := os.Stat(filepath.Join(in, c))
		if st.Mode().Perm() != modes[n] {
			t.Errorf("%s: mode %v, want the original's %v", c, st.Mode().Perm(), modes[n])
		}
		noLeaks(t, filepath.Join(in, c))
	}
	for run := 2; run <= 3; run++ {
		stdout, stderr, code := sharesafe(t, args...)
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", run, code, stderr)
		}
		for n, r := range byPath(t, stdout) {
			ok := r["status"] == "exists" && r["faces_masked"] == nil ||
				r["status"] == "skipped" && r["reason"] == "backup" && strings.HasSuffix(n, ".orig")
			if !ok {
				t.Errorf("run %d: %s: %v %v", run, n, r["status"], r["error"])
			}
		}
		if now := hashes(t, in); !maps.Equal(now, after) {
			t.Errorf("run %d changed the folder: %v", run, keys(now))
		}
	}
}

// Every regular, non-hidden file found and every path given has a line:
// a link, a text, a video, a path that does not exist, a file given twice;
// every line has the same keys.
func TestEveryInputHasALine(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	photoPath := filepath.Join(in, "a.jpg")
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), photoPath)
	os.WriteFile(filepath.Join(in, "notes.txt"), []byte("not a photo"), 0o644)
	copyFile(t, "../../testdata/videos/iphone-live.mov", filepath.Join(in, "clip.mov"))        // a clip: cleaned
	os.WriteFile(filepath.Join(in, "film.avi"), []byte("RIFF\x00\x00\x00\x00AVI LIST"), 0o644) // a video sharesafe does not read
	os.WriteFile(filepath.Join(in, ".hidden.jpg"), []byte("hidden"), 0o644)
	os.Symlink(filepath.Join(fixtures, "drawing.png"), filepath.Join(in, "link.png"))
	missing := filepath.Join(in, "gone.jpg")
	stdout, stderr, code := sharesafe(t, "redact", in, missing, photoPath, "-o", out, "--json", "--detector", "fast", "--faces", "none")
	if code != 1 {
		t.Errorf("exit %d, want 1 (a path does not exist): %s", code, stderr)
	}
	want := []string{
		photoPath + " written",
		photoPath + " skipped duplicate", // given again
		filepath.Join(in, "notes.txt") + " skipped not_a_photo",
		filepath.Join(in, "clip.mov") + " written",
		filepath.Join(in, "film.avi") + " skipped video",
		filepath.Join(in, "link.png") + " skipped link",
		missing + " failed",
	}
	var got []string
	for _, r := range records(t, stdout) {
		if k := slices.Sorted(maps.Keys(r)); !slices.Equal(k, redactKeys) {
			t.Errorf("%v: keys %v", r["path"], k)
		}
		l := str(r, "path") + " " + str(r, "status")
		if r["reason"] != nil {
			l += " " + str(r, "reason")
		}
		got = append(got, l)
	}
	if slices.Sort(got); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("lines\n%v, want\n%v", got, want)
	}
	if !strings.Contains(stderr, missing+": no such file") || strings.Count(stderr, "\n") != 2 {
		t.Errorf("stderr should be the missing path and the summary:\n%s", stderr)
	}
	if !strings.Contains(stderr, "1 video was not cleaned") {
		t.Errorf("the summary does not say the video was not cleaned:\n%s", stderr)
	}
}

// -o naming a file is a usage error before any work.
func TestOutputThatIsAFile(t *testing.T) {
	in := t.TempDir()
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(in, "a.jpg"))
	file := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, o := range []string{file, filepath.Join(file, "safe")} {
		stdout, stderr, code := sharesafe(t, "redact", in, "-o", o, "--json")
		if code != 2 || stdout != "" || !strings.Contains(stderr, "is a file, not a folder") {
			t.Errorf("-o %s: exit %d, stdout %q, stderr %q", o, code, stdout, stderr)
		}
	}
	if b, _ := os.ReadFile(file); string(b) != "x" {
		t.Error("the file was changed")
	}
}

// The record damaged: ignored (nothing is "exists"), never trusted, and
// rebuilt by the run that writes the copies again.
func TestDamagedRecordIgnoredAndRebuilt(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	env := []string{"SHARESAFE_STATE=" + t.TempDir()}
	state := strings.TrimPrefix(env[0], "SHARESAFE_STATE=")
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(in, "a.jpg"))
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(in, "b.png"))
	args := []string{"redact", in, "-o", out, "--json", "--faces", "none"}
	if _, stderr, code := sharesafeEnv(t, env, args...); code != 0 {
		t.Fatal(stderr)
	}
	entries, _ := filepath.Glob(filepath.Join(state, "copies", "*", "*.json"))
	if len(entries) != 2 {
		t.Fatalf("%d entries in the record, want 2", len(entries))
	}
	for i, e := range entries {
		b, _ := os.ReadFile(e)
		os.WriteFile(e, b[:len(b)/(i+2)], 0o600) // cut short
	}
	status := func(stdout string) string {
		var s []string
		for _, r := range records(t, stdout) {
			s = append(s, str(r, "status"))
		}
		return strings.Join(s, " ")
	}
	if stdout, _, code := sharesafeEnv(t, env, args...); code != 1 || status(stdout) != "failed failed" {
		t.Errorf("damaged record: exit %d, %s", code, status(stdout))
	}
	if stdout, _, code := sharesafeEnv(t, env, append(args, "--overwrite")...); code != 0 || status(stdout) != "written written" {
		t.Errorf("--overwrite: exit %d, %s", code, status(stdout))
	}
	if stdout, _, code := sharesafeEnv(t, env, args...); code != 0 || status(stdout) != "exists exists" {
		t.Errorf("rebuilt: exit %d, %s", code, status(stdout))
	}
	// The record lives in the state folder, never in the output folder:
	// the folder a parent shares names no original and holds no hash.
	filepath.Walk(out, func(p string, info os.FileInfo, _ error) error {
		if info.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		if bytes.Contains(b, []byte(in)) || bytes.Contains(b, []byte("a.jpg")) && !strings.HasSuffix(p, "a.jpg") {
			t.Errorf("%s names an original", p)
		}
		return nil
	})
	if st, err := os.Stat(filepath.Join(state, "copies")); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("the record's folder: %v %v, want readable by the user only", st.Mode(), err)
	}
}

// Two sharesafe processes at once into one output folder, with photos of
// one name: each has its own copy, and the record keeps both.
func TestTwoProcessesAtOnce(t *testing.T) {
	out := t.TempDir()
	env := []string{"SHARESAFE_STATE=" + t.TempDir()}
	var dirs []string
	for i := range 2 {
		d := t.TempDir()
		for k := range 6 {
			copyFile(t, filepath.Join(fixtures, []string{"rotated.jpg", "drawing.png"}[i]), filepath.Join(d, fmt.Sprintf("IMG_%d.jpg", k)))
		}
		dirs = append(dirs, d)
	}
	var wg sync.WaitGroup
	outs := make([]string, 2)
	for i, d := range dirs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stdout, stderr, code := sharesafeEnv(t, env, "redact", d, "-o", out, "--json", "--faces", "none")
			if code != 0 {
				t.Errorf("process %d: exit %d: %s", i, code, stderr)
			}
			outs[i] = stdout
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, o := range outs {
		for _, r := range records(t, o) {
			if seen[str(r, "output")] {
				t.Errorf("%s written twice", r["output"])
			}
			seen[str(r, "output")] = true
		}
	}
	if files, _ := filepath.Glob(filepath.Join(out, "IMG_*")); len(files) != 12 {
		t.Errorf("%d copies for 12 photos", len(files))
	}
	for _, d := range dirs {
		stdout, _, _ := sharesafeEnv(t, env, "redact", d, "-o", out, "--json", "--faces", "none")
		if n := strings.Count(stdout, `"status":"exists"`); n != 6 {
			t.Errorf("rerun: %d exists, want 6:\n%s", n, stdout)
		}
	}
}
