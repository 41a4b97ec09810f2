package photo

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

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
