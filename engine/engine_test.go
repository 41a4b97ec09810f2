package engine

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
)

const photos = "../testdata/photos"

// fast is the fast detector: these tests are about the pipeline, not recall.
var fast = detect.Options{Faces: true, Face: detect.FastFaceOptions, Ages: true}

func inputs(t *testing.T, names ...string) []photo.Input {
	t.Helper()
	var ins []photo.Input
	for _, n := range names {
		ins = append(ins, photo.Input{Path: filepath.Join(photos, n), Rel: n})
	}
	return ins
}

func checkAll(t *testing.T, e *Engine, ins []photo.Input) []Checked {
	t.Helper()
	var got []Checked
	if err := e.Check(context.Background(), ins, CheckOptions{}, func(c Checked) { got = append(got, c) }); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestCheckReportsInInputOrder(t *testing.T) {
	ins := inputs(t, "astronaut.png", "drawing.png", "rotated.jpg", "school-gate.jpg")
	var steps []Progress
	var got []string
	err := New(Settings{Detect: fast, Jobs: 3}).Check(context.Background(), ins, CheckOptions{Progress: func(p Progress) { steps = append(steps, p) }},
		func(c Checked) {
			if c.Err != nil {
				t.Errorf("%s: %v", c.Input.Path, c.Err)
			}
			got = append(got, c.Input.Rel)
		})
	if err != nil {
		t.Fatal(err)
	}
	for i, in := range ins {
		if got[i] != in.Rel {
			t.Fatalf("order %v", got)
		}
	}
	if len(steps) != 4 || steps[3].Done != 4 || steps[3].Total != 4 {
		t.Errorf("progress %+v", steps)
	}
}

func TestCacheHitMissCorruptAndSettings(t *testing.T) {
	dir := t.TempDir()
	cache := OpenCache(dir)
	ins := inputs(t, "school-gate.jpg")
	e := New(Settings{Detect: fast, Cache: cache})

	first := checkAll(t, e, ins)[0]
	if first.Cached || first.Err != nil || len(first.Report.Faces) == 0 {
		t.Fatalf("first run: cached %v, err %v, %d faces", first.Cached, first.Err, len(first.Report.Faces))
	}
	second := checkAll(t, e, ins)[0]
	if !second.Cached {
		t.Fatal("second run detected again: no cache hit")
	}
	a, _ := json.Marshal(first.Report.Faces)
	b, _ := json.Marshal(second.Report.Faces)
	if string(a) != string(b) {
		t.Errorf("cached faces differ:\n%s\n%s", a, b)
	}
	if len(second.Report.Findings) == 0 {
		t.Error("the metadata findings must still be read from the file")
	}

	// The entry holds faces only: no metadata value, place or pixel.
	data, _ := os.ReadFile(ins[0].Path)
	key := CacheKey(data, fast)
	raw, err := os.ReadFile(cache.path(key))
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"Lyon", "45.7", "Pixelphone", "gps", "findings"} {
		if strings.Contains(string(raw), leak) {
			t.Errorf("the cache entry holds %q: %s", leak, raw)
		}
	}

	// Another detector setting is another key: a miss.
	if c := checkAll(t, New(Settings{Detect: detect.DefaultOptions, Cache: cache}), ins)[0]; c.Cached {
		t.Error("a different detector setting used the fast detector's faces")
	}

	// A corrupt entry is ignored and replaced.
	os.WriteFile(cache.path(key), []byte("{not json"), 0o600)
	if c := checkAll(t, e, ins)[0]; c.Cached || len(c.Report.Faces) == 0 {
		t.Errorf("corrupt entry: cached %v, %d faces", c.Cached, len(c.Report.Faces))
	}
	if c := checkAll(t, e, ins)[0]; !c.Cached {
		t.Error("the corrupt entry was not replaced")
	}

	// A foreign entry (another photo's faces, or a box outside this photo)
	// is never trusted.
	var ent entry
	raw, _ = os.ReadFile(cache.path(key))
	json.Unmarshal(raw, &ent)
	for name, edit := range map[string]func(*entry){
		"other key":       func(e *entry) { e.Key = "00" + e.Key[2:] },
		"box outside":     func(e *entry) { e.Faces[0].Mask[2] = 100000 },
		"unknown label":   func(e *entry) { e.Faces[0].Label = "ghost" },
		"no faces at all": func(e *entry) { e.Faces = nil },
	} {
		bad := ent
		bad.Faces = append([]detect.Face(nil), ent.Faces...)
		edit(&bad)
		b, _ := json.Marshal(bad)
		os.WriteFile(cache.path(key), b, 0o600)
		if _, ok := cache.Get(key, first.Report.Width, first.Report.Height); ok {
			t.Errorf("%s: entry trusted", name)
		}
	}
}

