package tui

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/redact"
)

// loadedWith is loaded with the parent's decisions kept in store.
func loadedWith(t testing.TB, store *engine.Decisions, w, h int, paths ...string) Model {
	t.Helper()
	m := New(Options{Paths: paths, Lang: advise.English, Out: io.Discard, Profile: &ascii, ExportDir: t.TempDir(), Decisions: store, Engine: withRecord(t)})
	t.Cleanup(m.Close) // the decisions are written before the folders go
	var tm tea.Model = m
	tm, _ = tm.Update(m.Init()())
	next := tm.(Model).checks.current().next()
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: w, Height: h})
	for range tm.(Model).photos {
		tm, _ = tm.Update(next())
	}
	return tm.(Model)
}

// photoNamed is the index of the photo whose name is name.
func photoNamed(t testing.TB, m Model, name string) int {
	t.Helper()
	for i, p := range m.photos {
		if filepath.Base(p.path) == name {
			return i
		}
	}
	t.Fatalf("no photo %s", name)
	return -1
}

// panelOf is the text beside the photo in the review, its lines joined.
func panelOf(m Model) string {
	return unwrapped(m.review.panel(m.session, m.photos[m.review.index], 1000))
}

// reviewOf opens the review of the photo named name.
func reviewOf(t testing.TB, m Model, name string) Model {
	t.Helper()
	tm, cmd := m.openReview(photoNamed(t, m, name), "")
	var mm tea.Model = tm
	runCmd(&mm, cmd, screenMsg)
	return mm.(Model)
}

// TestReopenedAppKeepsTheParentsMasks: a parent adds a mask over a face
// the detector missed and moves it, removes the detector's (false) one and
// sets the photo to pixelate, and quits without saving. Opened again, the
// photo has the parent's mask where they left it, marked as theirs on the
// screen, the removed one stays removed, the style is pixelate; the list
// says "your masks". The same bytes under another name in another folder
// get them too; a photo whose bytes changed gets the detector's masks and
// the review says it changed. Before the store, reopening showed the
// detector's masks again.
func TestReopenedAppKeepsTheParentsMasks(t *testing.T) {
	store := engine.OpenDecisions(t.TempDir())
	dir := twoPhotos(t)
	m := reviewOf(t, loadedWith(t, store, 120, 40, dir), "b.jpg")
	p := m.photos[m.review.index]
	if len(p.boxes) != 1 || p.boxes[0].manual {
		t.Fatalf("b.jpg: boxes %+v, want the detector's face", p.boxes)
	}
	m = press(t, m, "x", "n", "right", "right", "shift+down", "m", "m")
	want := p.boxes
	if len(want) != 1 || !want[0].manual || p.style != redact.Pixelate {
		t.Fatalf("after the edits: boxes %+v style %s", want, p.style)
	}
	m.Close() // quit: every decision made is written

	for _, c := range []struct{ name, path string }{
		{"the same folder", dir},
		{"renamed and moved", func() string {
			other := t.TempDir()
			copyPhoto(t, filepath.Join(dir, "b.jpg"), filepath.Join(other, "renamed.jpg"))
			return other
		}()},
	} {
		m := loadedWith(t, store, 120, 40, c.path)
		name := "b.jpg"
		if c.path != dir {
			name = "renamed.jpg"
		}
		if v := m.View(); !strings.Contains(v, "your masks") {
			t.Errorf("%s: the list does not say the masks are the parent's:\n%s", c.name, v)
		}
		m = reviewOf(t, m, name)
		q := m.photos[m.review.index]
		if len(q.boxes) != 1 || q.boxes[0].r != want[0].r || !q.boxes[0].manual || !q.boxes[0].on {
			t.Errorf("%s: boxes %+v, want the parent's mask at %v alone", c.name, q.boxes, want[0].r)
		}
		if q.style != redact.Pixelate {
			t.Errorf("%s: style %s, want pixelate", c.name, q.style)
		}
		v := panelOf(m)
		for _, s := range []string{"added by you", "back from last time", "(masks: pixels)"} {
			if !strings.Contains(v, s) {
				t.Errorf("%s: the review lacks %q:\n%s", c.name, s, v)
			}
		}
		m.Close()
	}

	// The photo changed: another photo's bytes under its name.
	copyPhoto(t, filepath.Join(photos, "astronaut.png"), filepath.Join(dir, "b.jpg"))
	m = reviewOf(t, loadedWith(t, store, 120, 40, dir), "b.jpg")
	q := m.photos[m.review.index]
	for _, b := range q.boxes {
		if b.manual || b.r == want[0].r {
			t.Errorf("a changed photo got the masks of the photo it was: %+v", q.boxes)
		}
	}
	if q.style != redact.Emoji || q.kept != keptChanged {
		t.Errorf("a changed photo: style %s, kept %v", q.style, q.kept)
	}
	if v := panelOf(m); !strings.Contains(v, "This photo changed since you chose its masks") {
		t.Errorf("the review does not say the photo changed:\n%s", v)
	}
}

