package photo

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// heifKeptProps lists the item properties a clean copy keeps: how the
// picture is coded, its size, colour and how it is shown. Everything else
// (and every property of a dropped item) goes.
var heifKeptProps = map[string]bool{
	"hvcC": true, "ispe": true, "pixi": true, "colr": true,
	"irot": true, "imir": true, "clap": true, "pasp": true,
	"clli": true, "mdcv": true,
}

// heifBrands are the brands a clean copy's ftyp may list.
var heifBrands = map[string]bool{
	"heic": true, "heix": true, "heim": true, "heis": true, "hevc": true, "hevx": true,
	"mif1": true, "msf1": true, "mif2": true, "miaf": true, "MiHE": true, "MiHA": true, "MiHB": true,
	"MiPr": true, "MiCm": true, "MiHM": true, "MiHS": true, "tmap": true, "iso8": true,
}

// heifFtyp writes an ftyp box afresh: the major brand, minor version 0
// and the compatible brands heifBrands knows.
func heifFtyp(body []byte) ([]byte, error) {
	if len(body) < 8 || len(body)%4 != 0 {
		return nil, FormatError("corrupt HEIF: bad ftyp")
	}
	out := append([]byte{}, body[:4]...)
	out = append(out, 0, 0, 0, 0)
	for i := 8; i+4 <= len(body); i += 4 {
		if heifBrands[string(body[i:i+4])] {
			out = append(out, body[i:i+4]...)
		}
	}
	return appendBox(nil, "ftyp", out), nil
}

// heifProperty writes a kept property afresh from its values: a box of
// exactly the size its type defines, reserved bits cleared; hvcC with its
// parameter sets only, colr with its profile rewritten (CleanICC). keep is
// false for a property to drop (a colour profile that cannot be read).
func heifProperty(typ string, body []byte) (box []byte, keep bool, err error) {
	exact := func(n int) ([]byte, bool, error) {
		if len(body) < n {
			return nil, false, FormatError("corrupt HEIF: short " + typ + " property")
		}
		return appendBox(nil, typ, body[:n]), true, nil
	}
	switch typ {
	case "hvcC":
		c, _, err := heifHvcC(body)
		return appendBox(nil, typ, c), err == nil, err
	case "colr":
		if len(body) < 4 {
			return nil, false, FormatError("corrupt HEIF: short colr property")
		}
		switch string(body[:4]) {
		case "nclx":
			if len(body) < 11 {
				return nil, false, FormatError("corrupt HEIF: short colr property")
			}
			c := append([]byte{}, body[:11]...)
			c[10] &= 0x80 // full range flag; the rest is reserved
			return appendBox(nil, typ, c), true, nil
		case "prof", "rICC":
			icc, err := CleanICC(body[4:])
			if err != nil {
				return nil, false, nil
			}
			return appendBox(nil, typ, append(append([]byte{}, body[:4]...), icc...)), true, nil
		}
		return nil, false, nil
	case "ispe":
		if len(body) < 12 || !bytes.Equal(body[:4], []byte{0, 0, 0, 0}) {
			return nil, false, FormatError("corrupt HEIF: bad ispe property")
		}
		return exact(12)
	case "pixi":
		if len(body) < 5 || !bytes.Equal(body[:4], []byte{0, 0, 0, 0}) {
			return nil, false, FormatError("corrupt HEIF: bad pixi property")
		}
		return exact(5 + int(body[4]))
	case "irot", "imir":
		b, _, err := exact(1)
		if err == nil {
			b[8] &= 3
			if typ == "imir" {
				b[8] &= 1
			}
		}
		return b, err == nil, err
	case "clap":
		return exact(32)
	case "pasp":
		return exact(8)
	case "clli":
		return exact(4)
	case "mdcv":
		return exact(24)
	}
	return nil, false, nil
}

// HEVC NAL unit types a coded picture keeps: coded slices (0-31) and the
// parameter sets (VPS 32, SPS 33, PPS 34). SEI (39, 40), access unit
// delimiters, end of sequence or stream, filler data and the reserved and
// unspecified types are dropped.
func heifNALKept(t byte) bool { return t <= 34 }

