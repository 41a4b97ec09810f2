package words

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// keyNames reads the names of the keys from keys.go, in order.
func keyNames(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "keys.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			for _, n := range s.(*ast.ValueSpec).Names {
				if n.Name != "keyCount" {
					names = append(names, n.Name)
				}
			}
		}
	}
	if len(names) != int(keyCount) {
		t.Fatalf("keys.go names %d keys, keyCount is %d: keep every key in the one const block", len(names), keyCount)
	}
	return names
}

// verbRe matches a fmt verb: its argument index, if given, and its letter.
var verbRe = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*\d*(?:\.\d*)?([a-zA-Z%])`)

// args returns one example argument for each verb of an English text.
func args(s string) []any {
	var out []any
	n := 0
	for _, m := range verbRe.FindAllStringSubmatch(s, -1) {
		if m[2] == "%" {
			continue
		}
		if m[1] != "" {
			fmt.Sscan(m[1], &n)
			n--
		}
		for len(out) <= n {
			out = append(out, nil)
		}
		switch m[2] {
		case "d":
			out[n] = 2
		case "f", "g", "e":
			out[n] = 2.5
		default:
			out[n] = "x"
		}
		n++
	}
	return out
}

// TestCatalogues checks that every language has every key English has and
// no other, that every text takes English's arguments (it may leave some
// out, by numbering the others), and that nothing is left empty that
// English says.
func TestCatalogues(t *testing.T) {
	names := keyNames(t)
	en := catalogues[English]
	if len(catalogues) < 2 {
		t.Fatalf("%d languages", len(catalogues))
	}
	for _, lang := range Langs() {
		c := catalogues[lang]
		if c.name == "" || c.plural == nil || len(c.services) == 0 {
			t.Errorf("%s: name, plural rule and services must be set", lang)
		}
		for k := range c.text {
			if k < 0 || k >= keyCount {
				t.Errorf("%s has a key English lacks: %d", lang, k)
			}
		}
		for k := Key(0); k < keyCount; k++ {
			s, ok := c.text[k]
			if !ok {
				t.Errorf("%s lacks %s", lang, names[k])
				continue
			}
			if s == "" && en.text[k] != "" {
				t.Errorf("%s: %s is empty", lang, names[k])
			}
			a := args(en.text[k])
			if len(a) == 0 {
				if strings.Contains(strings.ReplaceAll(s, "%%", ""), "%") {
					t.Errorf("%s: %s takes arguments English does not: %q", lang, names[k], s)
				}
				continue
			}
			if got := lang.T(k, a...); strings.Contains(got, "%!") {
				t.Errorf("%s: %s does not take English's arguments %v: %q", lang, names[k], a, got)
			}
		}
	}
}

// TestEveryKeyIsUsed checks that the code outside this package names every
// key (words.Key), so that no text is left that nothing shows.
func TestEveryKeyIsUsed(t *testing.T) {
	names := keyNames(t)
	var src strings.Builder
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "words" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			src.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, m := range regexp.MustCompile(`\bwords\.([A-Z]\w*)`).FindAllStringSubmatch(src.String(), -1) {
		used[m[1]] = true
	}
	for _, n := range names {
		if !used[n] {
			t.Errorf("key %s is used nowhere: remove it from keys.go and every language", n)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		lang Lang
		n    int
		want string
	}{
		{English, 0, "0 faces found"}, {English, 1, "1 face found"}, {English, 2, "2 faces found"},
		{French, 0, "0 visage trouvé"}, {French, 1, "1 visage trouvé"}, {French, 2, "2 visages trouvés"},
	} {
		if got := c.lang.N(c.n, FacesOne, FacesMany); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Lang
	}{
		{"en", English}, {"fr", French}, {"FR", French}, {"Fr", French}, {"EN", English}, {"fr_FR.UTF-8", French}, {"FR_fr", French}, {"en_GB", English}, {"xx", ""}, {"", ""},
	} {
		got, err := Parse(c.in)
		if got != c.want || (err == nil) != (c.want != "") {
			t.Errorf("%q: %q %v, want %q", c.in, got, err, c.want)
		}
		// The error names the languages: "(choose en or fr)".
		if err != nil && (!strings.HasPrefix(err.Error(), fmt.Sprintf("unknown language %q (choose ", c.in)) ||
			!strings.Contains(err.Error(), "en") || !strings.Contains(err.Error(), "fr")) {
			t.Errorf("%q: %v", c.in, err)
		}
	}
}

func TestFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		env  map[string]string
		want Lang
	}{
		{map[string]string{"LANG": "fr_FR.UTF-8"}, French},
		{map[string]string{"LANG": "fr_FR.UTF-8", "LC_ALL": "en_US.UTF-8"}, English},
		{map[string]string{"LC_MESSAGES": "fr_CA"}, French},
		{map[string]string{"LANG": "C"}, English},
		{map[string]string{}, English},
	} {
		if got := FromEnv(env(c.env)); got != c.want {
			t.Errorf("%v: %s, want %s", c.env, got, c.want)
		}
	}
}

// TestAThirdLanguage adds a language the way a language's file does, and
// checks that the rest knows it at once: Parse, Langs, T and N.
func TestAThirdLanguage(t *testing.T) {
	const xx Lang = "xx"
	before := Langs()
	text := map[Key]string{}
	for k, s := range catalogues[English].text {
		text[k] = "[" + s + "]"
	}
	add(&catalogue{lang: xx, name: "Xx", plural: func(n int) bool { return n != 1 }, text: text, services: catalogues[English].services})
	defer delete(catalogues, xx)
	if l, err := Parse("xx_XX.UTF-8"); l != xx || err != nil {
		t.Errorf("Parse: %q %v", l, err)
	}
	if got := Langs(); len(got) != len(before)+1 || got[0] != English || got[len(got)-1] != xx {
		t.Errorf("Langs: %v", got)
	}
	if got := xx.N(2, FacesOne, FacesMany); got != "[2 faces found]" {
		t.Errorf("N: %q", got)
	}
	if _, err := Parse("yy"); err == nil || !strings.Contains(err.Error(), " or xx)") {
		t.Errorf("Parse(yy): %v", err)
	}
}

// makeshift matches a plural left to the reader: "photo(s)", "vérifiée(s)",
// "laissée(s) telle(s) quelle(s)", "(e)s". A counted text has a form for
// one and one for many (N) instead.
var makeshift = regexp.MustCompile(`\p{L}\((?:s|e|es|x|nt|ent)\)`)

// TestNoMakeshiftPlurals checks that no text of any language says
// "photo(s)" or "visage(s)".
func TestNoMakeshiftPlurals(t *testing.T) {
	names := keyNames(t)
	for _, lang := range Langs() {
		for k, s := range catalogues[lang].text {
			if m := makeshift.FindString(s); m != "" {
				t.Errorf("%s: %s says %q: give it a text for one and one for many (Lang.N): %q", lang, names[k], m, s)
			}
		}
	}
}
