package jpegcoef

import "math/bits"

// encodeProgressive writes the picture as a progressive JPEG by spectral
// selection alone (no successive approximation): the DC coefficients of
// every component in one interleaved scan, then the AC coefficients of
// each component, the luma's in two bands (1-5 and 6-63). Each scan has
// Huffman tables optimised for it, and runs of blocks with nothing left in
// a band are coded as one end-of-band run.
func (m *Image) encodeProgressive(segments [][]byte) []byte {
	out := m.header(segments, true)

	// The DC scans: one, interleaved, unless an MCU holds too many blocks.
	for _, comps := range m.scans() {
		var dcFreq [2][257]int
		var used [2]bool
		m.walkScan(comps, func(ci int, blk []int16, pred *int) {
			diff := int(blk[0]) - *pred
			*pred = int(blk[0])
			used[m.table(ci)] = true
			dcFreq[m.table(ci)][magnitude(diff)]++
		})
		var dht []byte
		var dcCode [2]huffCode
		for t := 0; t < 2; t++ {
			if used[t] {
				spec := optimalSpec(dcFreq[t])
				dht = spec.append(dht, byte(t))
				dcCode[t] = spec.codes()
			}
		}
		out = appendSegment(out, 0xC4, dht)
		sos := []byte{byte(len(comps))}
		for _, ci := range comps {
			sos = append(sos, m.Components[ci].ID, byte(m.table(ci)<<4))
		}
		out = appendSegment(out, 0xDA, append(sos, 0, 0, 0))
		w := bitWriter{out: out}
		m.walkScan(comps, func(ci int, blk []int16, pred *int) {
			c := &dcCode[m.table(ci)]
			diff := int(blk[0]) - *pred
			*pred = int(blk[0])
			s := magnitude(diff)
			w.put(uint64(c.code[s])<<uint(s)|uint64(valueBits(diff, s)), uint(c.size[s])+uint(s))
		})
		w.flush()
		out = w.out
	}

	// The AC scans.
	for ci := range m.Components {
		bands := [][2]int{{1, 63}}
		if ci == 0 {
			bands = [][2]int{{1, 5}, {6, 63}}
		}
		for _, band := range bands {
			var freq [257]int
			m.acFirst(ci, band[0], band[1], func(sym int, _ uint64, _ uint) { freq[sym]++ })
			spec := optimalSpec(freq)
			code := spec.codes()
			out = appendSegment(out, 0xC4, spec.append(nil, 0x10))
			out = appendSegment(out, 0xDA, []byte{1, m.Components[ci].ID, 0, byte(band[0]), byte(band[1]), 0})
			w := bitWriter{out: out}
			m.acFirst(ci, band[0], band[1], func(sym int, extra uint64, n uint) {
				w.put(uint64(code.code[sym])<<n|extra, uint(code.size[sym])+n)
			})
			w.flush()
			out = w.out
		}
	}
	return append(out, 0xFF, 0xD9)
}

// acFirst codes coefficients ss to se of component ci's blocks, in the
// order of a scan of that component alone, as a first AC scan without
// successive approximation: emit gets each symbol and its extra bits (n of
// them).
func (m *Image) acFirst(ci, ss, se int, emit func(sym int, extra uint64, n uint)) {
	c := &m.Components[ci]
	bw, bh := m.compBlocks(c)
	eobrun := 0
	flushEOB := func() {
		if eobrun == 0 {
			return
		}
		n := bits.Len(uint(eobrun)) - 1
		emit(n<<4, uint64(eobrun-1<<n), uint(n))
		eobrun = 0
	}
	for by := 0; by < bh; by++ {
		for bx := 0; bx < bw; bx++ {
			blk := c.Block(bx, by)
			r := 0
			for k := ss; k <= se; k++ {
				v := int(blk[k])
				if v == 0 {
					r++
					continue
				}
				flushEOB()
				for r > 15 {
					emit(0xF0, 0, 0)
					r -= 16
				}
				s := magnitude(v)
				emit(r<<4|s, uint64(valueBits(v, s)), uint(s))
				r = 0
			}
			if r > 0 {
				eobrun++
				if eobrun == 0x7FFF {
					flushEOB()
				}
			}
		}
	}
	flushEOB()
}
