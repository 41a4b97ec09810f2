// Package jpegcoef reads and writes the quantised DCT coefficients of a JPEG
// file, so that a photo can be changed block by block: the blocks a mask
// touches are decoded, painted and quantised again with the photo's own
// tables, and every other block's coefficients are written back unchanged.
// Outside the changed blocks the decoded picture is the original's, bit for
// bit. It is also how a JPEG is rewritten without masks: what was decoded
// is written, never the bytes that were read.
//
// It reads baseline, extended and progressive Huffman-coded 8-bit JPEGs with
// one to four components (grey, YCbCr, RGB, CMYK, YCCK), any sampling
// factors, and restart intervals. Arithmetic coding, 12-bit samples,
// lossless and hierarchical JPEGs and heights given by a DNL marker return
// an error wrapping ErrUnsupported. Pixels (masks, reduced decodes) need
// sampling factors that divide the largest ones and a colour model other
// than two components (Maskable). It writes one sequential scan (baseline,
// or extended when a quantisation table needs 16 bits) or, for a
// progressive source, a progressive one, with Huffman tables optimised for
// the picture.
package jpegcoef

import (
	"errors"
	"fmt"
)

// ErrUnsupported is wrapped by the errors of JPEGs this package does not
// read: the caller falls back to decoding and re-encoding the pixels.
var ErrUnsupported = errors.New("unsupported JPEG coding")

// FormatError reports a malformed JPEG.
type FormatError string

func (e FormatError) Error() string { return "jpegcoef: " + string(e) }

func unsupported(what string) error { return fmt.Errorf("%w: %s", ErrUnsupported, what) }

// zigzag maps the zig-zag position of a coefficient to its natural
// (row-major) index in the 8x8 block.
var zigzag = [64]int{
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
	12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
}

// Component is one colour plane of the picture.
type Component struct {
	// ID is the component identifier of the frame header.
	ID byte
	// H and V are the sampling factors.
	H, V int
	// Tq is the quantisation table used.
	Tq int
	// BW and BH are the blocks per row and per column, padded to whole MCUs.
	BW, BH int
	// Coef holds BW*BH blocks of 64 quantised coefficients each, in
	// zig-zag order; block (bx, by) starts at (by*BW+bx)*64.
	Coef []int16
}

// Block returns the 64 coefficients of block (bx, by).
func (c *Component) Block(bx, by int) []int16 {
	i := (by*c.BW + bx) * 64
	return c.Coef[i : i+64 : i+64]
}

// Image is the coefficients of one JPEG picture.
type Image struct {
	Width, Height int
	// Progressive is set when the source was progressive.
	Progressive bool
	Components  []Component
	// Quant holds the quantisation tables in zig-zag order; QuantUsed
	// says which were defined.
	Quant     [4][64]uint16
	QuantUsed [4]bool
	// Hmax and Vmax are the largest sampling factors; an MCU is
	// 8*Hmax x 8*Vmax pixels (8x8 for a grey picture).
	Hmax, Vmax   int
	MCUsX, MCUsY int
	// Color is how the components make colours (Gray, YCbCr, RGB, CMYK,
	// YCCK), decided as Go's and libjpeg's decoders decide it.
	Color ColorModel
	// Clamped counts the coefficients found outside the range 8-bit
	// samples give (-1024 to 1023, libjpeg's legal range) and clamped to
	// it; real files have none.
	Clamped int
	// Slack counts the bytes of entropy-coded data that no block used
	// (after a scan's last block or before a restart marker), and Padding
	// the scans or intervals whose last byte was not padded with ones:
	// places where bytes can hide. Neither is written back.
	Slack, Padding int
	// Short counts the scans and restart intervals whose data ended
	// before their last block: the blocks left are read as libjpeg reads
	// them (zeros in a sequential picture, a gray band). A copy shows the
	// same; Verify refuses an output with any.
	Short int
	// Tables are the Huffman tables the file defines, in order, with the
	// codes its scans used.
	Tables []HuffmanTable
	// QuantDefinitions counts the quantisation tables the file defines
	// (a table defined twice counts twice).
	QuantDefinitions int
	// Frames counts the frames after the first (SOF markers): their data
	// is not read.
	Frames int
}

