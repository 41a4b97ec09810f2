package redact

import (
	"errors"
	"image"

	"github.com/sharesafe/sharesafe/photo"
)

// Encode returns the bytes of the safe copy of p. When masked is nil the
// pixels are unchanged and the file is rewritten losslessly (photo.Clean);
// when that cannot be, or masked (upright pixels) is given, the pixels are
// encoded afresh (photo.Encode), with the orientation baked in. Either way
// the output is built from an allowlist: the pixels, the colour profile
// and, on the lossless path, an orientation tag; nothing else of the
// source. The output format is the source's, except where Go has no
// encoder (photo.Encode says which).
func Encode(p *photo.Photo, masked image.Image) ([]byte, photo.Format, error) {
	b, f, _, err := encode(p, masked)
	return b, f, err
}

// encode is Encode that also returns the path taken: PathLossless or
// PathReencode.
func encode(p *photo.Photo, masked image.Image) ([]byte, photo.Format, string, error) {
	if masked == nil {
		b, f, err := photo.Clean(p)
		if !errors.Is(err, photo.ErrNotCleanable) {
			return b, f, PathLossless, err
		}
		if err := p.Decode(); err != nil {
			return nil, "", "", err
		}
		masked = p.Image
	}
	b, f, err := photo.Encode(p, masked)
	return b, f, PathReencode, err
}
