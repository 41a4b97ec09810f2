package hidden

import (
	"encoding/binary"
	"errors"
)

type box struct {
	typ        string
	start, end int
	body       int
}

func boxes(b []byte, start, end int) ([]box, error) {
	var out []box
	for i := start; i+8 <= end; {
		size := int(binary.BigEndian.Uint32(b[i:]))
		bx := box{typ: string(b[i+4 : i+8]), start: i, body: i + 8}
		if size == 0 {
			size = end - i
		}
		if size < 8 || i+size > end {
			return nil, errors.New("box past the end")
		}
		bx.end = i + size
		out = append(out, bx)
		i = bx.end
	}
	return out, nil
}

func find(bs []box, typ string) (box, bool) {
	for _, x := range bs {
		if x.typ == typ {
			return x, true
		}
	}
	return box{}, false
}

func mkbox(typ string, body []byte) []byte {
	return concat(binary.BigEndian.AppendUint32(nil, uint32(8+len(body))), []byte(typ), body)
}

// readN reads an n-byte big-endian field.
func readN(b []byte, n int) uint64 {
	var v uint64
	for k := 0; k < n; k++ {
		v = v<<8 | uint64(b[k])
	}
	return v
}

func writeN(b []byte, n int, v uint64) {
	for k := n - 1; k >= 0; k-- {
		b[k] = byte(v)
		v >>= 8
	}
}

