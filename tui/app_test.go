package tui

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
)

// TestMain checks with the fast detector: these tests are about the app,
// not about detection quality.
func TestMain(m *testing.M) {
	inspectOptions = detect.Options{Faces: true, Face: detect.FastFaceOptions, Ages: true}
	os.Exit(m.Run())
}

// updating reports whether -update was given (the flag is teatest's).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

var ascii = termenv.Ascii

const photos = "../testdata/photos"

// withRecord are engine settings with a record of the copies of the
// test's own (the app's is the user's state folder).
func withRecord(t testing.TB) engine.Settings {
	return engine.Settings{Record: engine.OpenRecord(t.TempDir())}
}

// loaded returns a model whose scans have run (as bubbletea would run the
// Cmds), sized w x h, colour profile pinned to ASCII.
func loaded(t testing.TB, w, h int, paths ...string) Model {
	t.Helper()
	m := New(Options{Paths: paths, Lang: advise.English, Out: io.Discard, Profile: &ascii, ExportDir: t.TempDir(), Engine: withRecord(t)})
	var tm tea.Model = m
	tm, _ = tm.Update(m.Init()()) // the photos found, their checks started
	next := tm.(Model).checks.current().next()
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: w, Height: h})
	for range tm.(Model).photos {
		tm, _ = tm.Update(next())
	}
	return tm.(Model)
}

// screenMsg reports whether msg is one of the screens': a preview drawn,
// a screen asking the root model for another, or the export's folder
// looked at.
func screenMsg(msg tea.Msg) bool {
	switch msg.(type) {
	case previewMsg, thumbMsg, openReviewMsg, backToBrowseMsg, openExportMsg, openPickerMsg, nextAudienceMsg, exportSortedMsg, styleForAllMsg, detailsMsg:
		return true
	}
	return false
}

func press(t testing.TB, m Model, keys ...string) Model {
	t.Helper()
	var tm tea.Model = m
	for _, k := range keys {
		var msg tea.KeyMsg
		switch k {
		case "enter":
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		case "esc":
			msg = tea.KeyMsg{Type: tea.KeyEsc}
		case "tab":
			msg = tea.KeyMsg{Type: tea.KeyTab}
		case "space":
			msg = tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" ")}
		case "up":
			msg = tea.KeyMsg{Type: tea.KeyUp}
		case "down":
			msg = tea.KeyMsg{Type: tea.KeyDown}
		case "left":
			msg = tea.KeyMsg{Type: tea.KeyLeft}
		case "right":
			msg = tea.KeyMsg{Type: tea.KeyRight}
		case "shift+right":
			msg = tea.KeyMsg{Type: tea.KeyShiftRight}
		case "shift+down":
			msg = tea.KeyMsg{Type: tea.KeyShiftDown}
		case "end":
			msg = tea.KeyMsg{Type: tea.KeyEnd}
		default:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		}
		var cmd tea.Cmd
		tm, cmd = tm.Update(msg)
		// Run the preview Cmd a key may start, and the screen it may open,
		// as bubbletea would.
		runCmd(&tm, cmd, screenMsg)
	}
	return tm.(Model)
}

func TestUpdateEditsMasks(t *testing.T) {
	m := loaded(t, 100, 30, filepath.Join(photos, "school-gate.jpg"))
	m = press(t, m, "enter")
	if m.screen != reviewScreen {
		t.Fatal("enter does not open the review")
	}
	p := m.photos[0]
	if len(p.boxes) != 1 || !p.boxes[0].on {
		t.Fatalf("boxes %+v, want one masked face", p.boxes)
	}
	m = press(t, m, "space")
	if p.boxes[0].on {
		t.Error("space does not turn the mask off")
	}
	m = press(t, m, "n")
	if len(p.boxes) != 2 || !p.boxes[1].manual || !p.boxes[1].on || p.selected != 1 {
		t.Fatalf("n: boxes %+v selected %d", p.boxes, p.selected)
	}
	before := p.boxes[1].r
	m = press(t, m, "right", "down", "shift+right", "shift+down")
	after := p.boxes[1].r
	if after.Min.X <= before.Min.X || after.Min.Y <= before.Min.Y || after.Dx() <= before.Dx() || after.Dy() <= before.Dy() {
		t.Errorf("arrows and shift+arrows: %v -> %v", before, after)
	}
	for i := 0; i < 100; i++ { // pushing past the edge keeps it inside
		m = press(t, m, "right")
	}
	if p.boxes[1].r.Max.X != p.report.Width {
		t.Errorf("box left the photo: %v (width %d)", p.boxes[1].r, p.report.Width)
	}
	m = press(t, m, "m")
	if p.style != redact.Blur {
		t.Errorf("m: style %s, want blur after emoji", p.style)
	}
	m = press(t, m, "a")
	if m.audience != advise.Friends || !strings.Contains(m.View(), "friends") {
		t.Errorf("a: audience %s", m.audience)
	}
	m = press(t, m, "x")
	if len(p.boxes) != 1 || p.selected != 0 {
		t.Errorf("x: boxes %+v selected %d", p.boxes, p.selected)
	}
	m = press(t, m, "v")
	if !m.review.original || !strings.Contains(m.View(), "ORIGINAL") {
		t.Error("v does not show the original, or does not say so")
	}
	m = press(t, m, "esc")
	if m.screen != browseScreen {
		t.Error("esc does not go back")
	}
}

