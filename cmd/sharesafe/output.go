package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/words"
)

// result is one file's outcome: one JSON object per line with --json
// (keys are a contract with scripts, added to, never renamed: the README's
// "For scripts").
type result struct {
	// Path is the input file. It shadows Report's path, so it is there
	// even when the file failed.
	Path string `json:"path"`
	// Status is what happened: checked (scan, report), written, exists,
	// skipped or failed.
	Status string `json:"status"`
	*detect.Report
	Assessment  *advise.Assessment `json:"assessment,omitempty"`
	Output      string             `json:"output,omitempty"`
	FacesMasked *int               `json:"faces_masked,omitempty"`
	Removed     *int               `json:"metadata_removed,omitempty"`
	// WritePath says how the copy was written: lossless (the picture's
	// bytes kept), dct (only the blocks under the masks coded again) or
	// reencode (the whole picture coded again).
	WritePath string `json:"write_path,omitempty"`
	Backup    string `json:"backup,omitempty"`
	// Error is there only when the file failed.
	Error string `json:"error,omitempty"`
}

// statusChecked is a scan's status for a photo read and inspected.
const statusChecked = "checked"

// printer writes results as they come, as text or JSON Lines.
type printer interface {
	// result prints one file's outcome; an error means it could not be
	// printed (the caller counts the file as failed and says so on stderr).
	result(r result) error
	summary(s summary)
}

// summary counts a command's photos for its last line. located counts the
// photos that reveal a place by any route the advice names
// (advise.Assessment.RevealsPlace: GPS, a place or a school named).
type summary struct {
	files, failed, skipped        int
	located, children, hiddenCopy int
	written, existed, inPlace     int
	// named counts the copies whose name keeps what the photo's name
	// gave away (a date, words: detect.WhatNameTime, WhatNameWords).
	named   int
	command string
}

type jsonPrinter struct {
	enc  *json.Encoder
	lang advise.Lang
}

func newJSONPrinter(w io.Writer, lang advise.Lang) *jsonPrinter {
	return &jsonPrinter{enc: json.NewEncoder(w), lang: lang}
}

func (p *jsonPrinter) result(r result) error {
	if r.Report != nil {
		// Labels follow --lang; kinds, levels and ids stay stable keys.
		rep := *r.Report
		rep.Findings = make([]detect.Finding, len(r.Report.Findings))
		for i, f := range r.Report.Findings {
			f.Label = advise.FindingLabel(f, p.lang)
			if f.Lat != nil && f.Lon != nil && f.Place == "" {
				// The place stays in English, whatever --lang says.
				f.Place, _ = advise.PlaceWords(*f.Lat, *f.Lon, advise.English)
			}
			rep.Findings[i] = f
		}
		r.Report = &rep
	}
	if err := p.enc.Encode(r); err != nil {
		// Still one line for this file, so scripts see every input.
		return errors.Join(err, p.enc.Encode(result{Path: r.Path, Status: "failed", Error: "cannot print the result: " + err.Error()}))
	}
	return nil
}
func (p *jsonPrinter) summary(summary) {}

type textPrinter struct {
	w     io.Writer
	lang  advise.Lang
	style styles
}

// styles colour the text output through lipgloss, which honours NO_COLOR
// and draws plain text when the output is not a terminal.
type styles struct {
	title, dim, bold lipgloss.Style
	level            map[advise.Level]lipgloss.Style
}

func newStyles(w io.Writer) styles {
	r := lipgloss.NewRenderer(w)
	c := func(col string) lipgloss.Style { return r.NewStyle().Foreground(lipgloss.Color(col)).Bold(true) }
	return styles{
		title: r.NewStyle().Bold(true).Underline(true),
		dim:   r.NewStyle().Faint(true),
		bold:  r.NewStyle().Bold(true),
		level: map[advise.Level]lipgloss.Style{
			advise.Info: c("8"), advise.Low: c("6"), advise.Medium: c("3"), advise.High: c("9"), advise.Critical: c("1"),
		},
	}
}

func newTextPrinter(w io.Writer, lang advise.Lang) *textPrinter {
	return &textPrinter{w: w, lang: lang, style: newStyles(w)}
}

func (p *textPrinter) result(r result) error {
	if r.Error != "" || r.Status == "exists" || r.Status == "skipped" {
		return nil // said on stderr, one line each
	}
	l := p.lang
	if r.Output != "" {
		done := l.N(*r.FacesMasked, words.MaskedOne, words.MaskedMany) + ", " + l.N(*r.Removed, words.RemovedOne, words.RemovedMany)
		_, err := fmt.Fprintf(p.w, "%s → %s (%s)\n", r.Path, r.Output, done)
		return err
	}
	rep := r.Report
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n", p.style.title.Render(r.Path), p.style.dim.Render("("+l.T(words.PhotoSize, rep.Width, rep.Height, strings.ToUpper(rep.Format))+")"))
	fmt.Fprintf(&b, "  %s\n", l.N(len(rep.Faces), words.FacesOne, words.FacesMany))
	if len(rep.Findings) == 0 {
		fmt.Fprintf(&b, "  %s\n", l.T(words.Nothing))
	} else {
		fmt.Fprintf(&b, "  %s\n", l.T(words.WhatFileReveal))
		for _, f := range rep.Findings {
			fmt.Fprintf(&b, "    • %s\n", advise.FindingLabel(f, p.lang))
		}
	}
	if a := r.Assessment; a != nil {
		fmt.Fprintf(&b, "  %s\n", p.style.level[a.Level].Render(l.T(words.RiskIf, advise.AudienceWords(a.Audience, l), advise.LevelWords(a.Level, l))))
		for _, k := range a.Risks {
			fmt.Fprintf(&b, "    %s %s\n", p.style.level[k.Severity].Render("["+advise.TagWords(k.Severity, l)+"]"), p.style.bold.Render(k.Title))
			fmt.Fprintf(&b, "        %s\n", k.Why)
			fmt.Fprintf(&b, "        → %s\n", k.Fix)
			if k.Source != "" {
				fmt.Fprintf(&b, "        %s\n", p.style.dim.Render(k.Source))
			}
		}
		if len(a.Help) > 0 {
			fmt.Fprintf(&b, "  %s\n", l.T(words.HelpTitle))
			for _, h := range a.Help {
				fmt.Fprintf(&b, "    • %s%s%s (%s)\n", p.style.bold.Render(h.Name), l.T(words.Colon), h.What, h.Where)
			}
		}
	}
	_, err := fmt.Fprintln(p.w, b.String())
	return err
}

