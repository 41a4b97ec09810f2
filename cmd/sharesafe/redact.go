package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sharesafe/sharesafe/detect"
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
	// ignoreApp masks the detector's faces only, not the parent's
	// decisions from the review app; maskGiven says --mask was given (it
	// then sets the style of the parent's masks too).
	ignoreApp bool
	maskGiven bool
}

func newRedactCmd(s *streams, g *globalOptions) *cobra.Command {
	o := &redactOptions{}
	h := g.help
	cmd := &cobra.Command{
		Use:     "redact " + h.T(words.CLIRedactArgs),
		Short:   h.T(words.CLIRedactShort),
		Long:    h.T(words.CLIRedactLong),
		Example: "  sharesafe redact IMG_1234.jpg -o safe/\n  sharesafe redact Photos/ -o Safe/ --mask blur\n  sharesafe redact Photos/ -o Safe/ --faces none --json\n  sharesafe redact Photos/ --in-place",
		Args:    needPaths(h.T(words.CLIRedactNeedsPaths)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			o.maskGiven = cmd.Flags().Changed("mask")
			return runRedact(cmd.Context(), s, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.outDir, "output", "o", "", h.T(words.CLIFlagOutput))
	f.StringVar(&o.mask, "mask", string(redact.Emoji), h.T(words.CLIFlagMask))
	f.StringVar(&o.faces, "faces", string(redact.AllFaces), h.T(words.CLIFlagFaces))
	f.BoolVar(&o.json, "json", false, h.T(words.CLIFlagJSON))
	f.BoolVar(&o.overwrite, "overwrite", false, h.T(words.CLIFlagOverwrite))
	f.BoolVar(&o.inPlace, "in-place", false, h.T(words.CLIFlagInPlace))
	f.BoolVar(&o.noBackup, "no-backup", false, h.T(words.CLIFlagNoBackup))
	f.BoolVar(&o.rename, "rename", false, h.T(words.CLIFlagRename))
	f.BoolVar(&o.ignoreApp, "ignore-app-masks", false, h.T(words.CLIFlagIgnoreAppMasks))
	complete(cmd, "mask", maskStyles...)
	complete(cmd, "faces", faceChoices...)
	return cmd
}

// The values of --mask and --faces, as completion and usage errors offer
// them.
var (
	maskStyles  = []string{string(redact.Emoji), string(redact.Blur), string(redact.Pixelate), string(redact.Solid)}
	faceChoices = []string{string(redact.AllFaces), string(redact.Children), string(redact.NoFaces)}
)

func runRedact(ctx context.Context, s *streams, g *globalOptions, o *redactOptions) error {
	h := g.help
	switch {
	case o.inPlace && o.outDir != "":
		return usagef("%s", h.T(words.CLIEitherOutput))
	case !o.inPlace && o.outDir == "":
		return usagef("%s", h.T(words.CLIRedactNeedsOutput))
	case o.noBackup && !o.inPlace:
		return usagef("%s", h.T(words.CLINoBackupAlone))
	case o.rename && o.inPlace:
		return usagef("%s", h.T(words.CLIRenameInPlace))
	}
	style, err := redact.ParseStyle(o.mask)
	if err != nil {
		return unknownValue(h, "--mask", o.mask, maskStyles...)
	}
	which, err := redact.ParseFaces(o.faces)
	if err != nil {
		return unknownValue(h, "--faces", o.faces, faceChoices...)
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
		if err := outsideInputs(h, o.outDir, o.paths); err != nil {
			return err
		}
		if err := checkFolderOutput(lang, o.outDir); err != nil { // outpath.go
			return err
		}
	}
	if set.Record, err = g.pipeline.record(s, lang); err != nil {
		return err
	}
	if !o.ignoreApp {
		// The parent's decisions from the review app, beside the record.
		set.Decisions, set.StyleOverDecisions = engine.OpenDecisions(set.Record.Dir()), o.maskGiven
	}
	col, err := collect(o.paths, lang)
	var none noPhotosError
	if err != nil && !errors.As(err, &none) {
		return err
	}
	g.pipeline.videos(&set, col.Inputs)
	out := newOutput(s, g, lang, o.json, len(col.Inputs))
	out.redact = true
	sum := summary{command: "redact", noFaces: which == redact.NoFaces}
	out.collected(col, &sum)
	if none != "" {
		return none // the files skipped are said
	}
	eng := engine.New(set)
	// Every output name is settled before any work, by the engine.
	jobs, err := eng.Settle(col.Inputs, engine.Dest{Dir: o.outDir, InPlace: o.inPlace, Rename: o.rename})
	if err != nil {
		return recordError(lang, err)
	}
	if !o.inPlace && len(jobs) > 0 {
		if err := engine.MarkOutput(o.outDir); err != nil {
			return fmt.Errorf("%s: %w", o.outDir, err)
		}
	}
	w := engine.WriteOptions{Overwrite: o.overwrite, Backup: o.inPlace && !o.noBackup}
	err = eng.Redact(ctx, jobs, w, out.progress, func(r engine.Result) {
		rec := result{Path: r.In.Path, Status: string(r.Status), Report: r.Report, Output: r.Output, Backup: r.Backup}
		if r.Decided {
			sum.appMasks++
			rec.AppMasks = &r.Decided
		} else if r.Status != engine.Failed {
			rec.AppMasks = new(bool)
		}
		switch r.Status {
		case engine.Failed:
			sum.failed++
			out.fail(r.In.Path, r.Err, r.Report)
			return
		case engine.Exists:
			if o.inPlace {
				sum.inPlace++
			} else {
				sum.existed++
			}
			rec.Report = nil
		default:
			sum.files++
			sum.written++
			if r.Report.Kind == detect.KindVideo {
				sum.clips++
			}
			kept := keptNames(o, r)
			if kept > 0 {
				sum.named++
			}
			n, removed := r.Masked, len(r.Report.Findings)
			if r.Report.Has(detect.KindLivePhoto) {
				removed-- // the clip beside a Live Photo is not in the file
			}
			removed -= min(kept, nameFindings(r.Report)) // what the copy's name keeps
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

// recordError says why the record of safe copies cannot be kept.
func recordError(lang words.Lang, err error) error {
	var re *engine.RecordError
	if errors.As(err, &re) {
		return errors.New(lang.T(words.RecordCannot, re.Dir, oneLine(re.Err)))
	}
	return err
}

// outsideInputs refuses an output folder that is, or is inside, a folder
// given as input, or that holds a photo or folder given: the safe copies
// would mix with the photos, and a later run would take them for photos.
func outsideInputs(lang words.Lang, outDir string, paths []string) error {
	if p := engine.FolderHolding(outDir, paths); p != "" {
		return usagef("%s", lang.T(words.CLIOutputInside, outDir, p, strings.TrimRight(p, "/\\")))
	}
	if p := engine.InputInside(outDir, paths); p != "" {
		base := p
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			base = filepath.Dir(p)
		}
		return usagef("%s", lang.T(words.CLIOutputHolds, outDir, p, strings.TrimRight(base, "/\\")))
	}
	return nil
}

// keptNames counts what a copy's own name still gives away (a date, words
// that may name a place or a person): nothing with --rename; with
// --in-place the original's name and folders; otherwise only the names
// below the output folder (the folders given on the command line and
// those above them are not part of the copy's name).
func keptNames(o *redactOptions, r engine.Result) int {
	switch {
	case o.rename:
		return 0
	case o.inPlace:
		return nameFindings(r.Report)
	}
	rel, err := filepath.Rel(o.outDir, r.Output)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nameFindings(r.Report)
	}
	return len(detect.NameFindings(rel))
}

// nameFindings counts the findings of a photo's name or its folders'
// names (a date, words that may name a place or a person).
func nameFindings(r *detect.Report) int {
	if r == nil {
		return 0
	}
	n := 0
	for _, f := range r.Findings {
		if f.What == detect.WhatNameTime || f.What == detect.WhatNameWords {
			n++
		}
	}
	return n
}
