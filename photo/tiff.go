package photo

import "encoding/binary"

// TagOrientation is the TIFF/EXIF tag that says how to turn the stored
// pixels upright.
const TagOrientation = 0x0112

// tiffOrder returns the byte order of a TIFF header, or nil.
func tiffOrder(b []byte) binary.ByteOrder {
	if len(b) < 8 {
		return nil
	}
	switch string(b[:4]) {
	case "II*\x00":
		return binary.LittleEndian
	case "MM\x00*":
		return binary.BigEndian
	}
	return nil
}

// ifd0Short returns the first SHORT value of a tag in IFD0 of a TIFF block,
// and whether it was found. It reads defensively: any offset out of range
// means "not found".
func ifd0Short(b []byte, tag uint16) (uint16, bool) {
	o := tiffOrder(b)
	if o == nil {
		return 0, false
	}
	off := int64(o.Uint32(b[4:8]))
	if off < 8 || off+2 > int64(len(b)) {
		return 0, false
	}
	n := int64(o.Uint16(b[off:]))
	for k := int64(0); k < n; k++ {
		e := off + 2 + 12*k
		if e+12 > int64(len(b)) {
			return 0, false
		}
		if o.Uint16(b[e:]) != tag {
			continue
		}
		if typ := o.Uint16(b[e+2:]); typ != 3 { // SHORT
			return 0, false
		}
		return o.Uint16(b[e+8:]), true
	}
	return 0, false
}

// exifOrientation returns the EXIF orientation (1 to 8) of a TIFF block;
// 1 when absent or invalid.
func exifOrientation(tiff []byte) int {
	v, ok := ifd0Short(tiff, TagOrientation)
	if !ok || v < 1 || v > 8 {
		return 1
	}
	return int(v)
}