func (p *textPrinter) summary(s summary) {
	if s.files+s.failed+s.existed+s.inPlace <= 1 && s.skipped == 0 {
		return
	}
	l := p.lang
	switch s.command {
	case "scan":
		fmt.Fprint(p.w, l.T(words.ScanSummary,
			l.N(s.files, words.ScanCheckedOne, words.ScanCheckedMany),
			l.N(s.located, words.ScanLocatedOne, words.ScanLocatedMany),
			l.N(s.children, words.ScanChildrenOne, words.ScanChildrenMany),
			l.N(s.hiddenCopy, words.ScanHiddenOne, words.ScanHiddenMany)))
	default:
		fmt.Fprint(p.w, l.N(s.written, words.WrittenOne, words.WrittenMany))
		if s.named > 0 {
			fmt.Fprint(p.w, " ", l.N(s.named, words.NamedOne, words.NamedMany))
		}
		if s.existed > 0 {
			fmt.Fprint(p.w, " ", l.N(s.existed, words.ExistedOne, words.ExistedMany))
		}
		if s.inPlace > 0 {
			fmt.Fprint(p.w, " ", l.N(s.inPlace, words.CleanedOne, words.CleanedMany))
		}
	}
	if s.failed > 0 {
		fmt.Fprint(p.w, " ", l.T(words.Failed, s.failed))
	}
	if s.skipped > 0 {
		fmt.Fprint(p.w, " ", l.N(s.skipped, words.SkippedOne, words.SkippedMany))
	}
	fmt.Fprintln(p.w)
}

// output is where a command's results go: a printer on stdout (text or
// JSON Lines), one line per problem on stderr, and the progress line on a
// terminal, erased before any other line and drawn again after it.
type output struct {
	s    *streams
	lang advise.Lang
	p    printer
	prog *progress
}

func newOutput(s *streams, g *globalOptions, lang advise.Lang, json bool, total int) *output {
	o := &output{s: s, lang: lang}
	if json {
		o.p = newJSONPrinter(s.Out, lang)
	} else {
		o.p = newTextPrinter(s.Out, lang)
	}
	switch {
	case g.pipeline.progress == "json":
		o.prog = &progress{w: s.Err, json: true}
	case g.pipeline.progress == "auto" && s.ErrTTY && total > 1:
		o.prog = newProgress(s.Err, lang)
	}
	return o
}

// progress draws where the run stands (on a terminal only).
func (o *output) progress(e engine.Progress) { o.prog.show(e) }

// say prints one line on stderr.
func (o *output) say(format string, a ...any) {
	o.prog.around(func() { fmt.Fprintf(o.s.Err, "sharesafe: "+format+"\n", a...) })
}

// fail reports a file that failed: one line on stderr, and its record.
func (o *output) fail(path string, err error, rep *detect.Report) {
	o.say("%s", o.explain(err))
	_ = o.result(result{Path: path, Status: "failed", Report: rep, Error: message(err)})
}

// result prints one file's record; a record that cannot be printed is said
// on stderr, and the error returned.
func (o *output) result(r result) error {
	var err error
	o.prog.around(func() { err = o.p.result(r) })
	if err != nil {
		o.say("%s", o.lang.T(words.CannotPrint, r.Path, oneLine(err)))
	}
	return err
}

func (o *output) summary(s summary) { o.prog.around(func() { o.p.summary(s) }) }

// done erases the progress line.
func (o *output) done() { o.prog.done() }

// photoErrors are the errors of package photo said in the output's
// language.
var photoErrors = map[error]words.Key{photo.ErrUnsupported: words.ErrUnsupported, photo.ErrTooLarge: words.ErrTooLarge}

// explain is an error as a parent reads it (message), in the output's
// language where package words has the error's words.
func (o *output) explain(err error) string {
	m := message(err)
	for e, k := range photoErrors {
		if errors.Is(err, e) {
			m = strings.Replace(m, e.Error(), o.lang.T(k), 1)
		}
	}
	return m
}

// message is an error as a parent reads it: one line, without the name of
// the package that made it ("photo: x.jpg: the file is empty" becomes
// "x.jpg: the file is empty").
func message(err error) string {
	m := oneLine(err)
	for _, p := range []string{"photo: ", "detect: ", "redact: ", "engine: "} {
		m = strings.TrimPrefix(m, p)
	}
	return m
}

// oneLine keeps an error to one line (French's no-break spaces, U+202F,
// are kept: they belong to the text).
func oneLine(err error) string {
	return strings.Join(strings.FieldsFunc(err.Error(), func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' }), " ")
}
