package photo

import (
	"bytes"
	"fmt"
	"image"
	"strings"
)

// A safe copy of a photo is built from an allowlist: its pixels, its colour
// profile and, where the pixels are unchanged, an orientation tag; nothing
// else of the source. Clean and Encode build one; Verify checks one.

// Clean returns the safe copy of p with its pixels unchanged, rewritten
// losslessly in its own format from what was decoded, not what was read:
// a JPEG's coefficients coded again, a PNG's rows compressed again, WebP
// frames cut where their decoders stop, HEIC coded pictures without SEI;
// the colour profile rewritten (CleanICC). The error
// wraps ErrNotCleanable when p cannot be (a PNG or WebP that must be turned
// upright, a HEIF file with an alpha plane...): Encode its pixels instead.
func Clean(p *Photo) ([]byte, Format, error) {
	c := codecOf(p.Format)
	if c == nil || c.clean == nil {
		return nil, "", fmt.Errorf("%s files: %w", p.Format, ErrNotCleanable)
	}
	b, err := c.clean(p)
	if err != nil {
		return nil, "", err
	}
	return b, p.Format, nil
}

// Encode returns the safe copy of p with the upright pixels img, encoded
// afresh with the orientation baked in and p's colour profile. The format
// is p's, except where Go has no encoder: a HEIC photo becomes a JPEG, and
// a WebP a PNG when it was lossless or transparent, a JPEG otherwise.
func Encode(p *Photo, img image.Image) ([]byte, Format, error) {
	out := p.Format
	if c := codecOf(p.Format); c != nil && c.reencodeAs != nil {
		out = c.reencodeAs(p)
	}
	c := codecOf(out)
	if c == nil || c.encode == nil {
		return nil, "", fmt.Errorf("cannot write %s files", p.Format)
	}
	b, err := c.encode(p, img)
	if err != nil {
		return nil, "", err
	}
	return b, out, nil
}

// Verify re-reads an output with our own parser and refuses it if it
// carries anything outside the allowlist that Clean and Encode write: no
// metadata block but an EXIF one holding nothing but the orientation and
// a colour profile as CleanICC writes it, nothing after the image's end,
// and in the container only what the format's writer keeps, as it writes
// it: JPEG scans read back whole with no byte to spare, PNG zlib streams
// that end where the rows do, WebP pictures cut where their decoders stop,
// HEIC coded pictures without SEI (see jpegLeaks, pngLeaks, webpLeaks,
// heifLeaks).
func Verify(data []byte) error {
	p, err := Parse("output", data, Limits{})
	if err != nil {
		return fmt.Errorf("output does not parse: %w", err)
	}
	return verifyParsed(p)
}

// verifyParsed is Verify for an output already parsed.
func verifyParsed(p *Photo) error {
	var bad []string
	m := p.Meta
	if len(m.XMP) > 0 {
		bad = append(bad, "XMP")
	}
	if len(m.IPTC) > 0 {
		bad = append(bad, "IPTC")
	}
	if len(m.MPF) > 0 {
		bad = append(bad, "MPF")
	}
	if len(m.Comments) > 0 {
		bad = append(bad, "comment")
	}
	if len(m.Text) > 0 {
		bad = append(bad, "text chunk")
	}
	if len(m.Trailer) > 0 {
		bad = append(bad, fmt.Sprintf("%d bytes after the image", len(m.Trailer)))
	}
	bad = append(bad, m.Other...)
	if len(m.EXIF) > 0 && !bytes.Equal(m.EXIF, orientationEXIF(p.Orientation)[10:]) {
		bad = append(bad, "EXIF beyond the orientation")
	}
	if len(m.ICC) > 0 {
		if c, err := CleanICC(m.ICC); err != nil || !bytes.Equal(c, m.ICC) {
			bad = append(bad, "a colour profile sharesafe did not write")
		}
	}
	if c := codecOf(p.Format); c.leaks != nil {
		bad = append(bad, c.leaks(p)...)
	}
	if len(bad) > 0 {
		return fmt.Errorf("output still carries %s", strings.Join(bad, ", "))
	}
	return nil
}
