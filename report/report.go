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
	"fmt"
	"html/template"
	"image"
	"image/jpeg"
	"io"
	"path/filepath"
	"slices"
	"strings"

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
	// in a language (the demo's sample photos): shown under its pictures.
	Credit func(name, lang string) (string, bool)
	// Handout writes the one-page handout (the three habits, what to look
	// at before sharing and where to get help) instead of the report.
	Handout bool
	// Plan, when set, gives the masks the parent decided for a photo in
	// the review app (engine.Decided): the "after" picture shows them.
	Plan func(p *photo.Photo, rep detect.Report) (redact.Plan, bool)
}

// Entry is one photo of the page.
type Entry struct {
	Path       string
	Name       string
	Report     detect.Report
	Assessment advise.Assessment
	Before     template.URL // data: URI
	After      template.URL
	// Revealed are the findings' labels, each once: what the file said
	// and the safe copy removed.
	Revealed []string
	// Groups are the same labels by kind (place, time, device…), in the
	// order of groupKinds: the page shows them as one short line each.
	Groups []Group
	// FacesShown tells that Before shows the faces: asked (ShowFaces), or
	// a demo photo whose licence allows it (Credit knows it).
	FacesShown bool
	// Masked counts the masks of the "after" picture; AppMasks says they
	// are the parent's, from the review app (Options.Plan).
	Masked   int
	AppMasks bool
	Error    string
}

// Build makes one photo's entry from the photo and its report (the engine
// read and inspected it): the assessment for o's audience, the findings in
// o's language, and the two pictures, before (faces covered unless
// o.ShowFaces) and after (masked in o's style), scaled to o.MaxSide.
func Build(p *photo.Photo, rep detect.Report, o Options) Entry {
	e := Entry{Path: p.Path, Name: filepath.Base(p.Path), Report: rep, Assessment: advise.Assess(rep, o.Audience, o.Lang)}
	// The masks of the "after" picture: the faces found, or the parent's
	// from the review app.
	var decided redact.Plan
	e.Masked = len(rep.Faces)
	if o.Plan != nil {
		decided, e.AppMasks = o.Plan(p, rep)
		if e.AppMasks {
			e.Masked = len(decided.Masks)
		}
	}
	seen := map[string]bool{}
	byGroup := map[words.Key][]string{}
	for _, f := range rep.Findings {
		if l := advise.FindingLabel(f, o.Lang); !seen[l] {
			seen[l] = true
			e.Revealed = append(e.Revealed, l)
			g := groupOf(f.Kind)
			byGroup[g] = append(byGroup[g], l)
		}
	}
	for _, g := range groupOrder {
		if items := byGroup[g]; len(items) > 0 {
			e.Groups = append(e.Groups, Group{Name: o.Lang.T(g), Items: items})
		}
	}
	// The demo's photos are under licences that allow showing them as
	// they are (cmd/sharesafe/samples/README.md): a room sees the faces
	// before and the masks after. A parent's own photos keep their faces
	// covered unless asked.
	e.FacesShown = o.ShowFaces
	if o.Credit != nil {
		if _, ok := o.Credit(e.Name, string(o.Lang)); ok {
			e.FacesShown = true
		}
	}
	if p.Image == nil {
		return e
	}
	var cover, masks redact.Plan
	for i, f := range rep.Faces {
		cover.Masks = append(cover.Masks, redact.Mask{Box: f.Mask.R(), Style: redact.Solid})
		masks.Masks = append(masks.Masks, redact.Mask{Box: f.Mask.R(), Style: o.Style, Design: i})
	}
	if e.AppMasks {
		masks = decided
	}
	before := p.Image
	if !e.FacesShown && len(cover.Masks) > 0 {
		before = redact.Apply(p.Image, cover)
	}
	e.Before = dataURI(before, o.MaxSide)
	e.After = dataURI(redact.Apply(p.Image, masks), o.MaxSide)
	return e
}

// Group is one kind of what the safe copy removed: its name and the
// labels of its findings.
type Group struct {
	Name  string
	Items []string
}

// groupOrder is the order of the groups on the page: what tells where a
// child is first, the rest after.
var groupOrder = []words.Key{words.ReportGroupPlace, words.ReportGroupTime, words.ReportGroupNames,
	words.ReportGroupDevice, words.ReportGroupWords, words.ReportGroupHidden, words.ReportGroupOther}

