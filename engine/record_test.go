package engine

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
)

// redactAll settles the inputs and redacts them.
func redactAll(t *testing.T, e *Engine, ins []photo.Input, d Dest, w WriteOptions) []Result {
	t.Helper()
	jobs, err := e.Settle(ins, d)
	if err != nil {
		t.Fatal(err)
	}
	return redactJobs(t, e, jobs, w)
}

func redactJobs(t *testing.T, e *Engine, jobs []Job, w WriteOptions) []Result {
	t.Helper()
	var rs []Result
	if err := e.Redact(context.Background(), jobs, w, nil, func(r Result) { rs = append(rs, r) }); err != nil {
		t.Fatal(err)
	}
	return rs
}

// put copies a fixture (or writes bytes) to dir/rel and returns its input.
func put(t *testing.T, dir, rel string, from any) photo.Input {
	t.Helper()
	var b []byte
	switch v := from.(type) {
	case string:
		var err error
		if b, err = os.ReadFile(filepath.Join(photos, v)); err != nil {
			t.Fatal(err)
		}
	case []byte:
		b = v
	}
	p := filepath.Join(dir, rel)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return photo.Input{Path: p, Rel: rel}
}

// fakeHEIC is a file that announces HEIC (it cannot be decoded).
var fakeHEIC = []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")

func names(jobs []Job, out string) []string {
	var n []string
	for _, j := range jobs {
		r, _ := filepath.Rel(out, j.Dst)
		n = append(n, filepath.ToSlash(r))
	}
	return n
}

// One input, one copy: two inputs that would share a name each get their
// own, the same on every rerun, whatever else arrives; a copy's extension
// follows its content.
func TestSettleOneInputOneCopy(t *testing.T) {
	a, b, out, state := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	ins := []photo.Input{
		put(t, a, "IMG_0001.jpg", "rotated.jpg"),
		put(t, b, "IMG_0001.jpg", "school-gate.jpg"),  // the same name in another folder
		put(t, a, "IMG_1.heic", fakeHEIC),             // beside IMG_1.jpg: IMG_1-2.jpg once masked
		put(t, a, "IMG_1.jpg", "rotated.jpg"),         // keeps its name
		put(t, a, "drawing.heic", "drawing.png"),      // a PNG named .heic
		put(t, a, "sub/IMG_0001.JPG", "rotated.jpg"),  // its folder kept, its extension too
		put(t, a, "Sub/img_0001.jpeg", "rotated.jpg"), // another case: another folder on Linux
	}
	e := New(Settings{Detect: fast, Record: OpenRecord(state)})
	jobs, err := e.Settle(ins, Dest{Dir: out})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"IMG_0001.jpg", "IMG_0001-2.jpg", "IMG_1.heic", "IMG_1.jpg", "drawing.png", "sub/IMG_0001.JPG", "Sub/img_0001.jpeg"}
	if got := names(jobs, out); !slices.Equal(got, want) {
		t.Errorf("names\n%v, want\n%v", got, want)
	}
	if got := jobs[2].Names(); len(got) != 2 || filepath.Base(got[1]) != "IMG_1-2.jpg" {
		t.Errorf("IMG_1.heic's names %v, want IMG_1.heic and IMG_1-2.jpg", got)
	}
	// A rerun in another order, with a new photo named as the first one:
	// every photo keeps its name, the new one gets the next free.
	extra := put(t, t.TempDir(), "IMG_0001.jpg", "astronaut.png") // its copy is IMG_0001.png: no clash
	extra2 := put(t, t.TempDir(), "IMG_0001.jpg", "rotated.jpg")
	again := []photo.Input{extra, extra2, ins[6], ins[5], ins[4], ins[3], ins[2], ins[1], ins[0]}
	jobs, err = New(Settings{Detect: fast, Record: OpenRecord(state)}).Settle(again, Dest{Dir: out})
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"IMG_0001.png", "IMG_0001-3.jpg", "Sub/img_0001.jpeg", "sub/IMG_0001.JPG", "drawing.png", "IMG_1.jpg", "IMG_1.heic", "IMG_0001-2.jpg", "IMG_0001.jpg"}
	if got := names(jobs, out); !slices.Equal(got, want) {
		t.Errorf("rerun names\n%v, want\n%v", got, want)
	}
	// Written: each photo has its own copy, as named.
	for _, r := range redactJobs(t, e, jobs, WriteOptions{}) {
		if r.In.Path == ins[2].Path {
			continue // the fake HEIC fails
		}
		if r.Status != Written || r.Output != r.Dst {
			t.Errorf("%s: %s %v, output %s, settled %s", r.In.Path, r.Status, r.Err, r.Output, r.Dst)
		}
	}
	if f, _ := photo.SniffPath(filepath.Join(out, "drawing.png")); f != photo.FormatPNG {
		t.Errorf("drawing.png holds %q", f)
	}
}

