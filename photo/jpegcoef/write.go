package jpegcoef

import (
	"math/bits"
)

// Encode writes the picture as a sequential Huffman-coded JPEG with tables
// optimised for its coefficients: SOI, the given segments (each a whole
// marker segment, written as is), the quantisation tables, the frame header
// (baseline, or extended sequential when a table needs 16-bit entries), the
// Huffman tables, the scan and EOI. No restart markers are written. A
// picture read from a progressive JPEG is written progressive
// (encodeProgressive): written sequential, it would be 2.6 to 4.6% larger
// than its original.
//
// Encode first makes canonical what the picture does not show
// (Canonicalize), so that the bytes written depend on the pixels alone.
func (m *Image) Encode(segments [][]byte) []byte {
	m.Canonicalize()
	if m.Progressive {
		return m.encodeProgressive(segments)
	}
	out := m.header(segments, false)
	for _, comps := range m.scans() {
		out = m.sequentialScan(out, comps)
	}
	return append(out, 0xFF, 0xD9)
}

// scans lists the components of each sequential scan (or DC scan of a
// progressive picture): one interleaved scan, or one scan per component
// when an MCU would hold more than the 10 blocks a scan may interleave.
func (m *Image) scans() [][]int {
	all, blocks := []int{}, 0
	for ci, c := range m.Components {
		all = append(all, ci)
		blocks += c.H * c.V
	}
	if len(all) == 1 || blocks <= 10 {
		return [][]int{all}
	}
	var out [][]int
	for _, ci := range all {
		out = append(out, []int{ci})
	}
	return out
}

// table is the Huffman table (0 or 1) of component ci: the luma's (and,
// for four components, the black's) 0, the others' 1.
func (m *Image) table(ci int) int {
	if ci == 0 || ci == 3 {
		return 0
	}
	return 1
}

// sequentialScan appends the Huffman tables and the scan of components
// comps, all their coefficients.
func (m *Image) sequentialScan(out []byte, comps []int) []byte {
	// Pass 1: symbol frequencies.
	var dcFreq, acFreq [2][257]int
	var used [2]bool
	m.walkScan(comps, func(ci int, blk []int16, pred *int) {
		t := m.table(ci)
		used[t] = true
		diff := int(blk[0]) - *pred
		*pred = int(blk[0])
		dcFreq[t][magnitude(diff)]++
		r := 0
		for k := 1; k < 64; k++ {
			v := blk[k]
			if v == 0 {
				r++
				continue
			}
			for r > 15 {
				acFreq[t][0xF0]++
				r -= 16
			}
			acFreq[t][r<<4|magnitude(int(v))]++
			r = 0
		}
		if r > 0 {
			acFreq[t][0]++
		}
	})
	var dcCode, acCode [2]huffCode
	var dht []byte
	for t := 0; t < 2; t++ {
		if !used[t] {
			continue
		}
		dcSpec, acSpec := optimalSpec(dcFreq[t]), optimalSpec(acFreq[t])
		dcCode[t], acCode[t] = dcSpec.codes(), acSpec.codes()
		dht = dcSpec.append(dht, byte(t))
		dht = acSpec.append(dht, 0x10|byte(t))
	}
	out = appendSegment(out, 0xC4, dht)
	sos := []byte{byte(len(comps))}
	for _, ci := range comps {
		t := byte(m.table(ci))
		sos = append(sos, m.Components[ci].ID, t<<4|t)
	}
	out = appendSegment(out, 0xDA, append(sos, 0, 63, 0))

	// Pass 2: the scan.
	w := bitWriter{out: out}
	m.walkScan(comps, func(ci int, blk []int16, pred *int) {
		t := m.table(ci)
		dcc, acc := &dcCode[t], &acCode[t]
		diff := int(blk[0]) - *pred
		*pred = int(blk[0])
		s := magnitude(diff)
		w.put(uint64(dcc.code[s]), uint(dcc.size[s]))
		if s > 0 {
			w.put(uint64(valueBits(diff, s)), uint(s))
		}
		r := 0
		for k := 1; k < 64; k++ {
			v := blk[k]
			if v == 0 {
				r++
				continue
			}
			for r > 15 {
				w.put(uint64(acc.code[0xF0]), uint(acc.size[0xF0]))
				r -= 16
			}
			s := magnitude(int(v))
			sym := r<<4 | s
			w.put(uint64(acc.code[sym])<<uint(s)|uint64(valueBits(int(v), s)), uint(acc.size[sym])+uint(s))
			r = 0
		}
		if r > 0 {
			w.put(uint64(acc.code[0]), uint(acc.size[0]))
		}
	})
	w.flush()
	return w.out
}

