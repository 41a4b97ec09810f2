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
	"github.com/sharesafe/sharesafe/engine"
	samplefx "github.com/sharesafe/sharesafe/internal/fixtures"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/report"
	"github.com/sharesafe/sharesafe/words"
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
	h := g.help
	cmd := &cobra.Command{
		Use:     "report " + h.T(words.CLIReportArgs),
		Short:   h.T(words.CLIReportShort),
		Long:    h.T(words.CLIReportLong),
		Example: "  sharesafe report --demo -o demo.html\n  sharesafe report Photos/ -o report.html --audience friends --lang fr",
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runReport(cmd.Context(), s, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.out, "output", "o", "", h.T(words.CLIFlagReportOutput))
	f.StringVar(&o.audience, "audience", "public", h.T(words.CLIFlagAudience))
	f.BoolVar(&o.showFaces, "show-faces", false, h.T(words.CLIFlagShowFaces))
	f.BoolVar(&o.demo, "demo", false, h.T(words.CLIFlagDemo))
	f.BoolVar(&o.json, "json", false, h.T(words.CLIFlagReportJSON))
	f.BoolVar(&o.handout, "handout", false, h.T(words.CLIFlagHandout))
	return cmd
}

func runReport(ctx context.Context, s *streams, g *globalOptions, o *reportOptions) error {
	switch {
	case len(o.paths) == 0 && !o.demo && !o.handout:
		return usagef("%s", g.help.T(words.CLIReportNeedsPhotos))
	case o.out == "" && !o.json:
		return usagef("%s", g.help.T(words.CLIReportNeedsOutput))
	}
	aud, err := advise.ParseAudience(o.audience)
	if err != nil {
		return unknownValue(g.help, "--audience", o.audience, audiences()...)
	}
	lang, err := g.language(s)
	if err != nil {
		return err
	}
	set, err := g.pipeline.settings(s, redact.AllFaces, redact.Emoji)
	if err != nil {
		return err
	}
	if !o.json {
		// Checked before any photo is read (outpath.go).
		if o.out, err = checkPageOutput(lang, o.out); err != nil {
			return err
		}
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
	var col photo.Collection
	if len(paths) > 0 { // the handout alone needs no photo
		if col, err = collect(paths, lang); err != nil {
			return err
		}
	}
	g.pipeline.videos(&set, col.Inputs)
	opt := report.Options{Audience: aud, Lang: lang, ShowFaces: o.showFaces, Style: set.Style, MaxSide: 720, Handout: o.handout}
	if o.demo {
		opt.Credit = samplefx.SampleCredit
	} else if set.Record, err = g.pipeline.record(s, lang); err == nil {
		// The "after" pictures show the masks the parent chose in the
		// review app, as redact would draw them.
		set.Decisions = engine.OpenDecisions(set.Record.Dir())
		eng := engine.New(set)
		opt.Plan = func(p *photo.Photo, rep detect.Report) (redact.Plan, bool) { return eng.Decided(p.Path, p, rep) }
	} else {
		// Said, not silent: the parent's masks are not on the page.
		fmt.Fprintf(s.Err, "sharesafe: %s\n", lang.T(words.ReportNoDecisions))
	}
	out := newOutput(s, g, lang, true, len(col.Inputs))
	failed := 0
	for _, err := range col.Errors {
		failed++
		out.say("%s", out.explain(err))
	}
	var entries []report.Entry
	co := engine.CheckOptions{Progress: out.progress}
	if !o.json {
		// The pictures are drawn on the workers, from the pixels decoded
		// there; the page keeps only their small copies.
		co.Keep = func(p *photo.Photo, rep detect.Report) any { return report.Build(p, rep, opt) }
	}
	err = engine.New(set).Check(ctx, col.Inputs, co, func(c engine.Checked) {
		name := c.Input.Path
		if o.demo && strings.HasPrefix(name, demoDir) {
			name = filepath.Base(name) // the temporary folder means nothing to a reader
		}
		if c.Err != nil {
			failed++
			if o.json {
				out.fail(name, c.Err, nil)
			} else {
				out.say("%s", out.explain(c.Err))
				entries = append(entries, report.Entry{Name: filepath.Base(name), Error: message(c.Err)})
			}
			return
		}
		rep := *c.Report
		rep.Path = name
		if o.json {
			a := advise.Assess(rep, aud, lang)
			if out.result(result{Path: name, Status: statusChecked, Report: &rep, Assessment: &a}) != nil {
				failed++
			}
			return
		}
		e := c.Kept.(report.Entry)
		e.Path, e.Report.Path = name, name
		entries = append(entries, e)
	})
	out.done()
	if err != nil {
		return interrupted(s, lang, summary{files: len(entries)}, len(col.Inputs))
	}
	if !o.json {
		var b bytes.Buffer
		if err := report.Write(&b, entries, opt); err != nil {
			return err
		}
		if err := os.WriteFile(o.out, b.Bytes(), 0o644); err != nil {
			return fmt.Errorf("%s", lang.T(words.CLIOutputNotWritable, o.out))
		}
		fmt.Fprintf(s.Err, "sharesafe: %s\n", lang.N(len(entries), words.ReportWrittenOne, words.ReportWrittenMany, o.out))
	}
	if failed > 0 {
		return errSomeFailed
	}
	return nil
}
