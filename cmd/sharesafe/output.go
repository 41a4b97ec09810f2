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
)

// result is one file's outcome: one JSON object per line with --json
// (../shared/DESIGN.md: keys are a contract, added to, never renamed).
type result struct {
	// Path is the input file. It shadows Report's path, so it is there
	// even when the file failed.
	Path string `json:"path"`
	*detect.Report
	Assessment  *advise.Assessment `json:"assessment,omitempty"`
	Output      string             `json:"output,omitempty"`
	FacesMasked *int               `json:"faces_masked,omitempty"`
	Removed     *int               `json:"metadata_removed,omitempty"`
	Backup      string             `json:"backup,omitempty"`
	Error       string             `json:"error"`
}

// printer writes results as they come, as text or JSON Lines.
type printer interface {
	// result prints one file's outcome; an error means it could not be
	// printed (the caller counts the file as failed and says so on stderr).
	result(r result) error
	summary(s summary)
}

type summary struct {
	files, failed, skipped        int
	located, children, hiddenCopy int
	written, existed              int
	command                       string
}

type jsonPrinter struct{ enc *json.Encoder }

func newJSONPrinter(w io.Writer) *jsonPrinter { return &jsonPrinter{enc: json.NewEncoder(w)} }

func (p *jsonPrinter) result(r result) error {
	if err := p.enc.Encode(r); err != nil {
		// Still one line for this file, so scripts see every input.
		return errors.Join(err, p.enc.Encode(result{Path: r.Path, Error: "cannot print the result: " + err.Error()}))
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
	if r.Error != "" {
		return nil // errors go to stderr, one line each
	}
	if r.Output != "" {
		_, err := fmt.Fprintf(p.w, "%s → %s (%s, %s)\n", r.Path, r.Output,
			plural(*r.FacesMasked, "face masked", "faces masked"),
			plural(*r.Removed, "piece of hidden information removed", "pieces of hidden information removed"))
		return err
	}
	words := advise.WordsFor(p.lang)
	rep := r.Report
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n", p.style.title.Render(r.Path), p.style.dim.Render("("+words.PhotoSize(rep.Width, rep.Height, strings.ToUpper(rep.Format))+")"))
	fmt.Fprintf(&b, "  %s\n", words.Faces(len(rep.Faces)))
	if len(rep.Findings) == 0 {
		fmt.Fprintf(&b, "  %s\n", words.Nothing)
	} else {
		fmt.Fprintf(&b, "  %s\n", words.WhatFileReveal)
		for _, f := range rep.Findings {
			fmt.Fprintf(&b, "    • %s\n", advise.FindingLabel(f, p.lang))
		}
	}
	if a := r.Assessment; a != nil {
		fmt.Fprintf(&b, "  %s\n", p.style.level[a.Level].Render(words.Risk(a.Audience, a.Level)))
		for _, k := range a.Risks {
			fmt.Fprintf(&b, "    %s %s\n", p.style.level[k.Severity].Render("["+words.Tag[k.Severity]+"]"), p.style.bold.Render(k.Title))
			fmt.Fprintf(&b, "        %s\n", k.Why)
			fmt.Fprintf(&b, "        → %s\n", k.Fix)
			if k.Source != "" {
				fmt.Fprintf(&b, "        %s\n", p.style.dim.Render(k.Source))
			}
		}
		if len(a.Help) > 0 {
			fmt.Fprintf(&b, "  %s\n", words.Help)
			for _, h := range a.Help {
				fmt.Fprintf(&b, "    • %s%s%s (%s)\n", p.style.bold.Render(h.Name), words.Colon, h.What, h.Where)
			}
		}
	}
	_, err := fmt.Fprintln(p.w, b.String())
	return err
}

func (p *textPrinter) summary(s summary) {
	if s.files+s.failed <= 1 && s.skipped == 0 {
		return
	}
	switch s.command {
	case "scan":
		fmt.Fprint(p.w, advise.WordsFor(p.lang).ScanSummary(s.files, s.located, s.children, s.hiddenCopy))
	default:
		fmt.Fprintf(p.w, "%s written.", plural(s.written, "safe copy", "safe copies"))
		if s.existed > 0 {
			fmt.Fprintf(p.w, " %d already there, left alone (use --overwrite to replace them).", s.existed)
		}
	}
	if s.failed > 0 {
		fmt.Fprintf(p.w, " %d failed (see the messages above).", s.failed)
	}
	if s.skipped > 0 {
		fmt.Fprintf(p.w, " %d other files skipped.", s.skipped)
	}
	fmt.Fprintln(p.w)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
