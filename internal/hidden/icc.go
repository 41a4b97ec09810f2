// Package hidden makes files that hide content inside the parts of a photo
// a writer might copy without reading them: one generator per vector of
// issue 26 ("Nothing passes that the writer does not understand"). Each
// returns the file and the secrets it hides, for tests to search the safe
// copy for. Nothing here is used by the program.
package hidden

import (
	"encoding/binary"
	"math"
	"unicode/utf16"
)

// ICC secrets: what the crafted colour profile hides.
const (
	ICCHome      = "Home 14 rue des Tilleuls 48.858370N 2.294481E"
	ICCCopyright = "Copyright 2024 Jean Dupont, 12 rue des Lilas, 69002 Lyon"
	ICCPhone     = "Galaxy S24 Ultra serial R5CX12345AB"
	ICCMaker     = "Samsung Electronics"
	ICCIMEI      = "IMEI 35-209900-176148-1"
	ICCOwner     = "owner=Jean Dupont"
	ICCAfterTRC  = "HIDDEN-AFTER-THE-CURVE"
	ICCBetween   = "HIDDEN-BETWEEN-TAGS"
	// ICCSerial is the display serial number Apple's mmod tag holds.
	ICCSerial = 0x5EC2E7AB
)

// ICCSecrets are the strings the crafted profile hides (as ASCII; a
// version 4 profile also holds the texts in UTF-16, see UTF16).
var ICCSecrets = []string{"48.858370N", "2.294481E", "Tilleuls", "Jean Dupont", "rue des Lilas", "R5CX12345AB",
	"Galaxy", "Samsung", "35-209900-176148-1", ICCAfterTRC, ICCBetween}

// UTF16 is s in UTF-16BE, as a version 4 profile stores text.
func UTF16(s string) []byte {
	var out []byte
	for _, c := range utf16.Encode([]rune(s)) {
		out = binary.BigEndian.AppendUint16(out, c)
	}
	return out
}

// ICCSerialBytes is ICCSerial as stored.
func ICCSerialBytes() []byte { return binary.BigEndian.AppendUint32(nil, ICCSerial) }

func s15(v float64) []byte {
	return binary.BigEndian.AppendUint32(nil, uint32(int32(math.Round(v*65536))))
}

func xyz(x, y, z float64) []byte {
	out := []byte("XYZ \x00\x00\x00\x00")
	out = append(out, s15(x)...)
	out = append(out, s15(y)...)
	return append(out, s15(z)...)
}

// curve is a tone curve of n entries (gamma g), or a parametric one when n
// is 0.
func curve(n int, g float64) []byte {
	if n == 0 {
		out := []byte("para\x00\x00\x00\x00\x00\x03\x00\x00") // sRGB's function type 3
		for _, v := range []float64{2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045} {
			out = append(out, s15(v)...)
		}
		return out
	}
	out := []byte("curv\x00\x00\x00\x00")
	out = binary.BigEndian.AppendUint32(out, uint32(n))
	for i := 0; i < n; i++ {
		out = binary.BigEndian.AppendUint16(out, uint16(math.Round(65535*math.Pow(float64(i)/float64(n-1), g))))
	}
	return out
}

func textType(s string) []byte {
	return append([]byte("text\x00\x00\x00\x00"), append([]byte(s), 0)...)
}

func descType(s string) []byte {
	out := []byte("desc\x00\x00\x00\x00")
	out = binary.BigEndian.AppendUint32(out, uint32(len(s)+1))
	out = append(out, s...)
	out = append(out, 0)
	return append(out, make([]byte, 78)...)
}

func mluc(texts ...string) []byte {
	out := []byte("mluc\x00\x00\x00\x00")
	out = binary.BigEndian.AppendUint32(out, uint32(len(texts)))
	out = binary.BigEndian.AppendUint32(out, 12)
	off := 16 + 12*len(texts)
	var strs []byte
	langs := []string{"enUS", "frFR", "deDE"}
	for i, t := range texts {
		u := UTF16(t)
		out = append(out, langs[i%len(langs)]...)
		out = binary.BigEndian.AppendUint32(out, uint32(len(u)))
		out = binary.BigEndian.AppendUint32(out, uint32(off+len(strs)))
		strs = append(strs, u...)
	}
	return append(out, strs...)
}