// exists means this input, these settings, this exact copy.
func TestExistsMeansThisCopy(t *testing.T) {
	in, out, state := t.TempDir(), t.TempDir(), t.TempDir()
	ins := []photo.Input{put(t, in, "a.jpg", "school-gate.jpg"), put(t, in, "b.png", "drawing.png")}
	run := func(set Settings, w WriteOptions) []Result {
		set.Record = OpenRecord(state)
		return redactAll(t, New(set), ins, Dest{Dir: out}, w)
	}
	status := func(rs []Result) string {
		var s []string
		for _, r := range rs {
			s = append(s, string(r.Status))
		}
		return strings.Join(s, " ")
	}
	none := Settings{Faces: redact.NoFaces}
	all := Settings{Detect: fast}
	if rs := run(none, WriteOptions{}); status(rs) != "written written" || rs[0].Masked != 0 {
		t.Fatalf("--faces none: %s", status(rs))
	}
	// Masks asked for: every copy made without them is ours, written again.
	rs := run(all, WriteOptions{})
	if status(rs) != "written written" || rs[0].Masked == 0 {
		t.Fatalf("then masks: %s, %d masked", status(rs), rs[0].Masked)
	}
	if rs := run(all, WriteOptions{}); status(rs) != "exists exists" || rs[0].Report != nil {
		t.Fatalf("rerun: %s", status(rs))
	}
	// Another style is other settings.
	if rs := run(Settings{Detect: fast, Style: redact.Solid}, WriteOptions{}); status(rs) != "written written" {
		t.Fatalf("another style: %s", status(rs))
	}
	// A copy of the original placed where the copy was: never "exists",
	// never replaced without --overwrite.
	orig, _ := os.ReadFile(ins[0].Path)
	os.WriteFile(filepath.Join(out, "a.jpg"), orig, 0o644)
	rs = run(Settings{Detect: fast, Style: redact.Solid}, WriteOptions{})
	if rs[0].Status != Failed || !errors.Is(rs[0].Err, ErrInTheWay) || rs[1].Status != Exists {
		t.Fatalf("original in Safe/: %s %v", status(rs), rs[0].Err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "a.jpg")); string(b) != string(orig) {
		t.Fatal("the file in the way was changed")
	}
	if rs := run(Settings{Detect: fast, Style: redact.Solid}, WriteOptions{Overwrite: true}); rs[0].Status != Written {
		t.Fatalf("--overwrite: %s %v", rs[0].Status, rs[0].Err)
	}
	// The input changed: written again.
	put(t, in, "b.png", "astronaut.png")
	if rs := run(Settings{Detect: fast, Style: redact.Solid}, WriteOptions{}); status(rs) != "exists written" {
		t.Fatalf("an input changed: %s", status(rs))
	}
}

