package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sharesafe/sharesafe/engine"
	_ "github.com/sharesafe/sharesafe/heif" // registers the HEIC decoder
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/words"
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
A JPEG, PNG, WebP or HEIC with no face to mask is rewritten without
re-encoding its picture, so nothing is lost (a HEIC keeps only its main
picture: its thumbnails, depth and gain maps and videos are left out; one with
transparency becomes a JPEG). A JPEG with masks is changed only in the blocks
under the masks; a PNG stays PNG. A HEIC with masks becomes a JPEG (IMG_1.heic
-> IMG_1.jpg). A WebP with masks (or
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
		Args:    needPaths("redact", "sharesafe redact PATH... -o DIR (photos or folders, and a folder for the safe copies)"),
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
	complete(cmd, "mask", string(redact.Emoji), string(redact.Blur), string(redact.Pixelate), string(redact.Solid))
	complete(cmd, "faces", string(redact.AllFaces), string(redact.Children), string(redact.NoFaces))
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
	}
	style, err := redact.ParseStyle(o.mask)
	if err != nil {
		return usageError{err}
	}
	which, err := redact.ParseFaces(o.faces)
	if err != nil {
		return usageError{err}
	}
	lang, err := g.language(s)
	if err != nil {
		return err
	}
	set, err := g.pipeline.settings(s, which, style)
	if err != nil {
		return err
	}
	if !o.inPlace {
		if err := outsideInputs(o.outDir, o.paths); err != nil {
			return err
		}
	}
	col, err := collect(o.paths, lang)
	if err != nil {
		return err
	}
	out := newOutput(s, g, lang, o.json, len(col.Inputs))
	sum := summary{command: "redact", skipped: col.Skipped}
	for _, err := range col.Errors {
		sum.failed++
		out.fail("", err, nil)
	}
	jobs := make([]engine.Job, len(col.Inputs))
	for i, in := range col.Inputs {
		dst := in.Path
		if !o.inPlace {
			rel := in.Rel
			if o.rename {
				rel = redact.NeutralName(rel, i)
			}
			dst = filepath.Join(o.outDir, rel)
		}
		jobs[i] = engine.Job{In: in, Dst: dst}
	}
	if !o.inPlace && len(jobs) > 0 {
		if err := engine.MarkOutput(o.outDir); err != nil {
			return fmt.Errorf("%s: %w", o.outDir, err)
		}
	}
	w := engine.WriteOptions{Overwrite: o.overwrite, InPlace: o.inPlace, Backup: o.inPlace && !o.noBackup}
	err = engine.New(set).Redact(ctx, jobs, w, out.progress, func(r engine.Result) {
		rec := result{Path: r.In.Path, Status: string(r.Status), Report: r.Report, Output: r.Output, Backup: r.Backup}
		switch r.Status {
		case engine.Failed:
			sum.failed++
			out.fail(r.In.Path, r.Err, r.Report)
			return
		case engine.Exists:
			sum.existed++
			out.say("%s: %s", r.In.Path, lang.T(words.ExistsAlready, r.Output))
			rec.Report = nil
		case engine.Skipped:
			sum.inPlace++
			out.say("%s: %s", r.In.Path, lang.T(words.InPlaceDone, r.Backup))
			rec.Report = nil
		default:
			sum.files++
			sum.written++
			n, removed := r.Masked, len(r.Report.Findings)
			rec.FacesMasked, rec.Removed, rec.WritePath = &n, &removed, r.Path
		}
		if err := out.result(rec); err != nil && r.Status == engine.Written {
			sum.failed++
		}
	})
	out.done()
	if err != nil {
		return interrupted(s, lang, sum, len(jobs))
	}
	out.summary(sum)
	if sum.failed > 0 {
		return errSomeFailed
	}
	return nil
}

// outsideInputs refuses an output folder that is, or is inside, a folder
// given as input, or that holds a photo or folder given: the safe copies
// would mix with the photos, and a later run would take them for photos.
func outsideInputs(outDir string, paths []string) error {
	if p := engine.FolderHolding(outDir, paths); p != "" {
		return usagef("the output folder %s is inside the photos folder %s: choose a folder outside it (for example %s-safe)", outDir, p, strings.TrimRight(p, "/\\"))
	}
	if p := engine.InputInside(outDir, paths); p != "" {
		base := p
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			base = filepath.Dir(p)
		}
		return usagef("the output folder %s holds the photos %s: choose a folder that does not hold them (for example %s-safe)", outDir, p, strings.TrimRight(base, "/\\"))
	}
	return nil
}