// groupOf is the group of a finding's kind; a kind not named here is
// "other", so that nothing found is left off the page.
func groupOf(kind string) words.Key {
	switch kind {
	case detect.KindGPS, detect.KindPlaceNames:
		return words.ReportGroupPlace
	case detect.KindTime:
		return words.ReportGroupTime
	case detect.KindDevice, detect.KindSerial, detect.KindSoftware, detect.KindMakerNotes:
		return words.ReportGroupDevice
	case detect.KindOwner, detect.KindPeople:
		return words.ReportGroupNames
	case detect.KindComment, detect.KindText, detect.KindKeywords, detect.KindIPTC:
		return words.ReportGroupWords
	case detect.KindThumbnail, detect.KindMPF, detect.KindMotionVideo, detect.KindTrailer, detect.KindMotionFlag, detect.KindLivePhoto:
		return words.ReportGroupHidden
	}
	return words.ReportGroupOther
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
	views, sources := photoViews(entries, o.Audience, lang)
	data := struct {
		T        pageText
		Style    template.CSS
		Entries  []photoView
		Audience string
		Note     string
		Words    pageWords
		Lang     string
		Handout  bool
		Help     []advise.Service
		Credits  map[string]string
		Sources  []string
	}{t, template.CSS(style), views, t.Audience[o.Audience], advise.AudienceNote(o.Audience, lang), newPageWords(lang), string(lang), o.Handout, advise.HelpServices(lang), credits, sources}
	return page.Execute(w, data)
}

// photoView is one photo as the page shows it: its advice said once on
// the page (a risk already explained for an earlier photo is named and
// referred to), without the risk every photo has (what to check yourself:
// the end of the page says it) and without the note on the audience (the
// header says it), the sources numbered at the end.
type photoView struct {
	Entry
	ID    string
	Risks []riskView
	// New are the risks this photo's advice explains; Seen the others,
	// by the photo that explains them.
	New  []riskView
	Seen []seenRisks
}

// seenRisks are risks explained for an earlier photo.
type seenRisks struct {
	ID, Name string
	Risks    []riskView
}

type riskView struct {
	advise.Risk
	// SeeID and SeeName name the photo whose advice explains this risk,
	// when it is not this one.
	SeeID, SeeName string
	// Source is the number of the risk's source in the page's list.
	Source int
}

// sameForEveryPhoto is the risk every photo has: the end of the page says
// it once, as what to look at before sharing.
const sameForEveryPhoto = "check-yourself"

func photoViews(entries []Entry, aud advise.Audience, lang advise.Lang) ([]photoView, []string) {
	note := " " + advise.AudienceNote(aud, lang)
	said := map[string]int{} // risk id -> the entry that explains it
	var sources []string
	source := map[string]int{}
	var out []photoView
	for i, e := range entries {
		v := photoView{Entry: e, ID: fmt.Sprintf("photo-%d", i+1)}
		for _, r := range e.Assessment.Risks {
			if r.ID == sameForEveryPhoto {
				continue
			}
			r.Why = strings.TrimSuffix(r.Why, note)
			rv := riskView{Risk: r}
			if j, ok := said[r.ID]; ok && j != i {
				rv.SeeID, rv.SeeName = out[j].ID, entries[j].Name
			} else {
				said[r.ID] = i
				if r.Source != "" {
					if _, ok := source[r.Source]; !ok {
						sources = append(sources, r.Source)
						source[r.Source] = len(sources)
					}
					rv.Source = source[r.Source]
				}
			}
			v.Risks = append(v.Risks, rv)
			if rv.SeeID == "" {
				v.New = append(v.New, rv)
				continue
			}
			k := slices.IndexFunc(v.Seen, func(s seenRisks) bool { return s.ID == rv.SeeID })
			if k < 0 {
				v.Seen = append(v.Seen, seenRisks{ID: rv.SeeID, Name: rv.SeeName})
				k = len(v.Seen) - 1
			}
			v.Seen[k].Risks = append(v.Seen[k].Risks, rv)
		}
		out = append(out, v)
	}
	return out, sources
}

// pageWords are the phrases the page shares with the command line.
type pageWords struct {
	Colon  string
	Masked func(n int) string
	See    func(name string) string
	Level  map[advise.Level]string
	Tag    map[advise.Level]string
}

func newPageWords(lang advise.Lang) pageWords {
	w := pageWords{
		Colon:  lang.T(words.Colon),
		Masked: func(n int) string { return lang.N(n, words.MaskedOne, words.MaskedMany) },
		See:    func(name string) string { return lang.T(words.ReportSee, name) },
		Level:  map[advise.Level]string{},
		Tag:    map[advise.Level]string{},
	}
	for l := advise.Info; l <= advise.Critical; l++ {
		w.Level[l] = advise.LevelWords(l, lang)
		w.Tag[l] = advise.TagWords(l, lang)
	}
	return w
}
