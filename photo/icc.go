package photo

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
)

// An ICC colour profile says how a photo's numbers become colours. A copy
// needs its colorimetry (white point, primaries, tone curves, chromatic
// adaptation, the look-up tables of printer profiles); everything else in
// a profile is text and identifiers: a description, a copyright, the
// device's maker, model and serial (Apple's mmod), the date, the program
// that made it, calibration data of one screen. CleanICC writes a profile
// afresh from the first part only; ReadICC reads the second for scan.

// iccKept lists the tags a clean profile keeps: what colour conversion
// reads. desc and cprt are written afresh with a neutral text.
var iccKept = map[string]bool{
	"wtpt": true, "bkpt": true, "chad": true, "chrm": true, "lumi": true, "cicp": true,
	"rXYZ": true, "gXYZ": true, "bXYZ": true, "rTRC": true, "gTRC": true, "bTRC": true, "kTRC": true,
	"A2B0": true, "A2B1": true, "A2B2": true, "B2A0": true, "B2A1": true, "B2A2": true,
	"gamt": true, "pre0": true, "pre1": true, "pre2": true,
}

// iccNeutralCopyright is the copyright of every clean profile.
const iccNeutralCopyright = "No copyright, use freely"

// iccNeutralDescription is the description of a clean profile of a colour
// space (the header's data colour space).
func iccNeutralDescription(space string) string {
	switch strings.TrimSpace(space) {
	case "RGB":
		return "RGB colour profile"
	case "GRAY":
		return "Grey colour profile"
	case "CMYK":
		return "CMYK colour profile"
	}
	return "Colour profile"
}

// ICCTag is one tag of a colour profile: its signature, its type and its
// data (the type signature and reserved bytes included).
type ICCTag struct {
	Sig, Type string
	Data      []byte
}

// ICCProfile is a colour profile as read: its header and its tags.
type ICCProfile struct {
	// Header is the 128-byte header.
	Header []byte
	// Tags in the order of the tag table.
	Tags []ICCTag
}

// Version is the profile's major version (2 or 4).
func (p *ICCProfile) Version() int { return int(p.Header[8]) }

// Class, Space and PCS are the header's device class, data colour space
// and profile connection space ("mntr", "RGB ", "XYZ ").
func (p *ICCProfile) Class() string { return string(p.Header[12:16]) }

// Space is the header's data colour space ("RGB ", "GRAY", "CMYK").
func (p *ICCProfile) Space() string { return string(p.Header[16:20]) }

// PCS is the header's profile connection space ("XYZ " or "Lab ").
func (p *ICCProfile) PCS() string { return string(p.Header[20:24]) }

// Tag returns the tag with a signature, or nil.
func (p *ICCProfile) Tag(sig string) *ICCTag {
	for i := range p.Tags {
		if p.Tags[i].Sig == sig {
			return &p.Tags[i]
		}
	}
	return nil
}

// ReadICC parses a colour profile: its header and tag table, each tag's
// data cut to the size the table gives. It fails on anything malformed.
func ReadICC(b []byte) (*ICCProfile, error) {
	if len(b) < 132 {
		return nil, FormatError("colour profile too short")
	}
	if string(b[36:40]) != "acsp" {
		return nil, FormatError("colour profile without its acsp signature")
	}
	size := binary.BigEndian.Uint32(b)
	if size < 132 || int64(size) > int64(len(b)) {
		return nil, FormatError("colour profile size past its end")
	}
	b = b[:size]
	n := binary.BigEndian.Uint32(b[128:])
	if int64(n) > (int64(len(b))-132)/12 {
		return nil, FormatError("colour profile tag table past its end")
	}
	p := &ICCProfile{Header: b[:128]}
	for i := 0; i < int(n); i++ {
		e := b[132+12*i:]
		off, ln := binary.BigEndian.Uint32(e[4:]), binary.BigEndian.Uint32(e[8:])
		if int64(off)+int64(ln) > int64(len(b)) || ln < 8 || off < 132 {
			return nil, FormatError(fmt.Sprintf("colour profile tag %q past its end", e[:4]))
		}
		d := b[off : off+ln]
		p.Tags = append(p.Tags, ICCTag{Sig: string(e[:4]), Type: string(d[:4]), Data: d})
	}
	return p, nil
}

