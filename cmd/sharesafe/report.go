package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/report"
)

type reportOptions struct {
	paths     []string
	out       string
	audience  string
	showFaces bool
	demo      bool
	json      bool
	handout   bool
}

func newReportCmd(s *streams, g *globalOptions) *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report PATH... -o report.html",
		Short: "Write a before/after page to show on a screen or print (for workshops)",
		Long: `report writes one HTML page about the photos given: for each, the original
(faces covered, unless --show-faces) beside the safe copy, what the file
revealed (with the place in words, no map) and the advice for the audience.
The page is self-contained: pictures and styles are inside it and it asks for
nothing from the network, so it works offline on a projector; it also prints.`,
		Example: "  sharesafe report --demo -o demo.html\n  sharesafe report Photos/ -o report.html --audience friends --lang fr",
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runReport(cmd.Context(), s, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.out, "output", "o", "", "the HTML file to write (required unless --json)")
	f.StringVar(&o.audience, "audience", "public", "who will see the photos: public, friends, group or private")
	f.BoolVar(&o.showFaces, "show-faces", false, "show the faces of the originals uncovered")
	f.BoolVar(&o.demo, "demo", false, "use the built-in sample photos")
	f.BoolVar(&o.json, "json", false, "print one JSON object per photo on stdout instead of a page")
	f.BoolVar(&o.handout, "handout", false, "write the one-page handout for parents (three habits, where to get help) instead")
	return cmd
}

func runReport(ctx context.Context, s *streams, g *globalOptions, o *reportOptions) error {
	switch {
	case len(o.paths) == 0 && !o.demo && !o.handout:
		return usagef("report needs photos or folders (or --demo)")
	case o.out == "" && !o.json:
		return usagef("report needs an output file: -o report.html (or --json)")
	}
	aud, err := advise.ParseAudience(o.audience)
	if err != nil {
		return usageError{err}
	}
	lang, err := g.language(s)
	if err != nil {
		return err
	}
	paths, demoDir := o.paths, "\x00" // no path starts with NUL
	if o.demo {
		dir, err := writeSamples()
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		paths, demoDir = append(paths, dir), dir
	}
	opt := report.Options{Audience: aud, Lang: lang, ShowFaces: o.showFaces, Style: redact.Emoji, MaxSide: 720, Demo: o.demo, Handout: o.handout}
	col := photo.Collect(paths)
	failed := 0
	var entries []report.Entry
	var out printer = newJSONPrinter(s.Out)
	for _, err := range col.Errors {
		failed++
		fmt.Fprintf(s.Err, "sharesafe: %s\n", oneLine(err))
	}
	for _, in := range col.Inputs {
		if ctx.Err() != nil {
			return errInterrupted
		}
		p, err := photo.Open(in.Path, photo.DefaultLimits)
		var rep detect.Report
		if err == nil {
			rep, err = detect.Inspect(p, detect.DefaultOptions)
		}
		if err != nil {
			failed++
			fmt.Fprintf(s.Err, "sharesafe: %s\n", oneLine(err))
			if o.json {
				_ = out.result(result{Path: in.Path, Error: oneLine(err)})
			} else {
				entries = append(entries, report.Entry{Name: filepath.Base(in.Path), Error: oneLine(err)})
			}
			continue
		}
		if o.demo && strings.HasPrefix(in.Path, demoDir) {
			rep.Path = filepath.Base(in.Path) // the temporary folder means nothing to a reader
		}
		if o.json {
			a := advise.Assess(rep, aud, lang)
			if err := out.result(result{Path: rep.Path, Report: &rep, Assessment: &a}); err != nil {
				failed++
			}
			continue
		}
		entries = append(entries, report.Build(p, rep, opt))
	}
	if !o.json {
		var b bytes.Buffer
		if err := report.Write(&b, entries, opt); err != nil {
			return err
		}
		if err := os.WriteFile(o.out, b.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(s.Err, "sharesafe: wrote %s (%d photos)\n", o.out, len(entries))
	}
	if failed > 0 {
		return errSomeFailed
	}
	return nil
}
