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
// "For scripts"). Every line of a command has the same keys (jsonLine).
type result struct {
	// Path is the input file. It shadows Report's path, so it is there
	// even when the file failed.
	Path string
	// Status is what happened: checked (scan, report), written, exists,
	// skipped or failed.
	Status string
	// Reason says why a file was skipped (photo.Reason).
	Reason string
	*detect.Report
	Assessment  *advise.Assessment
	Output      string
	FacesMasked *int
	// AppMasks says the copy has the masks the parent chose in the review
	// app (nil: not known, the photo failed).
	AppMasks *bool
	Removed  *int
	// WritePath says how the copy was written: lossless (the picture's
	// bytes kept), dct (only the blocks under the masks coded again) or
	// reencode (the whole picture coded again).
	WritePath string
	Backup    string
	// Error is there only when the file failed.
	Error string
}

// lineHead are the keys every JSON line starts with; a value not known is
// null, and faces and findings are arrays, empty when the photo was not
// read.
type lineHead struct {
	Path   string  `json:"path"`
	Status string  `json:"status"`
	Reason *string `json:"reason"`
	// Kind is photo or video (null when the file was not read and its
	// name does not say).
	Kind     *string          `json:"kind"`
	Format   *string          `json:"format"`
	Width    *int             `json:"width"`
	Height   *int             `json:"height"`
	Faces    []detect.Face    `json:"faces"`
	Findings []detect.Finding `json:"findings"`
	// Video says what a clip is (duration, sound...; null for a photo).
	Video *detect.Video `json:"video"`
}

// scanLine is a line of scan (and report --json); redactLine of redact.
type scanLine struct {
	lineHead
	Assessment *advise.Assessment `json:"assessment"`
	Error      *string            `json:"error"`
}

type redactLine struct {
	lineHead
	Output      *string `json:"output"`
	FacesMasked *int    `json:"faces_masked"`
	AppMasks    *bool   `json:"app_masks"`
	Removed     *int    `json:"metadata_removed"`
	WritePath   *string `json:"write_path"`
	Backup      *string `json:"backup"`
	Error       *string `json:"error"`
}

// orNull is s, or null when empty.
func orNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// line is r as a JSON line of redact (or of scan).
func (r result) line(redact bool) any {
	h := lineHead{Path: r.Path, Status: r.Status, Reason: orNull(r.Reason), Kind: orNull(kindOf(r)), Faces: []detect.Face{}, Findings: []detect.Finding{}}
	if rep := r.Report; rep != nil {
		h.Format, h.Width, h.Height, h.Video = orNull(rep.Format), &rep.Width, &rep.Height, rep.Video
		if rep.Faces != nil {
			h.Faces = rep.Faces
		}
		if rep.Findings != nil {
			h.Findings = rep.Findings
		}
	}
	if !redact {
		return scanLine{h, r.Assessment, orNull(r.Error)}
	}
	return redactLine{h, orNull(r.Output), r.FacesMasked, r.AppMasks, r.Removed, orNull(r.WritePath), orNull(r.Backup), orNull(r.Error)}
}

// kindOf says whether a line is a photo's or a video's: from what was
// read, else from the file's name or the reason it was skipped ("" when
// neither says).
func kindOf(r result) string {
	switch {
	case r.Report != nil && r.Report.Kind != "":
		return r.Report.Kind
	case r.Reason == string(photo.Video) || photo.HasVideoExt(r.Path):
		return detect.KindVideo
	case photo.HasPhotoExt(r.Path):
		return detect.KindPhoto
	}
	return ""
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
	files, failed, skipped, videos int
	// clips counts the videos checked (scan) or cleaned (redact), among
	// files or written.
	clips                         int
	located, children, hiddenCopy int
	written, existed, inPlace     int
	// named counts the copies whose name keeps what the photo's name
	// gave away (a date, words: detect.WhatNameTime, WhatNameWords).
	named int
	// noFaces is set for a redact run with --faces none: its copies are
	// not called safe, their faces are not masked.
	noFaces bool
	// appMasks counts the copies made with the parent's masks from the
	// review app (redact).
	appMasks int
	command  string
}

