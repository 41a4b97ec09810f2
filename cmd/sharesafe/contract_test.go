package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/photo"
)

func keys(m map[string][32]byte) []string {
	k := make([]string, 0, len(m))
	for name := range m {
		k = append(k, name)
	}
	slices.Sort(k)
	return k
}

// jsonOnly keeps the lines of s that are JSON objects (stderr with
// --progress json also carries the errors and the summary).
func jsonOnly(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if strings.HasPrefix(l, "{") {
			b.WriteString(l)
		}
	}
	return b.String()
}

// records parses JSON Lines into maps.
func records(t *testing.T, stdout string) []map[string]any {
	t.Helper()
	var rs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("not JSON: %v: %s", err, sc.Text())
		}
		rs = append(rs, r)
	}
	return rs
}

// Every input gives exactly one JSON line with a status; every line has
// the same keys, and "error" is null unless there is one: `jq
// 'select(.error)'` finds the failures and nothing else.
func TestRedactJSONOneLinePerInputWithStatus(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(in, "drawing.png"))
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(in, "rotated.jpg"))
	os.WriteFile(filepath.Join(in, "zero.jpg"), nil, 0o644)
	args := []string{"redact", in, "-o", out, "--json", "--detector", "fast"}
	for run, want := range []map[string]string{
		{"drawing.png": "written", "rotated.jpg": "written", "zero.jpg": "failed"},
		{"drawing.png": "exists", "rotated.jpg": "exists", "zero.jpg": "failed"},
	} {
		stdout, stderr, code := sharesafe(t, args...)
		if code != 1 {
			t.Errorf("run %d: exit %d, want 1 (zero.jpg failed): %s", run, code, stderr)
		}
		rs := records(t, stdout)
		if len(rs) != 3 {
			t.Fatalf("run %d: %d lines for 3 inputs:\n%s", run, len(rs), stdout)
		}
		for _, r := range rs {
			name := filepath.Base(r["path"].(string))
			if r["status"] != want[name] {
				t.Errorf("run %d: %s: status %v, want %s", run, name, r["status"], want[name])
			}
			if hasErr := r["error"] != nil; hasErr != (want[name] == "failed") {
				t.Errorf("run %d: %s: error %v: %v", run, name, r["error"], r)
			}
			if got := slices.Sorted(maps.Keys(r)); !slices.Equal(got, redactKeys) {
				t.Errorf("run %d: %s: keys %v, want %v", run, name, got, redactKeys)
			}
			if _, ok := r["faces"].([]any); !ok {
				t.Errorf("run %d: %s: faces %v, want an array", run, name, r["faces"])
			}
		}
	}
}

// redactKeys are the keys of every line of redact --json, sorted.
var redactKeys = []string{"app_masks", "backup", "error", "faces", "faces_masked", "findings", "format", "height", "kind", "metadata_removed", "output", "path", "reason", "status", "video", "width", "write_path"}

