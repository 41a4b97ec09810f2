package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sharesafe/sharesafe/advise"
	_ "github.com/sharesafe/sharesafe/heif" // registers the HEIC decoder
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
)

type redactOptions struct {
	paths     []string
	outDir    string
	mask      string
	faces     string
	json      bool
	overwrite bool
	inPlace   bool
	noBackup  bool
	rename    bool
	jobs      int
	detector  string
}

func newRedactCmd(s *streams, g *globalOptions) *cobra.Command {
	o := &redactOptions{}
	cmd := &cobra.Command{
		Use:   "redact PATH... -o DIR",
		Short: "Write safe copies: faces masked, hidden information removed",
		Long: `redact writes a safe copy of each photo into the output folder: every face
found is masked and the file carries no hidden information (no place, time,
device, names, hidden copies or videos), only its colour profile. Folders are
read recursively and their structure is kept; hidden files are skipped and
symbolic links are not followed. Originals are never changed, and a safe copy
that exists already is left alone (use --overwrite to replace it). A run that
is stopped leaves only complete files: run it again to finish the rest.

Formats: JPEG, PNG, HEIC/HEIF and WebP are read (AVIF is not, yet).
A JPEG, PNG or WebP with no face to mask is rewritten without decoding its
pixels, so nothing is lost. A JPEG with masks is saved again as JPEG at a
quality close to the original's; a PNG stays PNG. A HEIC photo always becomes
a JPEG (IMG_1.heic -> IMG_1.jpg), holding only its main picture: its
thumbnails, depth and gain maps and videos are left out. A WebP with masks (or
that must be turned upright) becomes a PNG if it was lossless or has
transparency, a JPEG otherwise. Animated WebP files are copied only with --faces none.

Faces are found automatically, and a detector can miss some (turned heads,
small faces, hands over faces): look at the copies before you share them, or
use the review app ("sharesafe PATH") to add masks by hand.

With --faces children, faces that clearly look adult (20 or older, as
estimated) are left visible. The estimate is a guess from the face alone and
some children's faces can still be missed; --faces all (the default) is the
safe choice.

Exit codes: 0 all done, 1 some files failed (each named on stderr), 2 usage
error, 130 interrupted.`,
		Example: "  sharesafe redact IMG_1234.jpg -o safe/\n  sharesafe redact Photos/ -o Safe/ --mask blur\n  sharesafe redact Photos/ -o Safe/ --faces none --json\n  sharesafe redact Photos/ --in-place",
		Args:    usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runRedact(cmd.Context(), s, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.outDir, "output", "o", "", "folder for the safe copies (required unless --in-place)")
	f.StringVar(&o.mask, "mask", string(redact.Emoji), "how faces are hidden: emoji, blur, pixelate or solid")
	f.StringVar(&o.faces, "faces", string(redact.AllFaces), "which faces to mask: all; children (faces that look under 13, and every face whose age can't be told: some children's faces can still be missed, as they can look older); or none (metadata only)")
	f.BoolVar(&o.json, "json", false, "print one JSON object per photo on stdout")
	f.BoolVar(&o.overwrite, "overwrite", false, "replace safe copies that exist already")
	f.BoolVar(&o.inPlace, "in-place", false, "replace the originals themselves (keeps FILE.orig unless --no-backup)")
	f.BoolVar(&o.noBackup, "no-backup", false, "with --in-place: keep no copy of the originals")
	f.BoolVar(&o.rename, "rename", false, "give the safe copies neutral names (photo-0001.jpg): no date or device in the name")
	f.IntVar(&o.jobs, "jobs", runtime.NumCPU(), "photos processed at once")
	f.StringVar(&o.detector, "detector", "thorough", "face detector: thorough (pigo, SSD MobileNet and BlazeFace, merged), or fast (pigo upright only, several times faster, misses far more)")
	return cmd
}

func runRedact(ctx context.Context, s *streams, g *globalOptions, o *redactOptions) error {
	switch {
	case o.inPlace && o.outDir != "":
		return usagef("choose either -o DIR or --in-place, not both")
	case !o.inPlace && o.outDir == "":
		return usagef("redact needs an output folder: -o DIR (or --in-place to replace the originals)")
	case o.noBackup && !o.inPlace:
		return usagef("--no-backup goes with --in-place")
	case o.rename && o.inPlace:
		return usagef("--rename cannot be used with --in-place")
	case o.jobs < 1:
		return usagef("--jobs must be at least 1")
	}
	style, err := redact.ParseStyle(o.mask)
	if err != nil {
		return usageError{err}
	}
	which, err := redact.ParseFaces(o.faces)
	if err != nil {
		return usageError{err}
	}
	if _, err := g.language(s); err != nil {
		return err
	}
	det, err := detectorOptions(o.detector)
	if err != nil {
		return err
	}
	var out printer = newTextPrinter(s.Out, advise.English)
	if o.json {
		out = newJSONPrinter(s.Out)
	}
	col := photo.Collect(o.paths)
	sum := summary{command: "redact", skipped: col.Skipped}
	for _, err := range col.Errors {
		sum.failed++
		fmt.Fprintf(s.Err, "sharesafe: %s\n", oneLine(err))
		_ = out.result(result{Error: oneLine(err)})
	}
	jobs := make([]redact.Job, len(col.Inputs))
	for i, in := range col.Inputs {
		dst := in.Path
		if !o.inPlace {
			rel := in.Rel
			if o.rename {
				rel = redact.NeutralName(rel, i)
			}
			dst = filepath.Join(o.outDir, rel)
		}
		jobs[i] = redact.Job{In: in, Dst: dst}
	}
	opt := redact.BatchOptions{
		Workers: o.jobs, Faces: which, Style: style, Limits: photo.DefaultLimits,
		Detect: det,
		Write:  redact.WriteOptions{Overwrite: o.overwrite, InPlace: o.inPlace},
		Backup: o.inPlace && !o.noBackup,
	}
	var prog *progress
	if s.ErrTTY {
		prog = newProgress(s.Err, len(jobs))
	}
	err = redact.Batch(ctx, jobs, opt, func(r redact.Result) {
		prog.step()
		switch {
		case r.Err != nil:
			sum.failed++
			prog.clear()
			fmt.Fprintf(s.Err, "sharesafe: %s\n", oneLine(r.Err))
			_ = out.result(result{Path: r.In.Path, Report: r.Report, Error: oneLine(r.Err)})
		case r.Existed:
			sum.existed++
			prog.clear()
			fmt.Fprintf(s.Err, "sharesafe: %s: %s exists already, left alone\n", r.In.Path, r.Output)
		default:
			sum.files++
			sum.written++
			n, removed := r.Masked, len(r.Report.Findings)
			if err := out.result(result{Path: r.In.Path, Report: r.Report, Output: r.Output, FacesMasked: &n, Removed: &removed, Backup: r.Backup}); err != nil {
				sum.failed++
				fmt.Fprintf(s.Err, "sharesafe: %s: written to %s, but the result cannot be printed: %s\n", r.In.Path, r.Output, oneLine(err))
			}
		}
	})
	prog.done()
	out.summary(sum)
	if errors.Is(err, redact.ErrInterrupted) {
		fmt.Fprintf(s.Err, "sharesafe: interrupted: %d of %d photos done; run the same command again to finish (finished copies are kept)\n", sum.written+sum.failed+sum.existed, len(jobs))
		return errInterrupted
	}
	if sum.failed > 0 {
		return errSomeFailed
	}
	return nil
}

// oneLine keeps an error to one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
