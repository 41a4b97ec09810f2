package photo

import (
	"encoding/binary"
	"fmt"
)

// A VP8 frame (the picture of a lossy WebP) is a header and up to nine
// partitions, each coded by its own boolean entropy decoder: the first
// holds the frame header and every macroblock's modes, the others the
// coefficients. The last partition has no declared size: it runs to the end
// of the chunk, and bytes after what its decoder reads pass through any
// copy that keeps the chunk. vp8Frame walks the whole frame as decoders do
// (without reconstructing pixels) and cuts each partition where its decoder
// stops reading.

// boolDecoder is VP8's boolean entropy decoder (RFC 6386, section 7), read
// as libwebp and golang.org/x/image/vp8 read it: a byte is loaded when
// fewer than 8 bits are left, so that pos, at the end, is exactly the bytes
// a decoder needs; eof is set when it needed one more.
type boolDecoder struct {
	buf     []byte
	pos     int
	rangeM1 uint32
	bits    uint32
	nBits   uint8
	eof     bool
}

func newBoolDecoder(b []byte) *boolDecoder { return &boolDecoder{buf: b, rangeM1: 254} }

func (p *boolDecoder) bit(prob uint8) bool {
	if p.nBits < 8 {
		if p.pos >= len(p.buf) {
			p.eof = true
			return false
		}
		p.bits |= uint32(p.buf[p.pos]) << (8 - p.nBits)
		p.pos++
		p.nBits += 8
	}
	split := (p.rangeM1*uint32(prob))>>8 + 1
	b := p.bits >= split<<8
	if b {
		p.rangeM1 -= split
		p.bits -= split << 8
	} else {
		p.rangeM1 = split - 1
	}
	for p.rangeM1 < 127 {
		p.rangeM1 = p.rangeM1<<1 | 1
		p.bits <<= 1
		p.nBits--
	}
	return b
}

func (p *boolDecoder) uint(prob uint8, n int) uint32 {
	var u uint32
	for ; n > 0; n-- {
		u <<= 1
		if p.bit(prob) {
			u |= 1
		}
	}
	return u
}

// optionalInt reads a flag and, when set, an n-bit magnitude and a sign.
func (p *boolDecoder) optionalInt(n int) {
	if p.bit(128) {
		p.uint(128, n+1)
	}
}

