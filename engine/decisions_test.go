package engine

import (
	"encoding/json"
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
