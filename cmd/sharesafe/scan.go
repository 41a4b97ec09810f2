package main

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/words"
)

type scanOptions struct {
	paths    []string
	audience string
	json     bool
}

func newScanCmd(s *streams, g *globalOptions) *cobra.Command {
	o := &scanOptions{}
	h := g.help
	cmd := &cobra.Command{
		Use:     "scan " + h.T(words.CLIScanArgs),
		Short:   h.T(words.CLIScanShort),
		Long:    h.T(words.CLIScanLong),
		Example: "  sharesafe scan IMG_1234.jpg\n  sharesafe scan --audience friends --lang fr Photos/\n  sharesafe scan --json Photos/ > report.jsonl",
		Args:    needPaths(h.T(words.CLIScanNeedsPaths)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runScan(cmd.Context(), s, g, o)
		},
	}
	cmd.Flags().StringVar(&o.audience, "audience", "public", h.T(words.CLIFlagAudience))
	cmd.Flags().BoolVar(&o.json, "json", false, h.T(words.CLIFlagJSON))
	complete(cmd, "audience", audiences()...)
	return cmd
}

func runScan(ctx context.Context, s *streams, g *globalOptions, o *scanOptions) error {
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
	col, err := collect(o.paths, lang)
	var none noPhotosError
	if err != nil && !errors.As(err, &none) {
		return err
	}
	g.pipeline.videos(&set, col.Inputs)
	out := newOutput(s, g, lang, o.json, len(col.Inputs))
	sum := summary{command: "scan"}
	out.collected(col, &sum)
	if none != "" {
		return none // the files skipped are said
	}
	err = engine.New(set).Check(ctx, col.Inputs, engine.CheckOptions{Progress: out.progress}, func(c engine.Checked) {
		if c.Err != nil {
			sum.failed++
			out.fail(c.Input.Path, c.Err, nil)
			return
		}
		rep := *c.Report
		a := advise.Assess(rep, aud, lang)
		sum.files++
		if rep.Kind == detect.KindVideo {
			sum.clips++
		}
		if a.RevealsPlace() {
			sum.located++
		}
		if childish(rep) {
			sum.children++
		}
		if rep.Has(detect.KindThumbnail) || rep.Has(detect.KindMPF) || rep.Has(detect.KindMotionVideo) || rep.Has(detect.KindTrailer) {
			sum.hiddenCopy++
		}
		if err := out.result(result{Path: c.Input.Path, Status: statusChecked, Report: &rep, Assessment: &a}); err != nil {
			sum.files--
			sum.failed++
		}
	})
	out.done()
	if err != nil {
		return interrupted(s, lang, sum, len(col.Inputs))
	}
	out.summary(sum)
	if sum.failed > 0 {
		return errSomeFailed
	}
	return nil
}

// childish reports whether any face is a likely child or of unsure age.
func childish(r detect.Report) bool {
	for _, f := range r.Faces {
		if f.Label != detect.LabelAdult {
			return true
		}
	}
	return false
}

func audiences() []string {
	var a []string
	for _, x := range advise.Audiences {
		a = append(a, string(x))
	}
	return a
}
