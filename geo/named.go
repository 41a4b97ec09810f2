package geo

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// names indexes the table's places by name. A name spelt by several
// places (Saint-Denis) keeps the most populous.
var names = sync.OnceValues(func() (map[string]Place, error) {
	ix, err := load()
	if err != nil {
		return nil, err
	}
	return nameIndex(ix.places), nil
})

// nameIndex maps each name to its most populous place.
func nameIndex(places []Place) map[string]Place {
	m := make(map[string]Place, len(places))
	for _, p := range places {
		if q, ok := m[p.Name]; !ok || p.Population > q.Population {
			m[p.Name] = p
		}
	}
	return m
}

// notPlaces are capitalised words that name towns of the table but, in a
// caption, nearly always mean something else: months and days.
var notPlaces = map[string]bool{
	"January": true, "February": true, "March": true, "April": true, "May": true, "June": true,
	"July": true, "August": true, "September": true, "October": true, "November": true, "December": true,
	"Monday": true, "Tuesday": true, "Wednesday": true, "Thursday": true, "Friday": true, "Saturday": true, "Sunday": true,
	"Janvier": true, "Février": true, "Mars": true, "Avril": true, "Mai": true, "Juin": true, "Juillet": true,
	"Août": true, "Septembre": true, "Octobre": true, "Novembre": true, "Décembre": true,
	"Lundi": true, "Mardi": true, "Mercredi": true, "Jeudi": true, "Vendredi": true, "Samedi": true, "Dimanche": true,
}

// word is a word of a text and where it is: text[start:end].
type word struct {
	text       string
	start, end int
}

// words splits a text into its words: runs of letters and digits, with
// the apostrophes inside them ("Mary's"), except after a French elided
// letter ("l'école" is "l" and "école").
func words(text string) []word {
	var out []word
	start := -1
	for i, r := range text {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) ||
			start >= 0 && (r == '\'' || r == '’') && i-start > 1 && i+utf8.RuneLen(r) < len(text) && isLetterAt(text, i+utf8.RuneLen(r))
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, word{text[start:i], start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, word{text[start:], start, len(text)})
	}
	return out
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// capitalised reports whether a word starts with a capital letter.
func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// maxNameWords is the longest name, in words, Named looks for ("Saint-
// Germain-en-Laye", "Le Plessis-Robinson").
const maxNameWords = 4

// Alone is the population from which a town's name counts without any
// context, as a keyword or an item of a list ("Lyon", "Paris, Lyon"):
// big towns, whose names few other things bear. A smaller town needs the
// context of the sentence (Named).
const Alone = 100000

// personNames are first and family names that are also the names of towns
// of Alone people or more (chosen by hand from the table): never a town on
// their own, only with context ("à Nancy", "Florence, Italy").
var personNames = map[string]bool{
	"Nancy": true, "Florence": true, "Victoria": true, "Charlotte": true, "Austin": true, "Jackson": true,
	"Madison": true, "Lincoln": true, "Regina": true, "Adelaide": true, "Alexandria": true, "Eugene": true,
	"Irving": true, "Hamilton": true, "Preston": true, "Wellington": true, "Houston": true, "Washington": true,
	"Laval": true,
}

// placeWords are the words after which a name is a place: prepositions of
// place, in the languages parents write captions in (lower case).
var placeWords = map[string]bool{
	"à": true, "a": true, "au": true, "aux": true, "en": true, "vers": true, "depuis": true, "dans": true, "sur": true,
	"at": true, "in": true, "near": true, "from": true, "to": true, "around": true, "visiting": true, "outside": true,
	"bei": true, "nach": true, "aus": true, "cerca": true, "da": true,
}

// placeTwoWords are the places prepositions of two words ("près de").
var placeTwoWords = map[string]bool{
	"près de": true, "près d": true, "pres de": true, "autour de": true, "loin de": true, "proche de": true,
	"à côté de": true, "côté de": true, "close to": true, "next to": true, "outside of": true,
}

// listWords join a town to the one before ("Lyon, then Grenoble",
// "à Lyon puis Grenoble").
var listWords = map[string]bool{"and": true, "then": true, "et": true, "puis": true, "ou": true, "or": true}