// CleanICC writes a colour profile afresh from what colour needs: the
// header's version, class, colour spaces, rendering intent and illuminant,
// and the tags of iccKept, each re-serialised from its parsed values
// (nothing after them, reserved bytes zero, tags in signature order). The
// description and copyright become neutral texts; the maker, model,
// creator, CMM, platform, flags, attributes, date and profile ID of the
// header are cleared; every other tag (Apple's mmod and calibration
// tables, dmnd, dmdd, meta, vendors' private tags) is left out. The pixels
// converted through the clean profile are those converted through the
// original. It fails on a profile it cannot read whole: the copy then
// carries no profile.
func CleanICC(b []byte) ([]byte, error) {
	p, err := ReadICC(b)
	if err != nil {
		return nil, err
	}
	if !iccKnownSig(p.Class(), "scnr", "mntr", "prtr", "spac", "abst", "link") ||
		!iccKnownSig(p.Space(), "XYZ ", "Lab ", "RGB ", "GRAY", "CMYK", "YCbr", "Luv ", "Yxy ", "HSV ", "HLS ", "CMY ") ||
		!iccKnownSig(p.PCS(), "XYZ ", "Lab ", "RGB ", "GRAY", "CMYK") {
		return nil, FormatError("colour profile of an unknown class or colour space")
	}
	v := p.Version()
	if v != 2 && v != 4 {
		return nil, FormatError(fmt.Sprintf("colour profile version %d", v))
	}
	var tags []ICCTag
	for _, t := range p.Tags {
		if !iccKept[t.Sig] {
			continue
		}
		d, err := iccCanonical(t)
		if err != nil {
			return nil, fmt.Errorf("colour profile tag %s: %w", t.Sig, err)
		}
		tags = append(tags, ICCTag{Sig: t.Sig, Type: t.Type, Data: d})
	}
	if len(tags) == 0 {
		return nil, FormatError("colour profile without colour data")
	}
	space := string(p.Header[16:20])
	tags = append(tags, ICCTag{Sig: "desc", Data: iccText(v, true, iccNeutralDescription(space))})
	tags = append(tags, ICCTag{Sig: "cprt", Data: iccText(v, false, iccNeutralCopyright)})
	sort.Slice(tags, func(i, j int) bool { return tags[i].Sig < tags[j].Sig })

	h := make([]byte, 128)
	copy(h[8:10], p.Header[8:10])   // version
	copy(h[12:24], p.Header[12:24]) // class, colour space, PCS
	copy(h[36:40], "acsp")          // signature
	h[67] = p.Header[67] & 3        // rendering intent
	copy(h[68:80], p.Header[68:80]) // PCS illuminant
	out := append(h, make([]byte, 4+12*len(tags))...)
	binary.BigEndian.PutUint32(out[128:], uint32(len(tags)))
	placed := map[string]uint32{} // identical data is stored once, as profiles share TRCs
	for i, t := range tags {
		off, ok := placed[string(t.Data)]
		if !ok {
			for len(out)%4 != 0 {
				out = append(out, 0)
			}
			off = uint32(len(out))
			placed[string(t.Data)] = off
			out = append(out, t.Data...)
		}
		e := out[132+12*i:]
		copy(e, t.Sig)
		binary.BigEndian.PutUint32(e[4:], off)
		binary.BigEndian.PutUint32(e[8:], uint32(len(t.Data)))
	}
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	binary.BigEndian.PutUint32(out, uint32(len(out)))
	return out, nil
}

func iccKnownSig(s string, known ...string) bool {
	for _, k := range known {
		if s == k {
			return true
		}
	}
	return false
}

// iccCanonical re-serialises the data of a kept tag from its parsed
// values: the type signature, zero reserved bytes and exactly the bytes
// the type's values take.
func iccCanonical(t ICCTag) ([]byte, error) {
	d := t.Data
	head := func(n int) []byte { // type signature, reserved zero, then n bytes
		out := make([]byte, 8, 8+n)
		copy(out, d[:4])
		return out
	}
	switch t.Type {
	case "XYZ ":
		if len(d) < 20 {
			return nil, FormatError("short XYZ")
		}
		return append(head(12), d[8:20]...), nil // one value: every kept XYZ tag holds one
	case "sf32":
		n := (len(d) - 8) / 4
		if t.Sig == "chad" {
			n = 9
		}
		if n < 1 || len(d) < 8+4*n {
			return nil, FormatError("short s15Fixed16 array")
		}
		return append(head(4*n), d[8:8+4*n]...), nil
	case "curv", "para":
		c, err := iccCurve(d)
		if err != nil {
			return nil, err
		}
		return c, nil
	case "chrm":
		if len(d) < 12 {
			return nil, FormatError("short chromaticity")
		}
		n := int(binary.BigEndian.Uint16(d[8:]))
		if len(d) < 12+8*n {
			return nil, FormatError("short chromaticity")
		}
		return append(head(4+8*n), d[8:12+8*n]...), nil
	case "cicp":
		if len(d) < 12 {
			return nil, FormatError("short cicp")
		}
		return append(head(4), d[8:12]...), nil
	case "mft1", "mft2":
		return iccLut(d)
	case "mAB ", "mBA ":
		return iccLutAB(d)
	}
	return nil, FormatError(fmt.Sprintf("tag type %q not read", t.Type))
}

