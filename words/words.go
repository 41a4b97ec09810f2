// Package words holds every sentence sharesafe shows a person, in every
// language it speaks: one catalogue per language (en.go, fr.go), keyed by
// the Key constants of keys.go. Findings, risks and advice, the command
// line's messages, the review app and the workshop report all read their
// words here; the packages that find things (detect, photo, redact) only
// say what they found, by kind and value.
//
// A text is a fmt format: T fills it with the arguments its key's comment
// names, in that order. A language may leave an argument out by numbering
// the others (%[2]s). TestCatalogues fails when a language lacks a key
// English has, when a text's arguments do not match English's, and when a
// key is used nowhere in the code. docs/languages.md says what a new
// language takes: one file.
package words

import (
	"fmt"
	"sort"
	"strings"
)

// Lang is a language sharesafe speaks, by its ISO 639-1 code ("en", "fr").
type Lang string

// Key names one text of the catalogues.
type Key int

// Service is somewhere a parent can report a photo or get help
// (ADVICE.md, "Where to get help").
type Service struct {
	Name  string `json:"name"`
	What  string `json:"what"`
	Where string `json:"where"`
}

// catalogue is one language's words.
type catalogue struct {
	lang Lang
	// name is the language's own name, as a person choosing it reads it.
	name string
	// plural reports whether a count takes the plural form.
	plural func(n int) bool
	text   map[Key]string
	// services are the places to get help, for parents who read the
	// language (they differ by country, so the list is the language's own).
	services []Service
	// format fills a text with its arguments in the language's typography
	// (French: frenchFormat); nil is fmt.Sprintf, the text as written.
	format func(s string, args []any) string
}

// catalogues holds every language, filled by each language's file.
var catalogues = map[Lang]*catalogue{}

func add(c *catalogue) { catalogues[c.lang] = c }

// Langs lists the languages, English first, then by code.
func Langs() []Lang {
	var out []Lang
	for l := range catalogues {
		if l != English {
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return append([]Lang{English}, out...)
}

// cat returns the language's catalogue, English's when it has none.
func (l Lang) cat() *catalogue {
	if c, ok := catalogues[l]; ok {
		return c
	}
	return catalogues[English]
}

// Known reports whether the language has a catalogue.
func (l Lang) Known() bool { _, ok := catalogues[l]; return ok }

// Name is the language's name in itself ("English", "français").
func (l Lang) Name() string { return l.cat().name }

// T returns the text of k in the language (English when the language is
// unknown), filled with args as fmt.Sprintf does.
func (l Lang) T(k Key, args ...any) string {
	s, ok := l.cat().text[k]
	if !ok {
		s, ok = catalogues[English].text[k]
		if !ok {
			return fmt.Sprintf("!(words: no key %d)", int(k))
		}
	}
	if f := l.cat().format; f != nil {
		return f(s, args)
	}
	if len(args) == 0 || !strings.Contains(s, "%") {
		return s // a text may leave out every argument
	}
	return fmt.Sprintf(s, args...)
}

// N returns the text of one or many by the count n and the language's
// plural rule, filled with n and then args.
func (l Lang) N(n int, one, many Key, args ...any) string {
	k := one
	if l.cat().plural(n) {
		k = many
	}
	return l.T(k, append([]any{n}, args...)...)
}

// Services returns where to get help, for readers of the language.
func (l Lang) Services() []Service { return l.cat().services }

// Parse reads a language code ("en", "fr", "FR") or a locale
// ("fr_FR.UTF-8"), in any case.
func Parse(s string) (Lang, error) {
	if len(s) >= 2 {
		if l := Lang(strings.ToLower(s[:2])); l.Known() {
			return l, nil
		}
	}
	codes := make([]string, 0, len(catalogues))
	for _, l := range Langs() {
		codes = append(codes, string(l))
	}
	sort.Strings(codes)
	choice := codes[0]
	if n := len(codes); n > 1 {
		choice = strings.Join(codes[:n-1], ", ") + " or " + codes[n-1]
	}
	return "", fmt.Errorf("unknown language %q (choose %s)", s, choice)
}

// FromEnv picks the language from LC_ALL, LC_MESSAGES or LANG, in that
// order, as POSIX does; English when the first one set names no known
// language.
func FromEnv(getenv func(string) string) Lang {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if l, err := Parse(v); err == nil {
				return l
			}
			return English
		}
	}
	return English
}