// vp8Frame returns a VP8 key frame cut to the bytes its decoders read: each
// partition ends where its boolean decoder stopped (at least one byte kept
// of a partition that had any), the first partition's size and the
// partition table are rewritten to match. It fails on a frame that is not a
// key frame or that decoders would find short.
func vp8Frame(d []byte) ([]byte, error) {
	if len(d) < 10 {
		return nil, FormatError("corrupt WebP: short VP8 frame")
	}
	tag := uint32(d[0]) | uint32(d[1])<<8 | uint32(d[2])<<16
	if tag&1 != 0 || d[3] != 0x9d || d[4] != 0x01 || d[5] != 0x2a {
		return nil, FormatError("corrupt WebP: a VP8 frame that is not a key frame")
	}
	if tag>>1&7 > 3 {
		return nil, FormatError("corrupt WebP: VP8 version over 3")
	}
	first := int(tag >> 5)
	w, h := int(binary.LittleEndian.Uint16(d[6:])&0x3fff), int(binary.LittleEndian.Uint16(d[8:])&0x3fff)
	if w == 0 || h == 0 || 10+first > len(d) {
		return nil, FormatError("corrupt WebP: bad VP8 frame header")
	}
	fp := newBoolDecoder(d[10 : 10+first])
	fp.bit(128) // colour space
	fp.bit(128) // clamping
	// Segments.
	useSegment, updateMap := fp.bit(128), false
	segProb := [3]uint8{255, 255, 255}
	if useSegment {
		updateMap = fp.bit(128)
		if fp.bit(128) { // update segment data
			fp.bit(128)
			for i := 0; i < 4; i++ {
				fp.optionalInt(7)
			}
			for i := 0; i < 4; i++ {
				fp.optionalInt(6)
			}
		}
		if updateMap {
			for i := range segProb {
				if fp.bit(128) {
					segProb[i] = uint8(fp.uint(128, 8))
				}
			}
		}
	}
	// Loop filter.
	fp.bit(128)
	fp.uint(128, 6)
	fp.uint(128, 3)
	if fp.bit(128) && fp.bit(128) {
		for i := 0; i < 8; i++ {
			fp.optionalInt(6)
		}
	}
	nParts := 1 << fp.uint(128, 2)
	// Quantisers.
	fp.uint(128, 7)
	for i := 0; i < 5; i++ {
		fp.optionalInt(4)
	}
	fp.bit(128) // refresh entropy probabilities
	prob := vp8DefaultTokenProb
	for i := range prob {
		for j := range prob[i] {
			for k := range prob[i][j] {
				for l := range prob[i][j][k] {
					if fp.bit(vp8TokenUpdateProb[i][j][k][l]) {
						prob[i][j][k][l] = uint8(fp.uint(128, 8))
					}
				}
			}
		}
	}
	useSkip, skipProb := fp.bit(128), uint8(0)
	if useSkip {
		skipProb = uint8(fp.uint(128, 8))
	}

	// The partitions.
	rest := d[10+first:]
	table := 3 * (nParts - 1)
	if len(rest) < table {
		return nil, FormatError("corrupt WebP: VP8 partition table cut off")
	}
	parts := make([]*boolDecoder, nParts)
	at := table
	for i := 0; i < nParts; i++ {
		n := len(rest) - at
		if i < nParts-1 {
			n = int(rest[3*i]) | int(rest[3*i+1])<<8 | int(rest[3*i+2])<<16
			if at+n > len(rest) {
				return nil, FormatError("corrupt WebP: VP8 partition past the frame")
			}
		}
		parts[i] = newBoolDecoder(rest[at : at+n])
		at += n
	}

	// Every macroblock: modes from the first partition, coefficients from
	// the others.
	mbw, mbh := (w+15)/16, (h+15)/16
	type mbState struct {
		pred [4]uint8 // 4x4 modes along the edge
		nz   uint8    // non-zero flags: 4 luma, 2+2 chroma
		nzY2 uint8
	}
	up := make([]mbState, mbw)
	for mby := 0; mby < mbh; mby++ {
		if fp.eof || parts[(mby+nParts-1)&(nParts-1)].eof {
			break // short: refused below
		}
		var left mbState
		tp := parts[mby&(nParts-1)]
		for mbx := 0; mbx < mbw; mbx++ {
			if updateMap {
				if !fp.bit(segProb[0]) {
					fp.bit(segProb[1])
				} else {
					fp.bit(segProb[2])
				}
			}
			skip := useSkip && fp.bit(skipProb)
			y16 := fp.bit(145)
			if y16 {
				var m uint8
				switch {
				case !fp.bit(156):
					m = 0 // DC
					if fp.bit(163) {
						m = 2 // VE
					}
				case !fp.bit(128):
					m = 3 // HE
				default:
					m = 1 // TM
				}
				left.pred = [4]uint8{m, m, m, m}
				up[mbx].pred = left.pred
			} else {
				for j := 0; j < 4; j++ {
					m := left.pred[j]
					for i := 0; i < 4; i++ {
						m = vp8BMode(fp, &vp8BModeProb[up[mbx].pred[i]][m])
						up[mbx].pred[i] = m
					}
					left.pred[j] = m
				}
			}
			// Chroma mode.
			if fp.bit(142) && fp.bit(114) {
				fp.bit(183)
			}
			if skip {
				if y16 {
					left.nzY2, up[mbx].nzY2 = 0, 0
				}
				left.nz, up[mbx].nz = 0, 0
				continue
			}
			plane := 3 // luma without Y2
			if y16 {
				nz := vp8Residuals(tp, &prob[1], left.nzY2+up[mbx].nzY2, 0)
				left.nzY2, up[mbx].nzY2 = nz, nz
				plane = 0
			}
			var lnz, unz uint8 = left.nz, up[mbx].nz
			var nlnz, nunz uint8
			for y := 0; y < 4; y++ {
				nz := lnz >> y & 1
				for x := 0; x < 4; x++ {
					start := 0
					if y16 {
						start = 1
					}
					nz = vp8Residuals(tp, &prob[plane], nz+unz>>x&1, start)
					unz = unz&^(1<<x) | nz<<x
				}
				nlnz |= nz << y
			}
			nunz = unz & 15
			for c := 0; c < 2; c++ { // Cb then Cr, 2x2 blocks each
				for y := 0; y < 2; y++ {
					nz := lnz >> (4 + 2*c + y) & 1
					for x := 0; x < 2; x++ {
						u := unz >> (4 + 2*c + x) & 1
						nz = vp8Residuals(tp, &prob[2], nz+u, 0)
						unz = unz&^(1<<(4+2*c+x)) | nz<<(4+2*c+x)
					}
					nlnz |= nz << (4 + 2*c + y)
				}
			}
			nunz |= unz & 0xF0
			left.nz, up[mbx].nz = nlnz, nunz
		}
	}
	if fp.eof {
		return nil, FormatError("corrupt WebP: the VP8 frame's first partition ends early")
	}
	for _, p := range parts {
		if p.eof {
			return nil, FormatError("corrupt WebP: a VP8 partition ends early")
		}
	}

	// The frame again, each partition cut where its decoder stopped.
	keep := func(p *boolDecoder) int {
		if p.pos == 0 && len(p.buf) > 0 {
			return 1 // decoders load a first byte, used or not
		}
		return p.pos
	}
	n0 := keep(fp)
	out := make([]byte, 0, len(d))
	tag = tag&0x1F | uint32(n0)<<5
	out = append(out, byte(tag), byte(tag>>8), byte(tag>>16))
	out = append(out, d[3:10]...)
	out = append(out, d[10:10+n0]...)
	for i := 0; i < nParts-1; i++ {
		n := keep(parts[i])
		out = append(out, byte(n), byte(n>>8), byte(n>>16))
	}
	for _, p := range parts {
		out = append(out, p.buf[:keep(p)]...)
	}
	if len(out) > len(d) {
		return nil, fmt.Errorf("VP8 frame grew when cut (%d to %d bytes)", len(d), len(out))
	}
	return out, nil
}