// iccCurve returns a curv or para element (the tag data, or an element of a
// LUT) re-serialised, without padding.
func iccCurve(d []byte) ([]byte, error) {
	if len(d) < 12 {
		return nil, FormatError("short curve")
	}
	out := make([]byte, 8, 12)
	copy(out, d[:4])
	switch string(d[:4]) {
	case "curv":
		n := int(binary.BigEndian.Uint32(d[8:]))
		if n > (len(d)-12)/2 {
			return nil, FormatError("curve past its end")
		}
		return append(out, d[8:12+2*n]...), nil
	case "para":
		f := int(binary.BigEndian.Uint16(d[8:]))
		if f > 4 {
			return nil, FormatError(fmt.Sprintf("parametric curve of type %d", f))
		}
		n := []int{1, 3, 4, 5, 7}[f]
		if len(d) < 12+4*n {
			return nil, FormatError("parametric curve past its end")
		}
		out = append(out, d[8], d[9], 0, 0)
		return append(out, d[12:12+4*n]...), nil
	}
	return nil, FormatError(fmt.Sprintf("curve of type %q", d[:4]))
}

// iccLut re-serialises a lut8 (mft1) or lut16 (mft2) element.
func iccLut(d []byte) ([]byte, error) {
	if len(d) < 48 {
		return nil, FormatError("short LUT")
	}
	in, outc, grid := int(d[8]), int(d[9]), int(d[10])
	if in < 1 || in > 15 || outc < 1 || outc > 15 || grid < 2 {
		return nil, FormatError("bad LUT")
	}
	points := 1
	for i := 0; i < in; i++ {
		points *= grid
		if points*outc > 1<<26 {
			return nil, FormatError("LUT too large")
		}
	}
	var size int
	if string(d[:4]) == "mft1" {
		size = 48 + 256*in + points*outc + 256*outc
	} else {
		if len(d) < 52 {
			return nil, FormatError("short LUT")
		}
		n, m := int(binary.BigEndian.Uint16(d[48:])), int(binary.BigEndian.Uint16(d[50:]))
		if n < 2 || m < 2 || n > 4096 || m > 4096 {
			return nil, FormatError("bad LUT table size")
		}
		size = 52 + 2*(n*in+points*outc+m*outc)
	}
	if len(d) < size {
		return nil, FormatError("LUT past its end")
	}
	out := append([]byte{}, d[:size]...)
	copy(out[4:8], []byte{0, 0, 0, 0})
	out[11] = 0 // padding
	return out, nil
}

