package engine

import (
	"encoding/json"
	"github.com/sharesafe/sharesafe/photo"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/redact"
)

// aDecision is a decision for a 400×300 photo: a detector's face turned
// off and moved, a mask drawn by the parent, a face removed.
func aDecision(hash string) Decision {
	age := 6.0
	return Decision{Photo: hash, Width: 400, Height: 300, Style: redact.Pixelate,
		Masks: []DecidedMask{
			{Box: detect.Rect{10, 10, 50, 60}, On: false, By: ByParent, Found: detect.Rect{12, 10, 50, 60}, Detector: "ssd", Label: detect.LabelChild, Age: &age},
			{Box: detect.Rect{200, 100, 80, 90}, On: true, By: ByParent},
		},
		Removed: []detect.Rect{{300, 20, 40, 40}},
	}
}

// A decision comes back whole for the same bytes, under another path too;
// other bytes find none, and the path's index says the photo changed.
func TestDecisionsKeptByContent(t *testing.T) {
	dir := t.TempDir()
	store := OpenDecisions(dir)
	h := ContentHash([]byte("the photo's bytes"))
	if _, st := store.Get(h, 400, 300); st != NoDecision {
		t.Fatalf("an empty store says %v", st)
	}
	want := aDecision(h)
	if err := store.Put("/photos/a.jpg", want); err != nil {
		t.Fatal(err)
	}
	got, st := OpenDecisions(dir).Get(h, 400, 300)
	if st != Decided {
		t.Fatalf("state %v, want Decided", st)
	}
	want.Format = decisionFormat
	a, _ := json.Marshal(want)
	b, _ := json.Marshal(got)
	if string(a) != string(b) {
		t.Errorf("read back\n%s\nwant\n%s", b, a)
	}
	if got.On() != 1 {
		t.Errorf("On = %d, want 1", got.On())
	}
	// Same bytes, another name: the same decision (the key is the content).
	if _, st := store.Get(h, 400, 300); st != Decided {
		t.Error("the decision is not found by content")
	}
	// Other bytes at the same path: no decision, and the photo changed.
	other := ContentHash([]byte("edited bytes"))
	if _, st := store.Get(other, 400, 300); st != NoDecision {
		t.Errorf("other bytes find a decision (%v)", st)
	}
	if !store.Changed("/photos/a.jpg", other) {
		t.Error("Changed does not see that the photo's bytes changed")
	}
	if store.Changed("/photos/a.jpg", h) || store.Changed("/photos/b.jpg", other) {
		t.Error("Changed for the same bytes, or for a path never decided")
	}
	// Nothing in the store names the photo or holds a pixel.
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is readable by others (%v)", p, info.Mode())
		}
		b, _ := os.ReadFile(p)
		if strings.Contains(string(b), "a.jpg") || strings.Contains(p, "a.jpg") {
			t.Errorf("%s names the photo", p)
		}
		return nil
	})
}

// A damaged, foreign or misfitting entry is ignored (Damaged), never
// trusted; a decision that does not fit is not written.
func TestDecisionsDamagedAreIgnored(t *testing.T) {
	h := ContentHash([]byte("x"))
	for name, damage := range map[string]func(path string, d Decision){
		"truncated": func(path string, _ Decision) {
			b, _ := os.ReadFile(path)
			os.WriteFile(path, b[:len(b)/2], 0o600)
		},
		"not json":    func(path string, _ Decision) { os.WriteFile(path, []byte("\x00\x01garbage"), 0o600) },
		"old format":  func(path string, d Decision) { d.Format = 0; write(path, d) },
		"other photo": func(path string, d Decision) { d.Photo = ContentHash([]byte("y")); write(path, d) },
		"other size":  func(path string, d Decision) { d.Width = 4000; write(path, d) },
		"outside": func(path string, d Decision) {
			d.Masks[1].Box = detect.Rect{390, 100, 80, 90}
			write(path, d)
		},
		"unknown style": func(path string, d Decision) { d.Style = "invisible"; write(path, d) },
		"unknown maker": func(path string, d Decision) { d.Masks[0].By = "someone"; write(path, d) },
		"no masks":      func(path string, d Decision) { d.Masks = nil; write(path, d) },
	} {
		t.Run(name, func(t *testing.T) {
			store := OpenDecisions(t.TempDir())
			d := aDecision(h)
			if err := store.Put("a.jpg", d); err != nil {
				t.Fatal(err)
			}
			d.Format = decisionFormat
			damage(store.entryPath(h), d)
			if got, st := store.Get(h, 400, 300); st != Damaged || got.Masks != nil {
				t.Errorf("state %v, masks %v: want Damaged, none", st, got.Masks)
			}
		})
	}
	store := OpenDecisions(t.TempDir())
	bad := aDecision(h)
	bad.Masks[0].Box = detect.Rect{-5, 0, 10, 10}
	if err := store.Put("a.jpg", bad); err == nil {
		t.Error("a decision with a box outside the photo was written")
	}
	var nilStore *Decisions
	if _, st := nilStore.Get(h, 1, 1); st != NoDecision || nilStore.Put("a", bad) != nil || nilStore.Changed("a", h) {
		t.Error("a nil store is not an empty one")
	}
}

