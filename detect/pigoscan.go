package detect

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"

	pigo "github.com/esimov/pigo/core"
)

// cascade is pigo's face cascade read for a faster upright scan: the same
// trees, tests and sums as pigo's RunCascade (so the same detections,
// TestUprightScanIsPigos), with each test's two pixel offsets computed once
// per window size rather than once per window.
type cascade struct {
	depth int       // tests per tree
	trees int       // trees in the cascade
	codes []int8    // per tree, 4 per node (the first node unused): row and column of two pixels, in 1/256 of the window
	pred  []float32 // per tree, 1 << depth leaf values
	thr   []float32 // per tree, the running sum's rejection threshold
}

// unpackCascade reads a cascade file as pigo's Unpack does.
func unpackCascade(b []byte) (*cascade, error) {
	if len(b) < 16 {
		return nil, fmt.Errorf("detect: face cascade: %d bytes", len(b))
	}
	c := &cascade{depth: int(binary.LittleEndian.Uint32(b[8:])), trees: int(binary.LittleEndian.Uint32(b[12:]))}
	if c.depth < 1 || c.depth > 16 {
		return nil, fmt.Errorf("detect: face cascade: tree depth %d", c.depth)
	}
	leaves := 1 << c.depth
	per := 4*leaves - 4 + 4*leaves + 4
	if c.trees < 1 || len(b) < 16+c.trees*per {
		return nil, fmt.Errorf("detect: face cascade: %d trees in %d bytes", c.trees, len(b))
	}
	pos := 16
	for range c.trees {
		c.codes = append(c.codes, 0, 0, 0, 0)
		for _, v := range b[pos : pos+4*leaves-4] {
			c.codes = append(c.codes, int8(v))
		}
		pos += 4*leaves - 4
		for range leaves {
			c.pred = append(c.pred, math.Float32frombits(binary.LittleEndian.Uint32(b[pos:])))
			pos += 4
		}
		c.thr = append(c.thr, math.Float32frombits(binary.LittleEndian.Uint32(b[pos:])))
		pos += 4
	}
	return c, nil
}

// runUpright is pigo's RunCascade(cp, 0): every window from cp.MinSize to
// cp.MaxSize, scored, kept when the score is positive.
func (c *cascade) runUpright(cp pigo.CascadeParams) []pigo.Detection {
	var dets []pigo.Detection
	pix, dim := cp.Pixels, cp.Dim
	if cp.Rows < 1 || cp.Cols > dim || len(pix) < cp.Rows*dim {
		return nil // classify reads pix without bounds checks
	}
	leaves := 1 << c.depth
	offs := make([]int32, len(c.codes)/2)
	for scale := cp.MinSize; scale <= cp.MaxSize; scale = int(float64(scale) + math.Max(2, float64(scale)*cp.ScaleFactor-float64(scale))) {
		// (256*row + code*scale) >> 8 is row + (code*scale) >> 8: the
		// offsets of a window size hold for every window of that size.
		for i := 0; i < len(c.codes); i += 2 {
			offs[i/2] = int32((int(c.codes[i])*scale>>8)*dim + int(c.codes[i+1])*scale>>8)
		}
		step := int(math.Max(cp.ShiftFactor*float64(scale), 1))
		offset := scale/2 + 1
		for row := offset; row <= cp.Rows-offset; row += step {
			for col := offset; col <= cp.Cols-offset; col += step {
				if q := c.classify(pix, row*dim+col, offs, leaves); q > 0 {
					dets = append(dets, pigo.Detection{Row: row, Col: col, Scale: scale, Q: q})
				}
			}
		}
	}
	return dets
}

// classify is pigo's classifyRegion for the window centred at pixel base.
// It reads the pixels through a pointer, without bounds checks (a third of
// the scan's time): runUpright only scores windows inside the picture, and
// a test's pixel is at most half the window's side from its centre, so
// base+offs stays inside pix. Trees of depth 6 (pico's face cascade) are
// unrolled.
func (c *cascade) classify(pix []uint8, base int, offs []int32, leaves int) float32 {
	p := unsafe.Pointer(&pix[base])
	pred, thr := c.pred, c.thr[:c.trees]
	var out float32
	for i := range thr {
		o := offs[2*leaves*i : 2*leaves*(i+1)]
		idx := 1
		if c.depth == 6 {
			idx = descend(p, o, descend(p, o, descend(p, o, descend(p, o, descend(p, o, descend(p, o, idx))))))
		} else {
			for range c.depth {
				idx = descend(p, o, idx)
			}
		}
		out += pred[leaves*i+idx-leaves]
		if out <= thr[i] {
			return -1
		}
	}
	return out - thr[len(thr)-1]
}

// descend takes one step down a tree from node idx: to 2 idx + 1 when the
// node's first pixel is not brighter than its second, else to 2 idx
// (without a branch: which way a face goes is not predictable).
func descend(p unsafe.Pointer, o []int32, idx int) int {
	a := *(*uint8)(unsafe.Add(p, o[2*idx]))
	b := *(*uint8)(unsafe.Add(p, o[2*idx+1]))
	return 2*idx + int(b2i(a <= b))
}

// b2i is 1 for true, 0 for false (the compiler makes it a SETcc).
func b2i(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}
