package photo

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"

	"golang.org/x/image/webp"
)

// VP8X feature flags (the first byte of a VP8X chunk).
const (
	vp8xICC   = 0x20
	vp8xAlpha = 0x10
	vp8xEXIF  = 0x08
	vp8xXMP   = 0x04
	vp8xAnim  = 0x02
)

func sniffWebP(b []byte) bool {
	return len(b) >= 12 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WEBP"
}

// walkWebP walks a WebP photo's chunks and reads its metadata.
func walkWebP(p *Photo) (err error) {
	if p.WebP, err = WalkWebP(p.Data); err != nil {
		return err
	}
	p.Meta = webpMetadata(p.Data, p.WebP)
	return nil
}

func sizeWebP(p *Photo) (image.Config, error) {
	w, h, err := webpSize(p.WebP)
	return image.Config{Width: w, Height: h}, err
}

func decodeWebP(p *Photo) (image.Image, error) {
	if p.WebP.Animated() {
		return nil, FormatError("animated WebP: its frames cannot be checked for faces")
	}
	return webp.Decode(bytes.NewReader(p.Data[:p.WebP.End]))
}

// RIFFLayout is the chunk structure of a WebP file.
type RIFFLayout struct {
	// Chunks holds every chunk after the "WEBP" form type.
	Chunks []Chunk
	// End is the offset just after the RIFF data the header declares.
	End int
}

// Animated reports whether the WebP holds an animation.
func (l *RIFFLayout) Animated() bool {
	for _, c := range l.Chunks {
		if c.Type == "ANIM" || c.Type == "ANMF" {
			return true
		}
	}
	return false
}

// hasAlpha reports whether the WebP has transparency (an ALPH chunk, a
// VP8X alpha flag, or a VP8L picture, which may carry alpha).
func (l *RIFFLayout) hasAlpha() bool {
	for _, c := range l.Chunks {
		if c.Type == "ALPH" || c.Type == "VP8X" && len(c.Data) > 0 && c.Data[0]&vp8xAlpha != 0 {
			return true
		}
	}
	return false
}

// lossless reports whether the WebP's picture is VP8L (lossless).
func (l *RIFFLayout) lossless() bool {
	for _, c := range l.Chunks {
		if c.Type == "VP8L" {
			return true
		}
	}
	return false
}

// WalkWebP walks the chunks of a WebP file (RIFF). Chunk data is padded to
// an even size; the pad byte is not part of Data.
func WalkWebP(b []byte) (*RIFFLayout, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return nil, FormatError("not a WebP: bad RIFF header")
	}
	size := int64(binary.LittleEndian.Uint32(b[4:8]))
	if size < 4 || size+8 > int64(len(b)) {
		return nil, FormatError("truncated WebP: RIFF size past the end")
	}
	l := &RIFFLayout{End: int(size) + 8}
	i := 12
	for i < l.End {
		if i+8 > l.End {
			return nil, FormatError(fmt.Sprintf("corrupt WebP: chunk header cut off at byte %d", i))
		}
		n := int64(binary.LittleEndian.Uint32(b[i+4:]))
		end := int64(i) + 8 + n + n%2
		if int64(i)+8+n > int64(l.End) {
			return nil, FormatError(fmt.Sprintf("corrupt WebP: chunk at byte %d runs past the end", i))
		}
		if end > int64(l.End) { // a missing last pad byte is common; tolerate it
			end = int64(l.End)
		}
		l.Chunks = append(l.Chunks, Chunk{Type: string(b[i : i+4]), Start: i, End: int(end), Data: b[i+8 : i+8+int(n)]})
		i = int(end)
	}
	if len(l.Chunks) == 0 {
		return nil, FormatError("corrupt WebP: no chunks")
	}
	return l, nil
}

// webpPicture lists the chunks that hold or describe the picture itself,
// or its colour profile: the reader reports every other chunk, the
// lossless writer keeps only these.
var webpPicture = map[string]bool{"VP8 ": true, "VP8L": true, "VP8X": true, "ALPH": true, "ANIM": true, "ANMF": true, "ICCP": true}