// heifHvcC writes an HEVC decoder configuration afresh: its fields with
// the reserved bits set as the standard says and no average frame rate,
// and of its NAL unit arrays only the parameter sets (VPS, SPS, PPS),
// each NAL unit as it was. It returns the size of the NAL length fields of
// the coded data (1, 2 or 4).
func heifHvcC(b []byte) ([]byte, int, error) {
	if len(b) < 23 || b[0] != 1 {
		return nil, 0, FormatError("corrupt HEIF: bad hvcC")
	}
	lengthSize := int(b[21]&3) + 1
	if lengthSize == 3 {
		return nil, 0, FormatError("corrupt HEIF: hvcC with 3-byte NAL lengths")
	}
	out := append([]byte{}, b[:23]...)
	out[13] |= 0xF0
	out[15] |= 0xFC
	out[16] |= 0xFC
	out[17] |= 0xF8
	out[18] |= 0xF8
	out[19], out[20] = 0, 0
	arrays := 0
	i := 23
	for k := 0; k < int(b[22]); k++ {
		if i+3 > len(b) {
			return nil, 0, FormatError("corrupt HEIF: hvcC array cut off")
		}
		typ, n := b[i]&0x3F, int(binary.BigEndian.Uint16(b[i+1:]))
		head := []byte{b[i] & 0xBF, b[i+1], b[i+2]} // array_completeness, reserved 0, type
		j := i + 3
		var nalus []byte
		for u := 0; u < n; u++ {
			if j+2 > len(b) {
				return nil, 0, FormatError("corrupt HEIF: hvcC NAL unit cut off")
			}
			m := int(binary.BigEndian.Uint16(b[j:]))
			if j+2+m > len(b) || m < 2 {
				return nil, 0, FormatError("corrupt HEIF: hvcC NAL unit cut off")
			}
			if b[j+2]>>1&0x3F != typ {
				return nil, 0, FormatError("corrupt HEIF: hvcC NAL unit in the wrong array")
			}
			nalus = append(nalus, b[j:j+2+m]...)
			j += 2 + m
		}
		if typ >= 32 && typ <= 34 {
			out = append(out, head...)
			out = append(out, nalus...)
			arrays++
		}
		i = j
	}
	out[22] = byte(arrays)
	return out, lengthSize, nil
}

// heifNALs keeps the NAL units of a coded picture that heifNALKept allows,
// each as it was with its length field.
func heifNALs(d []byte, lengthSize int) ([]byte, error) {
	out := make([]byte, 0, len(d))
	for i := 0; i < len(d); {
		if i+lengthSize > len(d) {
			return nil, FormatError("corrupt HEIF: NAL unit length cut off")
		}
		n := 0
		for k := 0; k < lengthSize; k++ {
			n = n<<8 | int(d[i+k])
		}
		end := i + lengthSize + n
		if n < 2 || end > len(d) || end < i {
			return nil, FormatError("corrupt HEIF: NAL unit past the item's data")
		}
		if d[i+lengthSize]&0x80 != 0 {
			return nil, FormatError("corrupt HEIF: NAL unit with its forbidden bit set")
		}
		if heifNALKept(d[i+lengthSize] >> 1 & 0x3F) {
			out = append(out, d[i:end]...)
		}
		i = end
	}
	if len(out) == 0 {
		return nil, FormatError("corrupt HEIF: an item without a coded picture")
	}
	return out, nil
}

// heifGrid writes a grid's description afresh: version 0, the rows,
// columns and output size, in fields of 16 or 32 bits as the flags say.
func heifGrid(d []byte) ([]byte, error) {
	if len(d) < 8 || d[0] != 0 {
		return nil, FormatError("corrupt HEIF: bad grid")
	}
	n := 8
	if d[1]&1 != 0 {
		n = 12
	}
	if len(d) < n {
		return nil, FormatError("corrupt HEIF: short grid")
	}
	out := append([]byte{}, d[:n]...)
	out[1] &= 1
	return out, nil
}

