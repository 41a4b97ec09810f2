package tui

import (
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/words"
)

// TestSaveWritesTheLatestMasks edits, saves, edits again and saves again:
// the copy on disk carries the second edit (it used to be left alone as
// "is there already"), and is verified clean.
func TestSaveWritesTheLatestMasks(t *testing.T) {
	dir := t.TempDir()
	m := loaded(t, 100, 30, filepath.Join(photos, "school-gate.jpg"))
	m = press(t, m, "enter", "m", "m", "m") // solid masks
	m = exportNow(t, m, dir, "")
	out := filepath.Join(dir, "school-gate.jpg")
	first := openClean(t, out)
	// Second edit: a mask added by hand, moved to the top left corner.
	m = press(t, m, "enter", "n")
	for i := 0; i < 60; i++ {
		m = press(t, m, "left", "up")
	}
	p := m.photos[0]
	added := p.boxes[len(p.boxes)-1].r
	if added.Min != (image.Point{}) {
		t.Fatalf("the added mask is at %v, not in the corner", added)
	}
	m = exportNow(t, m, dir, "")
	if v := strings.Join(m.export.lines, "\n"); !strings.Contains(v, "saved again with your latest masks") {
		t.Errorf("the second save does not say it rewrote the copy: %q", v)
	}
	second := openClean(t, out)
	if d := meanDistance(second.Image, added, redact.SolidColor); d > 6 {
		t.Errorf("the second edit's mask %v is not on disk (mean distance to solid %.1f)", added, d)
	}
	if d := meanDistance(first.Image, added, redact.SolidColor); d < 20 {
		t.Fatalf("test photo: the corner was already solid in the first save (%.1f)", d)
	}
	// A third save with nothing changed leaves the copy alone and says so.
	m = exportNow(t, m, dir, "")
	if v := strings.Join(m.export.lines, "\n"); !strings.Contains(v, "unchanged since it was saved") {
		t.Errorf("third save: %q", v)
	}
}

// TestFaceWords says each face's label in both languages, never an age as
// a precise number (the tennis club's ten-year-olds were "about 3" and
// "about 5"): with the details key, the age guess as a band on the
// label's side of its cut, in whole years true of every face of the label
// (a child's guess is under detect.ChildUnder, an adult's at least
// detect.AdultFrom) and as tight as whole years allow, and the reason of
// an unsure face: between the two cuts, "could be a teenager".
func TestFaceWords(t *testing.T) {
	under, from := int(math.Ceil(detect.ChildUnder)), int(math.Floor(detect.AdultFrom))
	if float64(under) < detect.ChildUnder || float64(under-1) >= detect.ChildUnder {
		t.Fatalf("under %d is not the child cut %.1f in whole years", under, detect.ChildUnder)
	}
	if float64(from) > detect.AdultFrom || float64(from+1) <= detect.AdultFrom {
		t.Fatalf("%d or more is not the adult cut %.1f in whole years", from, detect.AdultFrom)
	}
	age := func(v float64) *float64 { return &v }
	child, teen, adult := age(detect.ChildUnder-3.3), age((detect.ChildUnder+detect.AdultFrom)/2+0.3), age(detect.AdultFrom+21.4)
	for v, l := range map[*float64]string{child: detect.LabelChild, teen: detect.LabelUnsure, adult: detect.LabelAdult} {
		if got := detect.LabelForAge(*v); got != l {
			t.Fatalf("test ages: %.1f is %s, not %s", *v, got, l)
		}
	}
	for _, c := range []struct {
		lang    advise.Lang
		label   string
		age     *float64
		reason  string
		details bool
		words   string
	}{
		{advise.English, detect.LabelChild, child, "", false, "likely a child"},
		{advise.English, detect.LabelChild, child, "", true, fmt.Sprintf("likely a child, age guess under %d", under)},
		{advise.English, detect.LabelUnsure, teen, detect.ReasonMaybeTeen, false, "can't tell"},
		{advise.English, detect.LabelUnsure, teen, detect.ReasonMaybeTeen, true, "can't tell (could be a teenager)"},
		{advise.English, detect.LabelAdult, adult, "", false, "adult"},
		{advise.English, detect.LabelAdult, adult, "", true, fmt.Sprintf("adult, age guess %d or more", from)},
		{advise.English, detect.LabelUnsure, nil, detect.ReasonSmall, false, "can't tell"},
		{advise.English, detect.LabelUnsure, nil, detect.ReasonSmall, true, "can't tell (too small to judge)"},
		{advise.English, detect.LabelUnsure, nil, detect.ReasonUnconfirmed, true, "can't tell (may not be a face)"},
		{advise.French, detect.LabelChild, child, "", false, "probablement un enfant"},
		{advise.French, detect.LabelChild, child, "", true, fmt.Sprintf("probablement un enfant, âge deviné\u202f: moins de %d ans", under)},
		{advise.French, detect.LabelUnsure, teen, detect.ReasonMaybeTeen, false, "impossible à dire"},
		{advise.French, detect.LabelUnsure, teen, detect.ReasonMaybeTeen, true, "impossible à dire (peut-être un adolescent)"},
		{advise.French, detect.LabelAdult, adult, "", true, fmt.Sprintf("adulte, âge deviné\u202f: %d ans ou plus", from)},
		{advise.French, detect.LabelUnsure, nil, detect.ReasonTurned, true, "impossible à dire (de profil)"},
	} {
		got := faceWords(c.lang, c.label, c.age, c.reason, c.details)
		if got != c.words {
			t.Errorf("%s %s details=%v: %q, want %q", c.lang, c.label, c.details, got, c.words)
		}
		if c.age != nil && strings.Contains(got, fmt.Sprint(int(*c.age+0.5))) {
			t.Errorf("%q says the age guessed, %.1f", got, *c.age)
		}
	}
}