// heicWithSEI adds an SEI NAL unit holding SEIHvcCSecret to every hvcC
// property (a new array), and one holding SEIDataSecret before the coded
// data of the primary item (or of a grid's first tile), moved to a new
// mdat box at the end of the file; iloc is rewritten to match.
func heicWithSEI(b []byte) ([]byte, error) {
	top, err := boxes(b, 0, len(b))
	if err != nil {
		return nil, err
	}
	meta, ok := find(top, "meta")
	if !ok {
		return nil, errors.New("no meta box")
	}
	kids, err := boxes(b, meta.body+4, meta.end)
	if err != nil {
		return nil, err
	}
	iprp, ok1 := find(kids, "iprp")
	iloc, ok2 := find(kids, "iloc")
	pitm, ok3 := find(kids, "pitm")
	if !ok1 || !ok2 || !ok3 {
		return nil, errors.New("no iprp, iloc or pitm")
	}
	pk, err := boxes(b, iprp.body, iprp.end)
	if err != nil {
		return nil, err
	}
	ipco, ok := find(pk, "ipco")
	if !ok {
		return nil, errors.New("no ipco")
	}
	props, err := boxes(b, ipco.body, ipco.end)
	if err != nil {
		return nil, err
	}
	lengthSize := 4
	var newIpco []byte
	for _, p := range props {
		if p.typ != "hvcC" || p.end-p.body < 23 {
			newIpco = append(newIpco, b[p.start:p.end]...)
			continue
		}
		c := append([]byte{}, b[p.body:p.end]...)
		lengthSize = int(c[21]&3) + 1
		c[22]++
		nal := concat([]byte{39 << 1, 1}, []byte(SEIHvcCSecret))
		c = append(c, 39, 0, 1)
		c = binary.BigEndian.AppendUint16(c, uint16(len(nal)))
		c = append(c, nal...)
		newIpco = append(newIpco, mkbox("hvcC", c)...)
	}
	var newIprp []byte
	for _, k := range pk {
		if k.typ == "ipco" {
			newIprp = append(newIprp, mkbox("ipco", newIpco)...)
		} else {
			newIprp = append(newIprp, b[k.start:k.end]...)
		}
	}
	// The primary item (pitm) or, for a grid, the first item after it in
	// iloc that is not the grid: the SEI goes before its data.
	pv := b[pitm.body]
	primary := readN(b[pitm.body+4:], map[bool]int{true: 4, false: 2}[pv > 0])

	// iloc, patched: every offset into the file after meta moves by the
	// growth of meta; the target item's extent points at the new mdat.
	il := append([]byte{}, b[iloc.body:iloc.end]...)
	v := il[0]
	offSize, lenSize, baseSize, idxSize := int(il[4]>>4), int(il[4]&15), int(il[5]>>4), int(il[5]&15)
	if v == 0 {
		idxSize = 0
	}
	idSize, countSize := 2, 2
	if v == 2 {
		idSize, countSize = 4, 4
	}
	if offSize < 4 || lenSize < 4 {
		return nil, errors.New("iloc fields too small to patch")
	}
	growth := len(mkbox("iprp", newIprp)) - (iprp.end - iprp.start)
	i := 6
	count := int(readN(il[i:], countSize))
	i += countSize
	type loc struct {
		id            uint64
		method        int
		base          uint64
		offAt, lenAt  []int
		offs, lengths []uint64
	}
	var locs []loc
	for k := 0; k < count; k++ {
		var l loc
		l.id = readN(il[i:], idSize)
		i += idSize
		if v > 0 {
			l.method = int(readN(il[i:], 2) & 15)
			i += 2
		}
		i += 2 // data reference
		l.base = readN(il[i:], baseSize)
		i += baseSize
		n := int(readN(il[i:], 2))
		i += 2
		for e := 0; e < n; e++ {
			i += idxSize
			l.offAt = append(l.offAt, i)
			l.offs = append(l.offs, readN(il[i:], offSize))
			i += offSize
			l.lenAt = append(l.lenAt, i)
			l.lengths = append(l.lengths, readN(il[i:], lenSize))
			i += lenSize
		}
		locs = append(locs, l)
	}
	target := -1
	for k, l := range locs {
		if l.id == primary && l.method == 0 && len(l.offAt) == 1 {
			d := b[l.base+l.offs[0]:]
			if len(d) > lengthSize && d[lengthSize]>>1&0x3F < 32 { // a coded slice first: an hvc1 item
				target = k
			}
		}
	}
	if target < 0 { // a grid: its first tile
		for k, l := range locs {
			if l.id != primary && l.method == 0 && len(l.offAt) == 1 && target < 0 {
				target = k
			}
		}
	}
	if target < 0 {
		return nil, errors.New("no item to put an SEI in")
	}
	for _, l := range locs {
		if l.method != 0 {
			continue
		}
		for e := range l.offAt {
			if int(l.base+l.offs[e]) >= meta.end {
				writeN(il[l.offAt[e]:], offSize, l.offs[e]+uint64(growth))
			}
		}
	}
	// Rebuild meta with the new iprp and iloc; the new mdat goes last.
	var newMeta []byte
	for _, k := range kids {
		switch k.typ {
		case "iprp":
			newMeta = append(newMeta, mkbox("iprp", newIprp)...)
		case "iloc":
			newMeta = append(newMeta, mkbox("iloc", il)...)
		default:
			newMeta = append(newMeta, b[k.start:k.end]...)
		}
	}
	newMeta = mkbox("meta", concat(b[meta.body:meta.body+4], newMeta))
	if len(newMeta)-(meta.end-meta.start) != growth {
		return nil, errors.New("meta grew by an unexpected size")
	}
	out := concat(b[:meta.start], newMeta, b[meta.end:])
	l := locs[target]
	old := b[l.base+l.offs[0] : l.base+l.offs[0]+l.lengths[0]]
	sei := concat([]byte{39 << 1, 1}, []byte(SEIDataSecret))
	seiNAL := make([]byte, lengthSize)
	writeN(seiNAL, lengthSize, uint64(len(sei)))
	data := concat(seiNAL, sei, old)
	at := len(out) + 8
	// Point the target's extent at the new mdat.
	mk, err := boxes(out, meta.start+12, meta.start+len(newMeta))
	if err != nil {
		return nil, err
	}
	ib, _ := find(mk, "iloc")
	writeN(out[ib.body+l.offAt[0]:], offSize, uint64(at)-l.base)
	writeN(out[ib.body+l.lenAt[0]:], lenSize, uint64(len(data)))
	return append(out, mkbox("mdat", data)...), nil
}