// A rerun answers from the record and the files' stamps before it reads
// or detects anything.
func TestRedactRerunReadsNothing(t *testing.T) {
	out := t.TempDir()
	e := New(Settings{Detect: fast, Record: OpenRecord(t.TempDir())})
	for _, r := range redactAll(t, e, inputs(t, "drawing.png", "rotated.jpg"), Dest{Dir: out}, WriteOptions{}) {
		if r.Status != Written || r.Err != nil {
			t.Fatalf("%s: %s %v", r.In.Path, r.Status, r.Err)
		}
	}
	for _, r := range redactAll(t, e, inputs(t, "drawing.png", "rotated.jpg"), Dest{Dir: out}, WriteOptions{}) {
		if r.Status != Exists || r.Report != nil {
			t.Errorf("%s: status %s, read %v: a rerun must not read the photo", r.In.Path, r.Status, r.Report != nil)
		}
	}
}

// Ctrl-C: no photo is started after the cancel, nothing is written after
// it, and the run returns within the grace period.
func TestRedactStopsWhenCancelled(t *testing.T) {
	out := t.TempDir()
	var jobs []Job
	for i := 0; i < 40; i++ {
		in := inputs(t, "astronaut.png")[0]
		jobs = append(jobs, Job{In: in, Dst: filepath.Join(out, "copy-"+string(rune('a'+i%26))+string(rune('a'+i/26))+".png")})
	}
	ctx, cancel := context.WithCancel(context.Background())
	var reported atomic.Int32
	began := time.Now()
	var cancelledAt time.Time
	err := New(Settings{Detect: fast, Jobs: 2}).Redact(ctx, jobs, WriteOptions{}, nil, func(r Result) {
		if reported.Add(1) == 2 {
			cancelledAt = time.Now()
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if d := time.Since(cancelledAt); d > 2*time.Second {
		t.Errorf("returned %v after the cancel", d)
	}
	time.Sleep(300 * time.Millisecond) // anything still running would write now
	entries, _ := os.ReadDir(out)
	files := 0
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".tmp" {
			t.Errorf("temporary file left: %s", e.Name())
		}
		files++
	}
	if files >= 40 || files > int(reported.Load())+2 {
		t.Errorf("%d files written, %d reported, after %v", files, reported.Load(), time.Since(began))
	}
}

// The app opens a photo that is not checked yet: it goes to the front.
func TestQueueBump(t *testing.T) {
	var ins []photo.Input
	for i := 0; i < 6; i++ {
		ins = append(ins, inputs(t, "drawing.png")...)
	}
	ins = append(ins, inputs(t, "school-gate.jpg")...)
	q := New(Settings{Detect: fast, Jobs: 1}).Start(context.Background(), ins, CheckOptions{})
	q.Bump(6)
	var order []int
	for {
		i, c, ok := q.Next()
		if !ok {
			break
		}
		if c.Err != nil {
			t.Fatal(c.Err)
		}
		order = append(order, i)
	}
	if len(order) != 7 {
		t.Fatalf("order %v", order)
	}
	// The only worker may have taken photo 0 before the bump.
	if order[0] != 6 && order[1] != 6 {
		t.Errorf("photo 6 checked at position %v, want first or second", order)
	}
}

// With --faces none nothing is detected and the pixels are not decoded.
func TestNoFacesDetectsNothing(t *testing.T) {
	e := New(Settings{Detect: fast, Faces: redact.NoFaces})
	c := checkAll(t, e, inputs(t, "school-gate.jpg"))[0]
	if len(c.Report.Faces) != 0 {
		t.Errorf("%d faces with --faces none", len(c.Report.Faces))
	}
}

// A HEIC photo's safe copy is IMG_1.heic without masks and IMG_1.jpg with
// them: an IMG_1.jpg in the output folder (the copy of another photo, or
// anything else) is never taken for its copy.
func TestHEICIsNotTakenForDone(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	heic := filepath.Join(in, "IMG_1.heic")
	os.WriteFile(heic, []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00"), 0o644)
	os.WriteFile(filepath.Join(out, "IMG_1.jpg"), []byte("another photo's copy"), 0o644)
	os.WriteFile(filepath.Join(out, "IMG_1.heic"), []byte("its copy?"), 0o644)
	for _, set := range []Settings{{Detect: fast}, {Faces: redact.NoFaces}} {
		set.Record = OpenRecord(t.TempDir())
		r := redactAll(t, New(set), []photo.Input{{Path: heic, Rel: "IMG_1.heic"}}, Dest{Dir: out}, WriteOptions{})[0]
		if r.Status != Failed {
			t.Errorf("faces %v: %s, %s", set.Faces, r.Status, r.Output)
		}
	}
}

// TestFolderHolding checks which output folders are refused: a folder given
// (or one inside it), and the folder of a file given, however it is named;
// a folder inside a file's folder, or elsewhere, is fine.
func TestFolderHolding(t *testing.T) {
	root := t.TempDir()
	photos := filepath.Join(root, "photos")
	file := filepath.Join(photos, "a.jpg")
	os.MkdirAll(filepath.Join(photos, "safe"), 0o755)
	os.WriteFile(file, []byte("x"), 0o644)
	link := filepath.Join(root, "link")
	if err := os.Symlink(photos, link); err != nil {
		t.Skip("no symbolic links here")
	}
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	for _, c := range []struct {
		name  string
		dir   string
		paths []string
		want  string
	}{
		{"the folder given", photos, []string{photos}, photos},
		{"inside the folder given", filepath.Join(photos, "safe"), []string{photos}, photos},
		{"the file's own folder", photos, []string{file}, abs(photos)},
		{"the file's folder, through a link", link, []string{file}, abs(link)},
		{"the file's folder, as a relative path", filepath.Join(photos, "safe", ".."), []string{file}, abs(photos)},
		{"a folder inside the file's folder", filepath.Join(photos, "safe"), []string{file}, ""},
		{"a new folder beside it", photos + "-safe", []string{file, photos}, ""},
		{"a file given as output folder", file, []string{file}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := FolderHolding(c.dir, c.paths); got != c.want {
				t.Errorf("FolderHolding(%s, %v) = %q, want %q", c.dir, c.paths, got, c.want)
			}
		})
	}
}

// TestInputInside checks which output folders hold a photo or a folder
// given, at any depth and however they are named.
func TestInputInside(t *testing.T) {
	root := t.TempDir()
	photos := filepath.Join(root, "photos")
	sub := filepath.Join(photos, "holiday")
	file := filepath.Join(sub, "a.jpg")
	os.MkdirAll(sub, 0o755)
	os.WriteFile(file, []byte("x"), 0o644)
	for _, c := range []struct {
		name  string
		dir   string
		paths []string
		want  string
	}{
		{"the parent of the folder given", photos, []string{sub}, sub},
		{"two levels above the photo given", root, []string{file}, file},
		{"the same, spelt another way", filepath.Join(sub, ".."), []string{file}, file},
		{"a folder beside", sub + "-safe", []string{sub}, ""},
		{"a folder not made yet", filepath.Join(root, "new"), []string{file}, ""},
		{"inside the folder given (FolderHolding's case)", filepath.Join(sub, "safe"), []string{sub}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "a folder beside" {
				os.MkdirAll(c.dir, 0o755)
			}
			if got := InputInside(c.dir, c.paths); got != c.want {
				t.Errorf("InputInside(%s, %v) = %q, want %q", c.dir, c.paths, got, c.want)
			}
		})
	}
}

// TestBuildIdentity checks what keys the cache to a build: a release's
// version or a clean revision, else the executable's own bytes, else
// nothing (the cache is not used). Two development builds without VCS
// stamping both say "(devel)": before, they shared their entries, so a new
// build trusted the faces an older one had found.
func TestBuildIdentity(t *testing.T) {
	exe := func(sum string, err error) func() (string, error) {
		return func() (string, error) { return sum, err }
	}
	devel := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}
	dirty := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}}}
	clean := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "false"}}}
	release := &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}
	for _, c := range []struct {
		name    string
		bi      *debug.BuildInfo
		stamped string
		sum     func() (string, error)
		want    string
	}{
		{"release", release, "", exe("", errors.New("unused")), "v1.2.0"},
		{"clean revision", clean, "", exe("", errors.New("unused")), "rev abc"},
		{"changed tree", dirty, "", exe("e1", nil), "exe e1"},
		{"no stamp", devel, "", exe("e2", nil), "exe e2"},
		{"no build info", nil, "", exe("e3", nil), "exe e3"},
		{"nothing", devel, "", exe("", errors.New("no executable")), ""},
		// GoReleaser stamps the version (.goreleaser.yaml).
		{"stamped, clean", clean, "1.3.0", exe("", errors.New("unused")), "release 1.3.0 rev abc"},
		{"stamped, no VCS", devel, "1.3.0", exe("", errors.New("unused")), "release 1.3.0"},
		{"stamped, no build info", nil, "1.3.0", exe("", errors.New("unused")), "release 1.3.0"},
		{"stamped snapshot of a changed tree", dirty, "1.3.1-snapshot", exe("e4", nil), "exe e4"},
	} {
		if got := buildIdentity(c.bi, c.stamped, c.sum); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if a, b := buildIdentity(devel, "", exe("e1", nil)), buildIdentity(devel, "", exe("e2", nil)); a == b {
		t.Errorf("two unstamped builds share the identity %q", a)
	}
}