// Named returns the towns of the table a text names, each once, in the
// order the text names them. A name counts when it is written as the table
// spells it, capitalised, at least four letters long (short names such as
// "Ham" or "Bar" are mostly other words), is not part of a person's name
// or a street's (Streets: "rue Victor Hugo"; a capitalised word before or
// after, "Pierre Curie", "Lara Ellis"), is not a month or a day, and has
// the context of a place:
//
//   - a preposition of place before it ("à Lyon", "près d'Arezzo", "in
//     Dublin", "from New York City");
//   - a postcode or a département beside it ("69007 Lyon", "Lyon (69)");
//   - a country after it ("Florence, Italy", "Lyon, France");
//   - or it stands alone as a keyword or an item of a list ("Lyon",
//     "Paris, Lyon"), when the town has Alone people or more and its name
//     is not also a person's (personNames); or it follows a town already
//     named ("à Lyon puis Grenoble").
//
// Several words are tried together first ("Le Havre" rather than
// "Havre"), with what separates them in the text (a space, a hyphen).
func Named(text string) ([]Place, error) {
	m, err := names()
	if err != nil {
		return nil, err
	}
	ix, err := load()
	if err != nil {
		return nil, err
	}
	ws := words(text)
	inStreet := streetSpans(text, ws)
	var out []Place
	seen := map[string]bool{}
	lastTown := -1 // the index of the word after the last town named
	for i := 0; i < len(ws); {
		n := 0
		if capitalised(ws[i].text) && !inStreet[i] {
			for k := min(maxNameWords, len(ws)-i); k >= 1; k-- {
				name := text[ws[i].start:ws[i+k-1].end]
				p, ok := m[name]
				if !ok || notPlaces[name] || utf8.RuneCountInString(name) < 4 || strings.ContainsAny(name, ",;:\n") {
					continue
				}
				if next := i + k; next < len(ws) && joined(text, ws[next-1], ws[next]) && capitalised(ws[next].text) && !isCountry(ix, text, ws, next) {
					break // part of a longer name: "Pierre Curie", "Lara Ellis"
				}
				if i > 0 && joined(text, ws[i-1], ws[i]) && capitalised(ws[i-1].text) && !sentenceStart(text, ws, i-1) {
					break // the end of a person's name: "Victor Hugo"
				}
				if !placeContext(ix, text, ws, i, k, p, lastTown) {
					break
				}
				if !seen[name] {
					seen[name] = true
					out = append(out, p)
				}
				n = k
				lastTown = i + k
				break
			}
		}
		i += max(n, 1)
	}
	return out, nil
}

// joined reports whether two words follow each other with only spaces
// between them.
func joined(text string, a, b word) bool {
	return strings.Trim(text[a.end:b.start], " ") == ""
}

// sentenceStart reports whether word i starts the text or a sentence (a
// capital there says nothing of a name).
func sentenceStart(text string, ws []word, i int) bool {
	if i == 0 {
		return strings.TrimSpace(text[:ws[0].start]) == ""
	}
	between := strings.TrimSpace(text[ws[i-1].end:ws[i].start])
	return strings.ContainsAny(between, ".!?\n")
}

// placeContext reports whether the name ws[i:i+k] (the town p) has the
// context of a place (Named).
func placeContext(ix *index, text string, ws []word, i, k int, p Place, lastTown int) bool {
	before := ""
	if i > 0 {
		before = text[ws[i-1].end:ws[i].start]
	}
	prev := func(j int) string {
		if i-j < 0 {
			return ""
		}
		return strings.ToLower(ws[i-j].text)
	}
	// A preposition of place: "à Lyon", "près d'Arezzo", "in Dublin".
	if strings.Trim(before, " '’") == "" && i > 0 {
		if placeWords[prev(1)] || (i > 1 && placeTwoWords[prev(2)+" "+prev(1)]) ||
			(i > 2 && placeTwoWords[prev(3)+" "+prev(2)+" "+prev(1)]) {
			return true
		}
	}
	// A postcode or a département: "69007 Lyon", "Lyon 69007", "Lyon (69)".
	if i > 0 && isPostcode(ws[i-1].text) && strings.Trim(before, " ,") == "" {
		return true
	}
	if j := i + k; j < len(ws) && isPostcode(ws[j].text) && strings.Trim(text[ws[j-1].end:ws[j].start], " ,(") == "" {
		return true
	}
	// A country after it: "Lyon, France", "Florence (Italy)".
	if j := i + k; j < len(ws) && strings.Trim(text[ws[j-1].end:ws[j].start], " ,(") == "" && isCountry(ix, text, ws, j) {
		return true
	}
	// After a town already named: "à Lyon puis Grenoble", "Lyon, then Grenoble".
	if lastTown >= 0 && i >= lastTown && i-lastTown <= 1 {
		if i == lastTown || listWords[prev(1)] {
			return true
		}
	}
	// A big town that is not a person's name too: alone, as a keyword or
	// an item of a list, or after "de" or "of" ("Bisous de Lyon"; "the
	// image of Jupiter" names no Jupiter, Florida, a smaller town).
	if p.Population >= Alone && !personNames[p.Name] {
		if alone(text, ws[i].start, ws[i+k-1].end) {
			return true
		}
		if strings.Trim(before, " '’") == "" && (prev(1) == "de" || prev(1) == "d" || prev(1) == "of") {
			return true
		}
	}
	return false
}

