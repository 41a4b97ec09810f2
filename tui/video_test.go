package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestClipsInTheApp: a folder with a Live Photo (a still and its clip) and
// another clip: the list says which rows are clips and pairs the still
// with its clip; a clip's review says its faces are searched in every frame
// when it is saved, says so when ffmpeg is missing (no frame decoder in
// the tests), and mask edits are refused with a sentence.
func TestClipsInTheApp(t *testing.T) {
	dir := t.TempDir()
	copyTo := func(src, name string) {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	copyTo("../testdata/videos/iphone-live.mov", "IMG_0001.MOV")
	copyTo(filepath.Join(photos, "school-gate.jpg"), "IMG_0001.JPG")
	copyTo("../testdata/videos/phone.3gp", "trip.3gp")
	m := loaded(t, 120, 40, dir)
	if len(m.photos) != 3 {
		t.Fatalf("%d items", len(m.photos))
	}
	v := m.View()
	for _, s := range []string{"Live Photo, its clip: IMG_0001.MOV", "the clip of the Live Photo IMG_0001.JPG", "video, 0.2 s"} {
		if !strings.Contains(v, s) {
			t.Errorf("the list does not say %q:\n%s", s, v)
		}
	}
	var clip int
	for i, p := range m.photos {
		if filepath.Base(p.path) == "IMG_0001.MOV" {
			clip = i
		}
	}
	keys := []string{}
	for range clip {
		keys = append(keys, "down")
	}
	m = press(t, m, append(keys, "enter")...)
	p := m.photos[clip]
	panel := m.review.panel(m.session, p, 1000)
	for _, s := range []string{"A video clip: 0.2 s, with sound", "ffmpeg is not installed"} {
		if !strings.Contains(panel, s) {
			t.Errorf("the review does not say %q:\n%s", s, panel)
		}
	}
	if v := m.View(); strings.Contains(lastLine(v), "add a mask") || !strings.Contains(lastLine(v), "save") {
		t.Errorf("a clip's hint bar: %q", lastLine(v))
	}
	before := len(p.boxes)
	m = press(t, m, "n")
	if len(p.boxes) != before || !strings.Contains(m.review.notice, "cannot be changed by hand") {
		t.Errorf("a mask was added to a clip (%d boxes), notice %q", len(p.boxes), m.review.notice)
	}
	// Saved without ffmpeg: the still is written, the clips are not, and
	// the export says why and how to install ffmpeg.
	out := t.TempDir()
	m = exportDone(t, press(t, m, "esc"), out, "")
	if v := m.View(); !strings.Contains(v, "brew install ffmpeg") || !strings.Contains(v, "Can't save trip.3gp") {
		t.Errorf("the export does not say how to install ffmpeg:\n%s", v)
	}
	if _, err := os.Stat(filepath.Join(out, "IMG_0001.JPG")); err != nil {
		t.Errorf("the still was not written: %v", err)
	}
	for _, n := range []string{"IMG_0001.MOV", "trip.3gp"} {
		if _, err := os.Stat(filepath.Join(out, n)); err == nil {
			t.Errorf("%s was written without ffmpeg", n)
		}
	}
}
