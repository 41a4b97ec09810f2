// Package report writes a before/after page about photos, for workshops: one
// self-contained HTML file (images inlined as data URIs, styles inline, a
// Content-Security-Policy that forbids every request), readable offline on
// a projector and printable. For each photo: the original with its faces
// covered (unless asked), the safe copy, what the file revealed, and the
// advice for the chosen audience.
package report

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"image"
	"image/jpeg"
	"io"
	"path/filepath"

	"github.com/disintegration/imaging"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/words"
)

// Options choose what the page shows.
type Options struct {
	Audience advise.Audience
	Lang     advise.Lang
	// ShowFaces shows the faces of the "before" pictures uncovered.
	ShowFaces bool
	// Style is the mask of the "after" pictures.
	Style redact.Style
	// MaxSide is the long side of the pictures in the page.
	MaxSide int
	// Credit, when set, gives the credit line of a photo by its file name,
	// in a language (the demo's sample photos): shown under its pictures
	// and at the end of the page.
	Credit func(name, lang string) (string, bool)
	// Handout writes the one-page handout (the three habits, what to look
	// at before sharing and where to get help) instead of the report.
	Handout bool
}

// Entry is one photo of the page.
type Entry struct {
	Path       string
	Name       string
	Report     detect.Report
	Assessment advise.Assessment
	Before     template.URL // data: URI
	After      template.URL
	Revealed   []string
	Error      string
}

// Build makes one photo's entry from the photo and its report (the engine
// read and inspected it): the assessment for o's audience, the findings in
// o's language, and the two pictures, before (faces covered unless
// o.ShowFaces) and after (masked in o's style), scaled to o.MaxSide.
func Build(p *photo.Photo, rep detect.Report, o Options) Entry {
	e := Entry{Path: p.Path, Name: filepath.Base(p.Path), Report: rep, Assessment: advise.Assess(rep, o.Audience, o.Lang)}
	for _, f := range rep.Findings {
		e.Revealed = append(e.Revealed, advise.FindingLabel(f, o.Lang))
	}
	if p.Image == nil {
		return e
	}
	var cover, masks redact.Plan
	for i, f := range rep.Faces {
		cover.Masks = append(cover.Masks, redact.Mask{Box: f.Mask.R(), Style: redact.Solid})
		masks.Masks = append(masks.Masks, redact.Mask{Box: f.Mask.R(), Style: o.Style, Design: i})
	}
	before := p.Image
	if !o.ShowFaces && len(cover.Masks) > 0 {
		before = redact.Apply(p.Image, cover)
	}
	e.Before = dataURI(before, o.MaxSide)
	e.After = dataURI(redact.Apply(p.Image, masks), o.MaxSide)
	return e
}

func dataURI(img image.Image, side int) template.URL {
	if side <= 0 {
		side = 720
	}
	small := imaging.Fit(img, side, side, imaging.Lanczos)
	var b bytes.Buffer
	jpeg.Encode(&b, small, &jpeg.Options{Quality: 82})
	return template.URL("data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(b.Bytes()))
}

// Write renders the page: the report on the entries, or with o.Handout
// the handout (entries are then ignored).
func Write(w io.Writer, entries []Entry, o Options) error {
	lang := o.Lang
	if !lang.Known() {
		lang = advise.English
	}
	t := pageTexts(lang)
	var credits map[string]string
	if o.Credit != nil && !o.Handout {
		credits = map[string]string{}
		for _, e := range entries {
			if c, ok := o.Credit(e.Name, string(lang)); ok {
				credits[e.Name] = c
			}
		}
	}
	data := struct {
		T        pageText
		Style    template.CSS
		Entries  []Entry
		Audience string
		Words    pageWords
		Lang     string
		Faces    bool
		Handout  bool
		Help     []advise.Service
		Credits  map[string]string
	}{t, template.CSS(style), entries, t.Audience[o.Audience], newPageWords(lang), string(lang), o.ShowFaces, o.Handout, advise.HelpServices(lang), credits}
	return page.Execute(w, data)
}

// pageWords are the phrases the page shares with the command line.
type pageWords struct {
	Colon string
	Faces func(n int) string
	Level map[advise.Level]string
}

func newPageWords(lang advise.Lang) pageWords {
	w := pageWords{
		Colon: lang.T(words.Colon),
		Faces: func(n int) string { return lang.N(n, words.FacesOne, words.FacesMany) },
		Level: map[advise.Level]string{},
	}
	for l := advise.Info; l <= advise.Critical; l++ {
		w.Level[l] = advise.LevelWords(l, lang)
	}
	return w
}