// Canonicalize sets what the picture does not show to values that depend
// on what it shows, so that nothing can hide there:
//
//   - the blocks past the picture's edge that complete the last MCUs (no
//     decoder shows them) get the DC coefficient of the nearest block
//     inside and no AC coefficient;
//   - a coefficient whose quantiser is zero (it changes no pixel) is
//     cleared, and a quantiser of a frequency no block uses (its
//     coefficients are all zero, so it changes no pixel) becomes the one of the frequency
//     before it, in zig-zag order (the first used one's for the leading
//     unused ones; 1 in a table no block uses at all);
//   - tables are numbered in order of first use and components 1, 2, 3, 4
//     (R, G, B in an RGB picture, which is how decoders tell it).
func (m *Image) Canonicalize() {
	for ci := range m.Components {
		c := &m.Components[ci]
		bw, bh := m.compBlocks(c)
		for by := 0; by < c.BH; by++ {
			for bx := 0; bx < c.BW; bx++ {
				if bx < bw && by < bh {
					continue
				}
				blk := c.Block(bx, by)
				dc := c.Block(min(bx, bw-1), min(by, bh-1))[0]
				clear(blk)
				blk[0] = dc
			}
		}
	}
	// Quantisers. A coefficient quantised by zero shows nothing: it is
	// cleared first.
	for ci := range m.Components {
		c := &m.Components[ci]
		q := &m.Quant[c.Tq]
		for k := 0; k < 64; k++ {
			if q[k] == 0 {
				for i := k; i < len(c.Coef); i += 64 {
					c.Coef[i] = 0
				}
			}
		}
	}
	used := m.usedFrequencies()
	renum := map[int]int{}
	var quant [4][64]uint16
	var quantUsed [4]bool
	for ci := range m.Components {
		c := &m.Components[ci]
		n, ok := renum[c.Tq]
		if !ok {
			n = len(renum)
			renum[c.Tq] = n
			quant[n], quantUsed[n] = canonicalQuant(m.Quant[c.Tq], &used[c.Tq]), true
		}
		c.Tq = n
		c.ID = m.canonicalID(ci)
	}
	m.Quant, m.QuantUsed = quant, quantUsed
}

// canonicalID is the identifier Canonicalize gives component ci.
func (m *Image) canonicalID(ci int) byte {
	if m.Color == RGB {
		return "RGB"[ci]
	}
	return byte(ci + 1)
}

// usedFrequencies reports, per quantisation table, the frequencies some
// block of a component using it has a coefficient at.
func (m *Image) usedFrequencies() (used [4][64]bool) {
	for ci := range m.Components {
		c := &m.Components[ci]
		var acc [64]int16
		for i := 0; i+64 <= len(c.Coef); i += 64 {
			blk := (*[64]int16)(c.Coef[i : i+64])
			for k := range acc {
				acc[k] |= blk[k]
			}
		}
		for k, v := range acc {
			if v != 0 {
				used[c.Tq][k] = true
			}
		}
	}
	return used
}

// canonicalQuant is a quantisation table with the quantisers of the
// frequencies no block uses set as Canonicalize says.
func canonicalQuant(q [64]uint16, u *[64]bool) [64]uint16 {
	first := -1
	for k := 0; k < 64; k++ {
		if u[k] {
			first = k
			break
		}
	}
	for k := 0; k < 64; k++ {
		switch {
		case first < 0:
			q[k] = 1
		case k < first:
			q[k] = q[first]
		case !u[k]:
			q[k] = q[k-1]
		}
	}
	return q
}