type jsonPrinter struct {
	enc    *json.Encoder
	lang   advise.Lang
	redact bool // redact's lines (redactLine), else scan's
	text   *textPrinter
}

func newJSONPrinter(w, summary io.Writer, lang advise.Lang) *jsonPrinter {
	text := newTextPrinter(summary, lang)
	text.prefix = "sharesafe: "
	return &jsonPrinter{enc: json.NewEncoder(w), lang: lang, text: text}
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
	if err := p.enc.Encode(r.line(p.redact)); err != nil {
		// Still one line for this file, so scripts see every input.
		return errors.Join(err, p.enc.Encode(result{Path: r.Path, Status: "failed", Error: "cannot print the result: " + err.Error()}.line(p.redact)))
	}
	return nil
}

// summary goes to stderr with JSON Lines (stdout carries only the lines).
func (p *jsonPrinter) summary(s summary) { p.text.summary(s) }

type textPrinter struct {
	w      io.Writer
	lang   advise.Lang
	style  styles
	prefix string // before the summary ("sharesafe: " on stderr)
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
		done := l.N(*r.FacesMasked, words.MaskedOne, words.MaskedMany)
		if r.AppMasks != nil && *r.AppMasks {
			done += " " + l.T(words.MaskedByYou)
		}
		done += ", " + l.N(*r.Removed, words.RemovedOne, words.RemovedMany)
		_, err := fmt.Fprintf(p.w, "%s → %s (%s)\n", shown(r.Path), shown(r.Output), done)
		return err
	}
	rep := r.Report
	var b strings.Builder
	size, faces := l.T(words.PhotoSize, rep.Width, rep.Height, strings.ToUpper(rep.Format)), l.N(len(rep.Faces), words.FacesOne, words.FacesMany)
	if v := rep.Video; v != nil {
		sound := l.T(words.ClipSilent)
		if v.Audio {
			sound = l.T(words.ClipSound)
		}
		size = l.T(words.ClipSize, rep.Width, rep.Height, strings.ToUpper(rep.Format), v.Seconds, sound)
		faces = l.T(words.ClipFacesNot)
		if v.FacesChecked {
			faces = l.N(len(rep.Faces), words.ClipFacesOne, words.ClipFacesMany, v.FrameAt)
		}
	}
	fmt.Fprintf(&b, "%s  %s\n", p.style.title.Render(shown(r.Path)), p.style.dim.Render("("+size+")"))
	fmt.Fprintf(&b, "  %s\n", faces)
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
	if s.files+s.failed+s.existed+s.inPlace <= 1 && s.skipped+s.existed+s.inPlace == 0 {
		return // one photo: its line says it all
	}
	l := p.lang
	fmt.Fprint(p.w, p.prefix)
	switch s.command {
	case "scan":
		checked := l.N(s.files, words.ScanCheckedOne, words.ScanCheckedMany)
		if s.clips > 0 {
			checked = l.T(words.ScanCheckedWithVideos, l.N(s.files, words.CheckedFilesOne, words.CheckedFilesMany),
				l.N(s.clips, words.VideoCountOne, words.VideoCountMany))
		}
		fmt.Fprint(p.w, l.T(words.ScanSummary, checked,
			l.N(s.located, words.ScanLocatedOne, words.ScanLocatedMany),
			l.N(s.children, words.ScanChildrenOne, words.ScanChildrenMany),
			l.N(s.hiddenCopy, words.ScanHiddenOne, words.ScanHiddenMany)))
	default:
		if s.noFaces {
			fmt.Fprint(p.w, l.N(s.written, words.WrittenNoFacesOne, words.WrittenNoFacesMany))
		} else {
			fmt.Fprint(p.w, l.N(s.written, words.WrittenOne, words.WrittenMany))
		}
		if s.clips > 0 {
			fmt.Fprint(p.w, " ", l.N(s.clips, words.VideosCleanedOne, words.VideosCleanedMany))
		}
		if s.named > 0 {
			fmt.Fprint(p.w, " ", l.N(s.named, words.NamedOne, words.NamedMany))
		}
		if s.existed > 0 {
			fmt.Fprint(p.w, " ", l.N(s.existed, words.ExistedOne, words.ExistedMany))
		}
		if s.inPlace > 0 {
			fmt.Fprint(p.w, " ", l.N(s.inPlace, words.CleanedOne, words.CleanedMany))
		}
		if s.appMasks > 0 {
			fmt.Fprint(p.w, " ", l.N(s.appMasks, words.AppMasksOne, words.AppMasksMany))
		}
	}
	if s.failed > 0 {
		fmt.Fprint(p.w, " ", l.T(words.Failed, s.failed))
	}
	if s.skipped > 0 {
		fmt.Fprint(p.w, " ", l.N(s.skipped, words.SkippedOne, words.SkippedMany))
	}
	switch {
	case s.videos > 0 && s.command == "scan":
		fmt.Fprint(p.w, " ", l.N(s.videos, words.ScanVideosOne, words.ScanVideosMany))
	case s.videos > 0:
		fmt.Fprint(p.w, " ", l.N(s.videos, words.VideosOne, words.VideosMany))
	}
	fmt.Fprintln(p.w)
}