// cleanHEIF is CleanHEIF for the table.
func cleanHEIF(p *Photo) ([]byte, error) { return CleanHEIF(p.Data) }

// CleanHEIF rewrites a HEIF file with its primary image only: the primary
// item's coded data, and that of the tiles of a grid, are copied byte for
// byte with their coding, size, colour and transform properties (hvcC,
// ispe, pixi, colr, irot, imir...). Exif and XMP items, thumbnails,
// auxiliary images (depth, gain maps), other images and top-level boxes
// such as Samsung's mpvd video are dropped, and the meta box (hdlr, pitm,
// iloc, iinf, iref, iprp) is written afresh to match.
func CleanHEIF(b []byte) ([]byte, error) {
	l, err := WalkHEIF(b)
	if err != nil {
		return nil, err
	}
	top, _ := boxes(b, 0, len(b))
	ftyp, ok := find(top, "ftyp")
	if !ok || ftyp.start != 0 {
		return nil, FormatError("corrupt HEIF: no ftyp box first")
	}
	meta, _ := find(top, "meta")
	kids, err := boxes(b, meta.body+4, meta.end)
	if err != nil {
		return nil, err
	}
	prim := l.Items[l.Primary]
	if prim == nil {
		return nil, FormatError("corrupt HEIF: no primary item")
	}
	kept := []uint32{prim.ID}
	switch prim.Type {
	case "hvc1":
	case "grid":
		if len(prim.Refs["dimg"]) > 0xFFFF {
			return nil, fmt.Errorf("%w: %d tiles", ErrNotCleanable, len(prim.Refs["dimg"]))
		}
		for _, id := range prim.Refs["dimg"] {
			t := l.Items[id]
			if t == nil || t.Type != "hvc1" {
				return nil, fmt.Errorf("%w: grid tile %d is not a coded picture", ErrNotCleanable, id)
			}
			if !contains(kept, id) {
				kept = append(kept, id)
			}
		}
		if len(kept) == 1 {
			return nil, FormatError("corrupt HEIF: a grid without tiles")
		}
	default:
		return nil, fmt.Errorf("%w: primary item of type %q", ErrNotCleanable, prim.Type)
	}
	for _, it := range l.Items {
		if contains(it.Refs["auxl"], prim.ID) && heifItemKind(l, it) == EmbeddedAlpha {
			return nil, fmt.Errorf("%w: the picture has an alpha plane", ErrNotCleanable)
		}
	}

	// Properties: the kept items' associations, renumbered, each property
	// written afresh from its values (heifProperty).
	props, assoc, err := readProps(b, kids)
	if err != nil {
		return nil, err
	}
	newIndex := map[int]int{}
	var ipco []byte
	links := map[uint32][]propLink{}
	nalLength := map[uint32]int{} // each coded item's NAL length field size
	for _, id := range kept {
		for _, a := range assoc[id] {
			if a.idx < 1 || a.idx > len(props) {
				continue
			}
			p := props[a.idx-1]
			if !heifKeptProps[p.typ] {
				continue
			}
			if p.typ == "hvcC" {
				_, n, err := heifHvcC(b[p.body:p.end])
				if err != nil {
					return nil, err
				}
				nalLength[id] = n
			}
			n, ok := newIndex[a.idx]
			if !ok {
				box, keep, err := heifProperty(p.typ, b[p.body:p.end])
				if err != nil {
					return nil, err
				}
				if !keep {
					continue
				}
				ipco = append(ipco, box...)
				n = len(newIndex) + 1
				newIndex[a.idx] = n
			}
			links[id] = append(links[id], propLink{n, a.essential})
		}
	}

	// Item data: from the file (mdat) or from the meta box's idat.
	var idat box
	hasIdat := false
	if x, ok := find(kids, "idat"); ok {
		idat, hasIdat = x, true
	}
	type place struct {
		inIdat   bool
		off, len int
	}
	var mdatData, idatData []byte
	total := 0
	for _, id := range kept {
		total += extentSize(l.Items[id])
	}
	mdatData = make([]byte, 0, max(0, min(total, len(b))))
	places := map[uint32]place{}
	for _, id := range kept {
		it := l.Items[id]
		d, ok := itemData(b, it)
		if !ok || len(it.Extents) == 0 {
			return nil, FormatError(fmt.Sprintf("corrupt HEIF: item %d has no data in the file", id))
		}
		// What was read, not the bytes: a grid's description, or a coded
		// picture's NAL units without SEI and the rest.
		if it.Type == "grid" {
			d, err = heifGrid(d)
		} else if n, ok := nalLength[id]; ok {
			d, err = heifNALs(d, n)
		} else {
			err = FormatError(fmt.Sprintf("corrupt HEIF: coded item %d without hvcC", id))
		}
		if err != nil {
			return nil, err
		}
		inIdat := hasIdat && it.Extents[0][0] >= idat.body && it.Extents[0][1] <= idat.end
		if inIdat {
			places[id] = place{true, len(idatData), len(d)}
			idatData = append(idatData, d...)
		} else {
			places[id] = place{false, len(mdatData), len(d)}
			mdatData = append(mdatData, d...)
		}
	}

	wide := false // 32-bit item IDs
	for _, id := range kept {
		if id > 0xFFFF {
			wide = true
		}
	}
	id := func(out []byte, v uint32) []byte {
		if wide {
			return binary.BigEndian.AppendUint32(out, v)
		}
		return binary.BigEndian.AppendUint16(out, uint16(v))
	}
	ver := byte(0)
	if wide {
		ver = 1
	}
	big := len(mdatData)+len(idatData)+(1<<20) > 0xFFFFFFFF
	if big {
		return nil, fmt.Errorf("%w: over 4 GiB", ErrNotCleanable)
	}

	buildMeta := func(mdatStart int) []byte {
		var body []byte
		hdlr := make([]byte, 20, 21) // pre_defined, "pict", 3 reserved
		copy(hdlr[4:], "pict")
		body = appendBox(body, "hdlr", fullBox(0, 0, append(hdlr, 0)))
		body = appendBox(body, "pitm", fullBox(ver, 0, id(nil, prim.ID)))
		// iloc version 1 (2 with 32-bit IDs): 4-byte offsets and lengths,
		// no base offset, construction method 0 (file) or 1 (idat).
		iloc := []byte{0x44, 0x00}
		ilocVer := byte(1)
		if wide {
			ilocVer = 2
			iloc = binary.BigEndian.AppendUint32(iloc, uint32(len(kept)))
		} else {
			iloc = binary.BigEndian.AppendUint16(iloc, uint16(len(kept)))
		}
		for _, k := range kept {
			pl := places[k]
			iloc = id(iloc, k)
			method, off := uint16(0), mdatStart+pl.off
			if pl.inIdat {
				method, off = 1, pl.off
			}
			iloc = binary.BigEndian.AppendUint16(iloc, method)
			iloc = binary.BigEndian.AppendUint16(iloc, 0) // data reference: this file
			iloc = binary.BigEndian.AppendUint16(iloc, 1) // one extent
			iloc = binary.BigEndian.AppendUint32(iloc, uint32(off))
			iloc = binary.BigEndian.AppendUint32(iloc, uint32(pl.len))
		}
		body = appendBox(body, "iloc", fullBox(ilocVer, 0, iloc))
		iinf := binary.BigEndian.AppendUint16(nil, uint16(len(kept)))
		for _, k := range kept {
			it := l.Items[k]
			infeVer, flags := byte(2), uint32(0)
			if wide {
				infeVer = 3
			}
			if k != prim.ID {
				flags = 1 // hidden: a tile is not shown alone
			}
			e := id(nil, k)
			e = append(e, 0, 0) // protection index
			e = append(e, it.Type...)
			e = append(e, 0) // no name
			iinf = appendBox(iinf, "infe", fullBox(infeVer, flags, e))
		}
		body = appendBox(body, "iinf", fullBox(0, 0, iinf))
		if len(kept) > 1 {
			ref := id(nil, prim.ID)
			tiles := prim.Refs["dimg"] // in grid order; a tile may be used twice
			ref = binary.BigEndian.AppendUint16(ref, uint16(len(tiles)))
			for _, t := range tiles {
				ref = id(ref, t)
			}
			body = appendBox(body, "iref", fullBox(ver, 0, appendBox(nil, "dimg", ref)))
		}
		wideIdx := len(newIndex) > 127
		ipma := binary.BigEndian.AppendUint32(nil, uint32(len(kept)))
		for _, k := range kept {
			ipma = id(ipma, k)
			ipma = append(ipma, byte(len(links[k])))
			for _, a := range links[k] {
				if wideIdx {
					v := uint16(a.idx)
					if a.essential {
						v |= 0x8000
					}
					ipma = binary.BigEndian.AppendUint16(ipma, v)
				} else {
					v := byte(a.idx)
					if a.essential {
						v |= 0x80
					}
					ipma = append(ipma, v)
				}
			}
		}
		ipmaFlags := uint32(0)
		if wideIdx {
			ipmaFlags = 1
		}
		iprp := appendBox(nil, "ipco", ipco)
		iprp = appendBox(iprp, "ipma", fullBox(ver, ipmaFlags, ipma))
		body = appendBox(body, "iprp", iprp)
		if len(idatData) > 0 {
			body = appendBox(body, "idat", idatData)
		}
		return appendBox(nil, "meta", fullBox(0, 0, body))
	}
	ft, err := heifFtyp(b[ftyp.body:ftyp.end])
	if err != nil {
		return nil, err
	}
	head := len(ft) + len(buildMeta(0)) + 8
	out := make([]byte, 0, head+len(mdatData))
	out = append(out, ft...)
	out = append(out, buildMeta(head)...)
	return appendBox(out, "mdat", mdatData), nil
}

