package geo

import "strings"

// frenchStreets are the words that start a street's name in French ("rue
// Victor Hugo", "place de la République"), lower case.
var frenchStreets = map[string]bool{
	"rue": true, "avenue": true, "av": true, "boulevard": true, "bd": true, "bld": true, "place": true, "chemin": true,
	"allée": true, "allee": true, "impasse": true, "quai": true, "cours": true, "route": true, "square": true,
	"passage": true, "ruelle": true, "sentier": true, "voie": true, "esplanade": true, "promenade": true, "rond-point": true,
}

// englishStreets are the words that end a street's name in English ("Baker
// Street", "Abbey Road"), lower case.
var englishStreets = map[string]bool{
	"street": true, "st": true, "road": true, "rd": true, "avenue": true, "ave": true, "lane": true, "drive": true,
	"boulevard": true, "blvd": true, "close": true, "crescent": true, "terrace": true, "place": true, "square": true,
	"way": true, "court": true, "gardens": true, "grove": true, "row": true, "parade": true,
}

// streetLinks are the small words inside a French street's name ("place
// de la République", "allée des Tilleuls").
var streetLinks = map[string]bool{"de": true, "du": true, "des": true, "la": true, "le": true, "les": true, "l": true, "d": true, "et": true, "en": true, "aux": true, "au": true}

// notStreetNames are capitalised words that start an English sentence or a
// title, not a street's name ("The Long Road", "My Way").
var notStreetNames = map[string]bool{"The": true, "A": true, "An": true, "My": true, "Our": true, "This": true, "That": true, "No": true, "One": true, "Long": true}

// Streets returns the streets a text names, each once, as written: a
// French street word followed by a name with at least one capitalised word
// ("rue Victor Hugo", "12 avenue des Champs-Élysées", "place Bellecour"),
// or capitalised words followed by an English street word ("Baker Street",
// "Abbey Road"). The name runs over capitalised words and, in French, the
// small words between them, unbroken by punctuation. "une place de
// parking" and "sur place" name none.
func Streets(text string) []string {
	ws := words(text)
	var out []string
	seen := map[string]bool{}
	for _, sp := range streets(text, ws) {
		name := text[ws[sp[0]].start:ws[sp[1]-1].end]
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// streets returns the streets of a text as spans of its words [from, to).
func streets(text string, ws []word) [][2]int {
	var out [][2]int
	for i := 0; i < len(ws); i++ {
		l := strings.ToLower(ws[i].text)
		// French: the street word, then its name.
		if frenchStreets[l] {
			j, named := i+1, false
			for j < len(ws) && strings.Trim(text[ws[j-1].end:ws[j].start], " '’-") == "" {
				w := ws[j].text
				if capitalised(w) {
					named = true
				} else if !streetLinks[strings.ToLower(w)] {
					break
				}
				j++
			}
			for j > i+1 && !capitalised(ws[j-1].text) { // "rue Victor Hugo et" ends at Hugo
				j--
			}
			if named {
				out = append(out, [2]int{i, j})
				i = j - 1
				continue
			}
		}
		// English: capitalised words, then the street word.
		if englishStreets[l] && i > 0 {
			a := i
			for a > 0 && a > i-3 && joined(text, ws[a-1], ws[a]) && capitalised(ws[a-1].text) && !frenchStreets[strings.ToLower(ws[a-1].text)] {
				a--
			}
			for a < i && notStreetNames[ws[a].text] {
				a++
			}
			if a < i && (capitalised(ws[i].text) || l == "street" || l == "road") {
				if a > 0 && joined(text, ws[a-1], ws[a]) && isNumber(ws[a-1].text) {
					a-- // "221 Baker Street"
				}
				out = append(out, [2]int{a, i + 1})
			}
		}
	}
	return out
}

// streetSpans marks the words that belong to a street's name: they are
// never a town ("rue Victor Hugo" names no Hugo).
func streetSpans(text string, ws []word) map[int]bool {
	in := map[int]bool{}
	for _, sp := range streets(text, ws) {
		for i := sp[0]; i < sp[1]; i++ {
			in[i] = true
		}
	}
	return in
}

func isNumber(w string) bool {
	for i, r := range w {
		if (r < '0' || r > '9') && !(i > 0 && (r == 'b' || r == 'B' || r == 'A' || r == 'a')) {
			return false
		}
	}
	return w != ""
}
