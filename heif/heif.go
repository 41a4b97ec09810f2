// Package heif makes HEIC and HEIF photos (the iPhone default) readable by
// package photo, without cgo: github.com/gen2brain/heic runs libheif and
// libde265 compiled to WebAssembly in the wazero runtime.
//
// Importing it registers the decoder. It is a package of its own because
// wazero links the standard "net" package (for WebAssembly socket calls that
// a host must configure explicitly; gen2brain/heic configures none), and the
// packages photo, detect, advise, redact and tui must not depend on net.
// Only cmd imports it.
package heif

import (
	"bytes"
	"image"

	"github.com/gen2brain/heic"

	"github.com/sharesafe/sharesafe/photo"
)

func init() { photo.RegisterDecoder(photo.FormatHEIC, Decode) }

// decoding lets one HEIC be decoded at a time: each decode instantiates
// the WebAssembly decoder with a linear memory of its own, hundreds of
// megabytes for a 12 MP photo, so two jobs decoding at once about doubled
// the peak (412 MB for four 12 MP HEICs with --jobs 2, against 300 MB for
// the same JPEGs). The other job's detection still runs meanwhile.
var decoding = make(chan struct{}, 1)

// Decode decodes the primary image of a HEIC file, with its rotation and
// mirroring (irot, imir) applied. Thumbnails, depth and gain maps and
// videos in the file are ignored.
func Decode(data []byte) (image.Image, error) {
	decoding <- struct{}{}
	defer func() { <-decoding }()
	return heic.Decode(bytes.NewReader(data))
}