type propLink struct {
	idx       int
	essential bool
}

// readProps returns the property boxes of ipco and each item's
// associations from ipma.
func readProps(b []byte, metaKids []box) ([]box, map[uint32][]propLink, error) {
	assoc := map[uint32][]propLink{}
	iprp, ok := find(metaKids, "iprp")
	if !ok {
		return nil, assoc, nil
	}
	kids, err := boxes(b, iprp.body, iprp.end)
	if err != nil {
		return nil, nil, err
	}
	ipco, ok1 := find(kids, "ipco")
	ipma, ok2 := find(kids, "ipma")
	if !ok1 || !ok2 {
		return nil, assoc, nil
	}
	props, err := boxes(b, ipco.body, ipco.end)
	if err != nil {
		return nil, nil, err
	}
	r := &rd{b: b[ipma.body:ipma.end], ok: true}
	v := r.u8()
	flags := r.un(3)
	count := int(r.un(4))
	for k := 0; k < count && r.ok; k++ {
		id := uint32(r.un(map[bool]int{true: 4, false: 2}[v > 0]))
		n := int(r.u8())
		for a := 0; a < n && r.ok; a++ {
			var l propLink
			if flags&1 == 1 {
				x := r.un(2)
				l = propLink{int(x & 0x7fff), x&0x8000 != 0}
			} else {
				x := r.u8()
				l = propLink{int(x & 0x7f), x&0x80 != 0}
			}
			assoc[id] = append(assoc[id], l)
		}
	}
	if !r.ok {
		return nil, nil, FormatError("corrupt HEIF: bad ipma")
	}
	return props, assoc, nil
}