// collected says what collecting the paths found besides the photos: a
// line for each file skipped, with its reason, and for each path that
// could not be used (named, even when it does not exist); all counted in
// sum.
func (o *output) collected(col photo.Collection, sum *summary) {
	for _, sk := range col.Skips {
		sum.skipped++
		if sk.Reason == photo.Video {
			sum.videos++
		}
		_ = o.result(result{Path: sk.Path, Status: "skipped", Reason: string(sk.Reason)})
	}
	for _, err := range col.Errors {
		sum.failed++
		path := ""
		var pe *photo.PathError
		if errors.As(err, &pe) {
			path = pe.Path
		}
		o.fail(path, err, nil)
	}
}

// output is where a command's results go: a printer on stdout (text or
// JSON Lines), one line per problem on stderr, and the progress line on a
// terminal, erased before any other line and drawn again after it.
type output struct {
	s    *streams
	lang advise.Lang
	p    printer
	prog *progress
	// redact says the lines are redact's (output, faces_masked…).
	redact bool
}

func newOutput(s *streams, g *globalOptions, lang advise.Lang, json bool, total int) *output {
	o := &output{s: s, lang: lang}
	if json {
		o.p = newJSONPrinter(s.Out, s.Err, lang)
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

// say prints one line on stderr. Its strings and errors are shown with
// their control characters made visible: a file named with a terminal's
// escape codes cannot erase or forge a line.
func (o *output) say(format string, a ...any) {
	for i, v := range a {
		switch v := v.(type) {
		case string:
			a[i] = shown(v)
		case error:
			a[i] = shown(v.Error())
		}
	}
	o.prog.around(func() { fmt.Fprintf(o.s.Err, "sharesafe: "+format+"\n", a...) })
}

// shown is s with every control character (C0 and C1, DEL: escape codes,
// line breaks, carriage returns) written as a visible \xNN, for a name or
// a message printed on a terminal.
func shown(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

// fail reports a file that failed: one line on stderr, and its record.
func (o *output) fail(path string, err error, rep *detect.Report) {
	o.say("%s", o.explain(err))
	_ = o.result(result{Path: path, Status: "failed", Report: rep, Error: message(err)})
}

// result prints one file's record; a record that cannot be printed is said
// on stderr, and the error returned.
func (o *output) result(r result) error {
	var err error
	if j, ok := o.p.(*jsonPrinter); ok {
		j.redact = o.redact
	}
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

// pathErrors are the engine's errors about one path, said whole in the
// output's language (the path is what comes before the error's words).
var pathErrors = map[error]words.Key{engine.ErrInTheWay: words.InTheWay, engine.ErrOriginalGone: words.OriginalGone, engine.ErrNoFFmpeg: words.NoFFmpeg,
	engine.ErrHiddenFrames: words.HiddenFrames}

// explain is an error as a parent reads it (message), in the output's
// language where package words has the error's words.
func (o *output) explain(err error) string {
	m := message(err)
	for e, k := range pathErrors {
		if errors.Is(err, e) {
			if path, ok := strings.CutSuffix(m, ": "+e.Error()); ok {
				return o.lang.T(k, path)
			}
		}
	}
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