// iccLutAB re-serialises a lutAtoB (mAB) or lutBtoA (mBA) element: its
// curves, matrix and colour look-up table, each in a fixed order, 4-byte
// aligned.
func iccLutAB(d []byte) ([]byte, error) {
	if len(d) < 32 {
		return nil, FormatError("short LUT")
	}
	in, outc := int(d[8]), int(d[9])
	if in < 1 || in > 15 || outc < 1 || outc > 15 {
		return nil, FormatError("bad LUT")
	}
	off := func(i int) int { return int(binary.BigEndian.Uint32(d[12+4*i:])) }
	// The curves next to the input (A) and output (B): mAB goes A, CLUT,
	// M, matrix, B; mBA the other way.
	nB, nM, nA := outc, outc, in
	if string(d[:4]) == "mBA " {
		nB, nM, nA = in, in, outc
	}
	curves := func(at, n int) ([]byte, error) {
		var out []byte
		for k := 0; k < n; k++ {
			if at < 32 || at+12 > len(d) {
				return nil, FormatError("LUT curve past its end")
			}
			c, err := iccCurve(d[at:])
			if err != nil {
				return nil, err
			}
			// The next curve starts at the original's 4-byte boundary.
			size := len(c)
			if string(c[:4]) == "para" {
				size = 12 + 4*[]int{1, 3, 4, 5, 7}[binary.BigEndian.Uint16(c[8:])]
			}
			at += (size + 3) &^ 3
			for len(c)%4 != 0 {
				c = append(c, 0)
			}
			out = append(out, c...)
		}
		return out, nil
	}
	out := make([]byte, 32)
	copy(out, d[:4])
	out[8], out[9] = d[8], d[9]
	put := func(slot int, elem []byte) {
		if elem == nil {
			return
		}
		binary.BigEndian.PutUint32(out[12+4*slot:], uint32(len(out)))
		out = append(out, elem...)
	}
	// Slots: 0 B curves, 1 matrix, 2 M curves, 3 CLUT, 4 A curves.
	if off(0) == 0 {
		return nil, FormatError("LUT without its B curves")
	}
	b, err := curves(off(0), nB)
	if err != nil {
		return nil, err
	}
	put(0, b)
	if o := off(1); o != 0 {
		if o < 32 || o+48 > len(d) {
			return nil, FormatError("LUT matrix past its end")
		}
		put(1, append([]byte{}, d[o:o+48]...))
	}
	if o := off(2); o != 0 {
		m, err := curves(o, nM)
		if err != nil {
			return nil, err
		}
		put(2, m)
	}
	if o := off(3); o != 0 {
		if o < 32 || o+20 > len(d) {
			return nil, FormatError("LUT table past its end")
		}
		points := 1
		for i := 0; i < in; i++ {
			g := int(d[o+i])
			if g < 2 && g != 0 || points*max(g, 1)*outc > 1<<26 {
				return nil, FormatError("bad LUT grid")
			}
			points *= g
		}
		prec := int(d[o+16])
		if prec != 1 && prec != 2 {
			return nil, FormatError("bad LUT precision")
		}
		n := 20 + points*outc*prec // the table maps the input to the output channels
		if o+n > len(d) {
			return nil, FormatError("LUT table past its end")
		}
		c := append([]byte{}, d[o:o+n]...)
		clear(c[in:16]) // unused grid dimensions
		clear(c[17:20])
		for len(c)%4 != 0 {
			c = append(c, 0)
		}
		put(3, c)
	}
	if o := off(4); o != 0 {
		a, err := curves(o, nA)
		if err != nil {
			return nil, err
		}
		put(4, a)
	}
	return out, nil
}

// iccText is the data of a text tag in a profile of version v: a v2
// description (textDescriptionType) or text (textType), or a v4
// multi-localized Unicode text in English.
func iccText(v int, description bool, s string) []byte {
	if v >= 4 {
		u := utf16.Encode([]rune(s))
		out := []byte("mluc\x00\x00\x00\x00")
		out = binary.BigEndian.AppendUint32(out, 1)  // one record
		out = binary.BigEndian.AppendUint32(out, 12) // record size
		out = append(out, "enUS"...)
		out = binary.BigEndian.AppendUint32(out, uint32(2*len(u)))
		out = binary.BigEndian.AppendUint32(out, 28)
		for _, c := range u {
			out = binary.BigEndian.AppendUint16(out, c)
		}
		return out
	}
	if !description {
		return append([]byte("text\x00\x00\x00\x00"), append([]byte(s), 0)...)
	}
	out := []byte("desc\x00\x00\x00\x00")
	out = binary.BigEndian.AppendUint32(out, uint32(len(s)+1))
	out = append(out, s...)
	out = append(out, 0)
	out = append(out, make([]byte, 4+4+2+1+67)...) // no Unicode, no ScriptCode
	return out
}

// ICCFacts is what a colour profile says about where it came from.
type ICCFacts struct {
	// Description and Copyright are the profile's texts (the first of
	// several languages).
	Description, Copyright string
	// Device names the device the profile was made for: the header's
	// maker and model, Apple's mmod maker and model, the dmnd and dmdd
	// texts.
	Device []string
	// Serial is the device's serial number (Apple's mmod).
	Serial string
	// Texts holds every text of the profile (every language of every
	// text tag), for words that name places or people.
	Texts []string
	// Calibrated is set when the profile carries the calibration of one
	// screen (vcgt, Apple's ndin): its colorimetry may be that screen's
	// own, which the copy keeps.
	Calibrated bool
	// Clean is set when the profile is already what CleanICC writes.
	Clean bool
}

