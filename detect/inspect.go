package detect

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/sharesafe/sharesafe/photo"
)

// Options choose what Inspect looks for.
type Options struct {
	// Faces turns face detection on. Off, the photo need not be decoded.
	Faces bool
	// Face tunes the face search.
	Face FaceOptions
	// Ages runs the age network on every face found, to label likely
	// children (off: every face is labelled "can't tell").
	Ages bool
}

// DefaultOptions look for faces with DefaultFaceOptions and estimate
// their ages.
var DefaultOptions = Options{Faces: true, Face: DefaultFaceOptions, Ages: true}

// Inspect reports what the photo gives away. With face detection on, the
// photo's pixels are decoded (once) if they were not already. For a video,
// its faces are those of its poster frame (photo.Decode, when a frame
// decoder is registered: ffmpeg; Report.Video.FacesChecked says whether
// they were searched); every frame is searched when it is masked
// (package video).
func Inspect(p *photo.Photo, opt Options) (Report, error) {
	r := Report{
		Path: p.Path, Format: string(p.Format), Kind: KindPhoto, Width: p.Width(), Height: p.Height(),
		Faces: []Face{}, Findings: Metadata(p), Video: VideoOf(p),
	}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	if r.Video != nil {
		r.Kind = KindVideo
	}
	if !opt.Faces {
		return r, nil
	}
	if err := p.Decode(); err != nil {
		if r.Video != nil && errors.Is(err, photo.ErrNoFrameDecoder) {
			return r, nil // no ffmpeg: the faces are not checked, and the report says so
		}
		return r, err
	}
	if r.Video != nil {
		r.Video.FacesChecked, r.Video.FrameAt = true, min(photo.PosterAt, r.Video.Seconds)
	}
	faces, err := Faces(p.Image, opt.Face)
	if err != nil {
		return r, fmt.Errorf("detect: %s: %w", p.Path, err)
	}
	r.Faces = faces
	if opt.Ages {
		if err := EstimateAges(p.Image, faces, runtime.GOMAXPROCS(0)); err != nil {
			return r, fmt.Errorf("detect: %s: %w", p.Path, err)
		}
	}
	return r, nil
}