// vp8BMode reads a 4x4 block's prediction mode (RFC 6386, section 11.2).
func vp8BMode(p *boolDecoder, prob *[9]uint8) uint8 {
	switch {
	case !p.bit(prob[0]):
		return 0 // DC
	case !p.bit(prob[1]):
		return 1 // TM
	case !p.bit(prob[2]):
		return 2 // VE
	case !p.bit(prob[3]):
		switch {
		case !p.bit(prob[4]):
			return 3 // HE
		case !p.bit(prob[5]):
			return 4 // RD
		}
		return 5 // VR
	case !p.bit(prob[6]):
		return 6 // LD
	case !p.bit(prob[7]):
		return 7 // VL
	case !p.bit(prob[8]):
		return 8 // HD
	}
	return 9 // HU
}

// vp8Bands maps a coefficient's position to its probability band.
var vp8Bands = [17]uint8{0, 1, 2, 3, 6, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 0}

// vp8Cat3456 are the probabilities of the extra bits of the large
// coefficient categories (RFC 6386, section 13.2).
var vp8Cat3456 = [4][12]uint8{
	{173, 148, 140},
	{176, 155, 140, 135},
	{180, 157, 141, 134, 130},
	{254, 254, 243, 230, 196, 177, 153, 140, 133, 130, 129},
}

// vp8Residuals reads the tokens of one 4x4 block from its first coefficient
// on (RFC 6386, section 13) and returns 1 when it coded any.
func vp8Residuals(p *boolDecoder, prob *[8][3][11]uint8, ctx uint8, n int) uint8 {
	pr := &prob[vp8Bands[n]][ctx]
	if !p.bit(pr[0]) {
		return 0
	}
	for n != 16 {
		n++
		if !p.bit(pr[1]) {
			pr = &prob[vp8Bands[n]][0]
			continue
		}
		if !p.bit(pr[2]) {
			pr = &prob[vp8Bands[n]][1]
		} else {
			switch {
			case !p.bit(pr[3]):
				if p.bit(pr[4]) {
					p.bit(pr[5])
				}
			case !p.bit(pr[6]):
				if !p.bit(pr[7]) {
					p.bit(159)
				} else {
					p.bit(165)
					p.bit(145)
				}
			default:
				b1 := p.uint(pr[8], 1)
				b0 := p.uint(pr[9+b1], 1)
				for _, q := range vp8Cat3456[2*b1+b0] {
					if q == 0 {
						break
					}
					p.bit(q)
				}
			}
			pr = &prob[vp8Bands[n]][2]
		}
		p.bit(128) // sign
		if n == 16 || !p.bit(pr[0]) {
			return 1
		}
	}
	return 1
}