// TestViewGolden draws the browse and review screens at 80x24 and 120x40
// with the colour profile pinned to ASCII (previews become text boxes) and
// compares with testdata/TestViewGolden (rewrite with -update).
func TestViewGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m := loaded(t, size[0], size[1], photos)
		views := map[string]string{"browse": m.View()}
		m = press(t, m, "end", "enter")
		views["review"] = m.View()
		m = press(t, m, "n", "tab")
		views["review-added"] = m.View()
		for name, v := range views {
			path := filepath.Join("testdata", "TestViewGolden", name+"-"+itoa(size[0])+"x"+itoa(size[1])+".txt")
			if updating() {
				os.MkdirAll(filepath.Dir(path), 0o755)
				os.WriteFile(path, []byte(v), 0o644)
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if string(want) != v {
				t.Errorf("%s differs from its golden:\n%s", path, v)
			}
			for i, line := range strings.Split(v, "\n") {
				if n := len([]rune(line)); n > size[0] {
					t.Errorf("%s line %d is %d wide", name, i, n)
				}
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// openApp runs the app on one photo in a 100x30 terminal (teatest), and
// returns it with a function that waits for a text on its screen.
func openApp(t *testing.T, path, exportDir string) (*teatest.TestModel, func(string)) {
	t.Helper()
	m := New(Options{Paths: []string{path}, Lang: advise.English, Out: io.Discard, Profile: &ascii, ExportDir: exportDir, Engine: withRecord(t)})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30))
	return tm, func(s string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
			teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
}

// TestFlowOpenToggleAddAudienceExport drives the app with teatest: open a
// photo, turn its face's mask off then on again, add a box, change the
// audience, choose solid masks, export into a temporary folder, and checks
// the files written: clean, and the faces masked.
func TestFlowOpenToggleAddAudienceExport(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "safe")
	tm, wait := openApp(t, filepath.Join(photos, "school-gate.jpg"), out)
	wait("risk: very high")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	wait("Faces (tab to pick one)")
	tm.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" ")})
	wait("NOT masked")
	tm.Send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" ")})
	tm.Type("n")
	wait("added by you")
	tm.Type("mmm") // emoji -> blur -> pixelate -> solid
	wait("(masks: solid)")
	tm.Type("a")
	wait("share it with friends")
	tm.Type("e")
	wait("Folder for the safe copies")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	wait("Done. Your safe copies are in")
	tm.Type("q")
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)

	img := openClean(t, filepath.Join(out, "school-gate.jpg"))
	for i, bx := range fm.photos[0].boxes {
		if !bx.on {
			t.Fatalf("box %d off", i)
		}
		if mean := meanDistance(img.Image, bx.r, redact.SolidColor); mean > 6 {
			t.Errorf("box %d %v not masked solid in the export (mean distance %.1f)", i, bx.r, mean)
		}
	}
}

// openClean reads a safe copy, checks it is clean and decodes it.
func openClean(t *testing.T, path string) *photo.Photo {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := photo.Verify(b); err != nil {
		t.Errorf("%s not clean: %v", path, err)
	}
	p, err := photo.Open(path, photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// runCmd runs a command as bubbletea would, giving the model the messages
// keep accepts and running the commands they return in turn.
func runCmd(tm *tea.Model, c tea.Cmd, keep func(tea.Msg) bool) {
	if c == nil {
		return
	}
	switch msg := c().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			runCmd(tm, c, keep)
		}
	case nil:
	default:
		if keep(msg) {
			var next tea.Cmd
			*tm, next = (*tm).Update(msg)
			runCmd(tm, next, keep)
		}
	}
}

func meanDistance(img image.Image, r image.Rectangle, c color.NRGBA) float64 {
	var sum, n float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			sum += abs(int(p.R)-int(c.R)) + abs(int(p.G)-int(c.G)) + abs(int(p.B)-int(c.B))
			n += 3
		}
	}
	return sum / n
}

