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

// Named returns the towns of the table a text names, each once, in the
// order the text names them. A name counts when it is written as the table
// spells it, capitalised, and at least four letters long (short names such
// as "Ham" or "Bar" are mostly other words), and not followed by another
// capitalised word (then it starts a longer name, often a person's:
// "Pierre Curie"); months and days are never names. Several words are tried together first ("Le Havre" rather than
// "Havre"), with what separates them in the text (a space, a hyphen).
func Named(text string) ([]Place, error) {
	m, err := names()
	if err != nil {
		return nil, err
	}
	ws := words(text)
	var out []Place
	seen := map[string]bool{}
	for i := 0; i < len(ws); {
		n := 0
		if capitalised(ws[i].text) {
			for k := min(maxNameWords, len(ws)-i); k >= 1; k-- {
				name := text[ws[i].start:ws[i+k-1].end]
				p, ok := m[name]
				if !ok || notPlaces[name] || utf8.RuneCountInString(name) < 4 || strings.ContainsAny(name, ",;:\n") {
					continue
				}
				if next := i + k; next < len(ws) && strings.Trim(text[ws[next-1].end:ws[next].start], " ") == "" && capitalised(ws[next].text) {
					break // part of a longer name: "Pierre Curie", "Lara Ellis"
				}
				if !seen[name] {
					seen[name] = true
					out = append(out, p)
				}
				n = k
				break
			}
		}
		i += max(n, 1)
	}
	return out, nil
}

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
