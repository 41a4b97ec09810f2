package photo

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
)

// pngKept lists the chunks the lossless PNG path keeps: the critical ones
// and those that say how to show the pixels (tRNS is transparency: pixels).
var pngKept = map[string]bool{
	"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true,
	"iCCP": true, "gAMA": true, "cHRM": true, "sRGB": true, "pHYs": true, "tRNS": true,
}

// cleanPNG copies the chunks of pngKept byte for byte and drops the rest.
// A PNG that must be turned upright cannot be cleaned: it carries no
// orientation tag once clean.
func cleanPNG(p *Photo) ([]byte, error) {
	if p.Orientation != 1 {
		return nil, fmt.Errorf("%w: the pixels must be turned upright", ErrNotCleanable)
	}
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

// encodePNG encodes upright pixels with p's colour profile.
func encodePNG(p *Photo, img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return insertICCP(buf.Bytes(), p.Meta.ICC)
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

// pngLeaks lists the chunks of a PNG output that cleanPNG would not have
// kept.
func pngLeaks(p *Photo) []string {
	var bad []string
	for _, c := range p.PNG.Chunks {
		if !pngKept[c.Type] {
			bad = append(bad, "PNG chunk "+c.Type)
		}
	}
	return bad
}
