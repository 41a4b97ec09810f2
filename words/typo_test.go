package words

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// frenchSlips are what French typography forbids, each with what it
// catches.
var frenchSlips = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`[ \x{00a0}][:;?!]`), "a plain space before : ; ? ! (French puts a narrow no-break space, U+202F)"},
	{regexp.MustCompile(`[^ \x{202f}\n][;?!]`), "no space before ; ? !"},
	{regexp.MustCompile(`[\p{L}\p{N})»][:]( |$)`), "no space before :"},
	{regexp.MustCompile(`«[^\x{202f}]|[^\x{202f}]»`), "guillemets without narrow no-break spaces inside"},
	{regexp.MustCompile(`(?i)(^|[^\p{L}'-])(de|le|la|que|jusque) ([aeiouyàâéèêëîïôûœ]|hy|ho|he)`), "no elision (d', l', qu')"},
	{regexp.MustCompile(`(^|[^\p{L}])[dD]e (Le|Les) `), "de + Le/Les (du, des)"},
	{regexp.MustCompile(`(^|[^\p{L}])[àÀ] (Le|Les) `), "à + Le/Les (au, aux)"},
	{regexp.MustCompile(`\b(d'|l')\d`), "a digit after an elision: moins d'un, not moins d'1"},
	{regexp.MustCompile(`(^|[^\d,])1 (ans|visages|photos|copies|kilomètres|mètres|octets|secondes)\b`), "a plural after 1"},
	{regexp.MustCompile(`\d{5}`), "a long number without its groups (20 254)"},
	{regexp.MustCompile(`\d [\d]{3}\b`), "a plain space inside a number"},
	{regexp.MustCompile(`\d[ \x{00a0}](m|km|Ko|Mo|octets?|s|min|h|%)\b`), "a plain space between a number and its unit"},
	{regexp.MustCompile(`\d\.\d`), "a decimal point (French writes a comma)"},
}

// frenchSlipsIn returns what is wrong with a French sentence.
func frenchSlipsIn(s string) []string {
	var out []string
	for _, r := range frenchSlips {
		if m := r.re.FindString(s); m != "" {
			out = append(out, fmt.Sprintf("%s (%q)", r.what, m))
		}
	}
	return out
}

// frenchSamples are values a French text is filled with: places starting
// with a vowel, a mute h, an article, a consonant; counts of one, two and
// many; decimals.
var frenchSamples = []struct {
	text  string
	count int
	num   float64
}{
	{"Arezzo", 1, 1},
	{"Orléans", 2, 4.1},
	{"Le Havre", 20254, 20254},
	{"Les Ulis", 3, 0.5},
	{"Hyères", 1, 1.2},
	{"Annecy", 12, 18},
	{"Lyon", 1, 2.5},
}

// frenchArgs fills the verbs of an English text (args) with one sample.
func frenchArgs(s string, sample int) []any {
	out := args(s)
	x := frenchSamples[sample]
	for i, a := range out {
		switch a.(type) {
		case int:
			out[i] = x.count
		case float64:
			out[i] = x.num
		default:
			out[i] = x.text
		}
	}
	return out
}

// TestFrenchIsWrittenAsFrench runs every French text of the catalogue,
// filled with sample values (places starting with a vowel, a mute h, an
// article; counts of one and many; decimals), through the rules of French
// typography: a narrow no-break space before : ; ? ! and inside « » and
// numbers, elision (d'Arezzo, du Havre), no "moins d'1", no plural after
// one, a decimal comma.
func TestFrenchIsWrittenAsFrench(t *testing.T) {
	names := keyNames(t)
	en := catalogues[English]
	n := 0
	for k := Key(0); k < keyCount; k++ {
		if k == KeyYes || k == CLIDefault {
			continue // a letter typed; pflag's "(default: x)" word, followed by a value
		}
		for i := range frenchSamples {
			a := frenchArgs(en.text[k], i)
			if k == AppAgeUnder || k == AppAgeFrom {
				a[0] = 16 // the age of the cut, never one
			}
			if k == ProgressDone || k == ProgressRate {
				// Shown only for runs of two photos or more.
				for j, v := range a {
					if n, ok := v.(int); ok {
						a[j] = max(n, 2)
					}
				}
			}
			// A counted text is only ever filled with its count: one for
			// a text for one, two or more for a text for many (French
			// counts 0 and 1 as one); several children are two or more.
			if c, ok := firstInt(a); ok {
				switch {
				case strings.HasSuffix(names[k], "One"):
					a[0] = 1
				case strings.HasSuffix(names[k], "Many") || k == RiskSeveralChildrenWhy || k == AppConfirm:
					a[0] = max(c, 2)
				}
			}
			got := French.T(k, a...)
			n++
			// Lines of shell code (the completion help) are code, not French.
			var lines []string
			for _, l := range strings.Split(got, "\n") {
				if !strings.HasPrefix(l, "\t") {
					lines = append(lines, l)
				}
			}
			got = strings.ReplaceAll(strings.Join(lines, "\n"), "CC BY 2.0", "CC BY") // a licence's name
			for _, slip := range frenchSlipsIn(got) {
				t.Errorf("%s with %v: %s\n\t%q", names[k], a, slip, got)
			}
		}
	}
	t.Logf("%d French sentences checked", n)
}

// TestFrenchRulesBite proves each rule catches what it is for, and that
// the formatting does what the rules want.
func TestFrenchRulesBite(t *testing.T) {
	for _, bad := range []string{
		"Lieu : Lyon", "près de Arezzo", "près de Le Havre", "moins d'1 km", "environ 1 ans",
		"« photo animée »", "20254 images", "20 254 images", "précis à 5 m", "4.1 Mo", "Vraiment?",
	} {
		if len(frenchSlipsIn(bad)) == 0 {
			t.Errorf("%q: no rule caught it", bad)
		}
	}
	for _, c := range []struct {
		format string
		args   []any
		want   string
	}{
		{"près de %s (%s), %s", []any{"Arezzo", "3 km", "Italie"}, "près d'Arezzo (3 km), Italie"},
		{"près de %s (%s), %s", []any{"Le Havre", "2 km", "France"}, "près du Havre (2 km), France"},
		{"à %[2]s de %[1]s", []any{"Hyères", "9 km"}, "à 9 km d'Hyères"},
		{"près de %s", []any{"Hambourg"}, "près de Hambourg"},
		{"près de %s", []any{"Lyon"}, "près de Lyon"},
		{"Lieu : %s", []any{"Lyon"}, "Lieu\u202f: Lyon"},
		{"%d images", []any{20254}, "20\u202f254 images"},
		{"%.1f Mo", []any{4.1}, "4,1\u202fMo"},
		{"%.0f m", []any{5.0}, "5\u202fm"},
		{"une « photo »", nil, "une «\u202fphoto\u202f»"},
		{"Un commentaire : %s", []any{"Tom : 12:30, de Orléans"}, "Un commentaire\u202f: Tom : 12:30, de Orléans"},
	} {
		if got := frenchFormat(c.format, c.args); got != c.want {
			t.Errorf("%q %v: %q, want %q", c.format, c.args, got, c.want)
		}
	}
}

func firstInt(a []any) (int, bool) {
	if len(a) == 0 {
		return 0, false
	}
	n, ok := a[0].(int)
	return n, ok
}