// TestChildrenKey: c masks every face that is a child, could be a
// teenager or can't tell and leaves adults visible, as --faces children
// does (redact.PlanFor), keeps the parent's own masks, and warns in the
// rule's own words (a face stays visible only when it is clearly an
// adult's) that the age is a guess and every face is worth a look, in
// English and French. The face list shows each face's label.
func TestChildrenKey(t *testing.T) {
	m := loaded(t, 120, 40, filepath.Join(photos, "school-gate.jpg"))
	p := m.photos[0]
	age := func(v float64) *float64 { return &v }
	rep := *p.report
	rep.Faces = []detect.Face{
		{Mask: detect.Rect{10, 10, 40, 40}, Label: detect.LabelChild, Age: age(6), Detector: "yunet"},
		{Mask: detect.Rect{60, 10, 40, 40}, Label: detect.LabelUnsure, Age: age((detect.ChildUnder + detect.AdultFrom) / 2), Reason: detect.ReasonMaybeTeen, Detector: "yunet"},
		{Mask: detect.Rect{110, 10, 40, 40}, Label: detect.LabelAdult, Age: age(detect.AdultFrom + 10), Detector: "yunet"},
	}
	for _, f := range rep.Faces {
		if detect.LabelForAge(*f.Age) != f.Label {
			t.Fatalf("test faces: %.1f is not %s", *f.Age, f.Label)
		}
	}
	var tm tea.Model = m
	tm, _ = tm.Update(scannedMsg{run: m.checks.current(), index: 0, report: &rep, small: p.small})
	m = press(t, tm.(Model), "enter", "n")
	for _, lang := range []advise.Lang{advise.English, advise.French} {
		m = toLang(t, m, lang)
		for i := range p.boxes[:3] {
			p.boxes[i].on = i == 2 // the opposite of what c should do
		}
		m = press(t, m, "c")
		want := redact.PlanFor(rep, redact.Children, p.style)
		if got := p.plan(); len(got.Masks) != len(want.Masks)+1 {
			t.Errorf("%s: after c, %d masks, want PlanFor's %d and the one drawn", lang, len(got.Masks), len(want.Masks))
		}
		for i, on := range []bool{true, true, false, true} {
			if p.boxes[i].on != on {
				t.Errorf("%s: after c, mask %d (%s) on=%v", lang, i+1, p.boxes[i].label, p.boxes[i].on)
			}
		}
		says := map[advise.Lang][]string{
			advise.English: {"likely a child", "can't tell", "adult", "added by you",
				"A face stays visible only when it is clearly an adult's", "can still look adult", "Look at every face."},
			advise.French: {"probablement un enfant", "impossible à dire", "adulte", "ajouté par vous",
				"Un visage ne reste visible que s'il est clairement celui d'un adulte", "peuvent encore lui paraître adultes", "Regardez chaque visage."},
		}[lang]
		panel := m.review.panel(m.session, p, 1000)
		for _, s := range says {
			if !strings.Contains(panel, s) {
				t.Errorf("%s: after c, the review does not say %q:\n%s", lang, s, panel)
			}
		}
		m = press(t, m, "tab") // the warning is said once
		if panel := m.review.panel(m.session, p, 1000); strings.Contains(panel, says[4]) {
			t.Errorf("%s: the warning stays after another key:\n%s", lang, panel)
		}
	}
}

