package photo

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/sharesafe/sharesafe/internal/hidden"
)

// synthHEIF builds a small HEIF file: a primary hvc1 item (or a grid of
// two tiles) with hvcC, ispe, colr and irot, an Exif item, an XMP item, a
// thumbnail, a depth map and a Samsung mpvd box after mdat.
func synthHEIF(grid bool) []byte {
	u16 := func(v int) []byte { return binary.BigEndian.AppendUint16(nil, uint16(v)) }
	u32 := func(v int) []byte { return binary.BigEndian.AppendUint32(nil, uint32(v)) }
	type item struct {
		id   int
		typ  string
		mime string
		data []byte
		prop []byte // property indexes
	}
	exif := append(u32(6), []byte("Exif\x00\x00II*\x00\x08\x00\x00\x00\x00\x00")...)
	// Coded data: NAL units with 4-byte lengths, a coded slice (type 19)
	// and an SEI (type 39) holding text.
	nal := func(typ byte, payload string) []byte {
		return append(u32(2+len(payload)), append([]byte{typ << 1, 1}, payload...)...)
	}
	coded := func(s string) []byte { return append(nal(19, s), nal(39, "SEI-IN-THE-DATA")...) }
	items := []item{
		{1, "hvc1", "", coded("PRIMARY-CODED-PICTURE"), []byte{0x81, 2, 3, 4}},
		{2, "Exif", "", exif, nil},
		{3, "mime", "application/rdf+xml", []byte("<x:xmpmeta>GPS</x:xmpmeta>"), nil},
		{4, "hvc1", "", coded("THUMB"), []byte{0x81, 2}},
		{5, "hvc1", "", coded("DEPTH"), []byte{0x81, 2, 5}},
	}
	if grid {
		items[0] = item{1, "grid", "", []byte{0, 0, 0, 1, 0, 64, 0, 32}, []byte{2, 3, 4}}
		items = append(items, item{6, "hvc1", "", coded("TILE-ONE"), []byte{0x81, 2}}, item{7, "hvc1", "", coded("TILE-TWO"), []byte{0x81, 2}})
	}
	props := appendBox(nil, "hvcC", synthHvcC())
	props = appendBox(props, "ispe", fullBox(0, 0, append(u32(64), u32(32)...)))
	props = appendBox(props, "colr", append([]byte("prof"), hidden.ICC(2)...))
	props = appendBox(props, "irot", []byte{1})
	props = appendBox(props, "auxC", fullBox(0, 0, []byte("urn:mpeg:hevc:2015:auxid:2\x00")))
	props = appendBox(props, "udes", fullBox(0, 0, []byte("en\x00Holiday at the school\x00\x00\x00")))
	var iinf, ipma, iloc, mdat []byte
	iinf = u16(len(items))
	ipma = u32(len(items))
	iloc = append([]byte{0x44, 0x00}, u16(len(items))...)
	for _, it := range items {
		e := append(u16(it.id), 0, 0)
		e = append(e, it.typ...)
		e = append(e, "name\x00"...)
		if it.mime != "" {
			e = append(e, it.mime+"\x00"...)
		}
		iinf = appendBox(iinf, "infe", fullBox(2, 0, e))
		p := append([]byte{}, it.prop...)
		if it.id == 1 {
			p = append(p, 6) // udes: a description
		}
		ipma = append(append(ipma, u16(it.id)...), byte(len(p)))
		ipma = append(ipma, p...)
	}
	iref := appendBox(nil, "thmb", append(append(u16(4), u16(1)...), u16(1)...))
	iref = appendBox(iref, "auxl", append(append(u16(5), u16(1)...), u16(1)...))
	iref = appendBox(iref, "cdsc", append(append(u16(2), u16(1)...), u16(1)...))
	if grid {
		iref = appendBox(iref, "dimg", append(append(u16(1), u16(2)...), append(u16(6), u16(7)...)...))
	}
	build := func(base int) []byte {
		iloc := append([]byte{}, iloc...)
		off := base
		for _, it := range items {
			iloc = append(iloc, u16(it.id)...)
			iloc = append(iloc, 0, 0, 0, 0, 0, 1)
			iloc = append(iloc, u32(off)...)
			iloc = append(iloc, u32(len(it.data))...)
			off += len(it.data)
		}
		hdlr := append(make([]byte, 4), "pict"...)
		hdlr = append(hdlr, make([]byte, 13)...)
		body := appendBox(nil, "hdlr", fullBox(0, 0, hdlr))
		body = appendBox(body, "pitm", fullBox(0, 0, u16(1)))
		body = appendBox(body, "iloc", fullBox(1, 0, iloc))
		body = appendBox(body, "iinf", fullBox(0, 0, iinf))
		body = appendBox(body, "iref", fullBox(0, 0, iref))
		iprp := appendBox(appendBox(nil, "ipco", props), "ipma", fullBox(0, 0, ipma))
		body = appendBox(body, "iprp", iprp)
		return appendBox(nil, "meta", fullBox(0, 0, body))
	}
	ftyp := appendBox(nil, "ftyp", []byte("heic\x00\x00\x00\x00mif1heic"))
	for _, it := range items {
		mdat = append(mdat, it.data...)
	}
	head := len(ftyp) + len(build(0)) + 8
	out := append(ftyp, build(head)...)
	out = appendBox(out, "mdat", mdat)
	return appendBox(out, "mpvd", []byte("MOTION-PHOTO-VIDEO"))
}

