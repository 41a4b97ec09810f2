package photo

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"io"

	"golang.org/x/image/vp8l"
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
		if c.Type == "ANMF" {
			webpFrameMetadata(c, &m)
			continue
		}
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

// webpFrameMetadata reads the chunks nested in an animation frame: EXIF,
// XMP and unknown chunks there are metadata as they are at the top.
func webpFrameMetadata(c Chunk, m *Metadata) {
	if len(c.Data) < 16 {
		m.Other = append(m.Other, "WebP animation frame too short to read")
		return
	}
	nested, err := riffChunks(c.Data[16:])
	if err != nil {
		m.Other = append(m.Other, "WebP animation frame with unreadable chunks")
		return
	}
	for _, n := range nested {
		switch n.Type {
		case "EXIF":
			if m.EXIF == nil {
				m.EXIF = bytes.TrimPrefix(n.Data, []byte(idEXIF))
			} else {
				m.Other = append(m.Other, "WebP EXIF in an animation frame")
			}
		case "XMP ":
			m.XMP = append(m.XMP, n.Data)
		case "ALPH", "VP8 ", "VP8L":
		default:
			m.Other = append(m.Other, "WebP chunk "+n.Type+" in an animation frame")
		}
	}
}

// riffChunks walks the chunks of b, as nested in an animation frame.
func riffChunks(b []byte) ([]Chunk, error) {
	var out []Chunk
	for i := 0; i < len(b); {
		if i+8 > len(b) {
			return nil, FormatError("corrupt WebP: nested chunk header cut off")
		}
		n := int64(binary.LittleEndian.Uint32(b[i+4:]))
		if int64(i)+8+n > int64(len(b)) {
			return nil, FormatError("corrupt WebP: nested chunk runs past its frame")
		}
		end := min(int64(len(b)), int64(i)+8+n+n%2)
		out = append(out, Chunk{Type: string(b[i : i+4]), Start: i, End: int(end), Data: b[i+8 : i+8+int(n)]})
		i = int(end)
	}
	return out, nil
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

// cleanWebP writes the picture that was read, not the chunks: a still
// keeps exactly one picture (the first VP8 or VP8L chunk, with the ALPH
// chunk before a VP8 one), an animation its frames, each frame's nested
// chunks through the same allowlist (ALPH, then VP8 or VP8L; EXIF, XMP and
// unknown chunks there are dropped). Every picture chunk is cut to the
// bytes its decoder reads (vp8Frame, webpLosslessSize); the colour profile
// is rewritten (CleanICC); VP8X, ANIM and each frame's header are written
// afresh from their values. A WebP that must be turned upright cannot be
// cleaned: it carries no orientation tag once clean.
func cleanWebP(p *Photo) ([]byte, error) {
	if p.Orientation != 1 {
		return nil, fmt.Errorf("%w: the pixels must be turned upright", ErrNotCleanable)
	}
	l := p.WebP
	var vp8x *Chunk
	for i := range l.Chunks {
		if l.Chunks[i].Type == "VP8X" {
			vp8x = &l.Chunks[i]
			break
		}
	}
	var body []byte
	if vp8x == nil || len(vp8x.Data) < 10 {
		pic, err := webpStill(l.Chunks)
		if err != nil {
			return nil, err
		}
		body = pic
	} else {
		flags := byte(0)
		var rest []byte
		if icc := p.CopyICC(); icc != nil {
			flags |= vp8xICC
			rest = riffChunk(rest, "ICCP", icc)
		}
		if vp8x.Data[0]&vp8xAnim != 0 || l.Animated() {
			flags |= vp8xAnim | vp8x.Data[0]&vp8xAlpha
			frames := 0
			for _, c := range l.Chunks {
				switch c.Type {
				case "ANIM":
					if len(c.Data) < 6 {
						return nil, FormatError("corrupt WebP: short ANIM chunk")
					}
					if frames == 0 && !bytes.Contains(rest, []byte("ANIM")) {
						rest = riffChunk(rest, "ANIM", c.Data[:6])
					}
				case "ANMF":
					f, err := webpFrame(c.Data)
					if err != nil {
						return nil, err
					}
					rest = riffChunk(rest, "ANMF", f)
					frames++
				}
			}
			if frames == 0 {
				return nil, FormatError("corrupt WebP: an animation without frames")
			}
		} else {
			pic, err := webpStill(l.Chunks)
			if err != nil {
				return nil, err
			}
			if bytes.HasPrefix(pic, []byte("ALPH")) {
				flags |= vp8xAlpha
			} else if bytes.HasPrefix(pic, []byte("VP8L")) {
				flags |= vp8x.Data[0] & vp8xAlpha
			}
			rest = append(rest, pic...)
		}
		x := append([]byte{flags, 0, 0, 0}, vp8x.Data[4:10]...)
		body = append(riffChunk(nil, "VP8X", x), rest...)
	}
	out := append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(4+len(body)))...)
	out = append(out, "WEBP"...)
	return append(out, body...), nil
}

