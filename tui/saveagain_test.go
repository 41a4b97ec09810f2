package tui

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/redact"
)

// state is a parent's state folder: the decisions and the record of the
// copies, kept from one session of the app to the next.
type state struct {
	decisions *engine.Decisions
	record    *engine.Record
}

func newState(t testing.TB) state {
	dir := t.TempDir()
	return state{engine.OpenDecisions(dir), engine.OpenRecord(dir)}
}

// session opens the app on dir with the parent's state, every photo
// checked.
func (st state) session(t testing.TB, dir string) Model {
	t.Helper()
	m := New(Options{Paths: []string{dir}, Lang: advise.English, Out: io.Discard, Profile: &ascii, ExportDir: t.TempDir(),
		Decisions: st.decisions, Engine: engine.Settings{Record: st.record}})
	t.Cleanup(m.Close)
	var tm tea.Model = m
	tm, _ = tm.Update(m.Init()())
	next := tm.(Model).checks.current().next()
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	for range tm.(Model).photos {
		tm, _ = tm.Update(next())
	}
	return tm.(Model)
}

// copyState is a copy's bytes and when it was last written.
type copyState struct {
	b   []byte
	mod time.Time
}

func copiesIn(t *testing.T, dir string, names ...string) map[string]copyState {
	t.Helper()
	out := map[string]copyState{}
	for _, n := range names {
		p := filepath.Join(dir, n)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("no copy of %s: %v", n, err)
		}
		st, _ := os.Stat(p)
		out[n] = copyState{b, st.ModTime()}
	}
	return out
}