// ColorModel says how a picture's components make colours.
type ColorModel int

// The colour models of a JPEG picture.
const (
	Gray ColorModel = iota
	YCbCr
	RGB
	CMYK // Adobe's inverted CMYK
	YCCK
	Unknown // two components
)

func (c ColorModel) String() string {
	return [...]string{"grey", "YCbCr", "RGB", "CMYK", "YCCK", "two components"}[c]
}

// MCUSize returns the width and height of an MCU in pixels.
func (m *Image) MCUSize() (int, int) { return 8 * m.Hmax, 8 * m.Vmax }

type huff struct {
	lut     [1 << lutBits]uint32 // symbol | length<<8 | code index<<16, 0 when longer
	maxcode [18]int32
	valptr  [17]int32
	mincode [17]int32
	vals    []byte
	defined bool
	// table is what Image.Tables reports of this table: its definition
	// and which codes the scans used.
	table *HuffmanTable
}

// HuffmanTable is one Huffman table a file defines (DHT), as defined, and
// which of its codes the scans used.
type HuffmanTable struct {
	Class, ID byte // 0 DC or 1 AC; 0 to 3
	Counts    [16]byte
	Values    []byte
	// Used[i] is set when the code of Values[i] was read.
	Used []bool
}

const lutBits = 9

func buildHuff(counts []byte, vals []byte) (*huff, error) {
	h := &huff{vals: append([]byte{}, vals...), defined: true}
	code, k := int32(0), int32(0)
	for l := 1; l <= 16; l++ {
		n := int32(counts[l-1])
		if code+n > 1<<l {
			return nil, FormatError("bad Huffman table")
		}
		h.valptr[l] = k
		h.mincode[l] = code
		if n == 0 {
			h.maxcode[l] = -1
		} else {
			for i := int32(0); i < n; i++ {
				if l <= lutBits {
					c := code + i
					shift := lutBits - l
					for j := int32(0); j < 1<<shift; j++ {
						h.lut[c<<shift|j] = uint32(vals[k+i]) | uint32(l)<<8 | uint32(k+i)<<16
					}
				}
			}
			code += n
			k += n
			h.maxcode[l] = code - 1
		}
		code <<= 1
	}
	h.maxcode[17] = 1<<30 - 1
	return h, nil
}

type scanComp struct {
	c      *Component
	td, ta int
}

type decoder struct {
	img  *Image
	dc   [4]*huff
	ac   [4]*huff
	ri   int
	data []byte
	pos  int
	bits uint64
	n    uint // valid bits in bits
	fake uint // zero bits fed past the data's end or a marker (the last ones)
	eob  int
	pred [4]int

	quant    [4][64]uint16
	quantSet [4]bool

	jfif           bool
	adobe          bool
	adobeTransform byte
	tables         []*HuffmanTable
	quantDefs      int
}