func abs(v int) float64 {
	if v < 0 {
		return float64(-v)
	}
	return float64(v)
}

// TestOpenFolderWithThePicker presses o, lets the file picker read a
// folder, picks the photos folder in it with enter, and finds the browse
// list holding its photos.
func TestOpenFolderWithThePicker(t *testing.T) {
	m := loaded(t, 100, 30, filepath.Join(photos, "rotated.jpg"))
	// A folder whose only entry is the photos folder (testdata has others).
	top := t.TempDir()
	os.MkdirAll(filepath.Join(top, "photos"), 0o755)
	entries, _ := os.ReadDir(photos)
	for _, e := range entries {
		copyPhoto(t, filepath.Join(photos, e.Name()), filepath.Join(top, "photos", e.Name()))
	}
	m.picker.CurrentDirectory = top
	var tm tea.Model = m
	tm, cmd := tm.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")})
	tm, cmd = tm.Update(cmd()) // the list asks the root for the picker
	if tm.(Model).screen != pickerScreen || cmd == nil {
		t.Fatal("o does not open the folder picker")
	}
	// Run the picker's directory read (and anything it batches).
	runCmd(&tm, cmd, func(msg tea.Msg) bool {
		_, isKey := msg.(tea.KeyMsg)
		return !isKey && tm.(Model).screen == pickerScreen
	})
	if !strings.Contains(tm.View(), "photos") {
		t.Fatalf("the picker does not list the photos folder:\n%s", tm.View())
	}
	tm, cmd = tm.Update(tea.KeyMsg{Type: tea.KeyEnter})
	tm, cmd = tm.Update(cmd()) // the picker names the folder to the root
	tm, _ = tm.Update(cmd())   // the photos found in it
	got := tm.(Model)
	if got.screen != browseScreen || len(got.photos) != 5 {
		t.Fatalf("after picking the folder: screen %d, %d photos", got.screen, len(got.photos))
	}
	if !strings.HasSuffix(got.export.input.Value(), "photos-safe") {
		t.Errorf("export folder %q, want one beside the folder opened", got.export.input.Value())
	}
}

// exportNow opens the export screen on dir, presses enter and answers
// the question about earlier copies (if asked) with answer, then runs the
// export to its end as bubbletea would, and goes back to the list.
func exportNow(t *testing.T, m Model, dir, answer string) Model {
	t.Helper()
	return press(t, exportDone(t, m, dir, answer), "enter") // back to browse
}

// exportDone is exportNow that stays on the export screen at the end:
// answer is the parent's answer when asked about files in the way ("" for
// none expected).
func exportDone(t *testing.T, m Model, dir, answer string) Model {
	t.Helper()
	m = press(t, m, "e")
	m.export.input.SetValue(dir)
	var tm tea.Model = m
	tm, cmd := tm.Update(tea.KeyMsg{Type: tea.KeyEnter})
	asked := false
	for cmd != nil {
		msg := cmd()
		tm, cmd = tm.Update(msg)
		if _, done := msg.(exportDoneMsg); done && tm.(Model).export.asking {
			if answer == "" {
				t.Fatalf("asked: %s", tm.View())
			}
			asked = true
			tm, cmd = tm.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(answer)})
			continue
		}
		if tm.(Model).export.done {
			break
		}
	}
	m = tm.(Model)
	if answer != "" && !asked {
		t.Fatalf("not asked about files in the way:\n%s", m.View())
	}
	if !m.export.done {
		t.Fatalf("export did not finish:\n%s", m.View())
	}
	return m
}

