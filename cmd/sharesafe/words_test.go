package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/words"
)

// TestPhotoErrorsInWords checks that the English words of photo's errors
// are the errors' own text (so English lines do not change), and that
// explain says them in French.
func TestPhotoErrorsInWords(t *testing.T) {
	for e, k := range photoErrors {
		if got := words.English.T(k); got != e.Error() {
			t.Errorf("English words %q, photo says %q", got, e.Error())
		}
		err := fmt.Errorf("photo: x.jpg: %w", e)
		o := &output{lang: words.French}
		if got := o.explain(err); !strings.HasPrefix(got, "x.jpg: ") || strings.Contains(got, e.Error()) || !strings.Contains(got, words.French.T(k)) {
			t.Errorf("French: %q", got)
		}
	}
}

// TestCountsAgree checks the counted lines of the command line in both
// languages: a count of one takes the singular, every part of a sentence
// agrees with its own count, and nothing says "photo(s)".
func TestCountsAgree(t *testing.T) {
	for _, c := range []struct {
		lang words.Lang
		sum  summary
		want string
	}{
		{words.English, summary{command: "scan", files: 2, located: 1, children: 0, hiddenCopy: 2},
			"2 photos checked: 1 reveals a location, 0 show faces that may be children, 2 carry hidden copies.\n"},
		{words.French, summary{command: "scan", files: 2, located: 1, children: 0, hiddenCopy: 2},
			"2 photos vérifiées\u202f: 1 révèle un lieu, 0 montre des visages qui sont peut-être des enfants, 2 cachent des copies.\n"},
		{words.English, summary{command: "redact", files: 1, written: 1, existed: 1},
			"1 safe copy written. 1 already there and up to date, left alone.\n"},
		{words.French, summary{command: "redact", written: 0, existed: 1, failed: 1},
			"0 copie sûre écrite. 1 déjà là et à jour, laissée telle quelle. 1 en échec (voir les messages ci-dessus).\n"},
		{words.French, summary{command: "redact", files: 1, written: 1, existed: 2},
			"1 copie sûre écrite. 2 déjà là et à jour, laissées telles quelles.\n"},
	} {
		var b strings.Builder
		newTextPrinter(&b, c.lang).summary(c.sum)
		if b.String() != c.want {
			t.Errorf("%s %+v:\n got %q\nwant %q", c.lang, c.sum, b.String(), c.want)
		}
	}
	for _, c := range []struct {
		lang        words.Lang
		done, total int
		want        string
	}{
		{words.English, 0, 1, "sharesafe: interrupted: 0 photos of 1 done;"},
		{words.English, 1, 3, "sharesafe: interrupted: 1 photo of 3 done;"},
		{words.French, 1, 3, "sharesafe: interrompu\u202f: 1 photo sur 3 traitée\u202f;"},
		{words.French, 2, 3, "sharesafe: interrompu\u202f: 2 photos sur 3 traitées\u202f;"},
	} {
		var b strings.Builder
		interrupted(&streams{Err: &b}, c.lang, summary{files: c.done}, c.total)
		if !strings.HasPrefix(b.String(), c.want) {
			t.Errorf("%s %d of %d: %q, want %q…", c.lang, c.done, c.total, b.String(), c.want)
		}
	}
	for lang, want := range map[words.Lang][2]string{
		words.English: {"wrote r.html (1 photo)", "wrote r.html (2 photos)"},
		words.French:  {"page écrite\u202f: r.html (1 photo)", "page écrite\u202f: r.html (2 photos)"},
	} {
		for i, n := range []int{1, 2} {
			if got := lang.N(n, words.ReportWrittenOne, words.ReportWrittenMany, "r.html"); got != want[i] {
				t.Errorf("%s: %q, want %q", lang, got, want[i])
			}
		}
	}
}

// TestFacesNoneIsNotCalledSafe: with --faces none the summary does not
// call the copies safe: their faces are not masked, and it says so.
func TestFacesNoneIsNotCalledSafe(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(in, "a.jpg"))
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(in, "b.jpg"))
	for lang, want := range map[string]string{
		"en_GB.UTF-8": "2 copies written without their hidden information; faces not masked (--faces none).",
		"fr_FR.UTF-8": "visages non masqués (--faces none)",
	} {
		stdout, stderr, code := sharesafeIn(t, lang, "redact", in, "-o", filepath.Join(out, lang), "--faces", "none", "--progress", "none")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", lang, code, stderr)
		}
		stderr += stdout // the summary is on stdout without --json
		if !strings.Contains(stderr, want) || strings.Contains(stderr, "safe cop") || strings.Contains(stderr, "copies sûres") {
			t.Errorf("%s: the summary should say the faces are not masked, never 'safe':\n%s", lang, stderr)
		}
	}
}
