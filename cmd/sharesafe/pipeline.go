package main

import (
	"errors"
	"io/fs"
	"runtime"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/video"
	"github.com/sharesafe/sharesafe/words"
)

// pipelineOptions are the flags of every command that checks photos: the
// review app, scan, redact and report all pass them to the engine.
type pipelineOptions struct {
	progress string // from globalOptions, checked here
	jobs     int
	detector string
	noCache  bool
	lang     words.Lang // of the help and the usage errors (globalOptions.help)
	// ffmpeg is found once, when a video is met or --version asks
	// (video.Find).
	ffmpeg func() (*video.FFmpeg, error)
}

func (o *pipelineOptions) register(cmd *cobra.Command) {
	o.ffmpeg = sync.OnceValues(video.Find)
	f := cmd.PersistentFlags()
	f.IntVar(&o.jobs, "jobs", runtime.NumCPU(), o.lang.T(words.CLIFlagJobs))
	f.StringVar(&o.detector, "detector", "thorough", o.lang.T(words.CLIFlagDetector))
	f.BoolVar(&o.noCache, "no-cache", false, o.lang.T(words.CLIFlagNoCache))
	complete(cmd, "detector", detectors...)
}

// settings makes the engine's settings from the flags.
func (o *pipelineOptions) settings(s *streams, faces redact.Faces, style redact.Style) (engine.Settings, error) {
	if o.jobs < 1 {
		return engine.Settings{}, usagef("%s", o.lang.T(words.CLIJobsAtLeastOne))
	}
	if p := o.progress; p != "auto" && p != "json" && p != "none" {
		return engine.Settings{}, unknownValue(o.lang, "--progress", p, "auto", "json", "none")
	}
	det, ok := detectorOptions(o.detector)
	if !ok {
		return engine.Settings{}, unknownValue(o.lang, "--detector", o.detector, detectors...)
	}
	st := engine.Settings{Detect: det, Faces: faces, Style: style, Jobs: o.jobs, Limits: photo.DefaultLimits}
	if !o.noCache {
		if dir, err := engine.DefaultCacheDir(s.Getenv); err == nil {
			st.Cache = engine.OpenCache(dir)
		}
	}
	return st, nil
}

// videos gives the engine ffmpeg when the inputs hold a video and ffmpeg is
// installed: it finds and masks their faces, and decodes their poster
// frames (the app, the report, faces in scan). Without it, scan reports a
// clip's metadata, --faces none copies it without masks, and a clip whose
// faces are to be masked fails with a sentence saying how to install it.
func (o *pipelineOptions) videos(set *engine.Settings, inputs []photo.Input) {
	for _, in := range inputs {
		if isVideo(in.Path) {
			o.useFFmpeg(set)
			return
		}
	}
}

// useFFmpeg gives the engine ffmpeg, if it is installed.
func (o *pipelineOptions) useFFmpeg(set *engine.Settings) {
	if f, err := o.ffmpeg(); err == nil {
		set.FFmpeg = f
		f.RegisterPosters()
	}
}

// isVideo reports whether an input is a video, by its name or its bytes.
func isVideo(path string) bool {
	if photo.HasVideoExt(path) {
		return true
	}
	f, err := photo.SniffPath(path)
	return err == nil && f.IsVideo()
}

// ffmpegLine says which ffmpeg is used, for --version.
func (o *pipelineOptions) ffmpegLine() string {
	f, err := o.ffmpeg()
	if err != nil {
		return "ffmpeg: not found (faces in videos cannot be masked; scan and --faces none work without it)"
	}
	return "ffmpeg: " + f.Version + " (" + f.FFmpeg + "): finds and masks faces in videos"
}

// record opens the record of safe copies in the user's state folder
// (engine.DefaultStateDir), or says why it cannot be kept.
func (o *pipelineOptions) record(s *streams, lang advise.Lang) (*engine.Record, error) {
	dir, err := engine.DefaultStateDir(s.Getenv)
	if err != nil {
		return nil, errors.New(lang.T(words.RecordCannot, "$"+engine.StateDirEnv, oneLine(err)))
	}
	return engine.OpenRecord(dir), nil
}

// detectors are the values of --detector.
var detectors = []string{"thorough", "fast"}

// detectorOptions maps --detector to detect's settings: thorough (the
// default: YuNet on the photo and its mirror, and on full-size tiles of a
// large photo) or fast (YuNet once at 640 px); false for a name it does not
// know.
func detectorOptions(name string) (detect.Options, bool) {
	switch name {
	case "", "thorough":
		return detect.DefaultOptions, true
	case "fast":
		return detect.Options{Faces: true, Face: detect.FastFaceOptions, Ages: true}, true
	}
	return detect.Options{}, false
}

// complete offers a flag's values to shell completion.
func complete(cmd *cobra.Command, flag string, values ...string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// collect finds the photos in the paths given. A path that does not exist
// is a usage error when no path given exists; no photo at all is an error
// of its own (exit 1, noPhotosError), returned with what was found (the
// files skipped are still said).
func collect(paths []string, lang advise.Lang) (photo.Collection, error) {
	col := photo.Collect(paths)
	if len(col.Inputs) > 0 {
		return col, nil
	}
	if len(col.Errors) == len(paths) && len(col.Errors) > 0 {
		for _, err := range col.Errors {
			if !errors.Is(err, fs.ErrNotExist) {
				return col, usageError{col.Errors[0]}
			}
		}
		// None of the paths exists: said as the review app says it.
		return col, usagef("%s", lang.T(words.NoSuchPath, joinPaths(paths)))
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
