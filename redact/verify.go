package redact

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/sharesafe/sharesafe/photo"
)

// Verify re-reads an output with our own parser and refuses it if it
// carries anything outside the allowlist: in a JPEG only JFIF, an EXIF block
// holding nothing but Orientation, ICC_PROFILE chunks, APP14 Adobe and the
// frame and scan segments; in a PNG only the chunks the lossless path keeps;
// in a HEIF file only ftyp, meta and mdat boxes, the primary item and its
// grid tiles, and the properties CleanHEIF keeps; nothing after the
// image's end.
func Verify(data []byte) error {
	p, err := photo.Parse("output", data, photo.Limits{})
	if err != nil {
		return fmt.Errorf("output does not parse: %w", err)
	}
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
	switch {
	case p.JPEG != nil:
		for _, s := range p.JPEG.Segments {
			switch {
			case jpegKept(s.Marker):
			case s.Marker == photo.MarkerAPP0 && bytes.Equal(s.Payload, jfif[4:]):
			case s.Marker == photo.MarkerAPP1 && bytes.HasPrefix(s.Payload, []byte("Exif\x00\x00")):
			case s.Marker == photo.MarkerAPP2 && bytes.HasPrefix(s.Payload, []byte("ICC_PROFILE\x00")):
			case s.Marker == photo.MarkerAPP14 && bytes.HasPrefix(s.Payload, []byte("Adobe")) && len(s.Payload) == 12:
			default:
				bad = append(bad, fmt.Sprintf("JPEG segment 0x%02X", s.Marker))
			}
		}
	case p.WebP != nil:
		for _, c := range p.WebP.Chunks {
			if !webpKept[c.Type] {
				bad = append(bad, "WebP chunk "+c.Type)
			}
			if c.Type == "VP8X" && len(c.Data) > 0 && c.Data[0]&(photo.VP8XEXIF|photo.VP8XXMP) != 0 {
				bad = append(bad, "VP8X flags announce EXIF or XMP")
			}
		}
	case p.HEIF != nil:
		bad = append(bad, heifLeaks(p, data)...)
	case p.PNG != nil:
		for _, c := range p.PNG.Chunks {
			if !pngKept[c.Type] {
				bad = append(bad, "PNG chunk "+c.Type)
			}
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("output still carries %s", strings.Join(bad, ", "))
	}
	return nil
}

// heifLeaks lists what a HEIF output carries beyond its primary picture.
func heifLeaks(p *photo.Photo, data []byte) []string {
	var bad []string
	l := p.HEIF
	for _, t := range l.TopLevel {
		if t != "ftyp" && t != "meta" && t != "mdat" {
			bad = append(bad, "HEIF box "+t)
		}
	}
	for _, e := range p.Meta.Embedded {
		bad = append(bad, "embedded "+e.Kind)
	}
	if len(p.Meta.EXIF) > 0 {
		bad = append(bad, "EXIF")
	}
	prim := l.Items[l.Primary]
	if prim == nil {
		return append(bad, "no primary HEIF item")
	}
	for id, it := range l.Items {
		tile := prim.Type == "grid" && slices.Contains(prim.Refs["dimg"], id)
		if id != l.Primary && !tile {
			bad = append(bad, fmt.Sprintf("HEIF item %d (%s)", id, it.Type))
		}
	}
	props, err := photo.HEIFPropertyTypes(data)
	if err != nil {
		return append(bad, err.Error())
	}
	for _, t := range props {
		if !photo.HEIFKeptProperty(t) {
			bad = append(bad, "HEIF property "+t)
		}
	}
	return bad
}