// lastLine is the last line of a view.
func lastLine(v string) string {
	lines := strings.Split(strings.TrimRight(v, "\n"), "\n")
	return strings.TrimRight(lines[len(lines)-1], " ")
}

// TestKeysAreFindable: the hint bar always ends with the key for every
// key, whatever the width and language; the full help fits the screen and
// the title stays on it; it lists /, the arrows, shift+arrows, x, v and
// the mouse.
func TestKeysAreFindable(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {60, 20}, {120, 40}} {
		english := loaded(t, size[0], size[1], photos)
		for _, lang := range []advise.Lang{advise.English, advise.French} {
			more := map[advise.Lang]string{advise.English: "? more keys", advise.French: "? autres touches"}[lang]
			title := lang.T(words.AppTitle)
			m := english
			if lang == advise.French {
				m = toLang(t, m, advise.French)
			}
			screens := map[string]Model{"browse": m, "review": press(t, m, "end", "enter")}
			for name, s := range screens {
				v := s.View()
				if !strings.HasSuffix(lastLine(v), more) || lipgloss.Width(lastLine(v)) > size[0] {
					t.Errorf("%s %s %dx%d: hint bar %q does not end with %q", lang, name, size[0], size[1], lastLine(v), more)
				}
				full := press(t, s, "?").View()
				lines := strings.Split(full, "\n")
				if len(lines) > size[1] || !strings.Contains(lines[0], strings.Fields(title)[0]) {
					t.Errorf("%s %s %dx%d: full help is %d lines, first %q", lang, name, size[0], size[1], len(lines), lines[0])
				}
				for i, l := range lines {
					if lipgloss.Width(l) > size[0] {
						t.Errorf("%s %s %dx%d: line %d is %d wide", lang, name, size[0], size[1], i, lipgloss.Width(l))
					}
				}
				// The keys' names in the language (French: entrée, maj).
				need := []string{"/ ", lang.T(words.KeyNameEnter) + " ", "o ", "L "}
				if name == "review" {
					need = []string{"↑↓←→ ", lang.T(words.KeyNameShift) + "+↑↓←→ ", "x ", "v ", "c ", "tab ", lang.T(words.KeyNamePages) + " ", "r ", "d ", "L "}
				}
				for _, k := range need {
					if !strings.Contains(full, k) {
						t.Errorf("%s %s %dx%d: full help lacks %q:\n%s", lang, name, size[0], size[1], k, full)
					}
				}
			}
		}
	}
}

// cellOf is the screen cell showing a photo pixel in the review.
func cellOf(m Model, p *photoState, pt image.Point) (int, int) {
	pw, ph, _, _ := m.layout()
	k := p.scale * previewFit(p.small.size, pw, ph)
	return int(float64(pt.X) * k), 1 + int(float64(pt.Y)*k/2)
}

func mouse(t *testing.T, m Model, action tea.MouseAction, button tea.MouseButton, x, y int) Model {
	t.Helper()
	tm, _ := m.Update(tea.MouseMsg{X: x, Y: y, Action: action, Button: button})
	return tm.(Model)
}