// Problems lists where a picture read from a file is not as Encode writes
// it, without writing it: blocks past the edge, quantisers, component
// numbering and tables not canonical (Canonicalize), Huffman tables with a
// code no scan used, bytes no block used. nil
// means the file is what Encode would write of its coefficients, bar the
// order of its segments.
func (m *Image) Problems() []string {
	var bad []string
	if m.Slack > 0 || m.Padding > 0 || m.Short > 0 || m.Frames > 0 || m.Clamped > 0 {
		bad = append(bad, "scan data beyond its blocks")
	}
	for ci := range m.Components {
		c := &m.Components[ci]
		bw, bh := m.compBlocks(c)
	padding:
		for by := 0; by < c.BH; by++ {
			for bx := 0; bx < c.BW; bx++ {
				if bx < bw && by < bh {
					continue
				}
				blk := c.Block(bx, by)
				if blk[0] != c.Block(min(bx, bw-1), min(by, bh-1))[0] {
					bad = append(bad, "blocks past the edge")
					break padding
				}
				for _, v := range blk[1:] {
					if v != 0 {
						bad = append(bad, "blocks past the edge")
						break padding
					}
				}
			}
		}
		if c.ID != m.canonicalID(ci) {
			bad = append(bad, "component identifiers")
		}
		if ci == 0 && c.Tq != 0 || ci > 0 && c.Tq > m.Components[ci-1].Tq+1 {
			bad = append(bad, "quantisation table numbers")
		}
	}
	tables := 0
	for t := 0; t < 4; t++ {
		if m.usesTable(t) {
			tables++
		}
	}
	if m.QuantDefinitions != tables {
		bad = append(bad, "quantisation tables no component uses")
	}
	used := m.usedFrequencies()
	for t := 0; t < 4; t++ {
		if m.usesTable(t) {
			q := m.Quant[t]
			for k := range q {
				if q[k] == 0 && used[t][k] {
					bad = append(bad, "coefficients quantised by zero")
				}
			}
			if canonicalQuant(q, &used[t]) != q {
				bad = append(bad, "quantisers of frequencies no block uses")
			}
		}
	}
	for _, h := range m.Tables {
		for _, u := range h.Used {
			if !u {
				bad = append(bad, "a Huffman code no scan uses")
				break
			}
		}
	}
	return bad
}

// header is SOI, the segments, the quantisation tables and the frame
// header: baseline, extended sequential (16-bit tables) or progressive.
func (m *Image) header(segments [][]byte, progressive bool) []byte {
	out := make([]byte, 0, len(m.Components[0].Coef)/2)
	out = append(out, 0xFF, 0xD8)
	for _, s := range segments {
		out = append(out, s...)
	}
	// DQT
	extended := false
	for t := 0; t < 4; t++ {
		if !m.usesTable(t) {
			continue
		}
		wide := false
		for _, q := range m.Quant[t] {
			if q > 255 {
				wide = true
			}
		}
		var p []byte
		if wide {
			extended = true
			p = append(p, 0x10|byte(t))
			for _, q := range m.Quant[t] {
				p = append(p, byte(q>>8), byte(q))
			}
		} else {
			p = append(p, byte(t))
			for _, q := range m.Quant[t] {
				p = append(p, byte(q))
			}
		}
		out = appendSegment(out, 0xDB, p)
	}
	// SOF
	sof := []byte{8, byte(m.Height >> 8), byte(m.Height), byte(m.Width >> 8), byte(m.Width), byte(len(m.Components))}
	for _, c := range m.Components {
		sof = append(sof, c.ID, byte(c.H<<4|c.V), byte(c.Tq))
	}
	marker := byte(0xC0)
	switch {
	case progressive:
		marker = 0xC2
	case extended:
		marker = 0xC1
	}
	out = appendSegment(out, marker, sof)
	return out
}

func (m *Image) usesTable(t int) bool {
	for _, c := range m.Components {
		if c.Tq == t {
			return true
		}
	}
	return false
}

// walkScan calls f on every block of the components comps in the order of
// one scan of them: MCU by MCU for several components, the component's
// blocks row by row for one.
func (m *Image) walkScan(comps []int, f func(ci int, blk []int16, pred *int)) {
	var pred [4]int
	if len(comps) == 1 {
		ci := comps[0]
		c := &m.Components[ci]
		bw, bh := m.compBlocks(c)
		for by := 0; by < bh; by++ {
			for bx := 0; bx < bw; bx++ {
				f(ci, c.Block(bx, by), &pred[ci])
			}
		}
		return
	}
	for my := 0; my < m.MCUsY; my++ {
		for mx := 0; mx < m.MCUsX; mx++ {
			for _, ci := range comps {
				c := &m.Components[ci]
				for v := 0; v < c.V; v++ {
					row := (my*c.V + v) * c.BW
					for h := 0; h < c.H; h++ {
						i := (row + mx*c.H + h) * 64
						f(ci, c.Coef[i:i+64:i+64], &pred[ci])
					}
				}
			}
		}
	}
}