// alone reports whether text[a:b] is a whole item of the text: nothing but
// spaces between it and the commas, semicolons, line ends or the text's
// ends around it.
func alone(text string, a, b int) bool {
	left := text[:a]
	if i := strings.LastIndexAny(left, ",;|\n"); i >= 0 {
		left = left[i+1:]
	}
	right := text[b:]
	if i := strings.IndexAny(right, ",;|\n"); i >= 0 {
		right = right[:i]
	}
	return strings.TrimSpace(left) == "" && strings.Trim(right, " .!") == ""
}

// isPostcode reports whether a word is a postcode (4 or 5 digits) or a
// French département's number (2 digits, 2A, 2B).
func isPostcode(w string) bool {
	if w == "2A" || w == "2B" {
		return true
	}
	if len(w) != 2 && len(w) != 4 && len(w) != 5 {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// isCountry reports whether the words from ws[j] start a country's name, in
// English or in French ("France", "United Kingdom", "Italie").
func isCountry(ix *index, text string, ws []word, j int) bool {
	for k := min(3, len(ws)-j); k >= 1; k-- {
		name := text[ws[j].start:ws[j+k-1].end]
		if countryNames(ix)[name] {
			return true
		}
	}
	return false
}

// countryNames are the countries' names, English and French.
var countryNames = func() func(ix *index) map[string]bool {
	var once sync.Once
	var m map[string]bool
	return func(ix *index) map[string]bool {
		once.Do(func() {
			m = map[string]bool{"England": true, "Scotland": true, "Wales": true, "Angleterre": true, "Écosse": true, "USA": true, "UK": true}
			for _, n := range ix.en {
				m[n] = true
			}
			for _, n := range ix.fr {
				m[n] = true
			}
		})
		return m
	}
}()

// schoolWords are the words that make a name a school's, in the languages
// parents write captions in (lower case, with and without accents).
var schoolWords = map[string]bool{
	"school": true, "kindergarten": true, "nursery": true, "preschool": true, "daycare": true,
	"école": true, "ecole": true, "collège": true, "college": true, "lycée": true, "lycee": true,
	"maternelle": true, "crèche": true, "creche": true, "schule": true, "grundschule": true,
	"gymnasium": true, "kita": true, "escuela": true, "colegio": true, "scuola": true,
}

// nameLinks are the small words a school's name may hold ("École de la
// Croix-Rousse", "School of St Mary").
var nameLinks = map[string]bool{
	"de": true, "du": true, "des": true, "la": true, "le": true, "les": true, "d'": true, "of": true, "the": true,
	"primaire": true, "élémentaire": true, "elementaire": true, "primary": true, "elementary": true,
	"high": true, "middle": true, "junior": true, "infant": true, "public": true, "publique": true, "privée": true,
}

// Schools returns the names of the schools a text names ("Ecole Jean
// Moulin", "St Mary's Primary School"), each once: a school word
// (schoolWords) within a run of words with at least one other capitalised
// word, the run unbroken by punctuation. "First day at school" names none.
func Schools(text string) []string {
	ws := words(text)
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(ws); {
		if !partOfName(ws[i].text) {
			i++
			continue
		}
		// The run of words from i joined by spaces, hyphens or apostrophes.
		j := i + 1
		for j < len(ws) && strings.Trim(text[ws[j-1].end:ws[j].start], " -'’") == "" && partOfName(ws[j].text) {
			j++
		}
		school, named := false, false
		for _, w := range ws[i:j] {
			switch l := strings.ToLower(w.text); {
			case schoolWords[l]:
				school = true
			case capitalised(w.text) && !nameLinks[l]:
				named = true
			}
		}
		if school && named {
			// Trim the links at either end: "at the Lincoln School" -> "Lincoln School".
			a, b := i, j
			for a < b && !capitalised(ws[a].text) && !schoolWords[strings.ToLower(ws[a].text)] {
				a++
			}
			for b > a && !capitalised(ws[b-1].text) && !schoolWords[strings.ToLower(ws[b-1].text)] {
				b--
			}
			if name := text[ws[a].start:ws[b-1].end]; !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
		i = j
	}
	return out
}

// partOfName reports whether a word can be part of a school's name: a
// capitalised word, a school word or a link.
func partOfName(w string) bool {
	l := strings.ToLower(w)
	return capitalised(w) || schoolWords[l] || nameLinks[l]
}