// TestReopenedKeepsDetectorFacesRemovedAndFindsNewOnes: a decision holds
// the faces the parent removed (found again, they stay removed) and never
// unmasks a face it did not see: a face the detector finds that the
// decision does not hold is masked, and the review says so.
func TestReopenedKeepsDetectorFacesRemovedAndFindsNewOnes(t *testing.T) {
	store := engine.OpenDecisions(t.TempDir())
	dir := twoPhotos(t)
	copyPhoto(t, "../cmd/sharesafe/samples/1-tennis-club.jpg", filepath.Join(dir, "tennis.jpg")) // four faces
	m := reviewOf(t, loadedWith(t, store, 120, 40, dir), "tennis.jpg")
	p := m.photos[m.review.index]
	n := len(p.boxes)
	if n < 3 {
		t.Fatalf("a.jpg has %d faces, want several", n)
	}
	first, second := p.boxes[0], p.boxes[1]
	m = press(t, m, "x", "space") // remove face 1, turn face 2 off
	m.Close()
	// The decision forgets face 2 entirely, as if the detector had found
	// it only since.
	dec, st := store.Get(p.hash, p.report.Width, p.report.Height)
	if st != engine.Decided || len(dec.Masks) != n-1 || len(dec.Removed) != 1 {
		t.Fatalf("the decision kept: %v, %d masks, %d removed", st, len(dec.Masks), len(dec.Removed))
	}
	dec.Masks = dec.Masks[1:]
	if err := store.Put(p.path, dec); err != nil {
		t.Fatal(err)
	}
	m = reviewOf(t, loadedWith(t, store, 120, 40, dir), "tennis.jpg")
	q := m.photos[m.review.index]
	if len(q.boxes) != n-1 {
		t.Errorf("%d masks, want %d (one removed)", len(q.boxes), n-1)
	}
	for _, b := range q.boxes {
		if b.r == first.r {
			t.Error("a face the parent removed came back")
		}
	}
	last := q.boxes[len(q.boxes)-1]
	if last.r != second.r || !last.on || q.foundSince != 1 {
		t.Errorf("a face the decision does not hold: %+v (found since %d), want it masked", last, q.foundSince)
	}
	if v := panelOf(m); !strings.Contains(v, "1 face sharesafe found is not in your earlier choices: it is masked.") {
		t.Errorf("the review does not say a face was found since:\n%s", v)
	}
}

// TestDamagedDecisionsAreIgnored: an entry of the store that cannot be
// read gives the detector's masks, and the review says the earlier choices
// could not be read back.
func TestDamagedDecisionsAreIgnored(t *testing.T) {
	state := t.TempDir()
	store := engine.OpenDecisions(state)
	dir := twoPhotos(t)
	m := reviewOf(t, loadedWith(t, store, 120, 40, dir), "b.jpg")
	m = press(t, m, "n", "m")
	m.Close()
	filepath.Walk(filepath.Join(state, "decisions"), func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && !strings.Contains(path, "paths") {
			os.WriteFile(path, []byte(`{"format":1,"photo":"`), 0o600)
		}
		return nil
	})
	m = reviewOf(t, loadedWith(t, store, 120, 40, dir), "b.jpg")
	q := m.photos[m.review.index]
	if len(q.boxes) != 1 || q.boxes[0].manual || q.style != redact.Emoji || q.kept != keptDamaged {
		t.Errorf("damaged decisions: boxes %+v style %s kept %v, want the detector's", q.boxes, q.style, q.kept)
	}
	if v := panelOf(m); !strings.Contains(v, "could not be read back") {
		t.Errorf("the review does not say the choices could not be read:\n%s", v)
	}
}