func appendSegment(out []byte, marker byte, p []byte) []byte {
	n := len(p) + 2
	out = append(out, 0xFF, marker, byte(n>>8), byte(n))
	return append(out, p...)
}

// magnitude is the JPEG size category of v: the bits of |v|.
func magnitude(v int) int {
	if v < 0 {
		v = -v
	}
	return bits.Len(uint(v))
}

// valueBits are the s low bits that code v (ones' complement when
// negative).
func valueBits(v, s int) int {
	if v < 0 {
		v--
	}
	return v & (1<<s - 1)
}

type bitWriter struct {
	out []byte
	acc uint64
	n   uint
}

// put appends the size low bits of code (size at most 32).
func (w *bitWriter) put(code uint64, size uint) {
	w.acc = w.acc<<size | code
	w.n += size
	if w.n >= 32 {
		for w.n >= 8 {
			w.n -= 8
			b := byte(w.acc >> w.n)
			w.out = append(w.out, b)
			if b == 0xFF {
				w.out = append(w.out, 0)
			}
		}
	}
}

// flush pads the last byte with ones.
func (w *bitWriter) flush() {
	if w.n%8 != 0 {
		pad := 8 - w.n%8
		w.put(1<<pad-1, pad)
	}
	for w.n >= 8 {
		w.n -= 8
		b := byte(w.acc >> w.n)
		w.out = append(w.out, b)
		if b == 0xFF {
			w.out = append(w.out, 0)
		}
	}
}

// huffSpec is a Huffman table as DHT stores it.
type huffSpec struct {
	counts [16]byte
	vals   []byte
}

type huffCode struct {
	code [256]uint32
	size [256]uint8
}

func (s huffSpec) append(b []byte, class byte) []byte {
	b = append(b, class)
	b = append(b, s.counts[:]...)
	return append(b, s.vals...)
}

func (s huffSpec) codes() huffCode {
	var h huffCode
	code, k := uint32(0), 0
	for l := 1; l <= 16; l++ {
		for i := 0; i < int(s.counts[l-1]); i++ {
			h.code[s.vals[k]] = code
			h.size[s.vals[k]] = uint8(l)
			code++
			k++
		}
		code <<= 1
	}
	return h
}

// optimalSpec builds a Huffman table of at most 16-bit codes for the
// symbol frequencies, as in Annex K.2 of the JPEG standard: a reserved
// symbol keeps the all-ones code out of use.
func optimalSpec(freq [257]int) huffSpec {
	var size [257]int
	var others [257]int
	for i := range others {
		others[i] = -1
	}
	used := 0
	for i := 0; i < 256; i++ {
		if freq[i] > 0 {
			used++
		}
	}
	if used == 0 {
		freq[0] = 1 // a table must code something
	}
	freq[256] = 1
	for {
		c1, c2 := -1, -1
		v1, v2 := int(^uint(0)>>1), int(^uint(0)>>1)
		for i := 0; i <= 256; i++ {
			if freq[i] > 0 && freq[i] <= v1 {
				v1, c1 = freq[i], i
			}
		}
		for i := 0; i <= 256; i++ {
			if freq[i] > 0 && freq[i] <= v2 && i != c1 {
				v2, c2 = freq[i], i
			}
		}
		if c2 < 0 {
			break
		}
		freq[c1] += freq[c2]
		freq[c2] = 0
		size[c1]++
		for others[c1] >= 0 {
			c1 = others[c1]
			size[c1]++
		}
		others[c1] = c2
		size[c2]++
		for others[c2] >= 0 {
			c2 = others[c2]
			size[c2]++
		}
	}
	var count [33]int
	for i := 0; i <= 256; i++ {
		if size[i] > 0 {
			count[size[i]]++
		}
	}
	for i := 32; i > 16; i-- {
		for count[i] > 0 {
			j := i - 2
			for count[j] == 0 {
				j--
			}
			count[i] -= 2
			count[i-1]++
			count[j+1] += 2
			count[j]--
		}
	}
	i := 16
	for count[i] == 0 {
		i--
	}
	count[i]-- // the reserved symbol
	var s huffSpec
	for l := 1; l <= 16; l++ {
		s.counts[l-1] = byte(count[l])
	}
	for l := 1; l <= 32; l++ {
		for sym := 0; sym < 256; sym++ {
			if size[sym] == l {
				s.vals = append(s.vals, byte(sym))
			}
		}
	}
	return s
}