func webpMetadata(b []byte, l *RIFFLayout) Metadata {
	var m Metadata
	for _, c := range l.Chunks {
		switch c.Type {
		case "ICCP":
			m.ICC = c.Data
		case "EXIF":
			m.EXIF = bytes.TrimPrefix(c.Data, []byte(idEXIF))
		case "XMP ":
			m.XMP = append(m.XMP, c.Data)
		default:
			if !webpPicture[c.Type] {
				m.Other = append(m.Other, "WebP chunk "+c.Type)
			}
		}
	}
	if l.End < len(b) {
		m.Trailer = b[l.End:]
	}
	return m
}

// webpSize reads the canvas size from VP8X, or the picture's own header.
func webpSize(l *RIFFLayout) (int, int, error) {
	for _, c := range l.Chunks {
		d := c.Data
		switch c.Type {
		case "VP8X":
			if len(d) < 10 {
				return 0, 0, FormatError("corrupt WebP: short VP8X")
			}
			w := 1 + (int(d[4]) | int(d[5])<<8 | int(d[6])<<16)
			h := 1 + (int(d[7]) | int(d[8])<<8 | int(d[9])<<16)
			return w, h, nil
		case "VP8 ":
			if len(d) < 10 || d[3] != 0x9d || d[4] != 0x01 || d[5] != 0x2a {
				return 0, 0, FormatError("corrupt WebP: bad VP8 header")
			}
			return int(binary.LittleEndian.Uint16(d[6:]) & 0x3fff), int(binary.LittleEndian.Uint16(d[8:]) & 0x3fff), nil
		case "VP8L":
			if len(d) < 5 || d[0] != 0x2f {
				return 0, 0, FormatError("corrupt WebP: bad VP8L header")
			}
			v := binary.LittleEndian.Uint32(d[1:])
			return int(v&0x3fff) + 1, int(v>>14&0x3fff) + 1, nil
		}
	}
	return 0, 0, FormatError("corrupt WebP: no picture chunk")
}

// webpReencodeAs is the format a WebP's changed pixels are written in (Go
// has no WebP encoder): PNG when it was lossless or transparent, JPEG
// otherwise.
func webpReencodeAs(p *Photo) Format {
	if p.WebP.lossless() || p.WebP.hasAlpha() {
		return FormatPNG
	}
	return FormatJPEG
}

// cleanWebP keeps the picture chunks and the colour profile, drops EXIF,
// XMP and every unknown chunk, clears their VP8X flags and fixes the RIFF
// size. A WebP that must be turned upright cannot be: it carries no
// orientation tag once clean.
func cleanWebP(p *Photo) ([]byte, error) {
	if p.Orientation != 1 {
		return nil, fmt.Errorf("%w: the pixels must be turned upright", ErrNotCleanable)
	}
	var body []byte
	hasICC := false
	for _, c := range p.WebP.Chunks {
		if c.Type == "ICCP" {
			hasICC = true
		}
	}
	for _, c := range p.WebP.Chunks {
		if !webpPicture[c.Type] {
			continue
		}
		chunk := append([]byte{}, p.Data[c.Start:c.End]...)
		if len(chunk)%2 == 1 {
			chunk = append(chunk, 0) // restore a missing pad byte
		}
		if c.Type == "VP8X" && len(chunk) > 8 {
			chunk[8] &^= vp8xEXIF | vp8xXMP
			if !hasICC {
				chunk[8] &^= vp8xICC
			}
		}
		body = append(body, chunk...)
	}
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(4+len(body)))...)
	out = append(out, "WEBP"...)
	return append(out, body...), nil
}

// webpLeaks lists the chunks of a WebP output that cleanWebP would not
// have kept, and VP8X flags that announce metadata.
func webpLeaks(p *Photo) []string {
	var bad []string
	for _, c := range p.WebP.Chunks {
		if !webpPicture[c.Type] {
			bad = append(bad, "WebP chunk "+c.Type)
		}
		if c.Type == "VP8X" && len(c.Data) > 0 && c.Data[0]&(vp8xEXIF|vp8xXMP) != 0 {
			bad = append(bad, "VP8X flags announce EXIF or XMP")
		}
	}
	return bad
}