// TestUndo: u undoes the last edit, one at a time, back to the masks the
// detector found; then says there is nothing to undo. An edit of another
// photo is undone on that photo, which is shown. Undone edits are recorded
// too.
func TestUndo(t *testing.T) {
	store := engine.OpenDecisions(t.TempDir())
	dir := twoPhotos(t)
	m := reviewOf(t, loadedWith(t, store, 120, 40, dir), "b.jpg")
	p := m.photos[m.review.index]
	start := p.snapshot().key()
	var keys []string
	steps := []string{"n", "right", "shift+right", "space", "m", "x", "c"}
	var states []string
	for _, k := range steps {
		states = append(states, p.snapshot().key())
		m = press(t, m, k)
		keys = append(keys, k)
	}
	for i := len(steps) - 1; i >= 0; i-- {
		m = press(t, m, "u")
		if got := p.snapshot().key(); got != states[i] {
			t.Fatalf("u after %v: %s, want %s", keys[:i+1], got, states[i])
		}
	}
	if p.snapshot().key() != start {
		t.Error("undoing every edit does not give the detector's masks back")
	}
	m = press(t, m, "u")
	if v := m.View(); !strings.Contains(v, "Nothing to undo.") {
		t.Errorf("u with nothing left to undo:\n%s", v)
	}
	// An edit of a.jpg, then b.jpg shown: u undoes it on a.jpg and shows it.
	m = reviewOf(t, m, "a.jpg")
	a := m.photos[m.review.index]
	m = press(t, m, "space")
	if a.boxes[0].on {
		t.Fatal("space did not turn the mask off")
	}
	m = reviewOf(t, m, "b.jpg")
	m = press(t, m, "u")
	if !a.boxes[0].on || m.photos[m.review.index] != a {
		t.Errorf("u: a.jpg's mask on %v, photo shown %s", a.boxes[0].on, m.photos[m.review.index].rel)
	}
	if v := m.View(); !strings.Contains(v, "Your last change was undone.") {
		t.Errorf("u does not say what it did:\n%s", v)
	}
	m.Close()
	if dec, st := store.Get(a.hash, a.report.Width, a.report.Height); st != engine.Decided || dec.On() != len(a.boxes) {
		t.Errorf("the undone edit is not recorded: %v, %d masks on", st, dec.On())
	}
}

// TestUndoADrag: a mask drawn with the mouse is undone whole.
func TestUndoADrag(t *testing.T) {
	m := press(t, loaded(t, 100, 30, filepath.Join(photos, "school-gate.jpg")), "enter")
	p := m.photos[0]
	before := p.snapshot().key()
	var tm tea.Model = m
	for _, ev := range []tea.MouseMsg{
		{X: 2, Y: 3, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft},
		{X: 8, Y: 7, Action: tea.MouseActionMotion, Button: tea.MouseButtonLeft},
		{X: 12, Y: 9, Action: tea.MouseActionMotion, Button: tea.MouseButtonLeft},
		{X: 12, Y: 9, Action: tea.MouseActionRelease, Button: tea.MouseButtonLeft},
	} {
		var cmd tea.Cmd
		tm, cmd = tm.Update(ev)
		runCmd(&tm, cmd, screenMsg)
	}
	if len(p.boxes) != 2 {
		t.Fatalf("the drag drew no mask: %+v", p.boxes)
	}
	press(t, tm.(Model), "u")
	if p.snapshot().key() != before {
		t.Errorf("u after a drag: %+v, want the mask gone", p.boxes)
	}
}

