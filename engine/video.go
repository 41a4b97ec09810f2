package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/video"
)

// ErrNoFFmpeg is the error (wrapped) of a clip whose faces are to be
// masked while ffmpeg is not installed: it is not written (a copy would
// show the faces). --faces none copies it without masks.
var ErrNoFFmpeg = errors.New("faces in videos are found and masked with ffmpeg, which is not installed, so no copy was written: " +
	"install it (sudo apt install ffmpeg, brew install ffmpeg or winget install ffmpeg) and run this again, " +
	"or use --faces none to copy the clip without masks")

// ErrHiddenFrames is the error (wrapped) of a clip copied with --faces
// none whose edit list hides frames while ffmpeg is not installed: only
// an encoding by ffmpeg leaves them out, so it is not written.
var ErrHiddenFrames = errors.New("this clip holds frames that players do not show (cut without re-encoding) and that only ffmpeg can leave out, " +
	"which is not installed, so no copy was written: install it (sudo apt install ffmpeg, brew install ffmpeg or winget install ffmpeg) and run this again")

// VideoSettings tune faces in videos (zero: the defaults of package
// video).
type VideoSettings struct {
	// Stride and Hold: see video.SearchOptions.
	Stride, Hold int
	// Encode is how masked frames are encoded.
	Encode video.EncodeOptions
}

// videoSettings fills the defaults.
func (e *Engine) videoSettings() VideoSettings {
	v := e.s.Video
	if v.Stride <= 0 {
		v.Stride = video.DefaultStride
	}
	if v.Hold <= 0 {
		v.Hold = video.DefaultHold
	}
	if v.Encode.Preset == "" {
		v.Encode = video.DefaultEncode
	}
	return v
}

// output is the copy a job makes, before it is put in place: prepare
// writes and checks it (a temporary file for a video; the bytes of a
// photo are checked as they are put), put puts it at dst, discard drops
// what prepare made.
type output interface {
	format() photo.Format
	prepare(ctx context.Context, dir string) (FileSum, error)
	put(dst string, mode os.FileMode) error
	discard()
}

// photoOutput is a photo's copy, in memory.
type photoOutput struct {
	data []byte
	f    photo.Format
}

func (o *photoOutput) format() photo.Format { return o.f }
func (o *photoOutput) prepare(context.Context, string) (FileSum, error) {
	return sumBytes(o.data, nil, nil), nil
}
func (o *photoOutput) put(dst string, mode os.FileMode) error {
	return redact.WriteFileMode(dst, o.data, true, mode)
}
func (o *photoOutput) discard() {}

// videoOutput is a clip's copy: the clip cleaned without re-encoding, or
// its frames masked and encoded by ffmpeg (plan), then cleaned the same
// way.
type videoOutput struct {
	e     *Engine
	p     *photo.Photo
	s     video.Stream
	plan  *video.Plan // nil: no mask
	vc    *redact.VideoCopy
	ffTmp string
}

func (o *videoOutput) format() photo.Format { return o.p.Format }

func (o *videoOutput) prepare(ctx context.Context, dir string) (FileSum, error) {
	src := o.p
	if o.plan != nil {
		// ffmpeg writes the masked clip beside the copy (a hidden
		// temporary file a killed run's successor removes), which is then
		// cleaned and checked like any clip.
		f, err := redact.CreateTemp(dir)
		if err != nil {
			return FileSum{}, err
		}
		f.Close()
		o.ffTmp = f.Name()
		v := o.e.videoSettings()
		enc := v.Encode
		enc.Format = string(o.p.Format)
		if _, err := video.Render(ctx, o.e.s.FFmpeg, o.p.Path, o.s, o.ffTmp, o.plan, enc); err != nil {
			return FileSum{}, fmt.Errorf("%s: %w", o.p.Path, err)
		}
		if src, err = photo.Load(o.ffTmp, o.e.s.Limits); err != nil {
			return FileSum{}, fmt.Errorf("%s: ffmpeg's masked clip: %w", o.p.Path, err)
		}
	}
	vc, err := redact.PrepareVideo(src, dir)
	o.removeFFTmp()
	if err != nil {
		return FileSum{}, fmt.Errorf("%s: %w", o.p.Path, err)
	}
	o.vc = vc
	return FileSum{SHA256: vc.SHA256, Size: vc.Size}, nil
}

func (o *videoOutput) put(dst string, mode os.FileMode) error { return o.vc.Commit(dst, true, mode) }

func (o *videoOutput) discard() {
	if o.vc != nil {
		o.vc.Discard()
	}
	o.removeFFTmp()
}

func (o *videoOutput) removeFFTmp() {
	if o.ffTmp != "" {
		os.Remove(o.ffTmp)
		redact.DoneTemp(o.ffTmp)
		o.ffTmp = ""
	}
}

// videoCopy decides how a clip's copy is made: without masks (faces none,
// or no face found in any frame: copied without re-encoding) or masked
// (every frame searched; ffmpeg needed). A clip whose edit list hides
// frames (cut without re-encoding: players skip them, so the search never
// sees them) is always encoded again, masks or not: that copy holds only
// the frames shown. It returns the output, the write path and how many
// faces are masked.
func (e *Engine) videoCopy(ctx context.Context, j Job, p *photo.Photo) (output, string, int, error) {
	o := &videoOutput{e: e, p: p}
	hidden := p.Video.HiddenFrames()
	// The masks of a clip are its faces, found in every frame: a plan
	// (the review app's, from the poster frame) does not replace them, and
	// one without masks does not spare the clip a search.
	if e.s.Faces == redact.NoFaces && !hidden {
		return o, redact.PathLossless, 0, nil
	}
	if e.s.FFmpeg == nil {
		if e.s.Faces == redact.NoFaces {
			return nil, "", 0, fmt.Errorf("%s: %w", p.Path, ErrHiddenFrames)
		}
		return nil, "", 0, fmt.Errorf("%s: %w", p.Path, ErrNoFFmpeg)
	}
	var track uint32
	if t := p.Video.ShownVideo(); t != nil {
		track = t.ID
	}
	s, err := e.s.FFmpeg.Probe(ctx, p.Path, track)
	if err != nil {
		return nil, "", 0, err
	}
	plan := &video.Plan{}
	if e.s.Faces != redact.NoFaces {
		v := e.videoSettings()
		plan, err = video.Search(ctx, e.s.FFmpeg, p.Path, s, int(p.Video.Frames()), video.SearchOptions{
			Detect: e.s.Detect, Faces: e.s.Faces, Style: e.s.Style, Stride: v.Stride, Hold: v.Hold, Jobs: e.s.Jobs,
		})
		if err != nil {
			return nil, "", 0, fmt.Errorf("%s: %w", p.Path, err)
		}
	}
	if plan.Empty() && !hidden {
		return o, redact.PathLossless, 0, nil // no face: the clip is not encoded again
	}
	o.s, o.plan = s, plan
	return o, redact.PathReencode, plan.FacesMasked, nil
}

// videoSource is the sum of a clip's bytes, read from its file.
func videoSource(path string) FileSum {
	s, err := sumFile(path)
	if err != nil {
		return FileSum{}
	}
	return s
}

// livePhoto adds to a still's report the Live Photo clip beside it: the
// advice names it (both are checked and cleaned, as two inputs).
func livePhoto(in photo.Input, rep *detect.Report) {
	if in.Pair != "" && rep.Kind == detect.KindPhoto {
		rep.Findings = append(rep.Findings, detect.LivePhotoClip(filepath.Base(in.Pair)))
	}
}
