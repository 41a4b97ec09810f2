package photo

import (
	"fmt"
	"image"
	"sync"
)

// Decoder decodes the primary picture of a file, upright.
type Decoder func(data []byte) (image.Image, error)

var (
	decodersMu sync.RWMutex
	decoders   = map[Format]Decoder{}
)

// RegisterDecoder makes a decoder for a format available to Decode, as
// image.RegisterFormat does for the standard library. It lets a decoder
// with heavy dependencies (HEIC, package heif) live outside this package.
func RegisterDecoder(f Format, d Decoder) {
	decodersMu.Lock()
	defer decodersMu.Unlock()
	decoders[f] = d
}

func decoderFor(f Format) (Decoder, error) {
	decodersMu.RLock()
	defer decodersMu.RUnlock()
	d, ok := decoders[f]
	if !ok {
		return nil, fmt.Errorf("no %s decoder in this build: %w", f, ErrUnsupported)
	}
	return d, nil
}

// PosterAt is the second of a clip its poster frame is taken from (the
// first frame, often dark or blurred, when the clip is shorter).
const PosterAt = 1.0

// FrameDecoder decodes one frame of a video file's track (its ID; 0: the
// first video track), upright: the poster frame the report and the review
// app show.
type FrameDecoder func(path string, track uint32) (image.Image, error)

var frameDecoder FrameDecoder

// RegisterFrameDecoder makes a video frame decoder available to Decode
// (the program registers ffmpeg's when ffmpeg is installed: package video).
func RegisterFrameDecoder(d FrameDecoder) {
	decodersMu.Lock()
	defer decodersMu.Unlock()
	frameDecoder = d
}

func frameDecoderFor() FrameDecoder {
	decodersMu.RLock()
	defer decodersMu.RUnlock()
	return frameDecoder
}