// synthHvcC is an HEVC decoder configuration with 4-byte NAL lengths, a
// VPS, an SPS and a PPS (made-up payloads) and an SEI array holding text.
func synthHvcC() []byte {
	c := []byte{1, 1, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 90, 0xF0, 0, 0xFC, 0xFD, 0xF8, 0xF8, 0x12, 0x34, 0x0F, 4}
	for _, a := range []struct {
		typ     byte
		payload string
	}{{32, "VPS"}, {33, "SPS"}, {34, "PPS"}, {39, "SEI-IN-HVCC"}} {
		c = append(c, 0x80|a.typ, 0, 1)
		c = binary.BigEndian.AppendUint16(c, uint16(2+len(a.payload)))
		c = append(c, a.typ<<1, 1)
		c = append(c, a.payload...)
	}
	return c
}

func TestCleanHEIFKeepsOnlyThePrimary(t *testing.T) {
	for _, grid := range []bool{false, true} {
		src := synthHEIF(grid)
		p, err := Parse("in.heic", src, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Meta.EXIF == nil || len(p.Meta.XMP) == 0 || len(p.Meta.Embedded) < 3 {
			t.Fatalf("the test file lacks metadata: %+v", p.Meta)
		}
		out, err := CleanHEIF(src)
		if err != nil {
			t.Fatal(err)
		}
		q, err := Parse("out.heic", out, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		m := q.Meta
		if m.EXIF != nil || len(m.XMP) > 0 || len(m.Embedded) > 0 || len(m.Other) > 0 {
			t.Errorf("grid %v: the copy still carries %+v", grid, m)
		}
		if got := q.HEIF.TopLevel; len(got) != 3 || got[0] != "ftyp" || got[1] != "meta" || got[2] != "mdat" {
			t.Errorf("grid %v: top-level boxes %v", grid, got)
		}
		for _, bad := range []string{"GPS", "Holiday", "THUMB", "DEPTH", "MOTION", "name", "SEI-IN", "Jean Dupont"} {
			if bytes.Contains(out, []byte(bad)) {
				t.Errorf("grid %v: the copy still holds %q", grid, bad)
			}
		}
		ids := append([]uint32{1}, p.HEIF.Items[1].Refs["dimg"]...)
		for _, id := range ids {
			a, _ := itemData(src, p.HEIF.Items[id])
			b, ok := itemData(out, q.HEIF.Items[id])
			if p.HEIF.Items[id].Type == "hvc1" {
				a = a[:len(a)-4-2-len("SEI-IN-THE-DATA")] // the coded slice, without the SEI
			}
			if !ok || !bytes.Equal(a, b) {
				t.Errorf("grid %v: item %d: %q became %q", grid, id, a, b)
			}
		}
		if err := Verify(out); err != nil {
			t.Errorf("grid %v: %v", grid, err)
		}
		if len(q.HEIF.Items) != len(ids) {
			t.Errorf("grid %v: %d items, want %d", grid, len(q.HEIF.Items), len(ids))
		}
		prim := q.HEIF.Items[1]
		if want, _ := CleanICC(hidden.ICC(2)); prim.Rotation != 90 || !bytes.Equal(q.Meta.ICC, want) {
			t.Errorf("grid %v: rotation %d, profile %q", grid, prim.Rotation, q.Meta.ICC)
		}
		if !grid && (prim.Width != 64 || prim.Height != 32) {
			t.Errorf("size %dx%d", prim.Width, prim.Height)
		}
		types, _ := heifPropertyTypes(out)
		for _, ty := range types {
			if !heifKeptProps[ty] {
				t.Errorf("grid %v: property %s kept", grid, ty)
			}
		}
	}
}

func FuzzCleanHEIF(f *testing.F) {
	f.Add(synthHEIF(false))
	f.Add(synthHEIF(true))
	seed(f, "../../shared/corpus/meta/*/*.heic")
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := CleanHEIF(b)
		if err != nil {
			return
		}
		// A clean copy parses, holds only the primary (and its tiles),
		// and cleaning it again changes nothing.
		l, err := WalkHEIF(out)
		if err != nil {
			t.Fatalf("the copy does not parse: %v", err)
		}
		m := heifMetadata(out, l)
		if m.EXIF != nil || len(m.XMP) > 0 || len(m.Embedded) > 0 || l.Video > 0 {
			t.Fatalf("the copy carries metadata: %+v", m)
		}
		again, err := CleanHEIF(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("cleaning the copy again: %v", err)
		}
	})
}

// BenchmarkCleanHEIF cleans the corpus HEIC/HEIF files (skipped without
// the corpus): the lossless path that replaced decoding and re-encoding.
func BenchmarkCleanHEIF(b *testing.B) {
	var files [][]byte
	for _, pat := range []string{"*.heic", "*.HEIC", "*.heif"} {
		names, _ := filepath.Glob(filepath.Join("../../shared/corpus/meta/*", pat))
		for _, n := range names {
			if d, err := os.ReadFile(n); err == nil {
				if _, err := CleanHEIF(d); err == nil {
					files = append(files, d)
				}
			}
		}
	}
	if len(files) == 0 {
		b.Skip("corpus absent")
	}
	for b.Loop() {
		for _, d := range files {
			if _, err := CleanHEIF(d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(files)), "files/op")
}
