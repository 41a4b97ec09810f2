package photo

import (
	"encoding/binary"
	"fmt"
)

// heifKeptProps lists the item properties a clean copy keeps: how the
// picture is coded, its size, colour and how it is shown. Everything else
// (and every property of a dropped item) goes.
var heifKeptProps = map[string]bool{
	"hvcC": true, "av1C": true, "ispe": true, "pixi": true, "colr": true,
	"irot": true, "imir": true, "clap": true, "pasp": true,
	"clli": true, "mdcv": true, "a1op": true, "a1lx": true, "lsel": true,
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
	case "hvc1", "av01":
	case "grid":
		if len(prim.Refs["dimg"]) > 0xFFFF {
			return nil, fmt.Errorf("%w: %d tiles", ErrNotCleanable, len(prim.Refs["dimg"]))
		}
		for _, id := range prim.Refs["dimg"] {
			t := l.Items[id]
			if t == nil || (t.Type != "hvc1" && t.Type != "av01") {
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

	// Properties: the kept items' associations, renumbered.
	props, assoc, err := readProps(b, kids)
	if err != nil {
		return nil, err
	}
	newIndex := map[int]int{}
	var ipco []byte
	links := map[uint32][]propLink{}
	for _, id := range kept {
		for _, a := range assoc[id] {
			if a.idx < 1 || a.idx > len(props) {
				continue
			}
			p := props[a.idx-1]
			if !heifKeptProps[p.typ] {
				continue
			}
			n, ok := newIndex[a.idx]
			if !ok {
				ipco = append(ipco, b[p.start:p.end]...)
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
	head := ftyp.end + len(buildMeta(0)) + 8
	out := make([]byte, 0, head+len(mdatData))
	out = append(out, b[:ftyp.end]...)
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
	return bad
}