// An output folder inside an input folder is a usage error before any
// work; a folder sharesafe wrote is never read as photos by a later run
// over its parent.
func TestOutputFolderNeverMixesWithInputs(t *testing.T) {
	in := t.TempDir()
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(in, "drawing.png"))
	// A link named Safe beside the photos that leads into them is the
	// photos folder too (a tester's "ln -s Photos/Kids Safe").
	link, linkIn := filepath.Join(t.TempDir(), "Safe"), filepath.Join(t.TempDir(), "Safe")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(in, "sub"), 0o755)
	if err := os.Symlink(filepath.Join(in, "sub"), linkIn); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{in, filepath.Join(in, "safe"), link, linkIn, filepath.Join(link, "new")} {
		_, stderr, code := sharesafe(t, "redact", in, "-o", out)
		if code != 2 || !strings.Contains(stderr, "inside the photos folder") {
			t.Errorf("-o %s: exit %d: %s", out, code, stderr)
		}
		if _, err := os.Stat(filepath.Join(in, "safe")); err == nil {
			t.Errorf("-o %s: something was written", out)
		}
		if _, err := os.Stat(filepath.Join(in, photo.OutputMark)); err == nil {
			t.Errorf("-o %s: the photos folder was marked as one of safe copies", out)
		}
	}
	parent := t.TempDir()
	photos, safe := filepath.Join(parent, "photos"), filepath.Join(parent, "photos-safe")
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(photos, "drawing.png"))
	if _, stderr, code := sharesafe(t, "redact", photos, "-o", safe, "--detector", "fast"); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(filepath.Join(safe, photo.OutputMark)); err != nil {
		t.Fatalf("the output folder is not marked: %v", err)
	}
	stdout, stderr, code := sharesafe(t, "scan", "--json", "--detector", "fast", parent)
	rs := records(t, stdout)
	if code != 0 || len(rs) != 1 || !strings.HasSuffix(rs[0]["path"].(string), filepath.Join("photos", "drawing.png")) {
		t.Errorf("a later run over the parent: exit %d, %d records (want only the original): %s %s", code, len(rs), stdout, stderr)
	}
	// Named on purpose, the safe copies can still be checked.
	if stdout, _, code := sharesafe(t, "scan", "--json", "--detector", "fast", safe); code != 0 || len(records(t, stdout)) != 1 {
		t.Errorf("scan of the safe folder itself: exit %d: %s", code, stdout)
	}
}

// A photo given by name cannot have its safe copy written into its own
// folder either, renamed or not: the copies would lie beside the photos
// (a renamed copy or a HEIC's JPEG could even take another original's
// name), and the folder, marked as one of safe copies, would hide the
// photos from a later run over its parent. A folder inside it is fine.
func TestOutputFolderIsNeverThePhotosOwnFolder(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "photos")
	in := filepath.Join(dir, "rotated.jpg")
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), in)
	// An original named as a renamed copy would be: never touched.
	other := filepath.Join(dir, "photo-0001.jpg")
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), other)
	before := map[string][]byte{}
	for _, p := range []string{in, other} {
		before[p], _ = os.ReadFile(p)
	}
	for _, extra := range [][]string{nil, {"--rename"}, {"--rename", "--overwrite"}, {"--overwrite"}} {
		args := append([]string{"redact", in, "-o", dir, "--detector", "fast"}, extra...)
		_, stderr, code := sharesafe(t, args...)
		if code != 2 || !strings.Contains(stderr, "inside the photos folder") {
			t.Errorf("%v: exit %d (want 2, refused): %s", extra, code, stderr)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 2 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("%v: the folder holds %v, want only the two photos (nothing written, not marked)", extra, names)
		}
		for p, b := range before {
			if after, _ := os.ReadFile(p); !bytes.Equal(after, b) {
				t.Fatalf("%v: the original %s was changed", extra, p)
			}
		}
	}
	stdout, _, _ := sharesafe(t, "scan", "--json", "--detector", "fast", parent)
	if n := len(records(t, stdout)); n != 2 {
		t.Errorf("a later run over the parent sees %d photos, want 2", n)
	}
	// A folder inside the photo's folder keeps the copies apart: written.
	if _, stderr, code := sharesafe(t, "redact", in, "-o", filepath.Join(dir, "safe"), "--rename", "--detector", "fast"); code != 0 {
		t.Errorf("-o a folder inside the photo's folder: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "safe", "photo-0001.jpg")); err != nil {
		t.Errorf("the renamed copy was not written: %v", err)
	}
}

// Nor can the output folder hold the photos given: a safe copy of
// holiday/x.jpg written to x.jpg would replace, with --overwrite, the
// photo x.jpg beside the holiday folder.
func TestOutputFolderNeverHoldsThePhotos(t *testing.T) {
	parent := t.TempDir()
	sub := filepath.Join(parent, "holiday")
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(sub, "x.jpg"))
	original := filepath.Join(parent, "x.jpg")
	copyFile(t, filepath.Join(fixtures, "drawing.png"), original)
	b, _ := os.ReadFile(original)
	for _, in := range []string{sub, filepath.Join(sub, "x.jpg")} {
		for _, extra := range [][]string{nil, {"--overwrite"}, {"--rename", "--overwrite"}} {
			args := append([]string{"redact", in, "-o", parent, "--detector", "fast"}, extra...)
			_, stderr, code := sharesafe(t, args...)
			if code != 2 || !strings.Contains(stderr, "holds the photos") {
				t.Errorf("%s %v: exit %d (want 2, refused): %s", in, extra, code, stderr)
			}
			if after, _ := os.ReadFile(original); !bytes.Equal(after, b) {
				t.Fatalf("%s %v: the photo beside the folder was replaced", in, extra)
			}
			if _, err := os.Stat(filepath.Join(parent, photo.OutputMark)); err == nil {
				t.Fatalf("%s %v: the folder of the photos was marked", in, extra)
			}
		}
	}
}