func appendBox(out []byte, typ string, body []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(8+len(body)))
	out = append(out, typ...)
	return append(out, body...)
}

func fullBox(version byte, flags uint32, body []byte) []byte {
	h := []byte{version, byte(flags >> 16), byte(flags >> 8), byte(flags)}
	return append(h, body...)
}

// heifPropertyTypes lists the types of the item properties of a HEIF file
// (the boxes of its ipco), in order.
func heifPropertyTypes(b []byte) ([]string, error) {
	top, err := boxes(b, 0, len(b))
	if err != nil {
		return nil, err
	}
	meta, ok := find(top, "meta")
	if !ok {
		return nil, FormatError("corrupt HEIF: no meta box")
	}
	kids, err := boxes(b, meta.body+4, meta.end)
	if err != nil {
		return nil, err
	}
	props, _, err := readProps(b, kids)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range props {
		out = append(out, p.typ)
	}
	return out, nil
}

// Data returns the item's bytes in the file b (its extents joined); false
// when an extent lies outside the file.
func (it *HEIFItem) Data(b []byte) ([]byte, bool) { return itemData(b, it) }

// heifLeaks lists what a HEIF output carries beyond what CleanHEIF keeps:
// only ftyp, meta and mdat boxes, the primary item and its grid tiles, and
// the properties of heifKeptProps.
func heifLeaks(p *Photo) []string {
	var bad []string
	l := p.HEIF
	for _, t := range l.TopLevel {
		if t != "ftyp" && t != "meta" && t != "mdat" {
			bad = append(bad, "HEIF box "+t)
		}
	}
	for _, e := range p.Meta.Embedded {
		bad = append(bad, "embedded "+e.Kind)
	}
	if len(p.Meta.EXIF) > 0 {
		bad = append(bad, "EXIF")
	}
	prim := l.Items[l.Primary]
	if prim == nil {
		return append(bad, "no primary HEIF item")
	}
	for _, id := range sortedIDs(l.Items) {
		it := l.Items[id]
		tile := prim.Type == "grid" && contains(prim.Refs["dimg"], id)
		if id != l.Primary && !tile {
			bad = append(bad, fmt.Sprintf("HEIF item %d (%s)", id, it.Type))
		}
	}
	props, err := heifPropertyTypes(p.Data)
	if err != nil {
		return append(bad, err.Error())
	}
	for _, t := range props {
		if !heifKeptProps[t] {
			bad = append(bad, "HEIF property "+t)
		}
	}
	return append(bad, heifExact(p)...)
}