// TestNextAndPreviousPhoto: > and < (also ] [ . ,) go to the next and the
// previous photo from the review, passing over files that cannot be read,
// and say so at either end.
func TestNextAndPreviousPhoto(t *testing.T) {
	dir := twoPhotos(t)
	os.WriteFile(filepath.Join(dir, "ab.jpg"), []byte("not a photo"), 0o644) // between a.jpg and b.jpg
	m := loaded(t, 120, 40, dir)
	m = reviewOf(t, m, "a.jpg")
	for _, k := range []string{">", "]", "."} {
		m = reviewOf(t, m, "a.jpg")
		m = press(t, m, k)
		if got := filepath.Base(m.photos[m.review.index].path); got != "b.jpg" || m.screen != reviewScreen {
			t.Errorf("%s from a.jpg shows %s, want b.jpg (the file that cannot be read passed over)", k, got)
		}
	}
	m = press(t, m, ">")
	if v := m.View(); !strings.Contains(v, "This is the last photo.") || filepath.Base(m.photos[m.review.index].path) != "b.jpg" {
		t.Errorf("> on the last photo:\n%s", v)
	}
	for _, k := range []string{"<", "[", ","} {
		m = reviewOf(t, m, "b.jpg")
		m = press(t, m, k)
		if got := filepath.Base(m.photos[m.review.index].path); got != "a.jpg" {
			t.Errorf("%s from b.jpg shows %s, want a.jpg", k, got)
		}
	}
	m = press(t, m, "<")
	if v := m.View(); !strings.Contains(v, "This is the first photo.") {
		t.Errorf("< on the first photo:\n%s", v)
	}
	m = press(t, toLang(t, m, advise.French), "?")
	if v := m.View(); !strings.Contains(v, "photo suivante") || !strings.Contains(v, "photo précédente") {
		t.Errorf("the French help lacks the keys to the next and previous photo:\n%s", v)
	}
}

// TestStyleForEveryPhoto: M in the review gives every photo the style of
// the one shown, m in the list changes the style of every photo; the
// photos checked after get it too; u undoes it whole.
func TestStyleForEveryPhoto(t *testing.T) {
	dir := twoPhotos(t)
	copyPhoto(t, filepath.Join(photos, "astronaut.png"), filepath.Join(dir, "c.png"))
	m := reviewOf(t, loaded(t, 120, 40, dir), "b.jpg")
	m = press(t, m, "m", "m", "M") // pixelate, for every photo
	for _, p := range m.photos {
		if p.style != redact.Pixelate {
			t.Errorf("%s: style %s after M, want pixelate", p.rel, p.style)
		}
	}
	if v := unwrapped(m.View()); !strings.Contains(v, "Every photo will be masked with pixels") {
		t.Errorf("M does not say what it did:\n%s", m.View())
	}
	m = press(t, m, "esc", "m") // the list: the next style, solid, for every photo
	for _, p := range m.photos {
		if p.style != redact.Solid {
			t.Errorf("%s: style %s after m in the list, want solid", p.rel, p.style)
		}
	}
	if v := m.View(); !strings.Contains(v, "Every photo will be masked with solid") {
		t.Errorf("m in the list does not say what it did:\n%s", v)
	}
	m = press(t, m, "u")
	for _, p := range m.photos {
		if p.style != redact.Pixelate {
			t.Errorf("%s: style %s after u, want pixelate again", p.rel, p.style)
		}
	}
	// A photo checked after the style was set gets it.
	late := m.photos[0]
	m2 := New(Options{Paths: []string{dir}, Lang: advise.English, Out: io.Discard, Profile: &ascii})
	defer m2.Close()
	var tm tea.Model = m2
	tm, _ = tm.Update(m2.Init()())
	next := tm.(Model).checks.current().next()
	first := next()
	tm, _ = tm.Update(first)
	tm, cmd := tm.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("m")})
	runCmd(&tm, cmd, screenMsg)
	for range len(tm.(Model).photos) - 1 {
		tm, _ = tm.Update(next())
	}
	for _, p := range tm.(Model).photos {
		if p.report != nil && p.style != redact.Blur {
			t.Errorf("%s: style %s, want blur (set for every photo while it was checked)", p.rel, p.style)
		}
	}
	_ = late
}

// TestSaveAnEmptyFolder: e in a folder without photos says there is
// nothing to save, and opens no export.
func TestSaveAnEmptyFolder(t *testing.T) {
	for _, c := range []struct {
		lang advise.Lang
		want string
	}{
		{advise.English, "There is nothing to save"},
		{advise.French, "Rien à enregistrer"},
	} {
		m := toLang(t, loaded(t, 120, 30, t.TempDir()), c.lang)
		m = press(t, m, "e")
		if m.screen != browseScreen {
			t.Errorf("%s: e in an empty folder opens the export", c.lang)
		}
		if v := m.View(); !strings.Contains(v, c.want) || strings.Contains(v, "Done") {
			t.Errorf("%s: e in an empty folder:\n%s", c.lang, v)
		}
	}
}

