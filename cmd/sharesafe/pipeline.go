package main

import (
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/words"
)

// pipelineOptions are the flags of every command that checks photos: the
// review app, scan, redact and report all pass them to the engine.
type pipelineOptions struct {
	progress string // from globalOptions, checked here
	jobs     int
	detector string
	noCache  bool
}

func (o *pipelineOptions) register(cmd *cobra.Command) {
	f := cmd.PersistentFlags()
	f.IntVar(&o.jobs, "jobs", runtime.NumCPU(), "photos processed at once")
	f.StringVar(&o.detector, "detector", "thorough", "face detector: thorough (pigo, SSD MobileNet and BlazeFace, merged), or fast (pigo upright only, several times faster, misses far more)")
	f.BoolVar(&o.noCache, "no-cache", false, "do not keep or use the faces found in earlier runs (see the README: where the cache lives)")
	complete(cmd, "detector", "thorough", "fast")
}

// settings makes the engine's settings from the flags.
func (o *pipelineOptions) settings(s *streams, faces redact.Faces, style redact.Style) (engine.Settings, error) {
	if o.jobs < 1 {
		return engine.Settings{}, usagef("--jobs must be at least 1")
	}
	if p := o.progress; p != "auto" && p != "json" && p != "none" {
		return engine.Settings{}, usagef("unknown --progress %q (choose auto, json or none)", p)
	}
	det, err := detectorOptions(o.detector)
	if err != nil {
		return engine.Settings{}, err
	}
	st := engine.Settings{Detect: det, Faces: faces, Style: style, Jobs: o.jobs, Limits: photo.DefaultLimits}
	if !o.noCache {
		if dir, err := engine.DefaultCacheDir(s.Getenv); err == nil {
			st.Cache = engine.OpenCache(dir)
		}
	}
	return st, nil
}

// detectorOptions maps --detector to detect's settings: thorough (the
// default: pigo upright and turned, the SSD and BlazeFace, merged) or fast
// (pigo upright only: several times faster, finds far fewer faces).
func detectorOptions(name string) (detect.Options, error) {
	switch name {
	case "", "thorough":
		return detect.DefaultOptions, nil
	case "fast":
		return detect.Options{Faces: true, Face: detect.FastFaceOptions, Ages: true}, nil
	}
	return detect.Options{}, usagef("unknown detector %q (choose thorough or fast)", name)
}

// complete offers a flag's values to shell completion.
func complete(cmd *cobra.Command, flag string, values ...string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// collect finds the photos in the paths given. A path that does not exist
// is a usage error when no path given exists; no photo at all is an error
// of its own (exit 1).
func collect(paths []string, lang advise.Lang) (photo.Collection, error) {
	col := photo.Collect(paths)
	if len(col.Inputs) > 0 {
		return col, nil
	}
	if len(col.Errors) == len(paths) && len(col.Errors) > 0 {
		return col, usageError{col.Errors[0]}
	}
	if len(col.Errors) > 0 {
		return col, nil // each is reported by name
	}
	return col, noPhotosError(lang.T(words.NoPhotos, joinPaths(paths)))
}

// noPhotosError says that the paths given hold no photo (exit 1).
type noPhotosError string

func (e noPhotosError) Error() string { return string(e) }

func joinPaths(paths []string) string { return strings.Join(paths, ", ") }