// TestReopenedAfterASave is the parent of issue 25: masks added over a
// missed face and the detector's (false) one removed, one photo set to
// pixelate, saved, quit. Reopened, the hand mask is there, marked as the
// parent's; saving again rewrites nothing (every copy unchanged, byte for
// byte, not even touched); blurring one more photo and saving rewrites
// that copy alone; a copy removed is written again pixel for pixel as the
// first. Before, reopening showed the detector's masks, and "Replace 3
// safe copies made earlier?" y rewrote every copy from them (the hand mask
// gone), n wrote nothing and said "Done".
func TestReopenedAfterASave(t *testing.T) {
	st := newState(t)
	dir := twoPhotos(t)
	copyPhoto(t, "../cmd/sharesafe/samples/1-tennis-club.jpg", filepath.Join(dir, "tennis.jpg"))
	out := filepath.Join(t.TempDir(), "safe")
	names := []string{"a.jpg", "b.jpg", "tennis.jpg"}

	m := reviewOf(t, st.session(t, dir), "b.jpg")
	p := m.photos[m.review.index]
	m = press(t, m, "x", "n", "left", "left", "m", "m") // the detector's mask removed, one drawn, pixelate
	hand := p.boxes[0].r
	if len(p.boxes) != 1 || !p.boxes[0].manual || p.style != redact.Pixelate {
		t.Fatalf("after the edits: %+v %s", p.boxes, p.style)
	}
	m = exportDone(t, m, out, "")
	if v := m.View(); !strings.Contains(v, "Done. Your safe copies are in") {
		t.Fatalf("the first save:\n%s", v)
	}
	first := copiesIn(t, out, names...)
	if mean := meanDistance(openClean(t, filepath.Join(out, "b.jpg")).Image, hand, redact.SolidColor); mean < 1 {
		t.Fatalf("the hand mask is not pixelated in the copy (mean distance from solid %.1f)", mean)
	}
	m.Close()
	time.Sleep(20 * time.Millisecond) // a rewrite would change the files' times

	// Reopened: the hand mask is back, marked as the parent's.
	m = reviewOf(t, st.session(t, dir), "b.jpg")
	q := m.photos[m.review.index]
	if len(q.boxes) != 1 || q.boxes[0].r != hand || !q.boxes[0].manual || q.style != redact.Pixelate {
		t.Fatalf("reopened: %+v %s, want the hand mask at %v, pixelate", q.boxes, q.style, hand)
	}
	if v := panelOf(m); !strings.Contains(v, "added by you") || !strings.Contains(v, "back from last time") {
		t.Errorf("reopened, the review does not mark the parent's masks:\n%s", v)
	}
	if m.unsaved() != 0 {
		t.Errorf("reopened with nothing changed, %d photos are said not saved", m.unsaved())
	}
	// Saved again with nothing changed: nothing rewritten.
	m = exportDone(t, m, out, "")
	for _, l := range m.export.lines {
		if !strings.Contains(l, "unchanged since it was saved") {
			t.Errorf("saved again with nothing changed: %q", l)
		}
	}
	if v := m.View(); !strings.Contains(v, "Done. Your safe copies are in") {
		t.Errorf("saved again:\n%s", v)
	}
	for n, c := range copiesIn(t, out, names...) {
		if !bytes.Equal(c.b, first[n].b) || !c.mod.Equal(first[n].mod) {
			t.Errorf("%s was rewritten by a save with nothing changed", n)
		}
	}

	// One more photo blurred: its copy alone is rewritten.
	m = press(t, reviewOf(t, press(t, m, "enter"), "tennis.jpg"), "m") // emoji -> blur
	m = exportDone(t, m, out, "")
	after := copiesIn(t, out, names...)
	for _, n := range []string{"a.jpg", "b.jpg"} {
		if !bytes.Equal(after[n].b, first[n].b) || !after[n].mod.Equal(first[n].mod) {
			t.Errorf("%s was rewritten, but only tennis.jpg changed", n)
		}
	}
	if bytes.Equal(after["tennis.jpg"].b, first["tennis.jpg"].b) {
		t.Error("tennis.jpg was not written again with blur")
	}
	saidAgain := false
	for _, l := range m.export.lines {
		saidAgain = saidAgain || strings.Contains(l, "tennis.jpg saved again with your latest masks")
	}
	if !saidAgain {
		t.Errorf("the lines do not say tennis.jpg was saved again: %q", m.export.lines)
	}
	m.Close()

	// A copy removed: written again, pixel for pixel the first.
	os.Remove(filepath.Join(out, "b.jpg"))
	m = exportDone(t, st.session(t, dir), out, "")
	if again := copiesIn(t, out, "b.jpg"); !bytes.Equal(again["b.jpg"].b, first["b.jpg"].b) {
		t.Error("b.jpg written again from the reopened app differs from the first save")
	}
	if v := m.View(); !strings.Contains(v, "Done. Your safe copies are in") {
		t.Errorf("saved after a copy was removed:\n%s", v)
	}
}