// TestExportLeavesExistingFilesAlone exports into a folder that already
// holds a file of the same name that sharesafe did not write: the parent
// is asked once the other copies are written; "n" leaves it alone (its
// line says so, and the last line does not say "Done"), "y" replaces it.
func TestExportLeavesExistingFilesAlone(t *testing.T) {
	m := loaded(t, 100, 30, filepath.Join(photos, "rotated.jpg"))
	dir := t.TempDir()
	existing := filepath.Join(dir, "rotated.jpg")
	os.WriteFile(existing, []byte("another photo"), 0o644)
	m = exportDone(t, m, dir, "n")
	if b, _ := os.ReadFile(existing); string(b) != "another photo" {
		t.Fatal("export replaced a file that was already there after the parent said no")
	}
	if v := m.export.lines; len(v) != 1 || !strings.Contains(v[0], "was not written by sharesafe and you chose to keep it") {
		t.Errorf("export lines %q", v)
	}
	if v := m.View(); strings.Contains(v, "Done") || !strings.Contains(unwrapped(v), "No safe copy was saved: 1 photo could not be") {
		t.Errorf("the last line after n:\n%s", v)
	}
	m = press(t, m, "enter")
	q := press(t, m, "e")
	q.export.input.SetValue(dir)
	var tm tea.Model = q
	tm, cmd := tm.Update(tea.KeyMsg{Type: tea.KeyEnter})
	for cmd != nil && !tm.(Model).export.asking {
		tm, cmd = tm.Update(cmd())
	}
	if v := unwrapped(tm.View()); !strings.Contains(v, "1 file that sharesafe did not write is where a safe copy goes. Replace it with the safe copy? y/n") {
		t.Errorf("the question is not asked:\n%s", tm.View())
	}
	m = exportNow(t, m, dir, "y")
	b, _ := os.ReadFile(existing)
	if err := photo.Verify(b); err != nil || string(b) == "another photo" {
		t.Errorf("after yes, the earlier file was not replaced by a safe copy (%v)", err)
	}
	if v := m.export.lines; len(v) != 1 || !strings.Contains(v[0], "replaced (you said yes)") {
		t.Errorf("export lines %q", v)
	}
}

// TestExportFolderIsMarked: the folder the app saves into is marked as one
// of safe copies, as redact -o marks it, so that opening its parent again
// does not list the copies as photos.
func TestExportFolderIsMarked(t *testing.T) {
	parent := t.TempDir()
	src, err := os.ReadFile(filepath.Join(photos, "rotated.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(parent, "rotated.jpg")
	os.WriteFile(in, src, 0o644)
	m := loaded(t, 100, 30, in)
	out := filepath.Join(parent, "safe")
	exportNow(t, m, out, "")
	if _, err := os.Stat(filepath.Join(out, photo.OutputMark)); err != nil {
		t.Fatalf("the export folder is not marked: %v", err)
	}
	c := photo.Collect([]string{parent})
	if len(c.Inputs) != 1 || c.Inputs[0].Path != in {
		t.Errorf("opening the parent again finds %v, want only %s", c.Inputs, in)
	}
}

// TestExportRefusesTheFolderOfThePhotos: saving into the folder opened, or
// a folder inside it, or into the folder of a photo opened by name, or
// into a folder that holds what was opened, is refused with a sentence that
// says why (as redact -o refuses it); nothing is written there and the
// folder is not marked as one of safe copies (that would hide the photos
// from a later run). A folder beside the one opened, or inside a photo's
// folder, is fine.
func TestExportRefusesTheFolderOfThePhotos(t *testing.T) {
	const inside, holds = "is inside the folder of your photos", "holds the photos you opened"
	for _, c := range []struct {
		name    string
		open    string   // under the folder of photos, dir/holiday
		refused []string // the folders typed, "dir" being holiday's parent
		says    string
		fine    string
	}{
		{"a folder opened", ".", []string{".", "safe"}, inside, "../holiday-safe"},
		{"a photo opened", "rotated.jpg", []string{"."}, inside, "safe"},
		{"the parent of the folder opened", ".", []string{".."}, holds, "../holiday-safe"},
		{"the parent of a photo's folder", "rotated.jpg", []string{".."}, holds, "safe"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "holiday")
			os.MkdirAll(dir, 0o755)
			src, err := os.ReadFile(filepath.Join(photos, "rotated.jpg"))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, "rotated.jpg"), src, 0o644)
			m := loaded(t, 100, 30, filepath.Join(dir, c.open))
			for _, rel := range c.refused {
				out := filepath.Clean(filepath.Join(dir, rel))
				q := press(t, m, "e")
				q.export.input.SetValue(out)
				var tm tea.Model = q
				tm, cmd := tm.Update(tea.KeyMsg{Type: tea.KeyEnter})
				if cmd != nil || tm.(Model).export.sorting {
					t.Errorf("%s: the export starts", out)
				}
				if v := tm.View(); !strings.Contains(unwrapped(v), c.says) { // wrapped: the sentence is said whole
					t.Errorf("%s: not refused with %q:\n%s", out, c.says, v)
				}
				if _, err := os.Stat(filepath.Join(out, photo.OutputMark)); err == nil {
					t.Errorf("%s was marked as a folder of safe copies", out)
				}
				if _, err := os.Stat(out); err == nil && rel == "safe" {
					t.Errorf("%s: a folder was made inside the folder of the photos", out)
				}
			}
			fine := filepath.Clean(filepath.Join(dir, c.fine))
			exportNow(t, m, fine, "")
			if _, err := os.Stat(filepath.Join(fine, "rotated.jpg")); err != nil {
				t.Errorf("the export into %s did not write the copy: %v", fine, err)
			}
		})
	}
}
