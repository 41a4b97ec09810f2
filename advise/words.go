package advise

import "github.com/sharesafe/sharesafe/words"

// Words are the phrases around the advice, for the programs that show it
// (scan's text output, the review app), in one language.
type Words struct {
	Faces func(n int) string
	Risk  func(a Audience, level Level) string
	Help  string
	Level map[Level]string
	// Tag names a risk's severity in brackets ("tip" for info).
	Tag map[Level]string
	// Colon is ": " in English, " : " in French.
	Colon          string
	Nothing        string
	ScanSummary    func(photos, located, children, hidden int) string
	PhotoSize      func(w, h int, format string) string
	WhatFileReveal string
	// The end of a batch: what else happened.
	Skipped, Failed func(n int) string
	Written         func(n int) string
	Existed         func(n int) string
	// MaskedRemoved is a redact line's tail: "2 faces masked, 5 pieces of
	// hidden information removed".
	MaskedRemoved func(faces, removed int) string
	// NoPhotos says that the paths given hold no photo.
	NoPhotos func(paths string) string
	// InPlaceDone says why a photo was skipped by an in-place run (%s: the
	// backup), ExistsAlready that a safe copy was left alone (%s: its path).
	InPlaceDone, ExistsAlready string
	// Stopping acknowledges Ctrl-C; Interrupted says how far a stopped run
	// got (done, total).
	Stopping    string
	Interrupted func(done, total int) string
}

// WordsFor returns the phrases of a language (English when unknown).
func WordsFor(lang Lang) Words {
	w := Words{
		Faces: func(n int) string { return lang.N(n, words.FacesOne, words.FacesMany) },
		Risk: func(a Audience, l Level) string {
			return lang.T(words.RiskIf, AudienceWords(a, lang), LevelWords(l, lang))
		},
		Help:    lang.T(words.HelpTitle),
		Level:   map[Level]string{},
		Tag:     map[Level]string{},
		Colon:   lang.T(words.Colon),
		Nothing: lang.T(words.Nothing),
		ScanSummary: func(p, l, c, h int) string {
			return lang.T(words.ScanSummary, p, l, c, h)
		},
		PhotoSize:      func(w, h int, f string) string { return lang.T(words.PhotoSize, w, h, f) },
		WhatFileReveal: lang.T(words.WhatFileReveal),
		Skipped:        func(n int) string { return lang.N(n, words.SkippedOne, words.SkippedMany) },
		Failed:         func(n int) string { return lang.T(words.Failed, n) },
		Written:        func(n int) string { return lang.N(n, words.WrittenOne, words.WrittenMany) },
		Existed:        func(n int) string { return lang.T(words.Existed, n) },
		MaskedRemoved: func(f, r int) string {
			return lang.N(f, words.MaskedOne, words.MaskedMany) + ", " + lang.N(r, words.RemovedOne, words.RemovedMany)
		},
		NoPhotos:      func(p string) string { return lang.T(words.NoPhotos, p) },
		InPlaceDone:   lang.T(words.InPlaceDone),
		ExistsAlready: lang.T(words.ExistsAlready),
		Stopping:      lang.T(words.Stopping),
		Interrupted:   func(d, t int) string { return lang.T(words.Interrupted, d, t) },
	}
	for l := range levelKeys {
		w.Level[l], w.Tag[l] = LevelWords(l, lang), TagWords(l, lang)
	}
	return w
}

// audienceKeys and levelKeys name audiences and levels in words.
var (
	audienceKeys = map[Audience]words.Key{Public: words.AudiencePublic, Friends: words.AudienceFriends, Group: words.AudienceGroup, Private: words.AudiencePrivate}
	levelKeys    = map[Level]words.Key{Info: words.LevelInfo, Low: words.LevelLow, Medium: words.LevelMedium, High: words.LevelHigh, Critical: words.LevelCritical}
	tagKeys      = map[Level]words.Key{Info: words.TagInfo, Low: words.TagLow, Medium: words.TagMedium, High: words.TagHigh, Critical: words.TagCritical}
)

// AudienceWords says who sees a photo shared with an audience, as in "Risk
// if you share it publicly".
func AudienceWords(a Audience, lang Lang) string { return lang.T(audienceKeys[a]) }

// LevelWords says a level in words ("nothing to worry about" for Info).
func LevelWords(l Level, lang Lang) string { return lang.T(levelKeys[l]) }

// TagWords names a risk's severity in brackets ("tip" for Info).
func TagWords(l Level, lang Lang) string { return lang.T(tagKeys[l]) }