// ReadICCFacts reads what a colour profile says about where it came from;
// ok is false when the profile cannot be read.
func ReadICCFacts(b []byte) (f ICCFacts, ok bool) {
	p, err := ReadICC(b)
	if err != nil {
		return f, false
	}
	if c, err := CleanICC(b); err == nil && bytes.Equal(c, b) {
		f.Clean = true
	}
	h := p.Header
	if m := iccSig(h[48:52]); m != "" {
		f.Device = append(f.Device, iccMaker(m))
	}
	if m := iccSig(h[52:56]); m != "" {
		f.Device = append(f.Device, m)
	}
	for _, t := range p.Tags {
		switch t.Sig {
		case "mmod":
			if len(t.Data) >= 24 {
				maker, model := binary.BigEndian.Uint32(t.Data[8:]), binary.BigEndian.Uint32(t.Data[12:])
				serial := binary.BigEndian.Uint32(t.Data[16:])
				if maker != 0 || model != 0 {
					f.Device = append(f.Device, fmt.Sprintf("%s model %04X", iccMaker(iccSig(t.Data[8:12])), model))
				}
				if serial != 0 {
					f.Serial = fmt.Sprintf("%08X", serial)
				}
			}
		case "vcgt", "ndin":
			f.Calibrated = true
		}
		rs := iccRecords(t.Data)
		for _, r := range rs {
			if r.text != "" && !containsString(f.Texts, r.text) {
				f.Texts = append(f.Texts, r.text)
			}
		}
		if len(rs) == 0 {
			continue
		}
		switch t.Sig {
		case "desc":
			f.Description = iccEnglish(rs)
		case "cprt":
			f.Copyright = iccEnglish(rs)
		case "dmnd", "dmdd":
			if e := iccEnglish(rs); e != "" {
				f.Device = append(f.Device, e)
			}
		}
	}
	return f, true
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// iccSig is a 4-byte signature as text, "" when zero or not printable.
func iccSig(b []byte) string {
	if bytes.Equal(b, []byte{0, 0, 0, 0}) {
		return ""
	}
	for _, c := range b {
		if c < 0x20 || c > 0x7E {
			return fmt.Sprintf("%X", b)
		}
	}
	return strings.TrimSpace(string(b))
}

// iccMaker names the makers whose signatures are common in photos' profiles.
func iccMaker(sig string) string {
	switch sig {
	case "APPL", "appl":
		return "Apple"
	case "MSFT":
		return "Microsoft"
	case "GOOG":
		return "Google"
	case "SAMS", "sams":
		return "Samsung"
	case "HP", "hp":
		return "Hewlett-Packard"
	case "ADBE":
		return "Adobe"
	case "EPSO":
		return "Epson"
	case "CANO", "Cano":
		return "Canon"
	case "NKON":
		return "Nikon"
	case "SONY":
		return "Sony"
	}
	return sig
}

// iccRecord is one text of a text tag, with its language ("enUS"; "" in a
// v2 profile).
type iccRecord struct{ lang, text string }

// iccRecords returns the texts of a tag's data: a v2 text or description,
// or every language of a v4 multi-localized text.
func iccRecords(d []byte) []iccRecord {
	if len(d) < 12 {
		return nil
	}
	cstr := func(b []byte) string {
		if z := bytes.IndexByte(b, 0); z >= 0 {
			b = b[:z]
		}
		return strings.TrimSpace(strings.ToValidUTF8(string(b), "?"))
	}
	switch string(d[:4]) {
	case "text":
		return []iccRecord{{"", cstr(d[8:])}}
	case "desc":
		n := int(binary.BigEndian.Uint32(d[8:]))
		if n > len(d)-12 {
			n = len(d) - 12
		}
		return []iccRecord{{"", cstr(d[12 : 12+n])}}
	case "mluc":
		if len(d) < 16 {
			return nil
		}
		n, rs := int(binary.BigEndian.Uint32(d[8:])), int(binary.BigEndian.Uint32(d[12:]))
		var out []iccRecord
		for i := 0; i < n && i < 1000 && rs >= 12 && 16+i*rs+12 <= len(d); i++ {
			r := d[16+i*rs:]
			ln, off := int(binary.BigEndian.Uint32(r[4:])), int(binary.BigEndian.Uint32(r[8:]))
			if off < 0 || ln < 0 || off+ln > len(d) || off+ln < off {
				continue
			}
			u := make([]uint16, ln/2)
			for k := range u {
				u[k] = binary.BigEndian.Uint16(d[off+2*k:])
			}
			out = append(out, iccRecord{string(r[:4]), strings.TrimSpace(strings.ToValidUTF8(string(utf16.Decode(u)), "?"))})
		}
		return out
	}
	return nil
}

// iccEnglish picks the English text of a tag's records, else the first.
func iccEnglish(rs []iccRecord) string {
	for _, r := range rs {
		if r.lang == "enUS" {
			return r.text
		}
	}
	return rs[0].text
}