// riffChunk appends a chunk: type, size, data and a zero pad byte when
// the size is odd.
func riffChunk(out []byte, typ string, data []byte) []byte {
	out = append(out, typ...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(data)))
	out = append(out, data...)
	if len(data)%2 == 1 {
		out = append(out, 0)
	}
	return out
}

// webpStill returns the chunks of one picture among cs: the first VP8 or
// VP8L chunk, with the ALPH chunk right before a VP8 one, each cut to what
// its decoder reads.
func webpStill(cs []Chunk) ([]byte, error) {
	for i, c := range cs {
		switch c.Type {
		case "VP8L":
			n, err := webpLosslessSize(c.Data, 0, 0)
			if err != nil {
				return nil, err
			}
			return riffChunk(nil, "VP8L", c.Data[:n]), nil
		case "VP8 ":
			f, err := vp8Frame(c.Data)
			if err != nil {
				return nil, err
			}
			var out []byte
			if i > 0 && cs[i-1].Type == "ALPH" {
				w, h := int(binary.LittleEndian.Uint16(f[6:])&0x3fff), int(binary.LittleEndian.Uint16(f[8:])&0x3fff)
				a, err := webpAlpha(cs[i-1].Data, w, h)
				if err != nil {
					return nil, err
				}
				out = riffChunk(nil, "ALPH", a)
			}
			return riffChunk(out, "VP8 ", f), nil
		}
	}
	return nil, FormatError("corrupt WebP: no picture chunk")
}

// webpFrame rewrites an animation frame (ANMF data): its 16-byte header
// with the reserved bits cleared, then its picture (webpStill); every other
// nested chunk is dropped.
func webpFrame(d []byte) ([]byte, error) {
	if len(d) < 16 {
		return nil, FormatError("corrupt WebP: short animation frame")
	}
	nested, err := riffChunks(d[16:])
	if err != nil {
		return nil, err
	}
	pic, err := webpStill(nested)
	if err != nil {
		return nil, err
	}
	head := append([]byte{}, d[:16]...)
	head[15] &= 3 // blending and disposal; the rest is reserved
	return append(head, pic...), nil
}

// webpAlpha cuts an ALPH chunk's data to what its decoder reads: the
// header byte (reserved bits cleared), then w*h bytes raw or a VP8L image
// stream without its header.
func webpAlpha(d []byte, w, h int) ([]byte, error) {
	if len(d) < 1 {
		return nil, FormatError("corrupt WebP: empty ALPH chunk")
	}
	head := d[0] & 0x3F
	switch d[0] & 3 {
	case 0:
		if len(d)-1 < w*h {
			return nil, FormatError("corrupt WebP: short ALPH chunk")
		}
		return append([]byte{head}, d[1:1+w*h]...), nil
	case 1:
		n, err := webpLosslessSize(d[1:], w, h)
		if err != nil {
			return nil, err
		}
		return append([]byte{head}, d[1:1+n]...), nil
	}
	return nil, FormatError("corrupt WebP: unknown ALPH compression")
}

