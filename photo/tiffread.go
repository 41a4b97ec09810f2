package photo

import (
	"encoding/binary"
	"strings"
)

// TIFFTag is one entry of a TIFF directory, with its value bytes.
type TIFFTag struct {
	Type  uint16
	Count uint32
	Value []byte // nil when the value lies outside the block
}

// TIFFDirs are the directories of an EXIF block, by name: "IFD0", "IFD1",
// "Exif", "GPS". Each maps tag numbers to entries.
type TIFFDirs struct {
	Order binary.ByteOrder
	Dirs  map[string]map[uint16]TIFFTag
}

var tiffTypeSize = map[uint16]uint32{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}

// ReadTIFF reads the directories of an EXIF block tolerantly: a bad entry or
// a bad pointer is skipped, never fatal, so what can be read is read. It is
// the fallback for blocks the goexif parser refuses.
func ReadTIFF(b []byte) *TIFFDirs {
	o := tiffOrder(b)
	if o == nil {
		return nil
	}
	t := &TIFFDirs{Order: o, Dirs: map[string]map[uint16]TIFFTag{}}
	seen := map[uint32]bool{}
	var read func(name string, off uint32) uint32
	read = func(name string, off uint32) uint32 {
		if off < 8 || seen[off] || uint64(off)+2 > uint64(len(b)) {
			return 0
		}
		seen[off] = true
		n := uint32(o.Uint16(b[off:]))
		dir := map[uint16]TIFFTag{}
		t.Dirs[name] = dir
		for k := uint32(0); k < n; k++ {
			e := uint64(off) + 2 + 12*uint64(k)
			if e+12 > uint64(len(b)) {
				return 0
			}
			tag, typ, count := o.Uint16(b[e:]), o.Uint16(b[e+2:]), o.Uint32(b[e+4:])
			size := uint64(tiffTypeSize[typ]) * uint64(count)
			var val []byte
			if size <= 4 {
				val = b[e+8 : e+8+size]
			} else if p := uint64(o.Uint32(b[e+8:])); p+size <= uint64(len(b)) {
				val = b[p : p+size]
			}
			dir[tag] = TIFFTag{Type: typ, Count: count, Value: val}
		}
		next := uint64(off) + 2 + 12*uint64(n)
		if next+4 > uint64(len(b)) {
			return 0
		}
		return o.Uint32(b[next:])
	}
	if next := read("IFD0", o.Uint32(b[4:8])); next != 0 {
		read("IFD1", next)
	}
	for _, sub := range []struct {
		tag  uint16
		name string
	}{{0x8769, "Exif"}, {0x8825, "GPS"}} {
		if v, ok := t.Dirs["IFD0"][sub.tag]; ok && len(v.Value) == 4 {
			read(sub.name, o.Uint32(v.Value))
		}
	}
	return t
}

// String returns an ASCII tag's text, trimmed; "" when absent.
func (t *TIFFDirs) String(dir string, tag uint16) string {
	v, ok := t.Dirs[dir][tag]
	if !ok || (v.Type != 2 && v.Type != 7) {
		return ""
	}
	return strings.TrimSpace(strings.Trim(string(v.Value), "\x00 "))
}

// Rationals returns the unsigned rationals of a tag as floats.
func (t *TIFFDirs) Rationals(dir string, tag uint16) []float64 {
	v, ok := t.Dirs[dir][tag]
	if !ok || v.Type != 5 {
		return nil
	}
	var out []float64
	for i := 0; i+8 <= len(v.Value); i += 8 {
		n, d := t.Order.Uint32(v.Value[i:]), t.Order.Uint32(v.Value[i+4:])
		if d == 0 {
			return nil
		}
		out = append(out, float64(n)/float64(d))
	}
	return out
}

// Has reports whether a directory holds a tag.
func (t *TIFFDirs) Has(dir string, tag uint16) bool {
	_, ok := t.Dirs[dir][tag]
	return ok
}

// MaxIFDs is the longest IFD chain TIFFChainOK accepts: EXIF uses two
// (the picture and its thumbnail); a few more are tolerated.
const MaxIFDs = 8

// TIFFChainOK reports whether the chain of IFDs of a TIFF block ends, within
// MaxIFDs, with every offset inside the block and none visited twice. The
// goexif parser loops forever on a cycle of two IFDs: check before calling it.
func TIFFChainOK(b []byte) bool {
	o := tiffOrder(b)
	if o == nil {
		return false
	}
	seen := map[uint32]bool{}
	off := o.Uint32(b[4:8])
	for off != 0 {
		if seen[off] || len(seen) >= MaxIFDs || uint64(off)+2 > uint64(len(b)) {
			return false
		}
		seen[off] = true
		n := uint64(o.Uint16(b[off:]))
		next := uint64(off) + 2 + 12*n
		if next+4 > uint64(len(b)) {
			return false
		}
		off = o.Uint32(b[next:])
	}
	return true
}
