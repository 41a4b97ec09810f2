package main

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sharesafe/sharesafe/detect"
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
}

func newRedactCmd(s *streams, g *globalOptions) *cobra.Command {
	o := &redactOptions{}
	cmd := &cobra.Command{
		Use:   "redact PATH... -o DIR",
		Short: "Write safe copies: faces masked, hidden information removed",
		Long: `redact writes a safe copy of each photo into the output folder: every face
found is masked and the file carries no hidden information (no place, time,
device, names, hidden copies or videos), only its colour profile. Folders are
read recursively and their structure is kept. Originals are never changed.

Formats: JPEG, PNG, HEIC/HEIF and WebP are read (AVIF is not, yet).
A JPEG, PNG or WebP with no face to mask is rewritten without decoding its
pixels, so nothing is lost. A JPEG with masks is saved again as JPEG at a
quality close to the original's; a PNG stays PNG. A HEIC photo always becomes
a JPEG (IMG_1.heic -> IMG_1.jpg), holding only its main picture: its
thumbnails, depth and gain maps and videos are left out. A WebP with masks (or
that must be turned upright) becomes a PNG if it was lossless, a JPEG
otherwise. Animated WebP files are copied only with --faces none.

Faces are found automatically, and a detector can miss some (turned heads,
small faces, hands over faces): look at the copies before you share them, or
use the review app ("sharesafe PATH") to add masks by hand.`,
		Example: "  sharesafe redact IMG_1234.jpg -o safe/\n  sharesafe redact Photos/ -o Safe/ --mask blur\n  sharesafe redact Photos/ -o Safe/ --faces none --json",
		Args:    usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runRedact(cmd.Context(), s, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.outDir, "output", "o", "", "folder for the safe copies (required)")
	f.StringVar(&o.mask, "mask", string(redact.Emoji), "how faces are hidden: emoji, blur, pixelate or solid")
	f.StringVar(&o.faces, "faces", string(redact.AllFaces), "which faces to mask: all, or none (metadata only)")
	f.BoolVar(&o.json, "json", false, "print one JSON object per photo on stdout")
	f.BoolVar(&o.overwrite, "overwrite", false, "replace safe copies that exist already")
	return cmd
}

func runRedact(ctx context.Context, s *streams, g *globalOptions, o *redactOptions) error {
	if o.outDir == "" {
		return usagef("redact needs an output folder: -o DIR")
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
	var out printer = &textPrinter{w: s.Out}
	if o.json {
		out = newJSONPrinter(s.Out)
	}
	col := photo.Collect(o.paths)
	sum := summary{command: "redact", skipped: col.Skipped}
	fail := func(path string, err error) {
		sum.failed++
		fmt.Fprintf(s.Err, "sharesafe: %s\n", oneLine(err))
		_ = out.result(result{Path: path, Error: oneLine(err)})
	}
	for _, err := range col.Errors {
		fail("", err)
	}
	for _, in := range col.Inputs {
		if ctx.Err() != nil {
			return errInterrupted
		}
		r, err := redactOne(in, o.outDir, style, which, o.overwrite)
		if errors.Is(err, redact.ErrExists) {
			sum.existed++
			fmt.Fprintf(s.Err, "sharesafe: %s\n", oneLine(err))
			continue
		}
		if err != nil {
			fail(in.Path, err)
			continue
		}
		sum.files++
		sum.written++
		if err := out.result(r); err != nil {
			sum.failed++
			fmt.Fprintf(s.Err, "sharesafe: %s: written to %s, but the result cannot be printed: %s\n", in.Path, r.Output, oneLine(err))
		}
	}
	out.summary(sum)
	if sum.failed > 0 {
		return errSomeFailed
	}
	return nil
}

// redactOne writes the safe copy of one input under outDir.
func redactOne(in photo.Input, outDir string, style redact.Style, which redact.Faces, overwrite bool) (result, error) {
	p, err := photo.Load(in.Path, photo.DefaultLimits)
	if err != nil {
		return result{}, err
	}
	rep, err := detect.Inspect(p, detect.Options{Faces: which != redact.NoFaces, Face: detect.DefaultFaceOptions})
	if err != nil {
		return result{}, err
	}
	plan := redact.PlanFor(rep, which, style)
	var masked image.Image // nil: pixels unchanged, lossless rewrite
	if len(plan.Masks) > 0 {
		masked = redact.Apply(p.Image, plan)
	}
	dst := filepath.Join(outDir, in.Rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return result{}, err
	}
	dst, err = redact.Write(p, masked, dst, redact.WriteOptions{Overwrite: overwrite})
	if err != nil {
		return result{}, err
	}
	n, removed := len(plan.Masks), len(rep.Findings)
	return result{Path: in.Path, Report: &rep, Output: dst, FacesMasked: &n, Removed: &removed}, nil
}

// oneLine keeps an error to one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