func write(path string, d Decision) {
	b, _ := json.Marshal(d)
	os.WriteFile(path, b, 0o600)
}

// A copy the review app saved with the parent's decision is the one a
// redact run with the same settings would make: it exists. A copy redact
// made before the parent decided is made again with their masks, then
// exists; --mask given (StyleOverDecisions) makes it again in that style.
func TestRedactAppliesTheParentsDecision(t *testing.T) {
	state, dir, out := t.TempDir(), t.TempDir(), t.TempDir()
	rec, store := OpenRecord(state), OpenDecisions(state)
	a, b := put(t, dir, "a.jpg", "school-gate.jpg"), put(t, dir, "b.jpg", "school-gate.jpg")
	ins := []photo.Input{a, b}
	cli := New(Settings{Detect: fast, Record: rec, Decisions: store})
	// b (the same bytes as a): redact first, with the detector's masks.
	if r := redactAll(t, cli, []photo.Input{b}, Dest{Dir: out}, WriteOptions{})[0]; r.Status != Written || r.Decided {
		t.Fatalf("b.jpg: %s decided %v", r.Status, r.Decided)
	}
	c := checkAll(t, cli, []photo.Input{a})[0]
	if c.Err != nil || len(c.Report.Faces) == 0 {
		t.Fatalf("school-gate.jpg: %v, %d faces", c.Err, len(c.Report.Faces))
	}
	// What the parent decides in the app: the first face unmasked, a mask
	// of their own, blur.
	app := Apply(c.Report.Faces, Decision{}, NoDecision, false)
	app.Masks[0].On = false
	app.Masks = append(app.Masks, DecidedMask{Box: detect.Rect{8, 8, 48, 40}, On: true, By: ByParent})
	dec := Decision{Photo: c.Hash, Width: c.Report.Width, Height: c.Report.Height, Style: redact.Blur, Masks: app.Masks}
	if err := store.Put(a.Path, dec); err != nil {
		t.Fatal(err)
	}
	// The app saves a.jpg as it does (tui/export.go): the plan of the
	// parent's masks, nothing detected.
	jobs, err := New(Settings{Faces: redact.NoFaces, Record: rec}).Settle([]photo.Input{a}, Dest{Dir: out})
	if err != nil {
		t.Fatal(err)
	}
	plan := PlanOf(dec.Masks, dec.Style)
	jobs[0].Plan = &plan
	if r := redactJobs(t, New(Settings{Faces: redact.NoFaces, Record: rec}), jobs, WriteOptions{}); r[0].Status != Written {
		t.Fatalf("the app's save: %s %v", r[0].Status, r[0].Err)
	}
	rs := redactAll(t, cli, ins, Dest{Dir: out}, WriteOptions{})
	if rs[0].Status != Exists || !rs[0].Decided {
		t.Errorf("a.jpg, saved by the app: %s decided %v, want exists", rs[0].Status, rs[0].Decided)
	}
	if rs[1].Status != Written || !rs[1].Decided || rs[1].Masked != len(plan.Masks) {
		t.Errorf("b.jpg, decided since: %s decided %v, %d masks, want written with the parent's %d", rs[1].Status, rs[1].Decided, rs[1].Masked, len(plan.Masks))
	}
	for _, cp := range rec.CopiesOf(b.Path) {
		if cp.Made.Faces != MadeByParent || !sameDrawing(cp.Masks, MasksOf(plan)) {
			t.Errorf("b.jpg's copy is recorded as made %+v with %v, want the parent's %v", cp.Made, cp.Masks, MasksOf(plan))
		}
	}
	for _, r := range redactAll(t, cli, ins, Dest{Dir: out}, WriteOptions{}) {
		if r.Status != Exists {
			t.Errorf("rerun: %s %s, want exists", r.In.Path, r.Status)
		}
	}
	solid := New(Settings{Detect: fast, Record: rec, Decisions: store, Style: redact.Solid, StyleOverDecisions: true})
	for _, r := range redactAll(t, solid, ins, Dest{Dir: out}, WriteOptions{}) {
		if r.Status != Written || !r.Decided {
			t.Errorf("--mask solid: %s %s decided %v, want written", r.In.Path, r.Status, r.Decided)
		}
	}
	for _, cp := range rec.CopiesOf(a.Path) {
		for _, m := range cp.Masks {
			if m.Style != string(redact.Solid) {
				t.Errorf("--mask solid: a mask in %s", m.Style)
			}
		}
	}
	// Without the decisions, the detector's masks.
	if r := redactAll(t, New(Settings{Detect: fast, Record: rec}), []photo.Input{a}, Dest{Dir: out}, WriteOptions{})[0]; r.Status != Written || r.Decided || r.Masked != len(c.Report.Faces) {
		t.Errorf("without decisions: %s decided %v, %d masks", r.Status, r.Decided, r.Masked)
	}
}