// heifExact checks that what CleanHEIF writes afresh is as it writes it:
// ftyp, each property, a grid's description and each coded picture's NAL
// units.
func heifExact(p *Photo) []string {
	b := p.Data
	top, _ := boxes(b, 0, len(b))
	var bad []string
	if ft, ok := find(top, "ftyp"); ok {
		if want, err := heifFtyp(b[ft.body:ft.end]); err != nil || !bytes.Equal(want, b[ft.start:ft.end]) {
			bad = append(bad, "HEIF brands sharesafe does not write")
		}
	}
	meta, _ := find(top, "meta")
	kids, err := boxes(b, meta.body+4, meta.end)
	if err != nil {
		return append(bad, err.Error())
	}
	props, assoc, err := readProps(b, kids)
	if err != nil {
		return append(bad, err.Error())
	}
	for _, pr := range props {
		want, keep, err := heifProperty(pr.typ, b[pr.body:pr.end])
		if err != nil || !keep || !bytes.Equal(want, b[pr.start:pr.end]) {
			bad = append(bad, "HEIF property "+pr.typ+" not as sharesafe writes it")
		}
	}
	for _, id := range sortedIDs(p.HEIF.Items) {
		it := p.HEIF.Items[id]
		d, ok := itemData(b, it)
		if !ok {
			continue // reported by the walker's checks
		}
		var want []byte
		switch it.Type {
		case "grid":
			want, err = heifGrid(d)
		case "hvc1":
			n := 0
			for _, a := range assoc[id] {
				if a.idx >= 1 && a.idx <= len(props) && props[a.idx-1].typ == "hvcC" {
					pr := props[a.idx-1]
					_, n, err = heifHvcC(b[pr.body:pr.end])
				}
			}
			if n == 0 && err == nil {
				err = FormatError("no hvcC")
			}
			if err == nil {
				want, err = heifNALs(d, n)
			}
		default:
			continue
		}
		if err != nil || !bytes.Equal(want, d) {
			bad = append(bad, fmt.Sprintf("HEIF item %d holds what sharesafe does not write", id))
		}
	}
	return bad
}
