package photo

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
)

// An ISO base media file (HEIC, HEIF) is a tree of boxes. The walker here
// reads what sharesafe needs to report and never decodes pictures: the
// items of the "meta" box (their types, locations and references), the
// colour profile and rotation of the primary item, and top-level boxes such
// as Samsung's "mpvd" motion-photo video.

type box struct {
	typ        string
	start, end int // whole box
	body       int // offset of the body (after size, type and large size)
}

// boxes walks the boxes in b[start:end].
func boxes(b []byte, start, end int) ([]box, error) {
	var out []box
	for i := start; i < end; {
		if i+8 > end {
			return nil, FormatError(fmt.Sprintf("corrupt HEIF: box header cut off at byte %d", i))
		}
		size := int64(binary.BigEndian.Uint32(b[i:]))
		bx := box{typ: string(b[i+4 : i+8]), start: i, body: i + 8}
		switch size {
		case 0:
			size = int64(end - i)
		case 1:
			if i+16 > end {
				return nil, FormatError("corrupt HEIF: large box header cut off")
			}
			size = int64(binary.BigEndian.Uint64(b[i+8:]))
			bx.body = i + 16
		}
		if size < int64(bx.body-i) || int64(i)+size > int64(end) {
			return nil, FormatError(fmt.Sprintf("corrupt HEIF: box %q at byte %d runs past the end", bx.typ, i))
		}
		bx.end = i + int(size)
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

// rd is a bounds-checked big-endian reader: after any read past the end,
// ok is false and every read returns zero.
type rd struct {
	b  []byte
	i  int
	ok bool
}

func (r *rd) need(n int) bool {
	if !r.ok || n < 0 || r.i+n > len(r.b) {
		r.ok = false
		return false
	}
	return true
}

func (r *rd) u8() uint64 {
	if !r.need(1) {
		return 0
	}
	r.i++
	return uint64(r.b[r.i-1])
}

func (r *rd) un(n int) uint64 { // n bytes, 0 to 8
	var v uint64
	for k := 0; k < n; k++ {
		v = v<<8 | r.u8()
	}
	return v
}

func (r *rd) str() string {
	if !r.ok {
		return ""
	}
	z := bytes.IndexByte(r.b[r.i:], 0)
	if z < 0 {
		r.ok = false
		return ""
	}
	s := string(r.b[r.i : r.i+z])
	r.i += z + 1
	return s
}

// HEIFItem is one item of a HEIF file's meta box.
type HEIFItem struct {
	ID      uint32
	Type    string // "hvc1", "grid", "Exif", "mime", ...
	Content string // MIME type of a "mime" item
	// Extents are the item's byte ranges in the file.
	Extents [][2]int
	// Refs maps a reference type ("thmb", "auxl", "cdsc", "dimg") to the
	// items this item refers to.
	Refs map[string][]uint32
	// Aux is the auxiliary type of an auxiliary image (alpha, depth, gain map).
	Aux string
	// Rotation (degrees anticlockwise) and Mirror (axis, or -1) of the item.
	Rotation, Mirror int
	// Width and Height are the stored size (ispe), before rotation.
	Width, Height int
	// ICC is the item's colour profile (colr of type prof or rICC).
	ICC []byte
}

// HEIFLayout is what the walker found in a HEIF file.
type HEIFLayout struct {
	Primary uint32
	Items   map[uint32]*HEIFItem
	// TopLevel lists the types of the top-level boxes.
	TopLevel []string
	// Video is the size of a Samsung motion-photo video box ("mpvd").
	Video int
}

func sniffHEIC(b []byte) bool {
	return len(b) >= 12 && string(b[4:8]) == "ftyp" && isHEICBrand(string(b[8:12]))
}

func isHEICBrand(brand string) bool {
	switch brand {
	case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1":
		return true
	}
	return false
}

// sniffAVIF recognises an AVIF file, which sharesafe does not read.
func sniffAVIF(b []byte) bool {
	return len(b) >= 12 && string(b[4:8]) == "ftyp" && (string(b[8:12]) == "avif" || string(b[8:12]) == "avis")
}

// walkHEIF walks a HEIF photo's boxes and reads its metadata.
func walkHEIF(p *Photo) (err error) {
	if p.HEIF, err = WalkHEIF(p.Data); err != nil {
		return err
	}
	p.Meta = heifMetadata(p.Data, p.HEIF)
	return nil
}

// sizeHEIF is the size of the primary item, turned as irot says: the
// decoder applies irot and imir itself.
func sizeHEIF(p *Photo) (image.Config, error) {
	it := p.HEIF.Items[p.HEIF.Primary]
	if it == nil || it.Width == 0 || it.Height == 0 {
		return image.Config{}, FormatError("no size for the primary image")
	}
	if it.Rotation == 90 || it.Rotation == 270 {
		return image.Config{Width: it.Height, Height: it.Width}, nil
	}
	return image.Config{Width: it.Width, Height: it.Height}, nil
}

// decodeHEIF decodes with the decoder package heif registers.
func decodeHEIF(p *Photo) (image.Image, error) {
	dec, err := decoderFor(FormatHEIC)
	if err != nil {
		return nil, err
	}
	return safeDecode(dec, p.Data)
}

// WalkHEIF walks a HEIF file's boxes.
func WalkHEIF(b []byte) (*HEIFLayout, error) {
	top, err := boxes(b, 0, len(b))
	if err != nil {
		return nil, err
	}
	l := &HEIFLayout{Items: map[uint32]*HEIFItem{}}
	for _, x := range top {
		l.TopLevel = append(l.TopLevel, x.typ)
		if x.typ == "mpvd" {
			l.Video = x.end - x.body
		}
	}
	meta, ok := find(top, "meta")
	if !ok {
		return nil, FormatError("corrupt HEIF: no meta box")
	}
	kids, err := boxes(b, meta.body+4, meta.end) // meta is a full box
	if err != nil {
		return nil, err
	}
	item := func(id uint32) *HEIFItem {
		it := l.Items[id]
		if it == nil {
			it = &HEIFItem{ID: id, Refs: map[string][]uint32{}, Mirror: -1}
			l.Items[id] = it
		}
		return it
	}
	var idatStart int
	if x, ok := find(kids, "idat"); ok {
		idatStart = x.body
	}
	if x, ok := find(kids, "pitm"); ok {
		r := &rd{b: b[x.body:x.end], ok: true}
		v := r.u8()
		r.un(3)
		l.Primary = uint32(r.un(map[bool]int{true: 4, false: 2}[v > 0]))
		if !r.ok {
			return nil, FormatError("corrupt HEIF: bad pitm")
		}
	}
	if x, ok := find(kids, "iinf"); ok {
		r := &rd{b: b[x.body:x.end], ok: true}
		v := r.u8()
		r.un(3)
		r.un(map[bool]int{true: 4, false: 2}[v > 0])
		infes, err := boxes(b, x.body+r.i, x.end)
		if err != nil {
			return nil, err
		}
		for _, e := range infes {
			if e.typ != "infe" {
				continue
			}
			r := &rd{b: b[e.body:e.end], ok: true}
			v := r.u8()
			r.un(3)
			if v < 2 {
				continue
			}
			id := uint32(r.un(map[bool]int{true: 4, false: 2}[v == 3]))
			r.un(2) // protection index
			it := item(id)
			t := r.un(4)
			it.Type = string([]byte{byte(t >> 24), byte(t >> 16), byte(t >> 8), byte(t)})
			r.str() // name
			if it.Type == "mime" {
				it.Content = r.str()
			}
			if !r.ok && it.Type == "" {
				return nil, FormatError("corrupt HEIF: bad infe")
			}
		}
	}
	if x, ok := find(kids, "iloc"); ok {
		if err := readILOC(b, x, idatStart, item); err != nil {
			return nil, err
		}
	}
	if x, ok := find(kids, "iref"); ok {
		v := b[x.body]
		refs, err := boxes(b, x.body+4, x.end)
		if err != nil {
			return nil, err
		}
		n := map[bool]int{true: 4, false: 2}[v > 0]
		for _, ref := range refs {
			r := &rd{b: b[ref.body:ref.end], ok: true}
			from := item(uint32(r.un(n)))
			count := int(r.un(2))
			for k := 0; k < count && r.ok; k++ {
				from.Refs[ref.typ] = append(from.Refs[ref.typ], uint32(r.un(n)))
			}
		}
	}
	if x, ok := find(kids, "iprp"); ok {
		if err := readIPRP(b, x, item); err != nil {
			return nil, err
		}
	}
	return l, nil
}

func readILOC(b []byte, x box, idatStart int, item func(uint32) *HEIFItem) error {
	r := &rd{b: b[x.body:x.end], ok: true}
	v := r.u8()
	r.un(3)
	s := r.un(2)
	offSize, lenSize, baseSize, idxSize := int(s>>12&15), int(s>>8&15), int(s>>4&15), int(s&15)
	if v == 0 {
		idxSize = 0
	}
	count := int(r.un(map[bool]int{true: 4, false: 2}[v == 2]))
	for k := 0; k < count && r.ok; k++ {
		it := item(uint32(r.un(map[bool]int{true: 4, false: 2}[v == 2])))
		method := 0
		if v > 0 {
			method = int(r.un(2) & 15)
		}
		r.un(2) // data reference index
		base := int(r.un(baseSize))
		n := int(r.un(2))
		for e := 0; e < n && r.ok; e++ {
			r.un(idxSize)
			off, ln := int(r.un(offSize)), int(r.un(lenSize))
			start := base + off
			if method == 1 {
				start += idatStart
			}
			it.Extents = append(it.Extents, [2]int{start, start + ln})
		}
	}
	if !r.ok {
		return FormatError("corrupt HEIF: bad iloc")
	}
	return nil
}

func readIPRP(b []byte, x box, item func(uint32) *HEIFItem) error {
	kids, err := boxes(b, x.body, x.end)
	if err != nil {
		return err
	}
	ipco, ok1 := find(kids, "ipco")
	ipma, ok2 := find(kids, "ipma")
	if !ok1 || !ok2 {
		return nil
	}
	props, err := boxes(b, ipco.body, ipco.end)
	if err != nil {
		return err
	}
	r := &rd{b: b[ipma.body:ipma.end], ok: true}
	v := r.u8()
	flags := r.un(3)
	count := int(r.un(4))
	for k := 0; k < count && r.ok; k++ {
		it := item(uint32(r.un(map[bool]int{true: 4, false: 2}[v > 0])))
		n := int(r.u8())
		for a := 0; a < n && r.ok; a++ {
			var idx int
			if flags&1 == 1 {
				idx = int(r.un(2) & 0x7fff)
			} else {
				idx = int(r.u8() & 0x7f)
			}
			if idx == 0 || idx > len(props) {
				continue
			}
			p := props[idx-1]
			body := b[p.body:p.end]
			switch p.typ {
			case "irot":
				if len(body) > 0 {
					it.Rotation = int(body[0]&3) * 90
				}
			case "ispe":
				if len(body) >= 12 {
					it.Width = int(binary.BigEndian.Uint32(body[4:]))
					it.Height = int(binary.BigEndian.Uint32(body[8:]))
				}
			case "imir":
				if len(body) > 0 {
					it.Mirror = int(body[0] & 1)
				}
			case "auxC":
				if len(body) > 4 {
					aux := body[4:]
					if z := bytes.IndexByte(aux, 0); z >= 0 {
						aux = aux[:z]
					}
					it.Aux = string(aux)
				}
			case "colr":
				if len(body) > 4 && (string(body[:4]) == "prof" || string(body[:4]) == "rICC") {
					it.ICC = body[4:]
				}
			}
		}
	}
	if !r.ok {
		return FormatError("corrupt HEIF: bad ipma")
	}
	return nil
}

// itemData joins an item's extents, refusing ones outside the file.
func itemData(b []byte, it *HEIFItem) ([]byte, bool) {
	var out []byte
	for _, e := range it.Extents {
		if e[0] < 0 || e[1] > len(b) || e[0] > e[1] {
			return nil, false
		}
		out = append(out, b[e[0]:e[1]]...)
	}
	return out, true
}

func heifMetadata(b []byte, l *HEIFLayout) Metadata {
	var m Metadata
	prim := l.Items[l.Primary]
	if prim != nil {
		m.ICC = prim.ICC
		for _, tile := range prim.Refs["dimg"] { // a grid's profile sits on its tiles
			if m.ICC == nil && l.Items[tile] != nil {
				m.ICC = l.Items[tile].ICC
			}
		}
	}
	for _, id := range sortedIDs(l.Items) {
		it := l.Items[id]
		switch {
		case it.Type == "Exif":
			d, ok := itemData(b, it)
			if !ok || len(d) < 4 {
				m.Other = append(m.Other, "unreadable Exif item")
				continue
			}
			off := int(binary.BigEndian.Uint32(d))
			if 4+off <= len(d) && m.EXIF == nil {
				m.EXIF = bytes.TrimPrefix(d[4+off:], []byte("Exif\x00\x00"))
			}
		case it.Type == "mime" && bytes.Contains([]byte(it.Content), []byte("rdf+xml")):
			if d, ok := itemData(b, it); ok {
				m.XMP = append(m.XMP, d)
			}
		case it.ID == l.Primary, it.Type == "grid" && prim != nil && contains(prim.Refs["dimg"], it.ID):
		case isTile(l, it.ID):
		case it.Type == "hvc1" || it.Type == "av01" || it.Type == "jpeg" || it.Type == "grid" || it.Type == "iden":
			m.Embedded = append(m.Embedded, Embedded{Kind: heifItemKind(l, it), Bytes: extentSize(it)})
		case it.Type == "mime" || it.Type == "uri ":
			m.Other = append(m.Other, "HEIF item "+it.Content)
		}
	}
	if l.Video > 0 {
		m.Embedded = append(m.Embedded, Embedded{Kind: EmbeddedVideo, Bytes: l.Video})
	}
	return m
}

func contains(ids []uint32, id uint32) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// isTile reports whether an item is a tile of the primary grid.
func isTile(l *HEIFLayout, id uint32) bool {
	p := l.Items[l.Primary]
	return p != nil && contains(p.Refs["dimg"], id)
}

func extentSize(it *HEIFItem) int {
	n := 0
	for _, e := range it.Extents {
		n += e[1] - e[0]
	}
	return n
}

func heifItemKind(l *HEIFLayout, it *HEIFItem) string {
	switch {
	case bytes.Contains([]byte(it.Aux), []byte("alpha")) || bytes.HasSuffix([]byte(it.Aux), []byte("auxid:1")):
		return EmbeddedAlpha
	case bytes.Contains([]byte(it.Aux), []byte("depth")) || bytes.HasSuffix([]byte(it.Aux), []byte("auxid:2")):
		return EmbeddedDepth
	case bytes.Contains([]byte(it.Aux), []byte("hdrgainmap")) || bytes.Contains([]byte(it.Aux), []byte("gainmap")):
		return EmbeddedGainMap
	case it.Aux != "":
		return EmbeddedAux
	case len(it.Refs["thmb"]) > 0:
		return EmbeddedThumbnail
	}
	return EmbeddedImage
}

func sortedIDs(m map[uint32]*HEIFItem) []uint32 {
	ids := make([]uint32, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	for i := 1; i < len(ids); i++ {
		for j := i; j > 0 && ids[j] < ids[j-1]; j-- {
			ids[j], ids[j-1] = ids[j-1], ids[j]
		}
	}
	return ids
}

// Transformed reports whether the primary item is rotated or mirrored (the
// HEIF decoder applies both itself).
func (l *HEIFLayout) Transformed() bool {
	p := l.Items[l.Primary]
	return p != nil && (p.Rotation != 0 || p.Mirror >= 0)
}