// A file sharesafe did not write, in the way of a first run, is left alone.
func TestForeignFileIsInTheWay(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	ins := []photo.Input{put(t, in, "a.png", "drawing.png")}
	os.WriteFile(filepath.Join(out, "a.png"), []byte("mine"), 0o644)
	e := New(Settings{Faces: redact.NoFaces, Record: OpenRecord(t.TempDir())})
	r := redactAll(t, e, ins, Dest{Dir: out}, WriteOptions{})[0]
	if r.Status != Failed || !errors.Is(r.Err, ErrInTheWay) || r.Report != nil {
		t.Fatalf("%s %v (read %v)", r.Status, r.Err, r.Report != nil)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "a.png")); string(b) != "mine" {
		t.Fatal("replaced")
	}
}

// A copy's format changes with the settings (a WebP or HEIC masked): the
// earlier copy, at its other name, is removed, so no unmasked copy stays.
func TestEarlierCopyAtAnotherNameGoes(t *testing.T) {
	in, out, state := t.TempDir(), t.TempDir(), t.TempDir()
	ins := []photo.Input{put(t, in, "a.png", "drawing.png")}
	e := New(Settings{Faces: redact.NoFaces, Record: OpenRecord(state)})
	jobs, _ := e.Settle(ins, Dest{Dir: out})
	r := redactJobs(t, e, jobs, WriteOptions{})[0]
	// Simulate a copy recorded under another name of the same input (as a
	// HEIC's copy is IMG_1.heic, then IMG_1.jpg): the record says the copy
	// is at old.png.
	c := jobs[0].set.entry
	os.Rename(r.Output, filepath.Join(out, "old.png"))
	c.Output, c.Names[photo.FormatJPEG] = "old.png", "old.png"
	c.Sum.Stamp = ""
	OpenRecord(state).save(c)
	r = redactAll(t, e, ins, Dest{Dir: out}, WriteOptions{})[0]
	if r.Status != Written {
		t.Fatalf("%s %v", r.Status, r.Err)
	}
	if _, err := os.Stat(filepath.Join(out, "old.png")); err == nil {
		t.Error("the earlier copy is still there")
	}
}

// --rename: numbers are recorded and never given to another photo, folders
// are renamed too, the tree keeps its shape.
func TestRenameNumbersNeverReused(t *testing.T) {
	in, out, state := t.TempDir(), t.TempDir(), t.TempDir()
	b := put(t, in, "Nice beach 2024-07-14/Léa school/IMG_b.jpg", "rotated.jpg")
	c := put(t, in, "Nice beach 2024-07-14/IMG_c.png", "drawing.png")
	set := Settings{Faces: redact.NoFaces, Record: OpenRecord(state)}
	d := Dest{Dir: out, Rename: true}
	rs := redactAll(t, New(set), []photo.Input{b, c}, d, WriteOptions{})
	got := []string{rs[0].Output, rs[1].Output}
	want := []string{filepath.Join(out, "folder-0001/folder-0002/photo-0001.jpg"), filepath.Join(out, "folder-0001/photo-0002.png")}
	if !slices.Equal(got, want) {
		t.Fatalf("first run %v, want %v", got, want)
	}
	// A new photo arrives, named to sort first; one is deleted.
	a := put(t, in, "Nice beach 2024-07-14/Léa school/IMG_a.jpg", "school-gate.jpg")
	rs = redactAll(t, New(set), []photo.Input{a, b}, d, WriteOptions{})
	if rs[0].Status != Written || rs[0].Output != filepath.Join(out, "folder-0001/folder-0002/photo-0003.jpg") || rs[1].Status != Exists || rs[1].Output != want[0] {
		t.Fatalf("new photo: %s %s; %s %s", rs[0].Status, rs[0].Output, rs[1].Status, rs[1].Output)
	}
	os.Remove(c.Path)
	d2 := put(t, in, "Other/IMG_d.png", "drawing.png")
	rs = redactAll(t, New(set), []photo.Input{d2}, d, WriteOptions{})
	if rs[0].Output != filepath.Join(out, "folder-0003/photo-0004.png") {
		t.Fatalf("after a deletion: %s", rs[0].Output)
	}
	filepath.Walk(out, func(p string, _ os.FileInfo, _ error) error {
		for _, n := range []string{"Nice", "Léa", "IMG", "Other"} {
			if strings.Contains(p, n) {
				t.Errorf("%s keeps an input name", p)
			}
		}
		return nil
	})
}

