package tui

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/words"
)

// brokenFolder holds a good photo between a text file named .jpg and a
// truncated JPEG, named so that the list shows them in that order.
func brokenFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyPhoto(t, filepath.Join(photos, "rotated.jpg"), filepath.Join(dir, "b-good.jpg"))
	if err := os.WriteFile(filepath.Join(dir, "a-holiday.jpg"), []byte("this is not a photo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(photos, "school-gate.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "c-cut.jpg"), b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestUnreadablePhotoSaysWhy: a file that is text, or a JPEG cut short,
// says in the list "Can't open NAME: the file is damaged or not a photo."
// (in the app's language, never the engine's English error); enter on it
// says the same on the status line and opens no review; the next key
// clears it, and the good photo still opens.
func TestUnreadablePhotoSaysWhy(t *testing.T) {
	dir := brokenFolder(t)
	for _, c := range []struct {
		lang advise.Lang
		want string
	}{
		{advise.English, "Can't open %s: the file is damaged or not a photo."},
		{advise.French, "Impossible d'ouvrir %s\u202f: le fichier est abîmé ou ce n'est pas une photo."},
	} {
		m := toLang(t, loaded(t, 120, 30, dir), c.lang)
		v := m.View()
		for _, name := range []string{"a-holiday.jpg", "c-cut.jpg"} {
			if want := fmt.Sprintf(c.want, name); !strings.Contains(v, want) {
				t.Errorf("%s: the list lacks %q:\n%s", c.lang, want, v)
			}
		}
		for _, s := range []string{"photo:", dir, "JPEG", "cannot read it", "illisible"} {
			if strings.Contains(v, s) {
				t.Errorf("%s: the list shows the engine's words %q:\n%s", c.lang, s, v)
			}
		}
		m = press(t, m, "enter") // a-holiday.jpg, the first
		if m.screen != browseScreen {
			t.Fatalf("%s: enter on a file that cannot be read opened screen %d", c.lang, m.screen)
		}
		lines := strings.Split(m.View(), "\n")
		if status, want := lines[len(lines)-2], fmt.Sprintf(c.want, "a-holiday.jpg"); strings.TrimSpace(status) != want {
			t.Errorf("%s: after enter the status line says %q, want %q", c.lang, status, want)
		}
		m = press(t, m, "down")
		if strings.Contains(m.View(), "\n"+fmt.Sprintf(c.want, "a-holiday.jpg")) {
			t.Errorf("%s: the message stays after the next key:\n%s", c.lang, m.View())
		}
		m = press(t, m, "enter") // b-good.jpg
		if m.screen != reviewScreen || m.review.index != 1 {
			t.Errorf("%s: the good photo does not open after a bad one (screen %d)", c.lang, m.screen)
		}
	}
}

// TestReviewOfAPhotoThatTurnsOutUnreadable: enter on a photo still being
// checked opens its review; when the check fails, the app goes back to the
// list, which says why, instead of showing a review of nothing.
func TestReviewOfAPhotoThatTurnsOutUnreadable(t *testing.T) {
	dir := brokenFolder(t)
	m := New(Options{Paths: []string{dir}, Lang: advise.English, Out: io.Discard, Profile: &ascii, ExportDir: t.TempDir(), Engine: withRecord(t)})
	var tm tea.Model = m
	tm, _ = tm.Update(m.Init()())
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 120, Height: 30})
	m = press(t, tm.(Model), "enter") // a-holiday.jpg, not checked yet
	if m.screen != reviewScreen {
		t.Fatalf("enter on a photo being checked: screen %d", m.screen)
	}
	next := m.checks.current().next()
	tm = m
	for range m.photos {
		tm, _ = tm.Update(next())
	}
	m = tm.(Model)
	lines := strings.Split(m.View(), "\n")
	if m.screen != browseScreen || strings.TrimSpace(lines[len(lines)-2]) != "Can't open a-holiday.jpg: the file is damaged or not a photo." {
		t.Errorf("screen %d, want the list saying why:\n%s", m.screen, m.View())
	}
}

// TestWhyUnreadable: each error the engine gives for a file is said in
// words a parent can act on.
func TestWhyUnreadable(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "text.jpg")
	os.WriteFile(text, []byte("hello"), 0o644)
	avif := filepath.Join(dir, "x.avif")
	os.WriteFile(avif, []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"), 0o644)
	if f, _ := photo.SniffPath(avif); f != photo.FormatAVIF {
		t.Fatalf("the AVIF header is sniffed as %q", f)
	}
	for _, c := range []struct {
		path string
		err  error
		want words.Key
	}{
		{text, fmt.Errorf("photo: %s: %w", text, photo.ErrUnsupported), words.AppWhyDamaged},
		{avif, fmt.Errorf("photo: %s: %w", avif, fmt.Errorf("avif files are not supported yet: %w", photo.ErrUnsupported)), words.AppWhyNotYet},
		{text, fmt.Errorf("photo: %s: %w", text, photo.FormatError("truncated JPEG: scan data has no end")), words.AppWhyDamaged},
		{text, fmt.Errorf("photo: %s: %w", text, syscall.EACCES), words.AppWhyNoPermission},
		{text, fmt.Errorf("photo: %s: %w", text, &fs.PathError{Op: "open", Path: text, Err: syscall.ENOENT}), words.AppWhyGone},
		{text, fmt.Errorf("photo: %s: 9000x9000 pixels: %w", text, photo.ErrTooLarge), words.AppWhyTooLarge},
		{text, errors.New("something else"), words.AppWhyDamaged},
	} {
		if got := whyUnreadable(c.path, c.err); got != c.want {
			t.Errorf("%v: %q, want %q", c.err, words.English.T(got), words.English.T(c.want))
		}
	}
}
