package words

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// French typography, applied to every French text when it is shown
// (frenchFormat): the catalogue is written with plain spaces, and the
// rules below make it French as printed French is written.
//
//   - A narrow no-break space (U+202F) before : ; ? ! and inside « »,
//     between the groups of a number ("20 254"), and between a number and
//     its unit ("5 m", "4 Ko"), so that a line never starts with a colon
//     or splits a number.
//   - Elision where a value meets the text: "de" + "Arezzo" is "d'Arezzo",
//     "le"/"la"/"que"/"jusque" likewise; "de" + "Le Havre" is "du Havre",
//     "de" + "Les Ulis" "des Ulis", "à" + "Le Mans" "au Mans". A value
//     starting with a vowel elides; one starting with h only when the word
//     is known to start with a mute h (muteH), since most place names in h
//     (Hambourg, Le Havre, Hanovre) take none.
//   - A number given as a value is written the French way: a decimal
//     comma ("1,2"), and five digits or more grouped by threes ("20 254").
//
// The values themselves (a file's comment, a name) are never changed
// otherwise: the spaces are fixed in the catalogue's text only.
func frenchFormat(s string, args []any) string {
	s = frenchSpaces(s)
	if len(args) == 0 || !strings.Contains(s, "%") {
		return s
	}
	marked := make([]any, len(args))
	for i, a := range args {
		marked[i] = value{a}
	}
	return frenchJoin(fmt.Sprintf(s, marked...))
}

// narrow is the narrow no-break space French puts before : ; ? ! and
// inside « » and numbers.
const narrow = "\u202f"

var (
	// spaceBefore is a space before a double punctuation mark.
	spaceBefore = regexp.MustCompile(`[ \x{00a0}]([:;?!])`)
	// digitGroups are two groups of a number written with a space.
	digitGroups = regexp.MustCompile(`(\d) (\d{3})\b`)
	// unitAfter is a number, or a verb that prints one, and its unit.
	unitAfter = regexp.MustCompile(`(\d|%(?:\[\d+\])?\.?\d*[dfg]) (m|km|Ko|Mo|octets?|s|min|h|%)\b`)
)

// frenchSpaces puts the narrow no-break spaces of French typography into a
// catalogue text.
func frenchSpaces(s string) string {
	s = spaceBefore.ReplaceAllString(s, narrow+"$1")
	s = strings.ReplaceAll(s, "« ", "«"+narrow)
	s = strings.ReplaceAll(s, " »", narrow+"»")
	s = digitGroups.ReplaceAllString(s, "$1"+narrow+"$2")
	return unitAfter.ReplaceAllString(s, "$1"+narrow+"$2")
}

// The marks around each value in a formatted text, removed by frenchJoin.
const (
	valueStart = "\x02"
	valueEnd   = "\x03"
)

// value is an argument of a French text: formatted as fmt would, between
// marks that let frenchJoin see where it meets the text.
type value struct{ v any }

func (v value) Format(f fmt.State, verb rune) {
	s := fmt.Sprintf(fmt.FormatString(f, verb), v.v)
	switch v.v.(type) {
	case float32, float64:
		s = strings.Replace(s, ".", ",", 1) // French writes 1,2
	}
	fmt.Fprint(f, valueStart, s, valueEnd)
}

// frenchJoin joins the values to the text around them (elision, numbers)
// and removes the marks.
func frenchJoin(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, valueStart)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.Index(s[i:], valueEnd)
		if j < 0 { // not ours: a value that holds the mark itself
			b.WriteString(s)
			return b.String()
		}
		before, v := s[:i], s[i+len(valueStart):i+j]
		s = s[i+j+len(valueEnd):]
		b.WriteString(before)
		text := b.String()
		text, v = elide(text, v)
		b.Reset()
		b.WriteString(text)
		b.WriteString(groupNumber(v))
	}
}

// elisions are the words that lose their vowel before one ("de" becomes
// "d'"), as the text before a value ends with them.
var elisions = []string{"jusque", "Jusque", "que", "Que", "de", "De", "le", "Le", "la", "La"}

// contractions are "de" and "à" before the article of a name ("de Le
// Havre" is "du Havre").
var contractions = []struct{ prep, article, joined string }{
	{"de", "Le ", "du "}, {"de", "Les ", "des "}, {"à", "Le ", "au "}, {"à", "Les ", "aux "},
	{"De", "Le ", "Du "}, {"De", "Les ", "Des "}, {"À", "Le ", "Au "}, {"À", "Les ", "Aux "},
}

// elide joins the text before a value and the value: "près de " and
// "Arezzo" are "près d'" and "Arezzo"; "près de " and "Le Havre" are
// "près du " and "Havre".
func elide(text, v string) (string, string) {
	for _, c := range contractions {
		if endsWithWord(text, c.prep+" ") && strings.HasPrefix(v, c.article) && len(v) > len(c.article) {
			return text[:len(text)-len(c.prep)-1] + c.joined, v[len(c.article):]
		}
	}
	if !startsWithVowelSound(v) {
		return text, v
	}
	for _, w := range elisions {
		if endsWithWord(text, w+" ") {
			return text[:len(text)-2] + "'", v
		}
	}
	return text, v
}

// endsWithWord reports whether text ends with w (a word and its space),
// w being a whole word.
func endsWithWord(text, w string) bool {
	if !strings.HasSuffix(text, w) {
		return false
	}
	rest := text[:len(text)-len(w)]
	r, _ := utf8.DecodeLastRuneInString(rest)
	return rest == "" || !unicode.IsLetter(r) && r != '\''
}

// muteH are the words in h that elide (their h is mute), as values start
// with them: places and common nouns. Others in h do not ("de Hambourg").
var muteH = []string{"Hyères", "Honfleur", "Hendaye", "Hénin", "Hérouville", "Hautmont", "Hazebrouck",
	"heure", "hiver", "histoire", "homme", "hôpital", "hôtel", "habit", "herbe", "huile", "humour"}

// startsWithVowelSound reports whether a value starts with a vowel, or a
// word in mute h (muteH).
func startsWithVowelSound(v string) bool {
	r, _ := utf8.DecodeRuneInString(v)
	if strings.ContainsRune("aeiouyàâäéèêëîïôöûüùAEIOUYÀÂÄÉÈÊËÎÏÔÖÛÜÙŒœ", r) {
		return true
	}
	for _, w := range muteH {
		if strings.HasPrefix(v, w) || strings.HasPrefix(v, strings.ToUpper(w[:1])+w[1:]) {
			return true
		}
	}
	return false
}

// groupNumber groups the whole part of a number of five digits or more by
// threes ("20254" is "20 254", "12345,5" is "12 345,5").
func groupNumber(v string) string {
	whole, frac, _ := strings.Cut(v, ",")
	if len(whole) < 5 {
		return v
	}
	for _, r := range v {
		if (r < '0' || r > '9') && r != ',' {
			return v
		}
	}
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(narrow)
		}
		b.WriteRune(r)
	}
	if frac != "" || strings.Contains(v, ",") {
		b.WriteString("," + frac)
	}
	return b.String()
}