// webpLosslessSize decodes a VP8L stream (with its header, or, when w > 0,
// an ALPH stream without one) and returns the bytes the decoder read.
func webpLosslessSize(d []byte, w, h int) (int, error) {
	r := &countingReader{data: d}
	if w > 0 {
		if w > 1<<14 || h > 1<<14 {
			return 0, FormatError("corrupt WebP: alpha too large")
		}
		wm, hm := uint32(w-1), uint32(h-1)
		r.head = []byte{0x2f, byte(wm), byte(wm>>8) | byte(hm<<6), byte(hm >> 2), byte(hm >> 10)}
	}
	if _, err := vp8l.Decode(r); err != nil {
		return 0, FormatError("corrupt WebP: lossless picture: " + err.Error())
	}
	return r.n, nil
}

// countingReader serves head, then data, one byte at a time, and counts
// the bytes of data read.
type countingReader struct {
	head, data []byte
	n          int
}

func (r *countingReader) ReadByte() (byte, error) {
	if len(r.head) > 0 {
		c := r.head[0]
		r.head = r.head[1:]
		return c, nil
	}
	if r.n >= len(r.data) {
		return 0, io.EOF
	}
	r.n++
	return r.data[r.n-1], nil
}

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		c, err := r.ReadByte()
		if err != nil {
			return i, err
		}
		p[i] = c
	}
	return len(p), nil
}

// webpLeaks lists what a WebP output carries beyond what cleanWebP writes:
// a chunk it would not keep (at the top or in a frame), VP8X flags that
// announce metadata or reserved bits, more than one picture in a still,
// bytes in a picture chunk its decoder does not read, a pad byte that is
// not zero.
func webpLeaks(p *Photo) []string {
	var bad []string
	pictures := 0
	for i, c := range p.WebP.Chunks {
		if !webpPicture[c.Type] {
			bad = append(bad, "WebP chunk "+c.Type)
		}
		if c.End-c.Start-8 > len(c.Data) && p.Data[c.End-1] != 0 {
			bad = append(bad, "a WebP pad byte that is not zero")
		}
		switch c.Type {
		case "VP8X":
			if len(c.Data) != 10 || c.Data[0]&^(vp8xICC|vp8xAlpha|vp8xAnim) != 0 || c.Data[1]|c.Data[2]|c.Data[3] != 0 {
				bad = append(bad, "VP8X flags announce EXIF, XMP or reserved bits")
			}
		case "VP8 ", "VP8L":
			pictures++
			bad = append(bad, webpExact(p.WebP.Chunks[:i+1])...)
		case "ANMF":
			if len(c.Data) < 16 || c.Data[15]&^3 != 0 {
				bad = append(bad, "a WebP animation frame with reserved bits")
				continue
			}
			nested, err := riffChunks(c.Data[16:])
			if err != nil {
				bad = append(bad, err.Error())
				continue
			}
			n := 0
			for k, x := range nested {
				switch x.Type {
				case "VP8 ", "VP8L":
					n++
					bad = append(bad, webpExact(nested[:k+1])...)
				case "ALPH":
				default:
					bad = append(bad, "WebP chunk "+x.Type+" in an animation frame")
				}
			}
			if n != 1 {
				bad = append(bad, "a WebP animation frame without exactly one picture")
			}
		}
	}
	if !p.WebP.Animated() && pictures != 1 {
		bad = append(bad, fmt.Sprintf("%d pictures in a still WebP", pictures))
	}
	return bad
}

// webpExact checks the last chunk of cs (a picture, with the ALPH chunk
// before it) holds no byte its decoder does not read.
func webpExact(cs []Chunk) []string {
	pic := cs[max(0, len(cs)-2):]
	if pic[0].Type != "ALPH" {
		pic = pic[len(pic)-1:]
	}
	want, err := webpStill(pic)
	if err != nil {
		return []string{"a WebP picture sharesafe cannot read back: " + err.Error()}
	}
	var got []byte
	for _, c := range pic {
		got = riffChunk(got, c.Type, c.Data)
	}
	if !bytes.Equal(got, want) {
		return []string{"bytes in a WebP picture its decoder does not read"}
	}
	return nil
}
