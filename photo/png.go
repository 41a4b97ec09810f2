package photo

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"strings"
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

func sniffPNG(b []byte) bool { return bytes.HasPrefix(b, pngSignature) }

// walkPNG walks a PNG photo's chunks and reads its metadata.
func walkPNG(p *Photo) (err error) {
	if p.PNG, err = WalkPNG(p.Data); err != nil {
		return err
	}
	p.Meta, err = pngMetadata(p.Data, p.PNG)
	return err
}

func sizePNG(p *Photo) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(p.Data)) }

func decodePNG(p *Photo) (image.Image, error) {
	return png.Decode(bytes.NewReader(p.Data[:p.PNG.IENDEnd]))
}

// Chunk is one PNG chunk, in file order.
type Chunk struct {
	// Type is the four-letter chunk type, such as "IHDR" or "tEXt".
	Type string
	// Start and End delimit the whole chunk (length, type, data and CRC).
	Start, End int
	// Data is the chunk body.
	Data []byte
}

// Critical reports whether the chunk is critical (its type starts with an
// upper-case letter): a decoder must understand it to show the picture.
func (c Chunk) Critical() bool { return c.Type[0]&0x20 == 0 }

// PNGLayout is the structure of a PNG file as the walker found it.
type PNGLayout struct {
	// Chunks holds every chunk from IHDR to IEND included.
	Chunks []Chunk
	// IENDEnd is the offset just after the IEND chunk.
	IENDEnd int
}

// WalkPNG walks the chunks of a PNG file, checking each length and CRC. It
// stops at IEND; bytes after it start at IENDEnd.
func WalkPNG(b []byte) (*PNGLayout, error) {
	if len(b) < len(pngSignature) || string(b[:8]) != string(pngSignature) {
		return nil, FormatError("not a PNG: bad signature")
	}
	l := &PNGLayout{}
	i := len(pngSignature)
	for {
		if i+12 > len(b) {
			return nil, FormatError("truncated PNG: no IEND chunk")
		}
		n := binary.BigEndian.Uint32(b[i:])
		if n > 0x7FFFFFFF || uint64(i)+12+uint64(n) > uint64(len(b)) {
			return nil, FormatError(fmt.Sprintf("corrupt PNG: chunk at byte %d runs past the end", i))
		}
		typ := b[i+4 : i+8]
		for _, c := range typ {
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
				return nil, FormatError(fmt.Sprintf("corrupt PNG: bad chunk type at byte %d", i))
			}
		}
		end := i + 12 + int(n)
		data := b[i+8 : i+8+int(n)]
		if crc32.ChecksumIEEE(b[i+4:i+8+int(n)]) != binary.BigEndian.Uint32(b[end-4:]) {
			return nil, FormatError(fmt.Sprintf("corrupt PNG: bad CRC in %s chunk at byte %d", typ, i))
		}
		c := Chunk{Type: string(typ), Start: i, End: end, Data: data}
		if len(l.Chunks) == 0 && c.Type != "IHDR" {
			return nil, FormatError("corrupt PNG: first chunk is not IHDR")
		}
		l.Chunks = append(l.Chunks, c)
		i = end
		if c.Type == "IEND" {
			l.IENDEnd = end
			return l, nil
		}
	}
}

func pngMetadata(b []byte, l *PNGLayout) (Metadata, error) {
	var m Metadata
	for _, c := range l.Chunks {
		switch c.Type {
		case "eXIf":
			m.EXIF = c.Data
		case "iCCP":
			prof, err := pngICC(c.Data)
			if err != nil {
				return m, err
			}
			m.ICC = prof
		case "tEXt", "zTXt", "iTXt":
			t := pngText(c)
			if t.Type == "iTXt" && t.Key == "XML:com.adobe.xmp" {
				m.XMP = append(m.XMP, []byte(t.Value))
				continue
			}
			if raw, ok := rawProfile(t); ok {
				switch strings.TrimPrefix(strings.ToLower(t.Key), "raw profile type ") {
				case "exif", "app1":
					if m.EXIF == nil {
						m.EXIF = bytes.TrimPrefix(raw, []byte(idEXIF))
					}
					continue
				case "iptc", "8bim":
					m.IPTC = raw
					continue
				case "xmp":
					m.XMP = append(m.XMP, raw)
					continue
				}
			}
			m.Text = append(m.Text, t)
		case "tIME":
			if len(c.Data) == 7 {
				d := c.Data
				m.Text = append(m.Text, TextChunk{Type: "tIME", Key: "Last modified",
					Value: fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", int(d[0])<<8|int(d[1]), d[2], d[3], d[4], d[5], d[6])})
			}
		default:
			if !c.Critical() && !pngHarmless[c.Type] {
				m.Other = append(m.Other, "PNG "+c.Type)
			}
		}
	}
	if l.IENDEnd < len(b) {
		m.Trailer = b[l.IENDEnd:]
	}
	return m, nil
}

// rawProfile decodes ImageMagick's "Raw profile type X" text: a newline,
// the type, the length, then the bytes in hex.
func rawProfile(t TextChunk) ([]byte, bool) {
	if !strings.HasPrefix(strings.ToLower(t.Key), "raw profile type ") {
		return nil, false
	}
	// "\nTYPE NAME\n   LENGTH\nHEX...": the type may hold spaces.
	lines := strings.SplitN(strings.TrimLeft(t.Value, "\n"), "\n", 3)
	if len(lines) < 3 {
		return nil, false
	}
	b, err := hex.DecodeString(strings.Join(strings.Fields(lines[2]), ""))
	if err != nil {
		return nil, false
	}
	return b, true
}

// pngHarmless lists ancillary chunks that describe how to show the pixels and
// say nothing about the photo's origin.
var pngHarmless = map[string]bool{
	"gAMA": true, "cHRM": true, "sRGB": true, "pHYs": true, "sBIT": true,
	"bKGD": true, "tRNS": true, "hIST": true, "sPLT": true, "cICP": true,
}