// Read parses a JPEG file and decodes the coefficients of its picture.
func Read(b []byte) (*Image, error) {
	l, err := Walk(b)
	if err != nil {
		return nil, err
	}
	d := &decoder{}
segments:
	for _, s := range l.Segments {
		p := s.Payload
		switch m := s.Marker; {
		case m == 0xDB: // DQT
			if err := d.readDQT(p); err != nil {
				return nil, err
			}
		case m == 0xC4:
			if err := d.readDHT(p); err != nil {
				return nil, err
			}
		case m == 0xDD: // DRI
			if len(p) != 2 {
				return nil, FormatError("bad DRI")
			}
			d.ri = int(p[0])<<8 | int(p[1])
		case m == 0xC0 || m == 0xC1 || m == 0xC2:
			if d.img != nil {
				// A second frame: decoders show the first. Its data is
				// not read, so it is never written back.
				d.img.Frames++
				break segments
			}
			if err := d.readSOF(p, m == 0xC2); err != nil {
				return nil, err
			}
		case m == 0xC3 || (m >= 0xC5 && m <= 0xC7) || (m >= 0xC9 && m <= 0xCB) || (m >= 0xCD && m <= 0xCF):
			if d.img != nil {
				d.img.Frames++
				break segments
			}
			return nil, unsupported(fmt.Sprintf("frame type SOF%d (%s)", m-0xC0, sofName(m)))
		case m == 0xCC:
			return nil, unsupported("arithmetic coding")
		case m == 0xDC || m == 0xDE || m == 0xDF:
			return nil, unsupported(fmt.Sprintf("marker 0x%02X (DNL, DHP or EXP)", m))
		case m == 0xE0: // APP0
			if len(p) >= 5 && string(p[:5]) == "JFIF\x00" {
				d.jfif = true
			}
		case m == 0xEE: // APP14
			if len(p) >= 12 && string(p[:5]) == "Adobe" {
				d.adobe, d.adobeTransform = true, p[11]
			}
		case m == 0xDA: // SOS
			if d.img == nil {
				return nil, FormatError("scan before frame")
			}
			hl := len(p) + 4
			if err := d.readScan(p, b[s.Start+hl:s.End]); err != nil {
				return nil, err
			}
		}
	}
	if d.img == nil {
		return nil, FormatError("no frame")
	}
	img := d.img
	img.Color = d.colorModel()
	for _, t := range d.tables {
		img.Tables = append(img.Tables, *t)
	}
	img.QuantDefinitions = d.quantDefs
	for ci := range img.Components {
		c := &img.Components[ci]
		if !img.QuantUsed[c.Tq] {
			return nil, FormatError("quantisation table not defined")
		}
		// 8-bit samples give coefficients within -1024..1023 (libjpeg's
		// legal range: its encoder writes nothing else); a value beyond
		// is clamped, as the encoder would.
		for i, v := range c.Coef {
			if v > 1023 || v < -1024 {
				c.Coef[i] = max(-1024, min(1023, v))
				img.Clamped++
			}
		}
	}
	return img, nil
}

// sofName names the codings of the frame types the reader refuses.
func sofName(m byte) string {
	switch m {
	case 0xC3:
		return "lossless"
	case 0xC5, 0xC6, 0xC7:
		return "hierarchical"
	}
	return "arithmetic coding"
}

// colorModel decides how the components make colours, as Go's decoder
// does (libjpeg's jdapimin.c agrees for the files both read): JFIF means
// YCbCr; Adobe's transform 0 means RGB (three components) or CMYK (four);
// components named R, G, B mean RGB; four components are YCCK otherwise.
func (d *decoder) colorModel() ColorModel {
	c := d.img.Components
	switch len(c) {
	case 1:
		return Gray
	case 2:
		return Unknown
	case 3:
		if d.jfif {
			return YCbCr
		}
		if d.adobe && d.adobeTransform == 0 || c[0].ID == 'R' && c[1].ID == 'G' && c[2].ID == 'B' {
			return RGB
		}
		return YCbCr
	}
	if d.adobe && d.adobeTransform == 0 || !d.adobe {
		return CMYK
	}
	return YCCK
}

// Maskable returns nil when the picture's pixels can be decoded and coded
// again (Pixels, SetPixels, Reduced), and an error wrapping ErrUnsupported
// otherwise: two components, or sampling factors that do not divide the
// largest ones. Such a file can still be read and written whole.
func (m *Image) Maskable() error {
	if m.Color == Unknown {
		return unsupported("two components")
	}
	for _, c := range m.Components {
		if m.Hmax%c.H != 0 || m.Vmax%c.V != 0 {
			return unsupported("sampling factors that do not divide the largest")
		}
	}
	return nil
}