func TestMessagesSayWhatToDo(t *testing.T) {
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "notes.txt"), []byte("hello"), 0o644)
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "zero.jpg"), nil, 0o644)
	for _, c := range []struct {
		args   []string
		code   int
		stderr string // a line that must be there
		not    string // a phrase that must not
	}{
		{[]string{"redact"}, 2, "sharesafe: redact needs photos or folders: sharesafe redact PATH... -o DIR (photos or folders, and a folder for the safe copies)", "arg(s)"},
		{[]string{"scan"}, 2, "sharesafe: scan needs photos or folders: sharesafe scan PATH... (a photo or a folder of photos)", "arg(s)"},
		{[]string{"scan", empty}, 1, "sharesafe: no photos found in " + empty, "0 photo(s)"},
		{[]string{"scan", "/nonexistent/photos"}, 2, "sharesafe: /nonexistent/photos: no such file or folder", ""},
		{[]string{"scan", bad, "--detector", "fast"}, 1, "sharesafe: " + filepath.Join(bad, "zero.jpg") + ": the file is empty", "photo:"},
	} {
		_, stderr, code := sharesafe(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.stderr+"\n") || (c.not != "" && strings.Contains(stderr, c.not)) {
			t.Errorf("%v: exit %d (want %d), stderr:\n%s", c.args, code, c.code, stderr)
		}
	}
}

// With --lang fr, the end of a scan and the JSON labels are French; kinds,
// levels and risk ids stay stable English keys.
func TestFrenchFollowsLang(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(dir, "a.jpg"))
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(dir, "b.png"))
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
	stdout, _, _ := sharesafe(t, "scan", "--lang", "fr", "--detector", "fast", dir)
	if !strings.Contains(stdout, "1 autre fichier ignoré") || strings.Contains(stdout, "other files skipped") {
		t.Errorf("French summary:\n%s", stdout)
	}
	stdout, _, _ = sharesafe(t, "scan", "--json", "--lang", "fr", "--detector", "fast", filepath.Join(dir, "a.jpg"))
	rs := records(t, stdout)
	if len(rs) != 1 {
		t.Fatal(stdout)
	}
	var gps map[string]any
	for _, f := range rs[0]["findings"].([]any) {
		if f := f.(map[string]any); f["kind"] == "gps" {
			gps = f
			break
		}
	}
	if gps == nil || !strings.HasPrefix(gps["label"].(string), "Lieu") {
		t.Errorf("GPS finding in French: %v", gps)
	}
	a := rs[0]["assessment"].(map[string]any)
	if a["level"] != "critical" || a["risks"].([]any)[0].(map[string]any)["id"] != "gps-precise" {
		t.Errorf("level and ids must stay English keys: %v", a["level"])
	}
}

