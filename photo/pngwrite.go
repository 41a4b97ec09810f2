package photo

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"io"
)

// pngKept lists the chunks a safe copy keeps besides IHDR, IDAT and IEND:
// the palette and what says how to show the pixels (tRNS is
// transparency: pixels), each written afresh from its values.
var pngKept = map[string]bool{
	"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true,
	"iCCP": true, "gAMA": true, "cHRM": true, "sRGB": true, "pHYs": true, "tRNS": true,
}

// pngHeader is a PNG's IHDR.
type pngHeader struct {
	width, height           int
	depth, color, interlace byte
}

// channels is the samples per pixel of a colour type.
func (h pngHeader) channels() int {
	return map[byte]int{0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[h.color]
}

// rowBytes is the bytes of one row of w pixels, without its filter byte.
func (h pngHeader) rowBytes(w int) int { return (w*h.channels()*int(h.depth) + 7) / 8 }

// bpp is the filters' byte distance: the bytes of a pixel, at least 1.
func (h pngHeader) bpp() int { return max(1, h.channels()*int(h.depth)/8) }

// passes are the sizes of the sub-images of the picture: one, or the seven
// of Adam7 interlacing.
func (h pngHeader) passes() [][2]int {
	if h.interlace == 0 {
		return [][2]int{{h.width, h.height}}
	}
	var out [][2]int
	for _, a := range adam7 {
		w := (h.width - a[0] + a[2] - 1) / a[2]
		hh := (h.height - a[1] + a[3] - 1) / a[3]
		if h.width <= a[0] {
			w = 0
		}
		if h.height <= a[1] {
			hh = 0
		}
		out = append(out, [2]int{w, hh})
	}
	return out
}

// adam7 is x0, y0, dx, dy of each Adam7 pass.
var adam7 = [7][4]int{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}

// readPNGHeader reads and checks IHDR.
func readPNGHeader(d []byte) (pngHeader, error) {
	if len(d) != 13 {
		return pngHeader{}, FormatError("corrupt PNG: bad IHDR")
	}
	h := pngHeader{width: int(binary.BigEndian.Uint32(d)), height: int(binary.BigEndian.Uint32(d[4:])),
		depth: d[8], color: d[9], interlace: d[12]}
	ok := map[byte][]byte{0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}[h.color]
	if !bytes.Contains(ok, []byte{h.depth}) || d[10] != 0 || d[11] != 0 || h.interlace > 1 ||
		h.width <= 0 || h.height <= 0 || h.width > 1<<30 || h.height > 1<<30 {
		return pngHeader{}, FormatError("corrupt PNG: bad IHDR")
	}
	return h, nil
}

// pngRows inflates a PNG's IDAT stream and unfilters it: the raw rows of
// each pass, without filter bytes, and the width in pixels of each. It reads exactly what the header
// declares; extra, the zlib stream's remains and bytes after it are not
// read (extra reports whether there were any).
func pngRows(h pngHeader, idat []byte) (rows [][]byte, widths []int, extra bool, err error) {
	src := bytes.NewReader(idat)
	zr, err := zlib.NewReader(src)
	if err != nil {
		return nil, nil, false, FormatError("corrupt PNG: IDAT is not a zlib stream")
	}
	br := bufio.NewReader(zr)
	bpp := h.bpp()
	for _, ps := range h.passes() {
		if ps[0] == 0 || ps[1] == 0 {
			continue
		}
		n := h.rowBytes(ps[0])
		prev := make([]byte, n)
		for y := 0; y < ps[1]; y++ {
			row := make([]byte, n+1)
			if _, err := io.ReadFull(br, row); err != nil {
				return nil, nil, false, FormatError("corrupt PNG: the pixel data ends early")
			}
			cur := row[1:]
			if err := unfilter(row[0], cur, prev, bpp); err != nil {
				return nil, nil, false, err
			}
			rows = append(rows, cur)
			widths = append(widths, ps[0])
			prev = cur
		}
	}
	// Anything more inside the stream, or after it, is not picture.
	n, err := io.ReadFull(br, make([]byte, 1))
	extra = n > 0 || err != io.EOF || src.Len() > 0
	return rows, widths, extra, nil
}

// unfilter undoes a row's filter in place (prev is the row above,
// unfiltered).
func unfilter(f byte, cur, prev []byte, bpp int) error {
	switch f {
	case 0:
	case 1:
		for i := bpp; i < len(cur); i++ {
			cur[i] += cur[i-bpp]
		}
	case 2:
		for i := range cur {
			cur[i] += prev[i]
		}
	case 3:
		for i := range cur {
			left := 0
			if i >= bpp {
				left = int(cur[i-bpp])
			}
			cur[i] += byte((left + int(prev[i])) / 2)
		}
	case 4:
		for i := range cur {
			var a, c int
			if i >= bpp {
				a, c = int(cur[i-bpp]), int(prev[i-bpp])
			}
			cur[i] += paeth(a, int(prev[i]), c)
		}
	default:
		return FormatError(fmt.Sprintf("corrupt PNG: filter type %d", f))
	}
	return nil
}

func paeth(a, b, c int) byte {
	p := a + b - c
	pa, pb, pc := absInt(p-a), absInt(p-b), absInt(p-c)
	switch {
	case pa <= pb && pa <= pc:
		return byte(a)
	case pb <= pc:
		return byte(b)
	}
	return byte(c)
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// filterRow filters a raw row for compression: with the filter (of five)
// whose output has the smallest sum of magnitudes, as libpng and Go's
// encoder choose, or none for palettes and depths under 8 bits. It
// returns the filter byte and the filtered row.
func filterRow(h pngHeader, cur, prev []byte, bpp int, scratch *[5][]byte) []byte {
	if h.color == 3 || h.depth < 8 {
		return append([]byte{0}, cur...)
	}
	best, bestSum := 0, -1
	for f := 0; f < 5; f++ {
		out := append(scratch[f][:0], byte(f))
		sum := 0
		for i, x := range cur {
			var a, b, c int
			if i >= bpp {
				a = int(cur[i-bpp])
				c = int(prev[i-bpp])
			}
			b = int(prev[i])
			var v byte
			switch f {
			case 0:
				v = x
			case 1:
				v = x - byte(a)
			case 2:
				v = x - byte(b)
			case 3:
				v = x - byte((a+b)/2)
			case 4:
				v = x - paeth(a, b, c)
			}
			out = append(out, v)
			sum += absInt(int(int8(v)))
		}
		scratch[f] = out
		if bestSum < 0 || sum < bestSum {
			best, bestSum = f, sum
		}
	}
	return scratch[best]
}

// cleanPNG writes what was decoded, not what was read: the pixel rows,
// inflated and unfiltered, filtered and compressed again (so nothing in
// or after the zlib stream passes), after a header rebuilt from its
// values; the palette without the colours no pixel uses, the colour
// profile rewritten (CleanICC), and the chunks that say how to show the
// pixels. The pixels decode the same. A PNG that must be turned upright
// cannot be cleaned: it carries no orientation tag once clean.
func cleanPNG(p *Photo) ([]byte, error) {
	if p.Orientation != 1 {
		return nil, fmt.Errorf("%w: the pixels must be turned upright", ErrNotCleanable)
	}
	var ihdr []byte
	var idat bytes.Buffer
	chunks := map[string][]byte{}
	for _, c := range p.PNG.Chunks {
		switch {
		case c.Type == "IHDR":
			ihdr = c.Data
		case c.Type == "IDAT":
			idat.Write(c.Data)
		case pngKept[c.Type]:
			if _, dup := chunks[c.Type]; !dup {
				chunks[c.Type] = c.Data
			}
		case c.Critical():
			return nil, fmt.Errorf("unknown critical PNG chunk %q: cannot clean it safely", c.Type)
		}
	}
	h, err := readPNGHeader(ihdr)
	if err != nil {
		return nil, err
	}
	rows, widths, _, err := pngRows(h, idat.Bytes())
	if err != nil {
		return nil, err
	}
	// Bits past the last pixel of a row show nothing: cleared.
	for i, r := range rows {
		if bits := widths[i] * h.channels() * int(h.depth) % 8; bits != 0 {
			r[len(r)-1] &= 0xFF << (8 - bits)
		}
	}

	out := append([]byte{}, pngSignature...)
	out = append(out, pngChunk("IHDR", ihdr[:13])...)
	if d, ok := chunks["cHRM"]; ok && len(d) == 32 {
		out = append(out, pngChunk("cHRM", d)...)
	}
	if d, ok := chunks["gAMA"]; ok && len(d) == 4 {
		out = append(out, pngChunk("gAMA", d)...)
	}
	if icc := p.CopyICC(); icc != nil {
		withICC, err := insertICCP(out[:8+12+13], icc)
		if err != nil {
			return nil, err
		}
		out = append(withICC, out[8+12+13:]...)
	} else if d, ok := chunks["sRGB"]; ok && len(d) == 1 && d[0] < 4 {
		out = append(out, pngChunk("sRGB", d)...)
	}
	if h.color == 3 {
		plte, trns, err := pngPalette(h, rows, widths, chunks["PLTE"], chunks["tRNS"])
		if err != nil {
			return nil, err
		}
		out = append(out, pngChunk("PLTE", plte)...)
		if len(trns) > 0 {
			out = append(out, pngChunk("tRNS", trns)...)
		}
	} else if d, ok := chunks["tRNS"]; ok && (h.color == 0 && len(d) == 2 || h.color == 2 && len(d) == 6) {
		out = append(out, pngChunk("tRNS", d)...)
	}
	if d, ok := chunks["pHYs"]; ok && len(d) == 9 && d[8] <= 1 {
		out = append(out, pngChunk("pHYs", d)...)
	}
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.DefaultCompression)
	bpp := h.bpp()
	var scratch [5][]byte
	i := 0
	for _, ps := range h.passes() {
		if ps[0] == 0 || ps[1] == 0 {
			continue
		}
		prev := make([]byte, h.rowBytes(ps[0]))
		for y := 0; y < ps[1]; y++ {
			if _, err := zw.Write(filterRow(h, rows[i], prev, bpp, &scratch)); err != nil {
				return nil, err
			}
			prev = rows[i]
			i++
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	for d := z.Bytes(); len(d) > 0; {
		n := min(len(d), 1<<20)
		out = append(out, pngChunk("IDAT", d[:n])...)
		d = d[n:]
	}
	return append(out, pngChunk("IEND", nil)...), nil
}

// paletteUsed reports which palette entries the pixels use.
func paletteUsed(h pngHeader, rows [][]byte, widths []int) []bool {
	used := make([]bool, 256)
	d := int(h.depth)
	for k, r := range rows {
		for i := 0; i < widths[k]; i++ {
			used[int(r[i*d/8]>>(8-d-i*d%8))&(1<<d-1)] = true
		}
	}
	return used
}

// pngPalette returns the palette and transparency of a palette picture
// with the entries no pixel uses cleared (black, opaque), and both cut
// after the last entry used.
func pngPalette(h pngHeader, rows [][]byte, widths []int, plte, trns []byte) ([]byte, []byte, error) {
	if len(plte) == 0 || len(plte)%3 != 0 || len(plte)/3 > 1<<h.depth {
		return nil, nil, FormatError("corrupt PNG: bad palette")
	}
	used := paletteUsed(h, rows, widths)
	n := len(plte) / 3
	last := 0
	for i := 0; i < n; i++ {
		if used[i] {
			last = i
		}
	}
	outP := make([]byte, 3*(last+1))
	for i := 0; i <= last; i++ {
		if used[i] {
			copy(outP[3*i:], plte[3*i:3*i+3])
		}
	}
	var outT []byte
	if len(trns) > 0 {
		outT = make([]byte, min(len(trns), last+1))
		for i := range outT {
			outT[i] = 255
			if used[i] {
				outT[i] = trns[i]
			}
		}
		for len(outT) > 0 && outT[len(outT)-1] == 255 {
			outT = outT[:len(outT)-1]
		}
	}
	return outP, outT, nil
}

// encodePNG encodes upright pixels with p's colour profile, at zlib's
// fastest level (OpenCV's default for PNG too): on the 103 PNGs of
// corpus/faces it encodes about 4 times faster than the default level for
// files about 8% larger (docs/faces.md, cost).
func encodePNG(p *Photo, img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return insertICCP(buf.Bytes(), p.CopyICC())
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
	chunk := pngChunk("iCCP", append([]byte(pngICCName+"\x00\x00"), z.Bytes()...))
	ihdrEnd := 8 + 12 + 13
	out := append([]byte{}, b[:ihdrEnd]...)
	out = append(out, chunk...)
	return append(out, b[ihdrEnd:]...), nil
}

// pngICCName is the profile name of every iCCP chunk sharesafe writes.
const pngICCName = "ICC Profile"

// pngChunk builds a PNG chunk: length, type, data and CRC.
func pngChunk(typ string, data []byte) []byte {
	chunk := make([]byte, 8, 12+len(data))
	binary.BigEndian.PutUint32(chunk, uint32(len(data)))
	copy(chunk[4:], typ)
	chunk = append(chunk, data...)
	return binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
}

// pngLeaks lists what a PNG output carries beyond what cleanPNG and
// encodePNG write: a chunk they would not keep, a colour profile under
// another name, bytes in or after the zlib streams, bits past a row's last
// pixel, palette entries no pixel uses.
func pngLeaks(p *Photo) []string {
	var bad []string
	var ihdr, plte, trns []byte
	var idat bytes.Buffer
	for _, c := range p.PNG.Chunks {
		switch {
		case !pngKept[c.Type]:
			bad = append(bad, "PNG chunk "+c.Type)
		case c.Type == "IHDR":
			ihdr = c.Data
		case c.Type == "IDAT":
			idat.Write(c.Data)
		case c.Type == "PLTE":
			plte = c.Data
		case c.Type == "tRNS":
			trns = c.Data
		case c.Type == "iCCP":
			if !bytes.HasPrefix(c.Data, []byte(pngICCName+"\x00\x00")) {
				bad = append(bad, "a PNG colour profile named otherwise")
			} else if _, exact := zlibExact(c.Data[len(pngICCName)+2:]); !exact {
				bad = append(bad, "bytes in or after the PNG colour profile's zlib stream")
			}
		}
	}
	h, err := readPNGHeader(ihdr)
	if err != nil {
		return append(bad, err.Error())
	}
	rows, widths, extra, err := pngRows(h, idat.Bytes())
	if err != nil {
		return append(bad, err.Error())
	}
	if extra {
		bad = append(bad, "bytes in or after the PNG pixel data's zlib stream")
	}
	for i, r := range rows {
		if bits := widths[i] * h.channels() * int(h.depth) % 8; bits != 0 && r[len(r)-1]&^(0xFF<<(8-bits)) != 0 {
			bad = append(bad, "bits past the last pixel of a PNG row")
			break
		}
	}
	if h.color == 3 {
		used := paletteUsed(h, rows, widths)
		for i := 0; i < len(plte)/3; i++ {
			if !used[i] && (i == len(plte)/3-1 || !bytes.Equal(plte[3*i:3*i+3], []byte{0, 0, 0}) || i < len(trns) && trns[i] != 255) {
				bad = append(bad, "PNG palette colours no pixel uses")
				break
			}
		}
	}
	return bad
}

// zlibExact inflates a zlib stream; exact is false when it is broken or
// bytes follow its end.
func zlibExact(b []byte) ([]byte, bool) {
	src := bytes.NewReader(b)
	zr, err := zlib.NewReader(src)
	if err != nil {
		return nil, false
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxInflate+1))
	return out, err == nil && len(out) <= maxInflate && src.Len() == 0
}
