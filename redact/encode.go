package redact

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"

	"github.com/sharesafe/sharesafe/photo"
)

// Encode returns the bytes of the safe copy of p. When masked is nil the
// pixels are unchanged and the file is rewritten losslessly (JPEG scan data,
// HEIC coded pictures byte for byte); otherwise masked (upright pixels) is encoded afresh in the
// source's format, with the orientation baked in. Either way the output is
// built from an allowlist: the pixels, the colour profile and, on the
// lossless path, an orientation tag; nothing else of the source.
//
// The output format is the source's, except where Go has no encoder: a
// masked HEIC photo (or one CleanHEIF cannot rewrite) becomes a JPEG, and a WebP whose pixels change (or that must be
// turned upright) becomes a PNG when it was lossless or transparent, and a
// JPEG otherwise.
func Encode(p *photo.Photo, masked image.Image) ([]byte, photo.Format, error) {
	if masked == nil {
		switch {
		case p.Format == photo.FormatJPEG:
			b, err := losslessJPEG(p)
			return b, photo.FormatJPEG, err
		case p.Format == photo.FormatPNG && p.Orientation == 1:
			b, err := losslessPNG(p)
			return b, photo.FormatPNG, err
		case p.Format == photo.FormatWebP && p.Orientation == 1:
			b, err := losslessWebP(p)
			return b, photo.FormatWebP, err
		case p.Format == photo.FormatHEIC:
			b, err := photo.CleanHEIF(p.Data)
			if err == nil {
				return b, photo.FormatHEIC, nil
			}
			if !errors.Is(err, photo.ErrHEIFNotCleanable) {
				return nil, "", err
			}
			// An alpha plane or an unusual layout: re-encoded as JPEG.
		}
		if err := p.Decode(); err != nil {
			return nil, "", err
		}
		masked = p.Image
	}
	var buf bytes.Buffer
	switch f := OutputFormat(p, true); f {
	case photo.FormatJPEG:
		q := DefaultQuality
		if p.Format == photo.FormatJPEG {
			q = EstimateQuality(p)
		}
		if err := jpeg.Encode(&buf, jpegReady(masked), &jpeg.Options{Quality: q}); err != nil {
			return nil, "", err
		}
		return insertJPEGSegments(buf.Bytes(), iccSegments(p.Meta.ICC)), f, nil
	case photo.FormatPNG:
		enc := png.Encoder{CompressionLevel: png.DefaultCompression}
		if err := enc.Encode(&buf, masked); err != nil {
			return nil, "", err
		}
		b, err := insertICCP(buf.Bytes(), p.Meta.ICC)
		return b, f, err
	}
	return nil, "", fmt.Errorf("cannot write %s files", p.Format)
}

// jpegReady gives the JPEG encoder a type it has a fast path for. An opaque
// NRGBA image has the bytes of an RGBA one: it is viewed as such, not
// copied. Transparent pixels (a WebP with alpha) are laid on white.
func jpegReady(img image.Image) image.Image {
	m, ok := img.(*image.NRGBA)
	if !ok {
		return img
	}
	opaque := true
	for i := 3; i < len(m.Pix); i += 4 {
		if m.Pix[i] != 255 {
			opaque = false
			break
		}
	}
	if opaque {
		return &image.RGBA{Pix: m.Pix, Stride: m.Stride, Rect: m.Rect}
	}
	out := image.NewRGBA(m.Rect)
	draw.Draw(out, out.Rect, image.White, image.Point{}, draw.Src)
	draw.Draw(out, out.Rect, m, m.Rect.Min, draw.Over)
	return out
}

// OutputFormat is the format of p's safe copy, when its pixels are
// re-encoded (reencode) or rewritten losslessly.
func OutputFormat(p *photo.Photo, reencode bool) photo.Format {
	switch {
	case p.Format == photo.FormatHEIC && reencode:
		return photo.FormatJPEG
	case p.Format == photo.FormatWebP && (reencode || p.Orientation != 1):
		if p.WebP.Lossless() || p.WebP.HasAlpha() {
			return photo.FormatPNG
		}
		return photo.FormatJPEG
	case p.Format == photo.FormatPNG && p.Orientation != 1:
		return photo.FormatPNG
	}
	return p.Format
}

// losslessWebP keeps the picture chunks and the colour profile, drops EXIF,
// XMP and every unknown chunk, clears their VP8X flags and fixes the RIFF
// size.
func losslessWebP(p *photo.Photo) ([]byte, error) {
	var body []byte
	hasICC := false
	for _, c := range p.WebP.Chunks {
		if c.Type == "ICCP" {
			hasICC = true
		}
	}
	for _, c := range p.WebP.Chunks {
		if !webpKept[c.Type] {
			continue
		}
		chunk := append([]byte{}, p.Data[c.Start:c.End]...)
		if len(chunk)%2 == 1 {
			chunk = append(chunk, 0) // restore a missing pad byte
		}
		if c.Type == "VP8X" && len(chunk) > 8 {
			chunk[8] &^= photo.VP8XEXIF | photo.VP8XXMP
			if !hasICC {
				chunk[8] &^= photo.VP8XICC
			}
		}
		body = append(body, chunk...)
	}
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(4+len(body)))...)
	out = append(out, "WEBP"...)
	return append(out, body...), nil
}

// webpKept lists the WebP chunks that hold the picture or its colour profile.
var webpKept = map[string]bool{"VP8 ": true, "VP8L": true, "VP8X": true, "ALPH": true, "ANIM": true, "ANMF": true, "ICCP": true}

