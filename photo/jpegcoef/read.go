// Package jpegcoef reads and writes the quantised DCT coefficients of a JPEG
// file, so that a photo can be changed block by block: the blocks a mask
// touches are decoded, painted and quantised again with the photo's own
// tables, and every other block's coefficients are written back unchanged.
// Outside the changed blocks the decoded picture is the original's, bit for
// bit.
//
// It reads baseline, extended and progressive Huffman-coded 8-bit JPEGs with
// one (grey) or three (YCbCr) components, any sampling whose chroma factors
// divide the luma's (4:4:4, 4:2:2, 4:2:0, 4:4:0, 4:1:1) and restart
// intervals. Arithmetic coding, 12-bit samples, lossless and hierarchical
// JPEGs, CMYK and RGB-coded files return an error wrapping ErrUnsupported.
// It writes one baseline (or extended, when a quantisation table needs 16
// bits) sequential scan with Huffman tables optimised for the picture.
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
}

// MCUSize returns the width and height of an MCU in pixels.
func (m *Image) MCUSize() (int, int) { return 8 * m.Hmax, 8 * m.Vmax }

type huff struct {
	lut     [1 << lutBits]uint16 // symbol | length<<8, 0 when longer
	maxcode [18]int32
	valptr  [17]int32
	mincode [17]int32
	vals    []byte
	defined bool
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
						h.lut[c<<shift|j] = uint16(vals[k+i]) | uint16(l)<<8
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
}

// Read parses a JPEG file and decodes the coefficients of its picture.
func Read(b []byte) (*Image, error) {
	l, err := Walk(b)
	if err != nil {
		return nil, err
	}
	d := &decoder{}
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
				return nil, FormatError("two frames")
			}
			if err := d.readSOF(p, m == 0xC2); err != nil {
				return nil, err
			}
		case m == 0xC3 || (m >= 0xC5 && m <= 0xC7) || (m >= 0xC9 && m <= 0xCB) || (m >= 0xCD && m <= 0xCF):
			return nil, unsupported(fmt.Sprintf("frame type SOF%d (lossless, hierarchical or arithmetic)", m-0xC0))
		case m == 0xCC:
			return nil, unsupported("arithmetic coding")
		case m == 0xDC || m == 0xDE || m == 0xDF:
			return nil, unsupported(fmt.Sprintf("marker 0x%02X", m))
		case m == 0xEE: // APP14
			if len(p) >= 12 && string(p[:5]) == "Adobe" && p[11] != 1 && d.img == nil {
				// Transform 0 is RGB or CMYK, 2 is YCCK: not YCbCr.
				if p[11] == 0 || p[11] == 2 {
					return nil, unsupported("Adobe colour transform other than YCbCr")
				}
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
	for _, c := range d.img.Components {
		if !d.img.QuantUsed[c.Tq] {
			return nil, FormatError("quantisation table not defined")
		}
		// 8-bit samples give coefficients within +-1023 (+-1024 for
		// rounding); beyond, a baseline file could not hold them.
		for _, v := range c.Coef {
			if v > 1023 || v < -1023 {
				return nil, FormatError("coefficient out of range")
			}
		}
	}
	return d.img, nil
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
			if q[i] == 0 {
				return FormatError("zero quantiser")
			}
		}
		d.quant[tq] = tmp
		d.quantSet[tq] = true
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
	if nc != 1 && nc != 3 {
		return unsupported(fmt.Sprintf("%d components", nc))
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
	for _, c := range img.Components {
		if img.Hmax%c.H != 0 || img.Vmax%c.V != 0 {
			return unsupported("sampling factors that do not divide the largest")
		}
	}
	if nc == 3 && (img.Components[0].H != img.Hmax || img.Components[0].V != img.Vmax) {
		return unsupported("chroma sampled more finely than luma")
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
