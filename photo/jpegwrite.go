package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
)

// jpegKept reports whether a segment of the frame or scan (not metadata)
// goes through unchanged: tables, frame headers, scans, restart intervals.
func jpegKept(m byte) bool {
	switch {
	case m >= 0xC0 && m <= 0xCF && m != 0xC8: // SOFn, DHT (C4), DAC (CC)
		return true
	case m == markerDQT, m == markerSOS, m == markerDRI, m == 0xDC /* DNL */ :
		return true
	case m >= 0xD0 && m <= 0xD7: // RSTn
		return true
	}
	return false
}

// cleanJPEG writes the header JPEGHeader gives, then the frame and scan
// segments byte for byte: the coded picture is not touched.
func cleanJPEG(p *Photo) ([]byte, error) {
	var out bytes.Buffer
	out.Write([]byte{0xFF, markerSOI})
	for _, s := range JPEGHeader(p) {
		out.Write(s)
	}
	for _, s := range p.JPEG.Segments {
		if jpegKept(s.Marker) {
			out.Write(p.Data[s.Start:s.End])
		}
	}
	out.Write([]byte{0xFF, markerEOI})
	return out.Bytes(), nil
}

// JPEGHeader returns the segments a safe copy of the JPEG photo p starts
// with, after SOI: a fresh JFIF header when the source had one, the
// orientation, the colour profile and the Adobe colour transform. Clean
// writes them before the source's frame and scans; a writer that codes the
// picture itself (package jpegcoef) writes them before its own.
func JPEGHeader(p *Photo) [][]byte {
	var segs [][]byte
	for _, s := range p.JPEG.Segments {
		if s.Marker == markerAPP0 && bytes.HasPrefix(s.Payload, []byte("JFIF\x00")) {
			segs = append(segs, jfif)
			break
		}
	}
	if p.Orientation != 1 {
		segs = append(segs, orientationEXIF(p.Orientation))
	}
	segs = append(segs, iccSegments(p.Meta.ICC)...)
	for _, s := range p.JPEG.Segments {
		if isAdobe(s) {
			segs = append(segs, p.Data[s.Start:s.End])
		}
	}
	return segs
}

// isAdobe reports whether a segment is the APP14 Adobe colour transform.
func isAdobe(s Segment) bool {
	return s.Marker == markerAPP14 && bytes.HasPrefix(s.Payload, []byte(idAdobe)) && len(s.Payload) == 12
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
	payload := append([]byte(idEXIF), tiff...)
	return segment(markerAPP1, payload)
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
		payload := append([]byte(idICC), byte(i+1), byte(count))
		out = append(out, segment(markerAPP2, append(payload, chunk...)))
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

// encodeJPEG encodes upright pixels at the quality the source JPEG was
// saved at (defaultQuality for another source), with its colour profile.
func encodeJPEG(p *Photo, img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, jpegReady(img), &jpeg.Options{Quality: EstimateQuality(p)}); err != nil {
		return nil, err
	}
	return insertJPEGSegments(buf.Bytes(), iccSegments(p.Meta.ICC)), nil
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

// jpegLeaks lists the segments of a JPEG output outside the allowlist:
// JFIF, an EXIF block (Verify checks it holds nothing but the orientation),
// ICC_PROFILE chunks, APP14 Adobe and the frame and scan segments.
func jpegLeaks(p *Photo) []string {
	var bad []string
	for _, s := range p.JPEG.Segments {
		switch {
		case jpegKept(s.Marker):
		case s.Marker == markerAPP0 && bytes.Equal(s.Payload, jfif[4:]):
		case s.Marker == markerAPP1 && bytes.HasPrefix(s.Payload, []byte(idEXIF)):
		case s.Marker == markerAPP2 && bytes.HasPrefix(s.Payload, []byte(idICC)):
		case isAdobe(s):
		default:
			bad = append(bad, fmt.Sprintf("JPEG segment 0x%02X", s.Marker))
		}
	}
	return bad
}

// stdLuma is the JPEG standard luminance quantisation table (Annex K), in
// zig-zag order as DQT stores it.
var stdLuma = [64]int{
	16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40,
	26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58, 51, 61, 60, 57, 51,
	56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87,
	95, 98, 103, 104, 103, 62, 77, 113, 121, 112, 100, 120, 92, 101, 103, 99,
}

// defaultQuality is used when a JPEG's quality cannot be estimated.
const defaultQuality = 90

// EstimateQuality estimates the IJG quality (1-100) a JPEG was saved at,
// from its luminance quantisation table, so that a re-encoded copy neither
// balloons nor blurs. It returns defaultQuality for anything else.
func EstimateQuality(p *Photo) int {
	if p.JPEG == nil {
		return defaultQuality
	}
	for _, s := range p.JPEG.Segments {
		if s.Marker != markerDQT {
			continue
		}
		d := s.Payload
		for len(d) > 0 {
			prec, id := d[0]>>4, d[0]&15
			size := 64
			if prec == 1 {
				size = 128
			}
			if len(d) < 1+size {
				break
			}
			if id == 0 {
				sum, std := 0, 0
				for i := 0; i < 64; i++ {
					v := int(d[1+i])
					if prec == 1 {
						v = int(d[1+2*i])<<8 | int(d[2+2*i])
					}
					sum += v
					std += stdLuma[i]
				}
				return qualityFromScale(100 * float64(sum) / float64(std))
			}
			d = d[1+size:]
		}
	}
	return defaultQuality
}

// qualityFromScale inverts the IJG scaling: scale = 5000/q below 50,
// 200-2q from 50.
func qualityFromScale(s float64) int {
	var q float64
	if s <= 100 {
		q = (200 - s) / 2
	} else {
		q = 5000 / s
	}
	return min(100, max(1, int(q+0.5)))
}