func TestVersionManAndCompletion(t *testing.T) {
	stdout, _, code := sharesafe(t, "--version")
	if code != 0 || !strings.HasPrefix(stdout, "sharesafe ") || !strings.Contains(stdout, "face-api 1.7.15") || !strings.Contains(stdout, "pigo v1.4.6") || !strings.Contains(stdout, "YuNet") {
		t.Errorf("--version: %d %q", code, stdout)
	}
	stdout, _, code = sharesafe(t, "man")
	if code != 0 || !strings.Contains(stdout, ".TH SHARESAFE") || !strings.Contains(stdout, "redact") || !strings.Contains(stdout, "--no-cache") {
		t.Errorf("man: exit %d:\n%.300s", code, stdout)
	}
	for flag, want := range map[string][]string{
		"--mask": {"emoji", "blur", "pixelate", "solid"}, "--faces": {"all", "children", "none"},
		"--detector": {"thorough", "fast"}, "--lang": {"en", "fr"},
	} {
		stdout, _, _ := sharesafe(t, "__complete", "redact", flag, "")
		for _, w := range want {
			if !strings.Contains(stdout, w+"\n") {
				t.Errorf("completion of redact %s lacks %s:\n%s", flag, w, stdout)
			}
		}
	}
	stdout, _, _ = sharesafe(t, "__complete", "scan", "--audience", "")
	for _, w := range []string{"public", "friends", "group", "private"} {
		if !strings.Contains(stdout, w+"\n") {
			t.Errorf("completion of --audience lacks %s:\n%s", w, stdout)
		}
	}
}

// --progress json gives a program that drives sharesafe one event per
// photo on stderr; stdout keeps only the results.
func TestProgressJSON(t *testing.T) {
	stdout, stderr, code := sharesafe(t, "scan", "--json", "--progress", "json", "--detector", "fast", fixtures)
	if code != 0 {
		t.Fatal(stderr)
	}
	events := records(t, jsonOnly(stderr)) // and the summary line
	files, _ := os.ReadDir(fixtures)
	if len(events) != len(files) || len(records(t, stdout)) != len(files) {
		t.Fatalf("%d events, %d results for %d photos:\n%s", len(events), len(records(t, stdout)), len(files), stderr)
	}
	last := events[len(events)-1]
	if last["done"] != float64(len(files)) || last["total"] != float64(len(files)) {
		t.Errorf("last event %v", last)
	}
	// Each event names the photo just done, in input order.
	for i, e := range events {
		if want := filepath.Join(fixtures, files[i].Name()); e["path"] != want {
			t.Errorf("event %d names %v, want %s", i, e["path"], want)
		}
	}
	if !strings.Contains(stderr, "sharesafe: 5 photos checked") {
		t.Errorf("no summary line on stderr:\n%s", stderr)
	}
	if _, _, code := sharesafe(t, "scan", "--progress", "bar", fixtures); code != 2 {
		t.Errorf("--progress bar: exit %d, want 2", code)
	}
}

// Each written copy says which write path it took.
func TestWritePath(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(in, "a.jpg"))
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(in, "b.png"))
	stdout, stderr, code := sharesafe(t, "redact", in, "-o", out, "--json", "--detector", "fast")
	if code != 0 {
		t.Fatal(stderr)
	}
	paths := map[string]string{}
	for _, r := range records(t, stdout) {
		paths[filepath.Base(r["path"].(string))], _ = r["write_path"].(string)
	}
	if paths["a.jpg"] != "dct" || paths["b.png"] != "reencode" {
		t.Errorf("write paths %v, want a.jpg dct and b.png reencode", paths)
	}
	stdout, _, _ = sharesafe(t, "redact", in, "-o", t.TempDir(), "--json", "--faces", "none")
	for _, r := range records(t, stdout) {
		if r["write_path"] != "lossless" {
			t.Errorf("--faces none: %v", r)
		}
	}
}

// report on a path that does not exist, or on a folder without photos,
// says what is wrong and writes no page.
func TestReportWritesNothingWithoutPhotos(t *testing.T) {
	empty := t.TempDir()
	page := filepath.Join(t.TempDir(), "x.html")
	for _, c := range []struct {
		path string
		code int
		says string
	}{
		{"/nonexistent/photos", 2, "/nonexistent/photos: no such file or folder"},
		{empty, 1, "no photos found in " + empty},
	} {
		_, stderr, code := sharesafe(t, "report", c.path, "-o", page)
		if code != c.code || !strings.Contains(stderr, c.says) {
			t.Errorf("report %s: exit %d (want %d): %s", c.path, code, c.code, stderr)
		}
		if _, err := os.Stat(page); err == nil {
			t.Errorf("report %s: a page was written", c.path)
		}
	}
}
