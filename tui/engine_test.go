package tui

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/disintegration/imaging"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/words"
)

// Opening a photo that is not checked yet moves it to the front of the
// queue: with one worker busy on photo 0, photo 5 is checked next.
func TestOpenedPhotoIsCheckedNext(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 6; i++ {
		copyPhoto(t, filepath.Join(photos, "drawing.png"), filepath.Join(dir, itoa(i)+".png"))
	}
	m := New(Options{Paths: []string{dir}, Lang: advise.English, Out: io.Discard, Profile: &ascii})
	m.opt.Engine.Jobs = 1
	var tm tea.Model = m
	tm, _ = tm.Update(m.Init()()) // the photos found, their checks started
	next := tm.(Model).checks.current().next()
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	// Photo 0 is under way (or done) on the only worker; open photo 5.
	mm := tm.(Model)
	tm, _ = mm.openReview(5, "")
	var order []int
	for range 6 {
		msg := next().(scannedMsg)
		order = append(order, msg.index)
		tm, _ = tm.Update(msg)
	}
	if order[0] != 5 && order[1] != 5 {
		t.Fatalf("photo 5 was opened but checked in the order %v", order)
	}
	if strings.Contains(tm.View(), "left to check") {
		t.Error("every photo is checked: nothing is left")
	}
}

// The browse screen says how many photos are left to check.
func TestBrowseSaysHowManyAreLeft(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 3; i++ {
		copyPhoto(t, filepath.Join(photos, "drawing.png"), filepath.Join(dir, itoa(i)+".png"))
	}
	m := New(Options{Paths: []string{dir}, Lang: advise.English, Out: io.Discard, Profile: &ascii})
	defer m.Close()
	tm, _ := m.Update(m.Init()()) // the photos found, their checks started
	if v := tm.View(); !strings.Contains(v, "3 left to check") {
		t.Errorf("browse screen before any check:\n%s", v)
	}
}

// Moving a mask never blanks the preview: until the new picture is drawn,
// the last one stays.
func TestMovingAMaskKeepsThePreview(t *testing.T) {
	m := loaded(t, 100, 30, filepath.Join(photos, "school-gate.jpg"))
	m = press(t, m, "enter")
	m = press(t, m, "n") // add a mask (its preview is drawn by press)
	before := m.View()
	var tm tea.Model = m
	tm, _ = tm.Update(tea.KeyMsg{Type: tea.KeyRight}) // no command run: the new picture is not drawn yet
	after := tm.View()
	if strings.Contains(after, m.lang.T(words.AppChecking)) || !strings.Contains(before, "▀") && !strings.Contains(before, "#") {
		t.Errorf("the preview went blank while a mask moved:\n%s", after)
	}
}

// BenchmarkMoveMask12MP is one key press that moves a mask on a 12 MP
// photo: Update, the preview drawn again, and View (target: 50 ms).
func BenchmarkMoveMask12MP(b *testing.B) {
	dir := b.TempDir()
	src, err := imaging.Open(filepath.Join(photos, "astronaut.png"))
	if err != nil {
		b.Fatal(err)
	}
	big := imaging.Paste(imaging.New(4000, 3000, color.NRGBA{90, 110, 130, 255}), imaging.Resize(src, 3000, 3000, imaging.Linear), image.Pt(500, 0))
	var buf bytes.Buffer
	jpeg.Encode(&buf, big, &jpeg.Options{Quality: 90})
	path := filepath.Join(dir, "IMG_12MP.jpg")
	os.WriteFile(path, buf.Bytes(), 0o644)
	m := loaded(b, 120, 40, path)
	m = press(b, m, "enter", "n")
	var tm tea.Model = m
	// Down then right. The mask stops at the photo's edge after some fifty
	// presses, and b.Loop goes on for hundreds: the pictures drawn are
	// forgotten, so that every press draws one.
	keys := []tea.KeyType{tea.KeyDown, tea.KeyRight}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		clear(tm.(Model).review.previews)
		var cmd tea.Cmd
		tm, cmd = tm.Update(tea.KeyMsg{Type: keys[i%2]})
		if cmd == nil {
			b.Fatal("no new picture drawn")
		}
		if pm, ok := cmd().(previewMsg); ok {
			tm, _ = tm.Update(pm)
		}
		_ = tm.View()
	}
}

// Every reason detect gives for an unsure face has words in each language.
func TestEveryUnsureReasonHasWords(t *testing.T) {
	for _, lang := range words.Langs() {
		for _, r := range detect.UnsureReasons {
			if k, ok := reasonKeys[r]; !ok || lang.T(k) == "" {
				t.Errorf("%s: no words for the reason %q", lang, r)
			}
		}
	}
}