// jpegKept reports whether a segment of the frame or scan (not metadata)
// goes through unchanged: tables, frame headers, scans, restart intervals.
func jpegKept(m byte) bool {
	switch {
	case m >= 0xC0 && m <= 0xCF && m != 0xC8: // SOFn, DHT (C4), DAC (CC)
		return true
	case m == photo.MarkerDQT, m == photo.MarkerSOS, m == photo.MarkerDRI, m == 0xDC /* DNL */ :
		return true
	case m >= 0xD0 && m <= 0xD7: // RSTn
		return true
	}
	return false
}

func losslessJPEG(p *photo.Photo) ([]byte, error) {
	var out bytes.Buffer
	out.Write([]byte{0xFF, photo.MarkerSOI})
	for _, s := range jpegHeader(p) {
		out.Write(s)
	}
	for _, s := range p.JPEG.Segments {
		if jpegKept(s.Marker) {
			out.Write(p.Data[s.Start:s.End])
		}
	}
	out.Write([]byte{0xFF, photo.MarkerEOI})
	return out.Bytes(), nil
}

// jpegHeader returns the segments a safe JPEG copy starts with, after SOI:
// a fresh JFIF header when the source had one, the orientation, the colour
// profile and the Adobe colour transform.
func jpegHeader(p *photo.Photo) [][]byte {
	var segs [][]byte
	for _, s := range p.JPEG.Segments {
		if s.Marker == photo.MarkerAPP0 && bytes.HasPrefix(s.Payload, []byte("JFIF\x00")) {
			segs = append(segs, jfif)
			break
		}
	}
	if p.Orientation != 1 {
		segs = append(segs, orientationEXIF(p.Orientation))
	}
	segs = append(segs, iccSegments(p.Meta.ICC)...)
	for _, s := range p.JPEG.Segments {
		if s.Marker == photo.MarkerAPP14 && bytes.HasPrefix(s.Payload, []byte("Adobe")) && len(s.Payload) == 12 {
			segs = append(segs, p.Data[s.Start:s.End])
		}
	}
	return segs
}

// jfif is a fresh JFIF 1.01 header: aspect ratio 1:1, no thumbnail.
var jfif = []byte{0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0}

// orientationEXIF is a minimal APP1 EXIF segment holding only the
// Orientation tag.
func orientationEXIF(o int) []byte {
	tiff := []byte{'I', 'I', 42, 0, 8, 0, 0, 0, // header, IFD0 at 8
		1, 0, // one entry
		0x12, 0x01, 3, 0, 1, 0, 0, 0, byte(o), 0, 0, 0, // Orientation SHORT 1
		0, 0, 0, 0} // no next IFD
	payload := append([]byte("Exif\x00\x00"), tiff...)
	return segment(photo.MarkerAPP1, payload)
}

func segment(marker byte, payload []byte) []byte {
	n := len(payload) + 2
	return append([]byte{0xFF, marker, byte(n >> 8), byte(n)}, payload...)
}

// iccSegments splits a colour profile into APP2 ICC_PROFILE chunks.
func iccSegments(icc []byte) [][]byte {
	const max = 65535 - 2 - 14
	if len(icc) == 0 {
		return nil
	}
	count := (len(icc) + max - 1) / max
	if count > 255 {
		return nil // cannot be stored; Verify keeps the output honest
	}
	var out [][]byte
	for i := 0; i < count; i++ {
		chunk := icc[i*max : min(len(icc), (i+1)*max)]
		payload := append([]byte("ICC_PROFILE\x00"), byte(i+1), byte(count))
		out = append(out, segment(photo.MarkerAPP2, append(payload, chunk...)))
	}
	return out
}

// insertJPEGSegments puts segments right after SOI.
func insertJPEGSegments(b []byte, segs [][]byte) []byte {
	if len(segs) == 0 {
		return b
	}
	out := append([]byte{}, b[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, b[2:]...)
}

// pngKept lists the chunks the lossless PNG path keeps: the critical ones
// and those that say how to show the pixels (tRNS is transparency: pixels).
var pngKept = map[string]bool{
	"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true,
	"iCCP": true, "gAMA": true, "cHRM": true, "sRGB": true, "pHYs": true, "tRNS": true,
}

func losslessPNG(p *photo.Photo) ([]byte, error) {
	var out bytes.Buffer
	out.Write(p.Data[:8])
	for _, c := range p.PNG.Chunks {
		if !pngKept[c.Type] {
			if c.Critical() {
				return nil, fmt.Errorf("unknown critical PNG chunk %q: cannot clean it safely", c.Type)
			}
			continue
		}
		out.Write(p.Data[c.Start:c.End])
	}
	return out.Bytes(), nil
}

// insertICCP adds an iCCP chunk after IHDR.
func insertICCP(b []byte, icc []byte) ([]byte, error) {
	if len(icc) == 0 {
		return b, nil
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	if _, err := zw.Write(icc); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	data := append([]byte("ICC Profile\x00\x00"), z.Bytes()...)
	chunk := make([]byte, 8, 12+len(data))
	binary.BigEndian.PutUint32(chunk, uint32(len(data)))
	copy(chunk[4:], "iCCP")
	chunk = append(chunk, data...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	ihdrEnd := 8 + 12 + 13
	out := append([]byte{}, b[:ihdrEnd]...)
	out = append(out, chunk...)
	return append(out, b[ihdrEnd:]...), nil
}
