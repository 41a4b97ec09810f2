package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputPathsAreCheckedFirst checks that report and redact refuse an
// output they could not write before reading any photo (no progress event
// on stderr, only the one line): exit 2, a sentence in the run's language
// (--lang fr, --lang FR too) naming the path and the fix; and that a page
// named without .html gets it.
func TestOutputPathsAreCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing")
	photo := filepath.Join(fixtures, "rotated.jpg")
	for _, c := range []struct {
		name string
		args []string
		want []string // in the one line on stderr
	}{
		{"page in a missing folder", []string{"report", photo, "-o", filepath.Join(missing, "page.html"), "--lang", "fr"},
			[]string{"le dossier " + missing + " n'existe pas", "mkdir " + missing}},
		{"page in a missing folder, English", []string{"report", photo, "-o", filepath.Join(missing, "page.html"), "--lang", "EN"},
			[]string{"the folder " + missing + " does not exist", "mkdir " + missing}},
		{"a folder as the page", []string{"report", photo, "-o", dir, "--lang", "FR"},
			[]string{dir + " est un dossier", "-o " + filepath.Join(dir, "report.html")}},
		{"a page under a file", []string{"report", photo, "-o", filepath.Join(file, "page.html"), "--lang", "fr"},
			[]string{file + " est un fichier, pas un dossier"}},
		{"safe copies into a file", []string{"redact", photo, "-o", file, "--lang", "fr"},
			[]string{file + " est un fichier, pas un dossier", "copies sûres"}},
		{"safe copies under a file", []string{"redact", photo, "-o", filepath.Join(file, "safe"), "--lang", "fr"},
			[]string{file + " est un fichier, pas un dossier"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := sharesafe(t, append(c.args, "--progress", "json", "--no-cache")...)
			if code != 2 || out != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", code, out)
			}
			lines := strings.Split(strings.TrimSpace(errs), "\n")
			if len(lines) != 1 {
				t.Fatalf("stderr has %d lines (a photo was read?):\n%s", len(lines), errs)
			}
			for _, w := range c.want {
				if !strings.Contains(strings.ReplaceAll(lines[0], "\u202f", " "), w) {
					t.Errorf("%q lacks %q", lines[0], w)
				}
			}
		})
	}
	if _, err := os.Stat("/sys/kernel"); err == nil {
		// sysfs refuses new files, even to root.
		_, errs, code := sharesafe(t, "report", photo, "-o", "/sys/page.html", "--lang", "fr", "--progress", "json")
		if code != 2 || !strings.Contains(errs, "impossible d'écrire /sys/page.html") {
			t.Errorf("a page nobody can write: exit %d, %q", code, errs)
		}
		_, errs, code = sharesafe(t, "redact", photo, "-o", "/sys/safe", "--progress", "json")
		if code != 2 || !strings.Contains(errs, "/sys/safe cannot be written") {
			t.Errorf("safe copies nobody can write: exit %d, %q", code, errs)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("%s was made", missing)
	}
	// A page named without .html gets it.
	page := filepath.Join(dir, "atelier")
	if _, errs, code := sharesafe(t, "report", "--handout", "-o", page); code != 0 {
		t.Fatalf("handout: exit %d, %s", code, errs)
	}
	if _, err := os.Stat(page + ".html"); err != nil {
		t.Errorf("-o atelier did not write atelier.html: %v", err)
	}
}
