package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/internal/pool"
	"github.com/sharesafe/sharesafe/photo"
)

type scanOptions struct {
	paths    []string
	audience string
	json     bool
	jobs     int
	detector string
}

func newScanCmd(s *streams, g *globalOptions) *cobra.Command {
	o := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan PATH...",
		Short: "Show what photos give away and what to do about it (writes nothing)",
		Long: `scan reads photos and folders of photos and shows, for each, the faces found,
the hidden information in the file (place, time, device, names, hidden copies,
videos) and advice for the audience you plan to share with. It writes nothing.`,
		Example: "  sharesafe scan IMG_1234.jpg\n  sharesafe scan --audience friends --lang fr Photos/\n  sharesafe scan --json Photos/ > report.jsonl",
		Args:    usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runScan(cmd.Context(), s, g, o)
		},
	}
	cmd.Flags().StringVar(&o.audience, "audience", "public", "who will see the photos: public, friends, group or private")
	cmd.Flags().BoolVar(&o.json, "json", false, "print one JSON object per photo on stdout")
	cmd.Flags().IntVar(&o.jobs, "jobs", runtime.NumCPU(), "photos checked at once")
	cmd.Flags().StringVar(&o.detector, "detector", "thorough", "face detector: thorough (pigo, SSD MobileNet and BlazeFace, merged), or fast (pigo upright only, several times faster, misses far more)")
	return cmd
}

func runScan(ctx context.Context, s *streams, g *globalOptions, o *scanOptions) error {
	aud, err := advise.ParseAudience(o.audience)
	if err != nil {
		return usageError{err}
	}
	lang, err := g.language(s)
	if err != nil {
		return err
	}
	det, err := detectorOptions(o.detector)
	if err != nil {
		return err
	}
	var out printer = newTextPrinter(s.Out, lang)
	if o.json {
		out = newJSONPrinter(s.Out)
	}
	col := photo.Collect(o.paths)
	sum := summary{command: "scan", skipped: col.Skipped}
	fail := func(path string, err error) {
		sum.failed++
		fmt.Fprintf(s.Err, "sharesafe: %s\n", oneLine(err))
		_ = out.result(result{Path: path, Error: oneLine(err)})
	}
	for _, err := range col.Errors {
		fail("", err)
	}
	type checked struct {
		rep detect.Report
		err error
	}
	err = pool.Ordered(ctx, len(col.Inputs), max(1, o.jobs), func(i int) checked {
		p, err := photo.Open(col.Inputs[i].Path, photo.DefaultLimits)
		if err != nil {
			return checked{err: err}
		}
		rep, err := detect.Inspect(p, det)
		return checked{rep: rep, err: err} // the pixels go with p
	}, func(i int, c checked) {
		path := col.Inputs[i].Path
		if c.err != nil {
			fail(path, c.err)
			return
		}
		rep := c.rep
		a := advise.Assess(rep, aud, lang)
		sum.files++
		if rep.Has(detect.KindGPS) {
			sum.located++
		}
		if len(rep.Faces) > 0 && childish(rep) {
			sum.children++
		}
		if rep.Has(detect.KindThumbnail) || rep.Has(detect.KindMPF) || rep.Has(detect.KindMotionVideo) || rep.Has(detect.KindTrailer) {
			sum.hiddenCopy++
		}
		if err := out.result(result{Path: path, Report: &rep, Assessment: &a}); err != nil {
			sum.files--
			sum.failed++
			fmt.Fprintf(s.Err, "sharesafe: %s: cannot print the result: %s\n", path, oneLine(err))
		}
	})
	if err != nil {
		return errInterrupted
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