// TestMouse: a click picks a mask, a drag moves it, a drag on the photo
// outside every mask draws a new one, the wheel scrolls the advice.
func TestMouse(t *testing.T) {
	m := loaded(t, 100, 30, filepath.Join(photos, "school-gate.jpg"))
	m = press(t, m, "enter", "n", "left", "left", "left", "left", "left", "left")
	p := m.photos[0]
	if len(p.boxes) != 2 || p.selected != 1 {
		t.Fatalf("boxes %v selected %d", p.boxes, p.selected)
	}
	face := p.boxes[0].r
	cx, cy := cellOf(m, p, image.Pt((face.Min.X+face.Max.X)/2, (face.Min.Y+face.Max.Y)/2))
	m = mouse(t, m, tea.MouseActionPress, tea.MouseButtonLeft, cx, cy)
	if p.selected != 0 {
		t.Fatalf("a click on mask 1 selected %d", p.selected+1)
	}
	m = mouse(t, m, tea.MouseActionMotion, tea.MouseButtonLeft, cx+5, cy+2)
	m = mouse(t, m, tea.MouseActionRelease, tea.MouseButtonNone, cx+5, cy+2)
	if moved := p.boxes[0].r; moved.Min.X <= face.Min.X || moved.Min.Y <= face.Min.Y || moved.Size() != face.Size() {
		t.Errorf("dragging mask 1: %v -> %v", face, moved)
	}
	// Draw on the bottom right of the photo, where there is no mask.
	w, h := size(p)
	x0, y0 := cellOf(m, p, image.Pt(w*3/4, h*3/4))
	x1, y1 := cellOf(m, p, image.Pt(w*9/10, h*9/10))
	m = mouse(t, m, tea.MouseActionPress, tea.MouseButtonLeft, x0, y0)
	m = mouse(t, m, tea.MouseActionMotion, tea.MouseButtonLeft, x1, y1)
	m = mouse(t, m, tea.MouseActionRelease, tea.MouseButtonNone, x1, y1)
	if len(p.boxes) != 3 || p.selected != 2 || !p.boxes[2].manual || !p.boxes[2].on {
		t.Fatalf("a drag on the photo did not draw a mask: %v", p.boxes)
	}
	if r := p.boxes[2].r; !image.Pt(w*8/10, h*8/10).In(r) {
		t.Errorf("drawn mask %v does not cover the dragged area", r)
	}
	if !strings.Contains(m.View(), "3  masked") {
		t.Errorf("the drawn mask is not listed:\n%s", m.View())
	}
	m = mouse(t, m, tea.MouseActionPress, tea.MouseButtonWheelDown, 80, 10)
	if m.review.advice.YOffset == 0 {
		t.Error("the wheel does not scroll the advice")
	}
}

// toLang presses L until the app speaks lang: L goes round words.Langs.
func toLang(t *testing.T, m Model, lang advise.Lang) Model {
	t.Helper()
	for range words.Langs() {
		if m.lang == lang {
			return m
		}
		m = press(t, m, "L")
	}
	if m.lang != lang {
		t.Fatalf("L never comes to %s", lang)
	}
	return m
}

// TestLanguageSwitch: L switches to French at any time, and nothing stays
// English: bubbles' list, place names, risk levels, faces.
func TestLanguageSwitch(t *testing.T) {
	m := loaded(t, 120, 40, photos)
	m = toLang(t, m, advise.French)
	v := m.View()
	for _, s := range []string{"vérifiez vos photos", "5 photos", "1 visage ·", "près de Lyon", "risque\u202f: très élevé", "qui la verra\u202f: public", "? autres touches"} {
		if !strings.Contains(v, s) {
			t.Errorf("French browse lacks %q:\n%s", s, v)
		}
	}
	for _, s := range []string{"items", "near ", "very high", "critical", "risk:", "1 face ·", "who will see"} {
		if strings.Contains(v, s) {
			t.Errorf("French browse still says %q:\n%s", s, v)
		}
	}
	filtered := press(t, m, "/")
	tm, cmd := filtered.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("z")})
	// bubbles' list filters in a Cmd: run it (only it: the cursor's blink
	// would tick forever).
	runCmd(&tm, cmd, func(msg tea.Msg) bool { _, ok := msg.(list.FilterMatchesMsg); return ok })
	if v := tm.View(); !strings.Contains(v, "Filtrer\u202f: z") || !strings.Contains(v, "0 photos (5 cachées par le filtre)") {
		t.Errorf("French filter matching nothing:\n%s", v)
	}
	m = press(t, m, "end", "enter")
	v = unwrapped(m.View())
	for _, s := range []string{"Visages", "masqué", "adulte", "Risque si vous la partagez en public\u202f: très élevé", "près de Lyon"} {
		if !strings.Contains(v, s) {
			t.Errorf("French review lacks %q:\n%s", s, m.View())
		}
	}
	for _, s := range []string{"very high", "near Lyon", "masked", "Faces", "adult,"} {
		if strings.Contains(v, s) {
			t.Errorf("French review still says %q:\n%s", s, m.View())
		}
	}
	m = toLang(t, m, advise.English)
	if v := m.View(); !strings.Contains(v, "Faces (tab to pick one)") || !strings.Contains(v, "very high") {
		t.Errorf("L again does not come back to English:\n%s", v)
	}
}

