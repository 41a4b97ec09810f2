package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// childrenRule is the one rule of --faces children (issue 27), said in the
// same sentence by the flag's help, redact's long help, the manual page,
// the README and docs/children.md, in each language the text is in.
var childrenRule = map[string]string{
	"en_GB.UTF-8": "With --faces children, a face stays visible only when it is clearly an adult's.",
	"fr_FR.UTF-8": "Avec --faces children, un visage ne reste visible que s'il est clairement celui d'un adulte.",
}

// flatText collapses runs of white space (line breaks included) into one
// space, and drops roff's zero-width escapes (the manual page's "\&.").
func flatText(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, `\&`, "")), " ")
}

// TestChildrenRuleIsOneSentence: every text that says what --faces children
// leaves visible says it in the rule's own sentence, and none of them gives
// an age in years (the cuts are docs/children.md's, and they moved).
func TestChildrenRuleIsOneSentence(t *testing.T) {
	years := regexp.MustCompile(`(?i)\b(under|over|moins de|plus de) \d+|\d+ (years|ans)\b|\d+ or older|\d+\.\d+`)
	for lang, rule := range childrenRule {
		out, _, code := sharesafeIn(t, lang, "redact", "--help")
		if code != 0 {
			t.Fatalf("%s: redact --help exit %d", lang, code)
		}
		var flag, long string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "--faces ") {
				flag = l
			}
		}
		if i := strings.Index(out, rule[:20]); i >= 0 {
			long = out[i : i+strings.Index(out[i:], "\n\n")]
		}
		for name, text := range map[string]string{"the flag's help": flag, "the long help": long} {
			if !strings.Contains(text, rule) {
				t.Errorf("%s: %s does not say %q:\n%s", lang, name, rule, text)
			}
			if m := years.FindString(text); m != "" {
				t.Errorf("%s: %s gives an age (%q):\n%s", lang, name, m, text)
			}
		}
	}
	en := childrenRule["en_GB.UTF-8"]
	man, _, _ := sharesafe(t, "man")
	if !strings.Contains(flatText(man), en) {
		t.Errorf("the manual page does not say %q", en)
	}
	for _, doc := range []string{"../../README.md", "../../docs/children.md"} {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(flatText(string(b)), en) {
			t.Errorf("%s does not say %q", doc, en)
		}
	}
}
