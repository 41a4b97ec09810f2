package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"sync"

	"github.com/sharesafe/sharesafe/photo/jpegcoef"
)

// jpegKept reports whether a segment belongs to the frame or the scans
// (not metadata): tables, frame headers, scans, restart intervals.
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

// cleanJPEG writes what was decoded, not what was read: the quantised
// coefficients of the picture (package jpegcoef), written again after the
// header JPEGHeader gives, with Huffman tables made for them. Nothing of
// the source's tables, scans or bytes between and after them is copied,
// so unused tables, bytes after a scan's last block and a second frame
// cannot pass. A JPEG the coefficient reader does not read (arithmetic
// coding, 12-bit, lossless, hierarchical, a scan it finds malformed) is
// not cleanable: its pixels are decoded and encoded afresh, or it is
// refused when they cannot be.
func cleanJPEG(p *Photo) ([]byte, error) {
	m, err := jpegcoef.Read(p.Data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotCleanable, err)
	}
	return m.Encode(JPEGHeader(p)), nil
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
	segs = append(segs, iccSegments(p.CopyICC())...)
	for _, s := range p.JPEG.Segments {
		if isAdobe(s) {
			// Written afresh: version 100, no flags, the colour transform.
			segs = append(segs, adobe(s.Payload[11]))
			break
		}
	}
	return segs
}

// adobe is an APP14 Adobe segment holding only a colour transform.
func adobe(transform byte) []byte {
	return segment(markerAPP14, []byte{'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, transform})
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
	return insertJPEGSegments(buf.Bytes(), iccSegments(p.CopyICC())), nil
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
		case isAdobe(s) && bytes.Equal(p.Data[s.Start:s.End], adobe(s.Payload[11])):
		default:
			bad = append(bad, fmt.Sprintf("JPEG segment 0x%02X", s.Marker))
		}
	}
	return append(bad, jpegScanLeaks(p)...)
}

// jpegScanLeaks checks the coded picture of a JPEG output: it must read
// whole, with no byte that no block uses, no second frame, and be either
// what jpegcoef writes for its own coefficients (the lossless and masked
// paths: the same bytes again) or what Go's encoder writes (the re-encoded
// path: its standard tables, one baseline scan).
func jpegScanLeaks(p *Photo) []string {
	m, err := jpegcoef.Read(p.Data)
	if err != nil {
		return []string{"a JPEG picture sharesafe cannot read back: " + err.Error()}
	}
	var bad []string
	if m.Frames > 0 {
		bad = append(bad, "a second JPEG frame")
	}
	if m.Slack > 0 {
		bad = append(bad, fmt.Sprintf("%d bytes in the JPEG scans that no block uses", m.Slack))
	}
	if m.Padding > 0 || m.Clamped > 0 || m.Short > 0 {
		bad = append(bad, "JPEG scans not padded or coded as sharesafe writes them")
	}
	if len(bad) > 0 {
		return bad
	}
	// What jpegcoef writes is canonical (Problems reads it without writing
	// it again); what Go's encoder writes has its tables.
	if m.Problems() == nil {
		return nil
	}
	return goEncoderLeaks(p)
}

// goEncoderLeaks checks that the tables and frame of a JPEG are the ones
// Go's encoder writes: one baseline frame, one scan, the quantisation
// tables of one quality and the standard Huffman tables (JPEG Annex K).
func goEncoderLeaks(p *Photo) []string {
	var sofs, scans int
	for _, s := range p.JPEG.Segments {
		switch {
		case s.Marker == 0xC0:
			sofs++
		case s.Marker == markerSOS:
			scans++
		case s.Marker == 0xC4 && !isGoDHT(s.Payload):
			return []string{"JPEG Huffman tables sharesafe did not write"}
		case s.Marker == markerDQT && !isGoDQT(s.Payload, EstimateQuality(p)):
			return []string{"JPEG quantisation tables sharesafe did not write"}
		case jpegKept(s.Marker) && s.Marker != 0xC4 && s.Marker != markerDQT:
			return []string{fmt.Sprintf("JPEG segment 0x%02X sharesafe does not write", s.Marker)}
		}
	}
	if sofs != 1 || scans != 1 {
		return []string{"a JPEG coded as sharesafe does not write it"}
	}
	return nil
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

// goSegment returns the payload of the first segment with the marker in
// what Go's encoder writes for a blank 8x8 picture, grey or in colour, at
// a quality.
func goSegment(gray bool, quality int, marker byte) []byte {
	var img image.Image = image.NewRGBA(image.Rect(0, 0, 8, 8))
	if gray {
		img = image.NewGray(image.Rect(0, 0, 8, 8))
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		return nil
	}
	l, err := WalkJPEG(buf.Bytes())
	if err != nil {
		return nil
	}
	for _, s := range l.Segments {
		if s.Marker == marker {
			return s.Payload
		}
	}
	return nil
}

// goDHT is the Huffman tables Go's encoder writes: the standard ones.
var goDHT = sync.OnceValue(func() [2][]byte {
	return [2][]byte{goSegment(true, 90, 0xC4), goSegment(false, 90, 0xC4)}
})

// isGoDHT reports whether a DHT payload is the one Go's encoder writes.
func isGoDHT(b []byte) bool {
	t := goDHT()
	return bytes.Equal(b, t[0]) || bytes.Equal(b, t[1])
}

// isGoDQT reports whether a DQT payload is the one Go's encoder writes at
// a quality near the one estimated.
func isGoDQT(b []byte, quality int) bool {
	gray := len(b) == 65
	for q := max(1, quality-2); q <= min(100, quality+2); q++ {
		if bytes.Equal(b, goSegment(gray, q, markerDQT)) {
			return true
		}
	}
	return false
}