// TestMissingPathsAreNamed: a path that does not exist is named on the
// browse screen.
func TestMissingPathsAreNamed(t *testing.T) {
	m := New(Options{Paths: []string{"/nonexistent"}, Missing: MissingPaths([]string{"/nonexistent", photos}), Out: io.Discard, Profile: &ascii})
	if v := m.View(); !strings.Contains(v, "not found: /nonexistent") {
		t.Errorf("the missing path is not named:\n%s", v)
	}
}

// TestPickerStartsInTheFolderGivenAndGoesUp: o opens the picker in the
// folder given, shows where it is, hides permission strings, and
// backspace, ← and h go up a folder.
func TestPickerStartsInTheFolderGivenAndGoesUp(t *testing.T) {
	m := loaded(t, 100, 30, photos)
	abs, _ := filepath.Abs(photos)
	var tm tea.Model = m
	run := func(c tea.Cmd) { runCmd(&tm, c, func(tea.Msg) bool { return true }) }
	tm, cmd := tm.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")})
	run(cmd)
	v := tm.View()
	if !strings.Contains(v, "In: "+abs) || !strings.Contains(v, "school-gate.jpg") {
		t.Fatalf("the picker does not start in %s:\n%s", abs, v)
	}
	if strings.Contains(v, "-rw") || strings.Contains(v, "drwx") {
		t.Errorf("the picker shows permission strings:\n%s", v)
	}
	dir := abs
	for _, k := range []tea.KeyMsg{{Type: tea.KeyBackspace}, {Type: tea.KeyLeft}, {Type: tea.KeyRunes, Runes: []rune("h")}} {
		dir = filepath.Dir(dir)
		tm, cmd = tm.Update(k)
		run(cmd)
		if got := tm.(Model).picker.CurrentDirectory; got != dir {
			t.Errorf("%s: in %s, want %s", k, got, dir)
		}
	}
}

// TestQuitCancelsChecking: quitting while photos are being checked starts
// no further check (bubbletea runs a sequence of commands on after the
// program ends).
func TestQuitCancelsChecking(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 12; i++ {
		copyPhoto(t, filepath.Join(photos, "rotated.jpg"), filepath.Join(dir, itoa(i)+".jpg"))
	}
	m := New(Options{Paths: []string{dir}, Out: io.Discard, Profile: &ascii})
	p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutRenderer())
	go func() {
		for scansStarted.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		p.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	}()
	before := scansStarted.Load()
	fm, err := p.Run()
	if err != nil {
		t.Fatal(err)
	}
	fm.(Model).Close()
	after := scansStarted.Load()
	time.Sleep(500 * time.Millisecond)
	if n := scansStarted.Load(); n != after || after-before >= 12 {
		t.Errorf("checks went on after quitting: %d started by quit, %d half a second later", after-before, n-before)
	}
}

