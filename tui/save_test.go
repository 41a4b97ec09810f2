package tui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/photo"
)

// engineWords are bits of the engine's and the system's English errors: a
// parent never sees them on the export screen.
var engineWords = []string{"mkdir", "not a directory", "permission denied", "no such file", "photo:", "open /", "exists already", "read-only file system", "no space"}

// noEngineWords fails when v shows any of the engine's words.
func noEngineWords(t *testing.T, what, v string) {
	t.Helper()
	for _, s := range engineWords {
		if strings.Contains(v, s) {
			t.Errorf("%s shows the engine's words %q:\n%s", what, s, v)
		}
	}
}

// unwrapped is a view with its lines joined: the app wraps long sentences.
// unwrapped joins a view's wrapped lines (a no-break space, French's
// U+202F, is kept: it is part of the text).
func unwrapped(v string) string {
	return strings.Join(strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' }), " ")
}

// twoPhotos is a folder holding a.jpg and b.jpg.
func twoPhotos(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "holiday")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	copyPhoto(t, filepath.Join(photos, "rotated.jpg"), filepath.Join(dir, "a.jpg"))
	copyPhoto(t, filepath.Join(photos, "school-gate.jpg"), filepath.Join(dir, "b.jpg"))
	return dir
}

// TestExportIntoAFolderThatCannotBeWritten: a folder that is a file, or
// under a file (as a folder one is not allowed to write into, for root,
// who may write anywhere), is said at once in the app's language, naming
// the folder and the file in the way and saying to choose another folder;
// nothing is asked or written, the folder can be typed again, and another
// folder then saves the copies.
func TestExportIntoAFolderThatCannotBeWritten(t *testing.T) {
	dir := twoPhotos(t)
	loaded := loaded(t, 160, 30, dir)
	for _, c := range []struct {
		lang advise.Lang
		want string // the folder typed, the file in the way
	}{
		{advise.English, "Can't save into %s: %s is a file, not a folder. Choose another folder."},
		{advise.French, "Impossible d'enregistrer dans %s\u202f: %s est un fichier, pas un dossier. Choisissez un autre dossier."},
	} {
		m := toLang(t, loaded, c.lang)
		file := filepath.Join(t.TempDir(), "notes.txt")
		os.WriteFile(file, []byte("a file, not a folder"), 0o644)
		for _, out := range []string{file, filepath.Join(file, "safe")} {
			q := press(t, m, "e")
			q.export.input.SetValue(out)
			var tm tea.Model = q
			tm, cmd := tm.Update(tea.KeyMsg{Type: tea.KeyEnter})
			tm, cmd = tm.Update(cmd()) // the folder looked at
			got := tm.(Model)
			if got.export.running || got.export.asking || got.export.sorting {
				t.Errorf("%s: %s: the export goes on (running %v, asking %v)", c.lang, out, got.export.running, got.export.asking)
			}
			v := got.View()
			if want := fmt.Sprintf(c.want, out, file); got.export.refused != want || !strings.Contains(unwrapped(v), want) {
				t.Errorf("%s: %s: the screen lacks %q:\n%s", c.lang, out, want, v)
			}
			noEngineWords(t, string(c.lang)+": "+out, v)
			if cmd == nil || !got.export.input.Focused() {
				t.Errorf("%s: %s: the folder cannot be typed again", c.lang, out)
			}
			// Another folder, typed after, saves the copies.
			fine := filepath.Join(t.TempDir(), "safe")
			got = exportNow(t, got, fine, "")
			for _, name := range []string{"a.jpg", "b.jpg"} {
				if _, err := os.Stat(filepath.Join(fine, name)); err != nil {
					t.Errorf("%s: after %s, another folder did not get the copy: %v", c.lang, out, err)
				}
			}
		}
	}
}