// A damaged record is ignored, never trusted, and rebuilt.
func TestDamagedRecordIsIgnoredAndRebuilt(t *testing.T) {
	in, out, state := t.TempDir(), t.TempDir(), t.TempDir()
	ins := []photo.Input{put(t, in, "a.png", "drawing.png"), put(t, in, "b.jpg", "rotated.jpg")}
	set := Settings{Faces: redact.NoFaces, Record: OpenRecord(state)}
	redactAll(t, New(set), ins, Dest{Dir: out}, WriteOptions{})
	entries, _ := filepath.Glob(filepath.Join(state, "copies", "*", "*.json"))
	if len(entries) != 2 {
		t.Fatalf("%d entries", len(entries))
	}
	os.WriteFile(entries[0], []byte("{\"format\":1,\"input\":"), 0o600) // cut short
	b, _ := os.ReadFile(entries[1])
	os.WriteFile(entries[1], []byte(strings.Replace(string(b), "\"format\": 1", "\"format\": 99", 1)), 0o600)
	for _, r := range redactAll(t, New(set), ins, Dest{Dir: out}, WriteOptions{}) {
		if r.Status != Failed || !errors.Is(r.Err, ErrInTheWay) {
			t.Errorf("damaged record: %s %s %v", r.In.Path, r.Status, r.Err)
		}
	}
	for _, r := range redactAll(t, New(set), ins, Dest{Dir: out}, WriteOptions{Overwrite: true}) {
		if r.Status != Written {
			t.Errorf("--overwrite: %s %s %v", r.In.Path, r.Status, r.Err)
		}
	}
	for _, r := range redactAll(t, New(set), ins, Dest{Dir: out}, WriteOptions{}) {
		if r.Status != Exists {
			t.Errorf("rebuilt: %s %s %v", r.In.Path, r.Status, r.Err)
		}
	}
}