// ICC is a display profile, version 2 or 4, whose colorimetry is sRGB's
// (D50-adapted primaries, a 1024-entry tone curve, or sRGB's parametric
// curve in version 4) and which hides ICCSecrets: in its description and
// copyright, its header (maker, model, creator, date, profile ID), Apple's
// mmod tag (ICCSerial), dmnd and dmdd, a meta-like text tag, a vendor's
// private tag, calibration tags (vcgt, ndin), bytes after a tone curve
// inside its tag, and bytes between tags that no tag points at.
func ICC(version int) []byte {
	text := textType
	desc := descType
	if version >= 4 {
		text = func(s string) []byte { return mluc(s) }
		desc = func(s string) []byte { return mluc(s, s) }
	}
	trc := curve(1024, 2.2)
	if version >= 4 {
		trc = curve(0, 0)
	}
	mmod := []byte("mmod\x00\x00\x00\x00APPL\x00\x00\xA0\x4B")
	mmod = append(mmod, ICCSerialBytes()...)
	mmod = append(mmod, 0x66, 0x93, 0x5D, 0x40) // a date
	mmod = append(mmod, make([]byte, 16)...)
	tags := []struct {
		sig  string
		data []byte
	}{
		{"desc", desc(ICCHome)},
		{"cprt", text(ICCCopyright)},
		{"wtpt", xyz(0.9642, 1, 0.8249)},
		{"rXYZ", xyz(0.4361, 0.2225, 0.0139)},
		{"gXYZ", xyz(0.3851, 0.7169, 0.0971)},
		{"bXYZ", xyz(0.1431, 0.0606, 0.7141)},
		{"rTRC", append(trc, ICCAfterTRC...)},
		{"gTRC", trc},
		{"bTRC", trc},
		{"chad", append([]byte("sf32\x00\x00\x00\x00"), concat(s15(1.0478), s15(0.0229), s15(-0.0502), s15(0.0295), s15(0.9905), s15(-0.0171), s15(-0.0092), s15(0.0151), s15(0.7517))...)},
		{"dmnd", desc(ICCMaker)},
		{"dmdd", desc(ICCPhone)},
		{"mmod", mmod},
		{"meta", text(ICCOwner)},
		{"XIME", text(ICCIMEI)},
		{"vcgt", append([]byte("vcgt\x00\x00\x00\x00\x00\x00\x00\x01"), make([]byte, 36)...)},
		{"ndin", append([]byte("ndin\x00\x00\x00\x00"), make([]byte, 54)...)},
	}
	h := make([]byte, 128)
	copy(h[4:], "appl")
	h[8], h[9] = byte(version), 0x10
	copy(h[12:], "mntrRGB XYZ ")
	for i, v := range []uint16{2024, 7, 14, 15, 30, 12} {
		binary.BigEndian.PutUint16(h[24+2*i:], v)
	}
	copy(h[36:], "acspAPPL")
	h[47] = 1                // flags
	copy(h[48:], "SAMSS928") // maker and model
	h[63] = 1                // attributes
	copy(h[68:], concat(s15(0.9642), s15(1), s15(0.8249)))
	copy(h[80:], "appl")
	copy(h[84:], "PROFILE-ID-SECRET")
	out := append(h, make([]byte, 4+12*len(tags))...)
	binary.BigEndian.PutUint32(out[128:], uint32(len(tags)))
	for i, t := range tags {
		if i == 3 {
			out = append(out, ICCBetween...) // no tag points here
		}
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		e := out[132+12*i:]
		copy(e, t.sig)
		binary.BigEndian.PutUint32(e[4:], uint32(len(out)))
		binary.BigEndian.PutUint32(e[8:], uint32(len(t.data)))
		out = append(out, t.data...)
	}
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	binary.BigEndian.PutUint32(out, uint32(len(out)))
	return out
}

func concat(bs ...[]byte) []byte {
	var out []byte
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}