// quitKey presses k and hands the model what its command sends: it
// returns the model and whether the app quits (its life is then over).
func quitKey(t *testing.T, m Model, k tea.KeyMsg) (Model, bool) {
	t.Helper()
	var tm tea.Model = m
	tm, cmd := tm.Update(k)
	for cmd != nil {
		msg := cmd()
		if _, ok := msg.(tea.QuitMsg); ok {
			return tm.(Model), true
		}
		if _, ok := msg.(quitMsg); !ok && !screenMsg(msg) {
			break
		}
		tm, cmd = tm.Update(msg)
	}
	return tm.(Model), false
}

// TestQuitWithChangesNotSavedAsks: q and ctrl+c with changes in no safe
// copy ask first, in English and French; n (or esc) stays, e opens the
// save, y (o in French) or a second ctrl+c quits; once the copies are
// saved, q quits at once. Before, q and ctrl+c quit at once.
func TestQuitWithChangesNotSavedAsks(t *testing.T) {
	q := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")}
	ctrlC := tea.KeyMsg{Type: tea.KeyCtrlC}
	dir := t.TempDir() // one photo: the app is opened a dozen times
	copyPhoto(t, filepath.Join(photos, "school-gate.jpg"), filepath.Join(dir, "b.jpg"))
	for _, c := range []struct {
		lang      advise.Lang
		ask, yes  string
		kept      string
		notInCopy string
	}{
		{advise.English, "Quit anyway?", "y", "Your choices are kept", "The changes you made to 1 photo are not in a safe copy yet."},
		{advise.French, "Quitter quand même\u202f?", "o", "Vos choix sont gardés", "Les changements faits sur 1 photo ne sont pas encore dans une copie sûre."},
	} {
		// open is the app on b.jpg, a mask added when edit is set (each
		// quit ends a model's life: every check gets its own).
		open := func(edit bool) Model {
			m := toLang(t, reviewOf(t, loadedWith(t, engine.OpenDecisions(t.TempDir()), 120, 40, dir), "b.jpg"), c.lang)
			t.Cleanup(m.Close)
			if edit {
				m = press(t, m, "n")
			}
			return m
		}
		if _, quits := quitKey(t, open(false), q); !quits {
			t.Fatalf("%s: q with no change does not quit", c.lang)
		}
		for _, k := range []tea.KeyMsg{q, ctrlC} {
			asked, quits := quitKey(t, open(true), k)
			v := unwrapped(asked.View())
			if quits || !strings.Contains(v, c.ask) || !strings.Contains(v, c.notInCopy) || !strings.Contains(v, c.kept) {
				t.Errorf("%s: %s with a change not saved (quits %v):\n%s", c.lang, k, quits, asked.View())
			}
			stay, quits := quitKey(t, asked, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("n")})
			if quits || stay.confirmQuit || stay.screen != reviewScreen {
				t.Errorf("%s: n does not stay", c.lang)
			}
			stay, quits = quitKey(t, asked, tea.KeyMsg{Type: tea.KeyEsc})
			if quits || stay.confirmQuit {
				t.Errorf("%s: esc does not stay", c.lang)
			}
			save, quits := quitKey(t, asked, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("e")})
			if quits || save.screen != exportScreen || save.confirmQuit {
				t.Errorf("%s: e does not open the save", c.lang)
			}
			if _, quits := quitKey(t, asked, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(c.yes)}); !quits {
				t.Errorf("%s: %s does not quit", c.lang, c.yes)
			}
		}
		asked, _ := quitKey(t, open(true), ctrlC)
		if _, quits := quitKey(t, asked, ctrlC); !quits {
			t.Errorf("%s: ctrl+c when asked does not quit", c.lang)
		}
		m := exportNow(t, open(true), filepath.Join(t.TempDir(), "safe"), "")
		if got, quits := quitKey(t, m, q); !quits {
			t.Errorf("%s: q after saving does not quit at once:\n%s", c.lang, got.View())
		}
	}
}