// TestExportOfAPhotoGoneOrChanged: a photo removed, or changed, after it
// was checked is said on its own line, by name, in the app's language,
// with what to do; it is not written (a changed photo would get the masks
// of the photo as it was), and the other photo is saved. The engine's
// error is kept, not shown.
func TestExportOfAPhotoGoneOrChanged(t *testing.T) {
	for _, c := range []struct {
		lang                 advise.Lang
		gone, changed, saved string
	}{
		{advise.English, "✗ Can't save a.jpg: the file is no longer there.",
			"✗ Can't save a.jpg: the photo changed since it was opened. Open it again (o) to check its faces.", "1 safe copy was not saved (the ✗ line above says why and what to do). The others are in"},
		{advise.French, "✗ Impossible d'enregistrer a.jpg\u202f: le fichier n'est plus là.",
			"✗ Impossible d'enregistrer a.jpg\u202f: la photo a changé depuis son ouverture. Ouvrez-la à nouveau (o) pour vérifier ses visages.", "1 copie sûre n'a pas été enregistrée (la ligne ✗ ci-dessus dit pourquoi et que faire). Les autres sont dans"},
	} {
		for _, what := range []string{"gone", "changed"} {
			dir := twoPhotos(t)
			m := toLang(t, loaded(t, 160, 30, dir), c.lang)
			a := filepath.Join(dir, "a.jpg")
			want := c.gone
			if what == "gone" {
				os.Remove(a)
			} else {
				want = c.changed
				copyPhoto(t, filepath.Join(photos, "school-gate.jpg"), a)
			}
			out := filepath.Join(t.TempDir(), "safe")
			m = exportDone(t, m, out, "")
			if v := unwrapped(m.View()); !strings.Contains(v, c.saved) || !strings.Contains(v, want) {
				t.Errorf("%s: a photo %s: the screen lacks %q or %q:\n%s", c.lang, what, want, c.saved, v)
			} else if strings.Contains(v, "Done. Your safe copies are in") || strings.Contains(v, "Terminé. Vos copies") {
				t.Errorf("%s: a photo %s: the screen says all is done though a copy failed:\n%s", c.lang, what, v)
			}
			lines := m.export.lines
			if len(lines) != 2 || lines[0] != want || lines[1] != "✓ "+filepath.Join(out, "b.jpg") {
				t.Errorf("%s: a photo %s: lines %q, want %q and the other saved", c.lang, what, lines, want)
			}
			for _, l := range lines {
				noEngineWords(t, string(c.lang)+": a photo "+what, l)
			}
			if _, err := os.Stat(filepath.Join(out, "a.jpg")); err == nil {
				t.Errorf("%s: a photo %s: a copy of it was written", c.lang, what)
			}
			if err := m.export.failed[a]; what == "gone" && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s: the engine's error is not kept: %v", c.lang, err)
			}
		}
	}
}