// TestQuitDuringExport: quitting while the copies are written stops the
// export; once Close returns nothing writes into the folder, and what is
// there is whole and clean.
func TestQuitDuringExport(t *testing.T) {
	in := t.TempDir()
	for i := 0; i < 8; i++ {
		copyPhoto(t, filepath.Join(photos, "school-gate.jpg"), filepath.Join(in, itoa(i)+".jpg"))
	}
	m := loaded(t, 100, 30, in)
	out := t.TempDir()
	m = press(t, m, "e")
	m.export.input.SetValue(out)
	tm, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	tm, cmd = tm.Update(cmd()) // the folder looked at
	if cmd == nil || !tm.(Model).export.running {
		t.Fatal("enter does not start the export")
	}
	tm, _ = tm.Update(cmd()) // one copy written
	tm, cmd = tm.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	if cmd != nil {
		tm, cmd = tm.Update(cmd()) // the root quits: nothing was changed by hand
	}
	if cmd == nil || cmd() != tea.Quit() {
		t.Fatal("q during an export does not quit")
	}
	done := make(chan struct{})
	go func() { tm.(Model).Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Close did not return: the export goroutine is stuck")
	}
	list := func() []string {
		e, _ := os.ReadDir(out)
		var names []string
		for _, f := range e {
			names = append(names, f.Name())
		}
		return names
	}
	first := list()
	time.Sleep(300 * time.Millisecond)
	if again := list(); strings.Join(again, ",") != strings.Join(first, ",") {
		t.Errorf("files still appear after Close: %v then %v", first, again)
	}
	if len(first) == 8 {
		t.Log("every copy was written before quitting (a fast machine)")
	}
	for _, n := range first {
		if n == photo.OutputMark {
			continue // the folder's mark (TestExportFolderIsMarked)
		}
		b, _ := os.ReadFile(filepath.Join(out, n))
		if err := photo.Verify(b); err != nil || strings.HasSuffix(n, ".tmp") {
			t.Errorf("%s left behind: %v", n, err)
		}
	}
}

func copyPhoto(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestKeysTypedTogetherGoInTurn: keys that arrive together ("mmme/x", as
// tmux or a fast typist sends them) are handled one at a time, in order,
// and those after a key that opens another screen go to that screen: the
// mask style changes three times, then the export screen gets "/x".
func TestKeysTypedTogetherGoInTurn(t *testing.T) {
	tm, wait := openApp(t, filepath.Join(photos, "school-gate.jpg"), "/tmp/safe") // nothing is saved
	wait("risk: very high")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	wait("Faces (tab to pick one)")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("mmme/x")})
	wait("> /tmp/safe/x") // the export's folder, with the keys typed after e
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	wait("Quit anyway?") // the style changed and is in no safe copy
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if s := fm.photos[0].style; s != redact.Solid {
		t.Errorf("mask style %s after m m m, want solid", s)
	}
	if v := fm.export.input.Value(); v != "/tmp/safe/x" {
		t.Errorf("the export folder is %q, want the keys after e typed into it", v)
	}
}

// TestBackKeepsTheFilter: with a filter applied, a photo reviewed and esc,
// the list still shows the photos that match (it used to show none: the
// list's command that filters again was dropped).
func TestBackKeepsTheFilter(t *testing.T) {
	var tm tea.Model = press(t, loaded(t, 100, 30, photos), "/")
	keep := func(msg tea.Msg) bool { _, ok := msg.(list.FilterMatchesMsg); return ok || screenMsg(msg) }
	for _, k := range []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune("school")}, {Type: tea.KeyEnter}, {Type: tea.KeyEnter}, {Type: tea.KeyEsc}} {
		var cmd tea.Cmd
		tm, cmd = tm.Update(k)
		runCmd(&tm, cmd, keep)
	}
	if v := tm.View(); !strings.Contains(v, "school-gate.jpg") || !strings.Contains(v, "1 photo (4 hidden by the filter)") {
		t.Errorf("back from the review, the filtered list:\n%s", v)
	}
}

// TestSelectedFaceStaysInView: on an 80x24 terminal a list of 29 faces is
// longer than the panel; tabbing to the last keeps its line (▶) in view,
// and back round to the first too.
func TestSelectedFaceStaysInView(t *testing.T) {
	m := loaded(t, 80, 24, filepath.Join(photos, "rotated.jpg"))
	m = press(t, m, "enter")
	p := m.photos[m.review.index]
	for i := 0; i < 28; i++ {
		p.boxes = append(p.boxes, box{r: image.Rect(10+i, 10, 30+i, 30), on: true, manual: true})
	}
	for range len(p.boxes) - 1 {
		m = press(t, m, "tab")
	}
	if p.selected != len(p.boxes)-1 {
		t.Fatalf("selected %d of %d faces", p.selected, len(p.boxes))
	}
	if v := m.View(); !strings.Contains(v, fmt.Sprintf("▶ %d ", len(p.boxes))) {
		t.Errorf("the selected face is not in view:\n%s", v)
	}
	m = press(t, m, "tab") // round to the first
	if v := m.View(); !strings.Contains(v, "▶ 1 ") {
		t.Errorf("back on the first face, it is not in view:\n%s", v)
	}
}
