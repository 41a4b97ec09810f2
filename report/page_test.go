package report

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/internal/fixtures"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
)

// samplePages renders the report on the demo samples (their metadata, and
// faces of every label added by hand so that every risk shows) with a file
// that could not be read, and the handout, in a language.
func samplePages(t *testing.T, lang advise.Lang) map[string]string {
	t.Helper()
	dir := filepath.Join("..", "cmd", "sharesafe", "samples")
	names, err := filepath.Glob(filepath.Join(dir, "[0-9]-*"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no demo samples in %s: %v", dir, err)
	}
	faces := []detect.Face{
		{Box: detect.Rect{10, 10, 40, 40}, Mask: detect.Rect{5, 0, 50, 70}, Label: detect.LabelChild},
		{Box: detect.Rect{80, 10, 40, 40}, Mask: detect.Rect{75, 0, 50, 70}, Label: detect.LabelUnsure},
		{Box: detect.Rect{150, 10, 40, 40}, Mask: detect.Rect{145, 0, 50, 70}, Label: detect.LabelAdult},
	}
	pages := map[string]string{}
	for _, aud := range advise.Audiences {
		o := Options{Audience: aud, Lang: lang, Style: redact.Solid, MaxSide: 64, Credit: fixtures.SampleCredit}
		var entries []Entry
		for i, name := range names {
			p, err := photo.Open(name, photo.DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Decode(); err != nil {
				t.Fatal(err)
			}
			rep, err := detect.Inspect(p, detect.Options{})
			if err != nil {
				t.Fatal(err)
			}
			rep.Faces = faces[:i%len(faces)+1]
			entries = append(entries, Build(p, rep, o))
		}
		entries = append(entries, Entry{Name: "broken.jpg", Error: "broken.jpg: not a photo"})
		var b bytes.Buffer
		if err := Write(&b, entries, o); err != nil {
			t.Fatal(err)
		}
		pages["report "+string(aud)] = b.String()
	}
	var b bytes.Buffer
	if err := Write(&b, nil, Options{Lang: lang, Handout: true}); err != nil {
		t.Fatal(err)
	}
	pages["handout"] = b.String()
	return pages
}

// TestContrast checks that every text of the report and of the handout
// reaches WCAG AA contrast (4.5:1) against its background, on screen and
// in print, from the page's own CSS. Printers leave backgrounds out, so in
// print every background is white.
func TestContrast(t *testing.T) {
	for _, lang := range []advise.Lang{advise.English, advise.French} {
		for name, doc := range samplePages(t, lang) {
			rules := parseCSS(t, styleOf(t, doc))
			texts := textNodes(t, doc)
			if len(texts) < 20 {
				t.Fatalf("%s %s: only %d texts", lang, name, len(texts))
			}
			for _, media := range []string{"screen", "print"} {
				checked, lowest, at := 0, 21.0, ""
				for _, n := range texts {
					fg, bg := colours(t, rules, media, n.path)
					r := contrast(fg, bg)
					checked++
					if r < lowest {
						lowest, at = r, pathString(n.path)
					}
					if r < 4.5 {
						t.Errorf("%s %s, %s: %q (%s) is %s on %s: contrast %.2f, want 4.5", lang, name, media, clip(n.text), pathString(n.path), hex(fg), hex(bg), r)
					}
				}
				if checked == 0 {
					t.Errorf("%s %s %s: nothing checked", lang, name, media)
				}
				t.Logf("%s %s, %s: %d texts, lowest contrast %.2f (%s)", lang, name, media, checked, lowest, at)
			}
		}
	}
}

// TestContrastCatchesTheOldBoxes runs the same check on the colours that
// made the "Check what sharesafe can't see" box unreadable (dark text on
// the slate of the info level): the check must fail on them.
func TestContrastCatchesTheOldBoxes(t *testing.T) {
	rules := parseCSS(t, `body { background: #f4f6fb; color: #1d2433; }
section.photo { background: #fff; }
.info { background: #6b7280; }
.src { color: #5b6475; }`)
	path := []element{{tag: "body"}, {tag: "section", classes: []string{"photo"}}, {tag: "div", classes: []string{"risk", "info"}}, {tag: "div", classes: []string{"src"}}}
	fg, bg := colours(t, rules, "screen", path)
	if r := contrast(fg, bg); r >= 4.5 {
		t.Errorf("the old citation line on the info box: contrast %.2f (%s on %s), want it caught under 4.5", r, hex(fg), hex(bg))
	}
}

// bothLanguages are the words of the English page that the French page
// may use too: names, places, brands, sources and the few words the two
// languages share. Everything else the English page says is English.
var bothLanguages = strings.Fields(`
sharesafe redact photo photos image images information date dates public source type
page exact place visible sites blogs parent parents logo format civil code art triangle
france lyon baule escoublac internet org photoshop prvw licence sources copies
gps cnil nspcc inhope ncmec iwf pharos xmp iptc mpf exif mp4 jpeg jpg png
`)

// TestFrenchPageHasNoEnglish renders the report and the handout in French
// and looks for the words of the English page in it.
func TestFrenchPageHasNoEnglish(t *testing.T) {
	english := map[string]bool{}
	for _, doc := range samplePages(t, advise.English) {
		for _, n := range textNodes(t, doc) {
			for _, w := range wordsIn(n.text) {
				english[w] = true
			}
		}
	}
	if len(english) < 300 {
		t.Fatalf("only %d English words: the check would be weak", len(english))
	}
	for _, w := range bothLanguages {
		delete(english, w)
	}
	// What the files hold (names, places, captions) is quoted as it is in
	// both pages, and so are the names in the demo photos' credits.
	samples, _ := filepath.Glob(filepath.Join("..", "cmd", "sharesafe", "samples", "[0-9]-*"))
	for _, s := range samples {
		p, err := photo.Open(s, photo.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range detect.Metadata(p) {
			_, quoted, _ := strings.Cut(advise.FindingLabel(f, advise.English), ": ") // the fields a label quotes, as in "IPTC: caption …"
			for _, w := range wordsIn(f.Value + " " + quoted) {
				if !slices.Contains([]string{"keyword", "caption", "by", "city", "place"}, w) {
					delete(english, w)
				}
			}
		}
		en, _ := fixtures.SampleCredit(filepath.Base(s), "en")
		fr, _ := fixtures.SampleCredit(filepath.Base(s), "fr")
		for _, w := range wordsIn(en) {
			if slices.Contains(wordsIn(fr), w) {
				delete(english, w)
			}
		}
	}
	for name, doc := range samplePages(t, advise.French) {
		found := map[string]bool{}
		for _, n := range textNodes(t, doc) {
			for _, w := range wordsIn(n.text) {
				if english[w] && !found[w] && !isData(n.text, w) {
					found[w] = true
					t.Errorf("French %s: English word %q in %q", name, w, clip(n.text))
				}
			}
		}
		for _, attr := range regexp.MustCompile(`(?:alt|title)="([^"]*)"`).FindAllStringSubmatch(doc, -1) {
			for _, w := range wordsIn(html.UnescapeString(attr[1])) {
				if english[w] {
					t.Errorf("French %s: English word %q in an attribute %q", name, w, attr[1])
				}
			}
		}
		if !strings.Contains(doc, `lang="fr"`) {
			t.Errorf("French %s: no lang=\"fr\"", name)
		}
	}
}

// isData reports whether w is part of what the photo's file holds (a
// name, a camera, a file name) rather than of the page's sentences: the
// same in both languages.
func isData(text, w string) bool {
	for _, d := range dataWords {
		if strings.Contains(strings.ToLower(text), d) && strings.Contains(d, w) {
			return true
		}
	}
	return false
}

// dataWords are the made-up metadata of the demo samples and their file
// names, which the page quotes as they are.
var dataWords = []string{"jane example", "lily example", "pixelphone 7 pro", "pixelcam", "samsung", "tennis-club", "cat-burst", "skatepark", "beach", "broken.jpg",
	// and the names of the sources the advice cites
	"save the children uk", "esafety commissioner", "sydney morning herald", "sps performance standard", "gps.gov"}

func TestHandoutSaysTheHabitsAndTheHelp(t *testing.T) {
	for _, lang := range []advise.Lang{advise.English, advise.French} {
		doc := samplePages(t, lang)["handout"]
		for _, h := range pageTexts(lang).Habits {
			if !strings.Contains(doc, html.EscapeString(h.Title)) {
				t.Errorf("%s handout: no habit %q", lang, h.Title)
			}
		}
		for _, s := range advise.HelpServices(lang) {
			if !strings.Contains(doc, html.EscapeString(s.Name)) {
				t.Errorf("%s handout: no help service %q", lang, s.Name)
			}
		}
		if strings.Contains(doc, "<img") {
			t.Errorf("%s handout: a picture in the handout", lang)
		}
	}
}

// TestDemoPhotosAreCredited: each demo photo's credit is under its
// pictures, once (the page says it once, as it says its advice once).
func TestDemoPhotosAreCredited(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join("..", "cmd", "sharesafe", "samples", "[0-9]-*"))
	for _, lang := range []advise.Lang{advise.English, advise.French} {
		doc := samplePages(t, lang)["report public"]
		if n := strings.Count(doc, `class="credit"`); n != len(names) {
			t.Errorf("%s report: %d credit lines, want %d (one under each photo)", lang, n, len(names))
		}
		for _, name := range names {
			c, ok := fixtures.SampleCredit(filepath.Base(name), string(lang))
			if !ok {
				t.Fatalf("%s has no credit", name)
			}
			if n := strings.Count(doc, html.EscapeString(c)); n != 1 {
				t.Errorf("%s report: the credit of %s is said %d times, want once", lang, filepath.Base(name), n)
			}
		}
	}
}

// The handout fits one A4 page, in both languages, printed by Chromium.
func TestHandoutIsOnePageInChromium(t *testing.T) {
	if os.Getenv("SHARESAFE_LONG") == "" {
		t.Skip("long test: set SHARESAFE_LONG=1")
	}
	chromium := lookChromium(t)
	for _, lang := range []advise.Lang{advise.English, advise.French} {
		dir := t.TempDir()
		in := filepath.Join(dir, "handout.html")
		if err := os.WriteFile(in, []byte(samplePages(t, lang)["handout"]), 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "handout.pdf")
		printPDF(t, chromium, in, out)
		if n := pdfPages(t, out); n != 1 {
			t.Errorf("%s handout: %d pages, want 1", lang, n)
		}
	}
}

// element is one element on the way from <body> to a text.
type element struct {
	tag     string
	classes []string
}

type textNode struct {
	text string
	path []element
}

func styleOf(t *testing.T, doc string) string {
	t.Helper()
	i, j := strings.Index(doc, "<style>"), strings.Index(doc, "</style>")
	if i < 0 || j < i {
		t.Fatal("no <style> in the page")
	}
	return doc[i+len("<style>") : j]
}

var voids = map[string]bool{"meta": true, "img": true, "br": true, "link": true, "hr": true, "input": true}

// textNodes walks the page's body (html/template's output: well nested)
// and returns every text that is not blank, with its elements.
func textNodes(t *testing.T, doc string) []textNode {
	t.Helper()
	i := strings.Index(doc, "<body")
	if i < 0 {
		t.Fatal("no <body>")
	}
	doc = doc[i:]
	if j := strings.Index(doc, "</body>"); j >= 0 {
		doc = doc[:j+len("</body>")]
	}
	tagRe := regexp.MustCompile(`^<(/?)([a-zA-Z0-9]+)([^>]*)>`)
	classRe := regexp.MustCompile(`class="([^"]*)"`)
	var stack []element
	var out []textNode
	for len(doc) > 0 {
		if doc[0] == '<' {
			m := tagRe.FindStringSubmatch(doc)
			if m == nil {
				t.Fatalf("cannot read the page at %q", clip(doc))
			}
			doc = doc[len(m[0]):]
			tag := strings.ToLower(m[2])
			switch {
			case m[1] == "/":
				if len(stack) == 0 || stack[len(stack)-1].tag != tag {
					t.Fatalf("</%s> closes %s", tag, pathString(stack))
				}
				stack = stack[:len(stack)-1]
			case voids[tag]:
			default:
				e := element{tag: tag}
				if c := classRe.FindStringSubmatch(m[3]); c != nil {
					e.classes = strings.Fields(c[1])
				}
				stack = append(stack, e)
			}
			continue
		}
		j := strings.IndexByte(doc, '<')
		if j < 0 {
			j = len(doc)
		}
		if s := strings.TrimSpace(html.UnescapeString(doc[:j])); s != "" && len(stack) > 0 {
			out = append(out, textNode{s, append([]element(nil), stack...)})
		}
		doc = doc[j:]
	}
	return out
}

// rule is one CSS rule for one selector.
type rule struct {
	media       string // "" for every medium
	sel         [][]compound
	specificity int
	order       int
	decls       map[string]string
}

// compound is tag.class.class; child says it must be the direct child of
// the one before.
type compound struct {
	tag     string
	classes []string
	child   bool
}

// parseCSS reads the subset of CSS the page uses: rules of tag and class
// selectors joined by spaces or ">", at the top level or in @media, and
// @page; rules with a pseudo-element or an attribute ([open]) are left out
// when they set no colour. Anything else fails the test, so that the check
// never silently skips a colour.
func parseCSS(t *testing.T, css string) []rule {
	t.Helper()
	var rules []rule
	order := 0
	var parse func(s, media string)
	parse = func(s, media string) {
		for {
			s = strings.TrimSpace(s)
			if s == "" {
				return
			}
			open := strings.IndexByte(s, '{')
			if open < 0 {
				t.Fatalf("CSS: cannot read %q", clip(s))
			}
			head := strings.TrimSpace(s[:open])
			depth, end := 0, -1
			for k := open; k < len(s); k++ {
				if s[k] == '{' {
					depth++
				} else if s[k] == '}' {
					depth--
					if depth == 0 {
						end = k
						break
					}
				}
			}
			if end < 0 {
				t.Fatalf("CSS: unclosed block after %q", head)
			}
			body := s[open+1 : end]
			s = s[end+1:]
			switch {
			case strings.HasPrefix(head, "@media"):
				parse(body, strings.TrimSpace(strings.TrimPrefix(head, "@media")))
				continue
			case strings.HasPrefix(head, "@page"):
				continue
			case strings.HasPrefix(head, "@"):
				t.Fatalf("CSS: unsupported %q", head)
			}
			decls := map[string]string{}
			for _, d := range strings.Split(body, ";") {
				k, v, ok := strings.Cut(d, ":")
				if !ok {
					if strings.TrimSpace(d) != "" {
						t.Fatalf("CSS: cannot read %q", d)
					}
					continue
				}
				decls[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
			for _, sel := range strings.Split(head, ",") {
				if strings.ContainsAny(sel, ":[") {
					// A pseudo-element or a state (details[open], the
					// marker, the hidden part of a details) may set
					// layout, never a colour: the check could not follow
					// it.
					for k := range decls {
						if strings.Contains(k, "color") || strings.HasPrefix(k, "background") {
							t.Fatalf("CSS: %q sets %s: unsupported selector for colours", sel, k)
						}
					}
					continue
				}
				r := rule{media: media, decls: decls, order: order}
				order++
				child := false
				for _, part := range strings.Fields(sel) {
					if part == ">" {
						child = true
						continue
					}
					if strings.ContainsAny(part, ":[#*+~") {
						t.Fatalf("CSS: unsupported selector %q", sel)
					}
					segs := strings.Split(part, ".")
					c := compound{tag: segs[0], classes: segs[1:], child: child}
					child = false
					r.specificity += 10 * len(c.classes)
					if c.tag != "" {
						r.specificity++
					}
					r.sel = append(r.sel, []compound{c})
				}
				rules = append(rules, r)
			}
		}
	}
	parse(css, "")
	return rules
}

func (c compound) matches(e element) bool {
	if c.tag != "" && c.tag != e.tag {
		return false
	}
	for _, want := range c.classes {
		found := false
		for _, have := range e.classes {
			found = found || have == want
		}
		if !found {
			return false
		}
	}
	return true
}

// matches reports whether the rule's selector matches the last element of
// path.
func (r rule) matches(path []element) bool {
	var match func(si, pi int) bool
	match = func(si, pi int) bool {
		if si < 0 {
			return true
		}
		c := r.sel[si][0]
		last := si == len(r.sel)-1
		if last {
			return c.matches(path[pi]) && match(si-1, pi-1)
		}
		if pi < 0 {
			return false
		}
		if r.sel[si+1][0].child {
			return c.matches(path[pi]) && match(si-1, pi-1)
		}
		for k := pi; k >= 0; k-- {
			if c.matches(path[k]) && match(si-1, k-1) {
				return true
			}
		}
		return false
	}
	return match(len(r.sel)-1, len(path)-1)
}

// value returns the winning declaration of prop for the last element of
// path in a medium.
func value(rules []rule, media string, path []element, props ...string) (string, bool) {
	best, bestSpec, bestOrder := "", -1, -1
	for _, r := range rules {
		if r.media != "" && r.media != media {
			continue
		}
		for _, p := range props {
			v, ok := r.decls[p]
			if !ok || !r.matches(path) {
				continue
			}
			if r.specificity > bestSpec || (r.specificity == bestSpec && r.order > bestOrder) {
				best, bestSpec, bestOrder = v, r.specificity, r.order
			}
		}
	}
	return best, bestSpec >= 0
}

type rgb [3]float64

// colours returns the text colour (inherited) and the background (the
// nearest one set, white when none; always white in print) of the last
// element of path.
func colours(t *testing.T, rules []rule, media string, path []element) (fg, bg rgb) {
	t.Helper()
	fg = rgb{0, 0, 0}
	for k := range path {
		if v, ok := value(rules, media, path[:k+1], "color"); ok {
			fg = parseColour(t, v)
		}
	}
	bg = rgb{255, 255, 255}
	if media == "print" {
		return fg, bg
	}
	for k := len(path); k > 0; k-- {
		v, ok := value(rules, media, path[:k], "background", "background-color")
		if !ok {
			continue
		}
		if v == "none" || v == "transparent" {
			continue
		}
		return fg, parseColour(t, v)
	}
	return fg, bg
}

func parseColour(t *testing.T, v string) rgb {
	t.Helper()
	v = strings.TrimSpace(strings.ToLower(v))
	switch v {
	case "white":
		return rgb{255, 255, 255}
	case "black":
		return rgb{0, 0, 0}
	}
	if !strings.HasPrefix(v, "#") || (len(v) != 4 && len(v) != 7) {
		t.Fatalf("CSS: colour %q not supported by the check", v)
	}
	h := v[1:]
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	var c rgb
	for i := range 3 {
		n, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			t.Fatalf("CSS: colour %q: %v", v, err)
		}
		c[i] = float64(n)
	}
	return c
}

// contrast is WCAG 2's contrast ratio.
func contrast(a, b rgb) float64 {
	lum := func(c rgb) float64 {
		var l [3]float64
		for i, v := range c {
			s := v / 255
			if s <= 0.03928 {
				l[i] = s / 12.92
			} else {
				l[i] = math.Pow((s+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func TestContrastFormula(t *testing.T) {
	for _, c := range []struct {
		a, b rgb
		want float64
	}{
		{rgb{0, 0, 0}, rgb{255, 255, 255}, 21},
		{rgb{255, 255, 255}, rgb{255, 255, 255}, 1},
		{rgb{0x76, 0x76, 0x76}, rgb{255, 255, 255}, 4.54}, // the classic AA grey
	} {
		if got := contrast(c.a, c.b); math.Abs(got-c.want) > 0.01 {
			t.Errorf("contrast(%s, %s) = %.3f, want %.2f", hex(c.a), hex(c.b), got, c.want)
		}
	}
}

func hex(c rgb) string { return fmt.Sprintf("#%02x%02x%02x", int(c[0]), int(c[1]), int(c[2])) }

func pathString(p []element) string {
	var parts []string
	for _, e := range p {
		parts = append(parts, strings.Join(append([]string{e.tag}, e.classes...), "."))
	}
	return strings.Join(parts, " > ")
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// words splits a text into lower-case words of letters, at least 3 long.
func wordsIn(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'à' && r <= 'ÿ' || r == '\'' || r == '’')
	}) {
		w = strings.Trim(w, "'’")
		if len([]rune(w)) >= 3 {
			out = append(out, w)
		}
	}
	return out
}

// TestEveryPageTextIsShown checks that the template shows every text of
// pageText, so that the catalogue keys read by pageTexts are all on the
// page (words' unused-key test sees only that pageTexts names them).
func TestEveryPageTextIsShown(t *testing.T) {
	ty := reflect.TypeOf(pageText{})
	for i := range ty.NumField() {
		if ty.Field(i).Type.Kind() == reflect.Map {
			continue // Audience: Write picks the one asked for
		}
		if name := ty.Field(i).Name; !strings.Contains(pageHTML, ".T."+name) {
			t.Errorf("the page never shows pageText.%s", name)
		}
	}
}

// TestNothingRemovedLeavesThePage: the kinds beside the pictures group
// what the safe copy removed, and lose none of it: each finding's label is
// in one group, and on the page.
func TestNothingRemovedLeavesThePage(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join("..", "cmd", "sharesafe", "samples", "[0-9]-*"))
	for _, lang := range []advise.Lang{advise.English, advise.French} {
		o := Options{Audience: advise.Public, Lang: lang, Style: redact.Solid, MaxSide: 64}
		var entries []Entry
		for _, name := range names {
			p, err := photo.Open(name, photo.DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Decode(); err != nil {
				t.Fatal(err)
			}
			rep, err := detect.Inspect(p, detect.Options{})
			if err != nil {
				t.Fatal(err)
			}
			// A kind the groups do not name goes to "other".
			rep.Findings = append(rep.Findings, detect.Finding{Kind: "a kind of tomorrow", What: detect.WhatOther, Detail: "APP9"})
			entries = append(entries, Build(p, rep, o))
		}
		var b bytes.Buffer
		if err := Write(&b, entries, o); err != nil {
			t.Fatal(err)
		}
		doc := html.UnescapeString(b.String())
		for _, e := range entries {
			var grouped []string
			for _, g := range e.Groups {
				grouped = append(grouped, g.Items...)
			}
			if !slices.Equal(slices.Sorted(slices.Values(grouped)), slices.Sorted(slices.Values(e.Revealed))) {
				t.Errorf("%s %s: grouped %q, found %q", lang, e.Name, grouped, e.Revealed)
			}
			if len(e.Revealed) < 3 {
				t.Errorf("%s %s: %d findings", lang, e.Name, len(e.Revealed))
			}
			for _, l := range e.Revealed {
				if !strings.Contains(doc, l) {
					t.Errorf("%s %s: %q is not on the page", lang, e.Name, l)
				}
			}
		}
	}
}