// TestCannotSave: each error the engine gives for a copy is said in
// words: the folder's faults name the photo and the folder and say to
// choose another; the photo's name it and say why as the list does.
func TestCannotSave(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	os.WriteFile(file, []byte("not a folder"), 0o644)
	in := filepath.Join(dir, "holiday", "a.jpg")
	out := filepath.Join(dir, "safe")
	j := engine.Job{In: photo.Input{Path: in, Rel: "a.jpg"}, Dst: filepath.Join(out, "a.jpg")}
	tmp := filepath.Join(out, ".sharesafe-1.tmp")
	// A folder where the copy goes.
	folder := j.Dst
	os.MkdirAll(folder, 0o755)
	for _, c := range []struct {
		err    error
		en, fr string
	}{
		{&fs.PathError{Op: "mkdir", Path: out, Err: syscall.EACCES},
			"Can't save a.jpg into " + out + ": you are not allowed to write there. Choose another folder.",
			"Impossible d'enregistrer a.jpg dans " + out + "\u202f: vous n'avez pas le droit d'y écrire. Choisissez un autre dossier."},
		{fmt.Errorf("%s: %w", j.Dst, &fs.PathError{Op: "write", Path: tmp, Err: syscall.ENOSPC}),
			"Can't save a.jpg into " + out + ": the disk is full. Free some space or choose another folder.",
			"Impossible d'enregistrer a.jpg dans " + out + "\u202f: le disque est plein. Libérez de la place ou choisissez un autre dossier."},
		{fmt.Errorf("%s: %w", j.Dst, &fs.PathError{Op: "open", Path: tmp, Err: syscall.EROFS}),
			"Can't save a.jpg into " + out + ": the disk can only be read, not written. Choose another folder.",
			"Impossible d'enregistrer a.jpg dans " + out + "\u202f: le disque peut être lu mais pas écrit. Choisissez un autre dossier."},
		{fmt.Errorf("%s: %w", j.Dst, &os.LinkError{Op: "rename", Old: tmp, New: j.Dst, Err: syscall.EISDIR}),
			"Can't save a.jpg into " + out + ": a folder named " + j.Dst + " is in the way. Move it or choose another folder.",
			"Impossible d'enregistrer a.jpg dans " + out + "\u202f: un dossier nommé " + j.Dst + " est dans le passage. Déplacez-le ou choisissez un autre dossier."},
		{fmt.Errorf("%s: %w", folder, &os.LinkError{Op: "rename", Old: tmp, New: folder, Err: syscall.EEXIST}),
			"Can't save a.jpg into " + out + ": a folder named " + folder + " is in the way. Move it or choose another folder.",
			"Impossible d'enregistrer a.jpg dans " + out + "\u202f: un dossier nommé " + folder + " est dans le passage. Déplacez-le ou choisissez un autre dossier."},
		{&fs.PathError{Op: "mkdir", Path: file, Err: syscall.ENOTDIR},
			"Can't save a.jpg into " + out + ": " + file + " is a file, not a folder. Choose another folder.",
			"Impossible d'enregistrer a.jpg dans " + out + "\u202f: " + file + " est un fichier, pas un dossier. Choisissez un autre dossier."},
		{fmt.Errorf("%s: %w", j.Dst, &fs.PathError{Op: "sync", Path: tmp, Err: syscall.EIO}),
			"Can't save a.jpg into " + out + ": the copy could not be written there. Choose another folder.",
			"Impossible d'enregistrer a.jpg dans " + out + "\u202f: la copie n'a pas pu y être écrite. Choisissez un autre dossier."},
		{fmt.Errorf("photo: %s: %w", in, syscall.ENOENT),
			"Can't save a.jpg: the file is no longer there.",
			"Impossible d'enregistrer a.jpg\u202f: le fichier n'est plus là."},
		{fmt.Errorf("photo: %s: %w", in, syscall.EACCES),
			"Can't save a.jpg: you are not allowed to read it (check its permissions).",
			"Impossible d'enregistrer a.jpg\u202f: vous n'avez pas le droit de le lire (vérifiez ses permissions)."},
		{fmt.Errorf("photo: %s: %w", in, photo.FormatError("truncated JPEG: scan data has no end")),
			"Can't save a.jpg: the file is damaged or not a photo.",
			"Impossible d'enregistrer a.jpg\u202f: le fichier est abîmé ou ce n'est pas une photo."},
	} {
		if got := cannotSave(advise.English, j, c.err); got != c.en {
			t.Errorf("%v:\n got %q\nwant %q", c.err, got, c.en)
		}
		if got := cannotSave(advise.French, j, c.err); got != c.fr {
			t.Errorf("%v:\n got %q\nwant %q", c.err, got, c.fr)
		}
	}
	// The folder itself, as the brief of the fault has it.
	err := &fs.PathError{Op: "mkdir", Path: "/x/y", Err: syscall.EACCES}
	if got, want := cannotSaveInto(advise.English, "/x/y", err), "Can't save into /x/y: you are not allowed to write there. Choose another folder."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := cannotSaveInto(advise.French, "/x/y", err), "Impossible d'enregistrer dans /x/y\u202f: vous n'avez pas le droit d'y écrire. Choisissez un autre dossier."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestExportIntoAFolderNotAllowed is the folder one may not write into,
// for real: it runs only when the tests are not run as root (root may
// write anywhere).
func TestExportIntoAFolderNotAllowed(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write anywhere: TestCannotSave and TestExportIntoAFolderThatCannotBeWritten cover it")
	}
	m := loaded(t, 160, 30, twoPhotos(t))
	locked := filepath.Join(t.TempDir(), "locked")
	os.Mkdir(locked, 0o555)
	out := filepath.Join(locked, "safe")
	m = press(t, m, "e")
	m.export.input.SetValue(out)
	var tm tea.Model = m
	tm, cmd := tm.Update(tea.KeyMsg{Type: tea.KeyEnter})
	tm, _ = tm.Update(cmd())
	want := "Can't save into " + out + ": you are not allowed to write there. Choose another folder."
	if v := unwrapped(tm.View()); !strings.Contains(v, want) {
		t.Errorf("the screen lacks %q:\n%s", want, v)
	}
}
