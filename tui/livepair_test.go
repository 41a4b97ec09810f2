package tui

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/video"
)

// TestLivePhotoHandMasksAreSaidPhotoOnly: a Live Photo pair (IMG_9.jpg and
// its clip IMG_9.mov) where the parent adds a mask by hand on the photo.
// A clip's masks are the faces found in every frame: the parent's own
// masks are not in it. The photo's review says so once (and only once) a
// mask is the parent's own, in English and French, and the save's line
// for the clip says it too, instead of a bare "✓".
func TestLivePhotoHandMasksAreSaidPhotoOnly(t *testing.T) {
	dir := t.TempDir()
	copyPhoto(t, filepath.Join(photos, "school-gate.jpg"), filepath.Join(dir, "IMG_9.jpg"))
	copyPhoto(t, "../testdata/videos/iphone-live.mov", filepath.Join(dir, "IMG_9.mov"))
	set := withRecord(t)
	ff, ffErr := video.Find()
	if ffErr == nil {
		set.FFmpeg = ff // the clip's faces are searched and its copy written
	}
	m := loadedModel(New(Options{Paths: []string{dir}, Lang: advise.English, Out: io.Discard, Profile: &ascii, ExportDir: t.TempDir(), Engine: set}), 120, 40)
	still := -1
	for i, p := range m.photos {
		if filepath.Base(p.path) == "IMG_9.jpg" {
			still = i
		}
	}
	if still < 0 || m.photos[still].pair == "" {
		t.Fatalf("IMG_9.jpg is not paired with its clip")
	}
	var keys []string
	for range still {
		keys = append(keys, "down")
	}
	m = press(t, m, append(keys, "enter")...)
	p := m.photos[still]
	const en = "Your own masks are on the photo only: its clip, IMG_9.mov, has only the faces sharesafe found masked"
	if panel := m.review.panel(m.session, p, 1000); strings.Contains(panel, "Your own masks") {
		t.Errorf("the review says the parent's masks are not in the clip before any was added:\n%s", panel)
	}
	m = press(t, m, "n", "right", "right", "down")
	if !p.boxes[p.selected].manual {
		t.Fatalf("no mask added by hand: %+v", p.boxes)
	}
	if panel := m.review.panel(m.session, p, 1000); !strings.Contains(panel, en) || !strings.Contains(panel, "do not share the clip") {
		t.Errorf("the review does not say the hand mask is not in the clip:\n%s", panel)
	}
	if v := m.View(); !strings.Contains(v, "Your own masks are on the photo") {
		t.Errorf("the review screen does not show it:\n%s", v)
	}
	m = press(t, m, "L")
	const fr = "Vos propres masques ne sont que sur la photo\u202f: sa vidéo, IMG_9.mov,"
	if panel := m.review.panel(m.session, p, 1000); !strings.Contains(panel, fr) {
		t.Errorf("the French review does not say it:\n%s", panel)
	}
	m = press(t, m, "L")
	if ffErr != nil {
		t.Skipf("the save's line for the clip needs ffmpeg: %v", ffErr)
	}
	out := t.TempDir()
	m = exportDone(t, press(t, m, "esc"), out, "")
	var clipLine string
	for _, l := range m.export.lines {
		if strings.Contains(l, "IMG_9.mov") {
			clipLine = l
		}
	}
	if !strings.HasPrefix(clipLine, "✓") {
		t.Fatalf("the clip was not saved: %q\n%s", clipLine, m.View())
	}
	if !strings.Contains(clipLine, "your own masks on IMG_9.jpg are not in it") {
		t.Errorf("the save's line for the clip does not say the parent's masks are not in it: %q", clipLine)
	}
	if v := m.View(); !strings.Contains(strings.Join(strings.Fields(v), " "), "are not in it. Watch it before you share it.") {
		t.Errorf("the save screen does not show the clip's warning whole:\n%s", v)
	}
	for _, l := range m.export.lines {
		if !strings.Contains(l, "IMG_9.mov") && strings.Contains(l, "your own masks") {
			t.Errorf("the photo's own line says its masks are missing: %q", l)
		}
	}

}

// loadedModel is loaded for a model of given options: its scans run (as
// bubbletea would run the Cmds), sized w x h.
func loadedModel(m Model, w, h int) Model {
	var tm tea.Model = m
	tm, _ = tm.Update(m.Init()())
	next := tm.(Model).checks.current().next()
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: w, Height: h})
	for range tm.(Model).photos {
		tm, _ = tm.Update(next())
	}
	return tm.(Model)
}

// TestClipWithFacesSavedTwice: a clip whose faces are masked, saved again
// with nothing changed, is left alone: no line says it was "saved again
// with your latest masks" (a clip carries none of the parent's), and it is
// not encoded again (it was, on every save).
func TestClipWithFacesSavedTwice(t *testing.T) {
	ff, err := video.Find()
	if err != nil {
		t.Skipf("a clip's faces are masked with ffmpeg: %v", err)
	}
	dir := t.TempDir()
	clip := filepath.Join(dir, "a.mp4")
	if b, err := exec.Command(ff.FFmpeg, "-loglevel", "error", "-y", "-loop", "1", "-i", filepath.Join(photos, "school-gate.jpg"),
		"-t", "1", "-r", "5", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip).CombinedOutput(); err != nil {
		t.Skipf("ffmpeg cannot make the clip: %v %s", err, b)
	}
	set := withRecord(t)
	set.FFmpeg = ff
	m := loadedModel(New(Options{Paths: []string{dir}, Lang: advise.English, Out: io.Discard, Profile: &ascii, ExportDir: t.TempDir(), Engine: set}), 120, 40)
	out := t.TempDir()
	m = exportDone(t, m, out, "")
	first, err := os.ReadFile(filepath.Join(out, "a.mp4"))
	if err != nil {
		t.Fatalf("the clip was not saved: %v\n%s", err, strings.Join(m.export.lines, "\n"))
	}
	m = exportDone(t, press(t, m, "esc"), out, "")
	for _, l := range m.export.lines {
		if strings.Contains(l, "a.mp4") && strings.Contains(l, "latest masks") {
			t.Errorf("the clip's line on a second save: %q", l)
		}
	}
	if again, err := os.ReadFile(filepath.Join(out, "a.mp4")); err != nil || !bytes.Equal(first, again) {
		t.Errorf("the clip was encoded again on a save that changed nothing (%v)", err)
	}
}
