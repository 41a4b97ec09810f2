package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

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
	w    io.Writer
	lang advise.Lang
}

func (p *textPrinter) result(r result) error {
	if r.Error != "" {
		return nil // errors go to stderr, one line each
	}
	if r.Output != "" {
		fmt.Fprintf(p.w, "%s → %s (%s, %s)\n", r.Path, r.Output,
			plural(*r.FacesMasked, "face masked", "faces masked"),
			plural(*r.Removed, "piece of hidden information removed", "pieces of hidden information removed"))
		return nil
	}
	rep := r.Report
	fmt.Fprintf(p.w, "%s  (%d×%d %s)\n", r.Path, rep.Width, rep.Height, strings.ToUpper(rep.Format))
	fmt.Fprintf(p.w, "  Faces: %d\n", len(rep.Faces))
	for _, f := range rep.Findings {
		fmt.Fprintf(p.w, "  • %s\n", f.Label)
	}
	if a := r.Assessment; a != nil {
		fmt.Fprintf(p.w, "  Risk if shared with audience %q: %s\n", a.Audience, strings.ToUpper(a.Level.String()))
		for _, k := range a.Risks {
			fmt.Fprintf(p.w, "    [%s] %s\n", k.Severity, k.Title)
			fmt.Fprintf(p.w, "        %s\n", k.Why)
			fmt.Fprintf(p.w, "        → %s\n", k.Fix)
		}
	}
	_, err := fmt.Fprintln(p.w)
	return err
}

func (p *textPrinter) summary(s summary) {
	if s.files+s.failed <= 1 && s.skipped == 0 {
		return
	}
	switch s.command {
	case "scan":
		fmt.Fprintf(p.w, "%s checked: %d reveal a location, %d show faces that may be children, %d carry hidden copies.",
			plural(s.files, "photo", "photos"), s.located, s.children, s.hiddenCopy)
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