// Two runs settling names in one output folder at once lose no entry and
// never give one name twice.
func TestSettleConcurrently(t *testing.T) {
	out, state := t.TempDir(), t.TempDir()
	const runs, each = 6, 5
	var wg sync.WaitGroup
	got := make([][]Job, runs)
	for k := range runs {
		dir := t.TempDir()
		var ins []photo.Input
		for i := range each {
			ins = append(ins, put(t, dir, fmt.Sprintf("IMG_%d.png", i), []byte("\x89PNG\r\n\x1a\n")))
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			jobs, err := New(Settings{Faces: redact.NoFaces, Record: OpenRecord(state)}).Settle(ins, Dest{Dir: out, Rename: k%2 == 0})
			if err != nil {
				t.Error(err)
			}
			got[k] = jobs
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, jobs := range got {
		for _, j := range jobs {
			if seen[strings.ToLower(j.Dst)] {
				t.Errorf("%s given twice", j.Dst)
			}
			seen[strings.ToLower(j.Dst)] = true
		}
	}
	entries, _ := filepath.Glob(filepath.Join(state, "copies", "*", "*.json"))
	if len(entries) != runs*each {
		t.Errorf("%d entries, want %d", len(entries), runs*each)
	}
	if left, _ := filepath.Glob(filepath.Join(state, "copies", "*", "lock")); len(left) > 0 {
		t.Errorf("locks left: %v", left)
	}
}

// The parent's masks (the review app): saving again writes only copies
// whose masks changed; the record keeps who decided each mask.
func TestParentPlansExistAndRewrite(t *testing.T) {
	in, out, state := t.TempDir(), t.TempDir(), t.TempDir()
	ins := []photo.Input{put(t, in, "a.png", "drawing.png"), put(t, in, "b.jpg", "rotated.jpg")}
	e := New(Settings{Faces: redact.NoFaces, Record: OpenRecord(state)})
	plan := func(x int) *redact.Plan {
		return &redact.Plan{Masks: []redact.Mask{{Box: image.Rect(x, 10, x+40, 50), Style: redact.Solid}, {Box: image.Rect(60, 60, 90, 90), Style: redact.Blur, Parent: true}}}
	}
	save := func(plans ...*redact.Plan) string {
		jobs, err := e.Settle(ins, Dest{Dir: out})
		if err != nil {
			t.Fatal(err)
		}
		for i := range jobs {
			jobs[i].Plan = plans[i]
		}
		var s []string
		for _, r := range redactJobs(t, e, jobs, WriteOptions{}) {
			s = append(s, string(r.Status))
		}
		return strings.Join(s, " ")
	}
	if s := save(plan(0), plan(0)); s != "written written" {
		t.Fatal(s)
	}
	if s := save(plan(0), plan(0)); s != "exists exists" {
		t.Fatalf("saved again, nothing changed: %s", s)
	}
	if s := save(plan(0), plan(5)); s != "exists written" {
		t.Fatalf("one mask moved: %s", s)
	}
	cs := OpenRecord(state).CopiesOf(ins[1].Path)
	if len(cs) != 1 || cs[0].Made.Faces != MadeByParent || len(cs[0].Masks) != 2 || cs[0].Masks[0].Parent || !cs[0].Masks[1].Parent {
		t.Fatalf("record: %+v", cs)
	}
	if p := cs[0].Plan(); p.Masks[0].Box != image.Rect(5, 10, 45, 50) || !p.Masks[1].Parent {
		t.Errorf("plan back: %+v", p)
	}
}

// A run's first act removes the temporary files of killed runs in its
// output folders and the record's; those of a run still going stay.
func TestDeadTempsRemoved(t *testing.T) {
	in, out, state := t.TempDir(), t.TempDir(), t.TempDir()
	dead := fmt.Sprintf(".sharesafe-%d-123.tmp", 1<<22+7) // no such process
	live := fmt.Sprintf(".sharesafe-%d-456.tmp", os.Getpid())
	for _, d := range []string{out, state} {
		os.WriteFile(filepath.Join(d, dead), nil, 0o600)
		os.WriteFile(filepath.Join(d, live), nil, 0o600)
		os.WriteFile(filepath.Join(d, ".sharesafe-old.tmp"), nil, 0o600) // an older build's
	}
	e := New(Settings{Faces: redact.NoFaces, Record: OpenRecord(state)})
	redactAll(t, e, []photo.Input{put(t, in, "a.png", "drawing.png")}, Dest{Dir: out}, WriteOptions{})
	for _, d := range []string{out, state} {
		left, _ := filepath.Glob(filepath.Join(d, ".sharesafe-*.tmp"))
		if len(left) != 1 || filepath.Base(left[0]) != live {
			t.Errorf("%s: left %v, want only %s", d, left, live)
		}
	}
}

// In place: a second run recognises every copy the first wrote (a JPEG
// replaced, a PNG named .heic renamed), writes nothing, backs up nothing,
// and the originals' modes are kept.
func TestInPlaceTwice(t *testing.T) {
	in, state := t.TempDir(), t.TempDir()
	a := put(t, in, "a.jpg", "school-gate.jpg")
	b := put(t, in, "b.heic", "drawing.png") // a PNG named .heic: its copy is b.png
	os.Chmod(a.Path, 0o600)
	os.Chmod(b.Path, 0o640)
	set := Settings{Detect: fast, Record: OpenRecord(state)}
	run := func() []Result {
		col := photo.Collect([]string{in})
		return redactAll(t, New(set), col.Inputs, Dest{InPlace: true}, WriteOptions{Backup: true})
	}
	for _, r := range run() {
		if r.Status != Written {
			t.Fatalf("%s: %s %v", r.In.Path, r.Status, r.Err)
		}
	}
	snap := func() map[string]string {
		m := map[string]string{}
		files, _ := os.ReadDir(in)
		for _, f := range files {
			st, _ := os.Stat(filepath.Join(in, f.Name()))
			b, _ := os.ReadFile(filepath.Join(in, f.Name()))
			m[f.Name()] = fmt.Sprintf("%v %x", st.Mode(), sha256.Sum256(b))
		}
		return m
	}
	first := snap()
	if len(first) != 4 || first["b.png"] == "" || first["b.heic.orig"] == "" || first["a.jpg.orig"] == "" {
		t.Fatalf("after the first run: %v", keysOf(first))
	}
	if st, _ := os.Stat(filepath.Join(in, "a.jpg")); st.Mode().Perm() != 0o600 {
		t.Errorf("a.jpg mode %v, want the original's 0600", st.Mode())
	}
	if st, _ := os.Stat(filepath.Join(in, "b.png")); st.Mode().Perm() != 0o640 {
		t.Errorf("b.png mode %v, want the original's 0640", st.Mode())
	}
	for range 2 {
		for _, r := range run() {
			if r.Status != Exists || r.Report != nil || r.Backup == "" {
				t.Errorf("again: %s: %s %v (backup %q)", r.In.Path, r.Status, r.Err, r.Backup)
			}
		}
		if now := snap(); fmt.Sprint(now) != fmt.Sprint(first) {
			t.Errorf("the folder changed:\n%v\n%v", first, now)
		}
	}
	// Other settings: made again from the originals kept, no new backup.
	set.Style = redact.Solid
	for _, r := range run() {
		if r.Status != Written {
			t.Errorf("other settings: %s: %s %v", r.In.Path, r.Status, r.Err)
		}
	}
	if now := snap(); len(now) != 4 || now["a.jpg.orig"] != first["a.jpg.orig"] || now["a.jpg"] == first["a.jpg"] {
		t.Errorf("other settings:\n%v\n%v", first, now)
	}
}

func keysOf(m map[string]string) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	slices.Sort(k)
	return k
}

// A run killed between saving the record of a copy and renaming the copy
// into place: the copy there before is still known as ours (written again,
// never "in the way"); killed after the rename, the copy is current and the
// one before it at another name goes.
func TestKilledBetweenRecordAndRename(t *testing.T) {
	in, out, state := t.TempDir(), t.TempDir(), t.TempDir()
	ins := []photo.Input{put(t, in, "a.png", "drawing.png")}
	none := New(Settings{Faces: redact.NoFaces, Record: OpenRecord(state)})
	solid := New(Settings{Detect: fast, Style: redact.Solid, Record: OpenRecord(state)})
	jobs, _ := none.Settle(ins, Dest{Dir: out})
	redactJobs(t, none, jobs, WriteOptions{})
	old := *jobs[0].set.entry
	// Killed before the rename: the entry says what the new copy will be
	// (another sum), the one before is Prev; the file is still the old one.
	next := old
	next.Sum, next.Prev, next.Made.Faces = FileSum{SHA256: strings.Repeat("ab", 32), Size: 1}, &Earlier{old.Output, old.Sum}, "all"
	OpenRecord(state).save(&next)
	r := redactAll(t, solid, ins, Dest{Dir: out}, WriteOptions{})[0]
	if r.Status != Written {
		t.Fatalf("killed before the rename: %s %v", r.Status, r.Err)
	}
	// Killed after the rename, before the copy before it (another name)
	// was removed.
	c := OpenRecord(state).CopiesOf(ins[0].Path)[0]
	os.WriteFile(filepath.Join(out, "old.png"), []byte("an unmasked copy"), 0o644)
	c.Prev = &Earlier{"old.png", sumBytes([]byte("an unmasked copy"), nil, nil)}
	OpenRecord(state).save(&c)
	r = redactAll(t, solid, ins, Dest{Dir: out}, WriteOptions{})[0]
	if r.Status != Exists {
		t.Fatalf("killed after the rename: %s %v", r.Status, r.Err)
	}
	if _, err := os.Stat(filepath.Join(out, "old.png")); err == nil {
		t.Error("the copy before it is still there")
	}
	if c := OpenRecord(state).CopiesOf(ins[0].Path)[0]; c.Prev != nil {
		t.Error("the record still names the copy before")
	}
}

// A folder of photos moved (the review app's samples are unpacked afresh
// each time): each photo keeps its copy, which is current; a photo
// renamed gets a copy of its new name.
func TestMovedPhotosKeepTheirCopies(t *testing.T) {
	out, state := t.TempDir(), t.TempDir()
	first := t.TempDir()
	ins := []photo.Input{put(t, first, "a.png", "drawing.png"), put(t, first, "b.jpg", "rotated.jpg")}
	set := Settings{Faces: redact.NoFaces, Record: OpenRecord(state)}
	redactAll(t, New(set), ins, Dest{Dir: out}, WriteOptions{})
	moved := filepath.Join(t.TempDir(), "moved")
	if err := os.Rename(first, moved); err != nil {
		t.Fatal(err)
	}
	again := []photo.Input{{Path: filepath.Join(moved, "a.png"), Rel: "a.png"}, {Path: filepath.Join(moved, "b.jpg"), Rel: "renamed.jpg"}}
	os.Rename(filepath.Join(moved, "b.jpg"), filepath.Join(moved, "renamed.jpg"))
	again[1].Path = filepath.Join(moved, "renamed.jpg")
	rs := redactAll(t, New(set), again, Dest{Dir: out}, WriteOptions{})
	if rs[0].Status != Exists || rs[0].Output != filepath.Join(out, "a.png") {
		t.Errorf("moved: %s %s %v", rs[0].Status, rs[0].Output, rs[0].Err)
	}
	if rs[1].Status != Written || rs[1].Output != filepath.Join(out, "renamed.jpg") {
		t.Errorf("renamed: %s %s %v", rs[1].Status, rs[1].Output, rs[1].Err)
	}
	if entries, _ := filepath.Glob(filepath.Join(state, "copies", "*", "*.json")); len(entries) != 3 {
		t.Errorf("%d entries, want 3 (a.png taken over, b.jpg's kept, renamed.jpg's)", len(entries))
	}
}

// Two runs over one output folder at once: the second settled its names
// before the first wrote its copies. It takes them for what they are (the
// record says so by then): exists with the same settings, replaced with
// others, never "a file sharesafe did not write is in the way".
func TestTwoRunsAtOnceTakeEachOthersCopiesForOurs(t *testing.T) {
	for _, style := range []redact.Style{redact.Emoji, redact.Blur} {
		in, out, state := t.TempDir(), t.TempDir(), t.TempDir()
		ins := []photo.Input{put(t, in, "a.png", "drawing.png"), put(t, in, "b.jpg", "rotated.jpg")}
		first := New(Settings{Detect: fast, Style: redact.Emoji, Record: OpenRecord(state)})
		second := New(Settings{Detect: fast, Style: style, Record: OpenRecord(state)})
		late, err := second.Settle(ins, Dest{Dir: out}) // settled before the first run writes
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range redactAll(t, first, ins, Dest{Dir: out}, WriteOptions{}) {
			if r.Status != Written {
				t.Fatalf("first run: %s %s %v", r.In.Path, r.Status, r.Err)
			}
		}
		for _, r := range redactJobs(t, second, late, WriteOptions{}) {
			if r.Status == Failed {
				t.Errorf("%s: second run: %s: %v", style, filepath.Base(r.In.Path), r.Err)
			}
			if style == redact.Emoji && r.Status != Exists {
				t.Errorf("%s: second run, same settings: %s %s, want exists", style, filepath.Base(r.In.Path), r.Status)
			}
		}
	}
}