func (d *decoder) readDQT(p []byte) error {
	for len(p) > 0 {
		pq, tq := p[0]>>4, int(p[0]&15)
		if tq > 3 || pq > 1 {
			return FormatError("bad DQT")
		}
		size := 64 << pq
		if len(p) < 1+size {
			return FormatError("short DQT")
		}
		img := d.img
		var q *[64]uint16
		var tmp [64]uint16
		q = &tmp
		for i := 0; i < 64; i++ {
			if pq == 0 {
				q[i] = uint16(p[1+i])
			} else {
				q[i] = uint16(p[1+2*i])<<8 | uint16(p[2+2*i])
			}
		}
		d.quant[tq] = tmp
		d.quantSet[tq] = true
		d.quantDefs++
		if img != nil {
			img.Quant[tq], img.QuantUsed[tq] = tmp, true
		}
		p = p[1+size:]
	}
	return nil
}

func (d *decoder) readDHT(p []byte) error {
	for len(p) > 0 {
		if len(p) < 17 {
			return FormatError("short DHT")
		}
		tc, th := p[0]>>4, int(p[0]&15)
		if tc > 1 || th > 3 {
			return FormatError("bad DHT")
		}
		n := 0
		for _, c := range p[1:17] {
			n += int(c)
		}
		if n > 256 || len(p) < 17+n {
			return FormatError("bad DHT")
		}
		h, err := buildHuff(p[1:17], p[17:17+n])
		if err != nil {
			return err
		}
		h.table = &HuffmanTable{Class: tc, ID: byte(th), Values: h.vals, Used: make([]bool, n)}
		copy(h.table.Counts[:], p[1:17])
		d.tables = append(d.tables, h.table)
		if tc == 0 {
			d.dc[th] = h
		} else {
			d.ac[th] = h
		}
		p = p[17+n:]
	}
	return nil
}

// MaxPixels bounds the pictures Read accepts (a decompression bomb guard;
// the caller's limits are checked earlier).
var MaxPixels = 300_000_000

func (d *decoder) readSOF(p []byte, progressive bool) error {
	if len(p) < 6 {
		return FormatError("short SOF")
	}
	if p[0] != 8 {
		return unsupported(fmt.Sprintf("%d-bit samples", p[0]))
	}
	h, w, nc := int(p[1])<<8|int(p[2]), int(p[3])<<8|int(p[4]), int(p[5])
	if h == 0 {
		return unsupported("height defined by DNL")
	}
	if w == 0 || w*h > MaxPixels {
		return FormatError("bad picture size")
	}
	if nc < 1 || nc > 4 {
		return FormatError(fmt.Sprintf("%d components", nc))
	}
	if len(p) != 6+3*nc {
		return FormatError("bad SOF length")
	}
	img := &Image{Width: w, Height: h, Progressive: progressive, Hmax: 1, Vmax: 1}
	for i := 0; i < nc; i++ {
		c := Component{ID: p[6+3*i], H: int(p[7+3*i] >> 4), V: int(p[7+3*i] & 15), Tq: int(p[8+3*i])}
		if c.H < 1 || c.H > 4 || c.V < 1 || c.V > 4 || c.Tq > 3 {
			return FormatError("bad component")
		}
		for _, o := range img.Components {
			if o.ID == c.ID {
				return FormatError("duplicate component")
			}
		}
		if nc == 1 {
			c.H, c.V = 1, 1 // one component: an MCU is one block
		}
		img.Hmax, img.Vmax = max(img.Hmax, c.H), max(img.Vmax, c.V)
		img.Components = append(img.Components, c)
	}
	img.MCUsX = (w + 8*img.Hmax - 1) / (8 * img.Hmax)
	img.MCUsY = (h + 8*img.Vmax - 1) / (8 * img.Vmax)
	for i := range img.Components {
		c := &img.Components[i]
		c.BW, c.BH = img.MCUsX*c.H, img.MCUsY*c.V
		c.Coef = make([]int16, c.BW*c.BH*64)
	}
	img.Quant, img.QuantUsed = d.quant, d.quantSet
	d.img = img
	return nil
}

// compBlocks returns the blocks of a component that hold picture samples
// (a non-interleaved scan codes these only).
func (m *Image) compBlocks(c *Component) (int, int) {
	cw := (m.Width*c.H + m.Hmax - 1) / m.Hmax
	ch := (m.Height*c.V + m.Vmax - 1) / m.Vmax
	return (cw + 7) / 8, (ch + 7) / 8
}