// TestSaveBeforeEveryPhotoIsChecked: e right after opening a folder saves
// every photo: the export waits, with its progress, until the photos not
// checked yet are; the last line says "Done" only when every copy is
// written; a file that cannot be read gets its line and the last line
// says one copy was not saved. Before, the export wrote the photos
// checked so far ("0/0 … Done") and never the others.
func TestSaveBeforeEveryPhotoIsChecked(t *testing.T) {
	for _, bad := range []bool{false, true} {
		dir := t.TempDir()
		for i := 0; i < 5; i++ {
			copyPhoto(t, filepath.Join(photos, "drawing.png"), filepath.Join(dir, itoa(i)+".png"))
		}
		if bad {
			os.WriteFile(filepath.Join(dir, "9-notes.jpg"), []byte("not a photo"), 0o644)
		}
		out := filepath.Join(t.TempDir(), "safe")
		m := New(Options{Paths: []string{dir}, Lang: advise.English, Out: io.Discard, Profile: &ascii, ExportDir: out, Engine: withRecord(t)})
		m.opt.Engine.Jobs = 1
		t.Cleanup(m.Close)
		var tm tea.Model = m
		tm, _ = tm.Update(m.Init()()) // the photos found; none checked yet
		next := tm.(Model).checks.current().next()
		tm, _ = tm.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		mm := press(t, tm.(Model), "e", "enter")
		if !mm.export.waiting || mm.export.running {
			t.Fatalf("e then enter before the photos are checked: waiting %v, running %v", mm.export.waiting, mm.export.running)
		}
		if v := mm.View(); !strings.Contains(v, "still being checked") || !strings.Contains(v, "0/") || strings.Contains(v, "enter save") {
			t.Errorf("the export does not say it checks the photos first:\n%s", v)
		}
		// As bubbletea would: each photo checked, then the export.
		tm = mm
		keep := func(msg tea.Msg) bool {
			switch msg.(type) {
			case scannedMsg, exportResultMsg, exportDoneMsg:
				return true
			}
			return screenMsg(msg)
		}
		tm, cmd := tm.Update(next())
		runCmd(&tm, cmd, keep)
		mm = tm.(Model)
		if !mm.export.done {
			t.Fatalf("the export did not finish:\n%s", mm.View())
		}
		for i := 0; i < 5; i++ {
			openClean(t, filepath.Join(out, itoa(i)+".png"))
		}
		v := unwrapped(mm.View())
		total := 5
		if bad {
			total = 6
			if !strings.Contains(v, "✗ Can't save 9-notes.jpg: the file is damaged or not a photo.") ||
				!strings.Contains(v, "1 safe copy was not saved") || strings.Contains(v, "Done") {
				t.Errorf("with a file that cannot be read:\n%s", mm.View())
			}
		} else if !strings.Contains(v, "Done. Your safe copies are in") {
			t.Errorf("every copy written:\n%s", mm.View())
		}
		if !strings.Contains(v, itoa(total)+"/"+itoa(total)) {
			t.Errorf("the progress does not count every photo (%d):\n%s", total, mm.View())
		}
	}
}

// TestMasksComeBackFromTheCopySaved: when the store of decisions has lost
// a photo's entry (removed, or damaged), the masks of the last copy saved
// from the same photo come back from the record of copies, the parent's
// marked as theirs, and the copy is not rewritten.
func TestMasksComeBackFromTheCopySaved(t *testing.T) {
	st := newState(t)
	dir := twoPhotos(t)
	out := filepath.Join(t.TempDir(), "safe")
	m := reviewOf(t, st.session(t, dir), "b.jpg")
	p := m.photos[m.review.index]
	m = press(t, m, "n", "right", "m")
	hand := p.boxes[1].r
	m = exportDone(t, m, out, "")
	m.Close()
	if err := os.RemoveAll(filepath.Join(st.record.Dir(), "decisions")); err != nil {
		t.Fatal(err)
	}
	m = reviewOf(t, st.session(t, dir), "b.jpg")
	q := m.photos[m.review.index]
	if len(q.boxes) != 2 || q.boxes[1].r != hand || !q.boxes[1].manual || q.style != redact.Blur || q.kept != keptBack {
		t.Fatalf("masks %+v, style %s: want the detector's and the hand mask at %v, blur, from the copy", q.boxes, q.style, hand)
	}
	m = exportDone(t, m, out, "")
	for _, l := range m.export.lines {
		if !strings.Contains(l, "unchanged since it was saved") {
			t.Errorf("saved again: %q", l)
		}
	}
}

// TestCopiesOfUntouchedPhotosAreNotTheParents: photos saved with the
// detector's masks as they were are not said to hold the parent's masks
// when the folder is opened again (the record of copies holds them, the
// store of decisions does not).
func TestCopiesOfUntouchedPhotosAreNotTheParents(t *testing.T) {
	st := newState(t)
	dir := twoPhotos(t)
	out := filepath.Join(t.TempDir(), "safe")
	exportDone(t, st.session(t, dir), out, "").Close()
	m := st.session(t, dir)
	if v := m.View(); strings.Contains(v, "your masks") {
		t.Errorf("photos never edited are said to hold the parent's masks:\n%s", v)
	}
	for _, p := range m.photos {
		if p.kept != keptNone || p.edited {
			t.Errorf("%s: kept %v, edited %v", p.rel, p.kept, p.edited)
		}
	}
	if m.unsaved() != 0 {
		t.Errorf("%d photos said not saved", m.unsaved())
	}
}
