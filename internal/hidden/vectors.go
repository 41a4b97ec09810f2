package hidden

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// Vector is one crafted file: a photo that hides something where a writer
// that copies bytes unread would pass it on.
type Vector struct {
	// Name says what is hidden and where.
	Name string
	// File is the file's name (its extension says its format).
	File string
	// Data is the file.
	Data []byte
	// Secrets are byte strings the safe copy must not hold: in its bytes,
	// or in its colour profile once inflated (a PNG's iCCP is compressed).
	Secrets [][]byte
}

// Secrets of the vectors.
const (
	UnusedTableSecret = "UNUSED-HUFFMAN-TABLE-SECRET"
	AfterScanSecret   = "AFTER-THE-LAST-BLOCK-SECRET"
	AfterZlibSecret   = "AFTER-THE-ZLIB-STREAM-SECRET"
	AfterVP8Secret    = "AFTER-THE-VP8-FRAME-SECRET"
	FrameEXIFSecret   = "EXIF-IN-AN-ANIMATION-FRAME"
	FrameXMPSecret    = "XMP-IN-AN-ANIMATION-FRAME"
	SEIHvcCSecret     = "SEI-IN-THE-HVCC-SECRET"
	SEIDataSecret     = "SEI-IN-THE-ITEM-DATA-SECRET"
)

// Base photos the vectors are made from: a JPEG, a PNG, a lossy WebP (a
// second one, another picture, for the second frame), an animated WebP
// and a HEIC. A nil base leaves its vectors out (the tools that make
// WebPs and HEICs may be missing).
type Base struct {
	JPEG, Small, PNG, WebP, WebP2, Animated, HEIC []byte
}

// Vectors makes every vector of issue 26 that the bases allow.
func Vectors(b Base) ([]Vector, error) {
	var out []Vector
	add := func(name, file string, data []byte, err error, secrets ...[]byte) error {
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, Vector{Name: name, File: file, Data: data, Secrets: secrets})
		return nil
	}
	var errs []error
	// A version 2 profile writes its texts in ASCII, a version 4 one in
	// UTF-16; the bytes after a curve and between tags are ASCII in both.
	iccSecrets := func(version int) [][]byte {
		var s [][]byte
		for _, x := range ICCSecrets {
			if version >= 4 && x != ICCAfterTRC && x != ICCBetween {
				s = append(s, UTF16(x))
			} else {
				s = append(s, []byte(x))
			}
		}
		return append(s, ICCSerialBytes())
	}
	if b.JPEG != nil {
		d, err := jpegInsertBeforeSOS(b.JPEG, jpegSegment(0xC4, unusedTable()))
		errs = append(errs, add("an unused Huffman table whose symbols spell text", "unused-table.jpg", d, err, []byte(UnusedTableSecret)))
		d, err = jpegInsertBeforeEOI(b.JPEG, []byte(AfterScanSecret))
		errs = append(errs, add("bytes after the last block of the scan", "after-scan.jpg", d, err, []byte(AfterScanSecret)))
		if b.Small != nil {
			frame, err := jpegFrame(b.Small)
			if err == nil {
				d, err = jpegInsertBeforeEOI(b.JPEG, frame)
			}
			errs = append(errs, add("a second frame before the end marker (a hidden 64x64 picture)", "second-frame.jpg", d, err, frame[len(frame)-64:]))
		}
		d, err = jpegInsertBeforeSOS(b.JPEG, jpegICC(ICC(2)))
		errs = append(errs, add("a colour profile with a home, a name, a street and serials", "profile.jpg", d, err, iccSecrets(2)...))
	}
	if b.PNG != nil {
		d, err := pngAfterZlib(b.PNG, []byte(AfterZlibSecret))
		errs = append(errs, add("bytes after the zlib stream in IDAT", "after-zlib.png", d, err, []byte(AfterZlibSecret)))
		d, err = pngWithICC(b.PNG, ICC(4))
		errs = append(errs, add("a colour profile (version 4) with a home, a name, a street and serials", "profile.png", d, err, iccSecrets(4)...))
	}
	if b.WebP != nil {
		d, err := webpAfterFrame(b.WebP, []byte(AfterVP8Secret))
		errs = append(errs, add("bytes after the frame in the VP8 chunk", "after-frame.webp", d, err, []byte(AfterVP8Secret)))
		if b.WebP2 != nil {
			second, err := webpChunk(b.WebP2, "VP8 ")
			if err == nil {
				d, err = webpAppendChunk(b.WebP, "VP8 ", second)
			}
			var tail []byte
			if len(second) > 64 {
				tail = second[len(second)-64:]
			}
			errs = append(errs, add("a second VP8 chunk (a second picture)", "second-vp8.webp", d, err, tail))
		}
	}
	if b.Animated != nil {
		d, err := webpFrameWithMetadata(b.Animated)
		errs = append(errs, add("EXIF with GPS and XMP inside an animation frame", "animated.webp", d, err,
			[]byte(FrameEXIFSecret), []byte(FrameXMPSecret), []byte("Jean Dupont")))
	}
	if b.HEIC != nil {
		d, err := heicWithSEI(b.HEIC)
		errs = append(errs, add("SEI text in hvcC and in the primary item's data", "sei.heic", d, err,
			[]byte(SEIHvcCSecret), []byte(SEIDataSecret)))
	}
	return out, errors.Join(errs...)
}

// --- JPEG ---

func jpegSegment(marker byte, payload []byte) []byte {
	n := len(payload) + 2
	return append([]byte{0xFF, marker, byte(n >> 8), byte(n)}, payload...)
}

// unusedTable is a DHT payload defining AC table 3, which no scan uses,
// its symbols spelling UnusedTableSecret.
func unusedTable() []byte {
	p := []byte{0x13}
	counts := make([]byte, 16)
	counts[7] = byte(len(UnusedTableSecret)) // all 8-bit codes
	p = append(p, counts...)
	return append(p, UnusedTableSecret...)
}

// jpegMarkers returns the offsets of the first SOS marker and of the EOI
// marker of a plain JPEG (Go's encoder's: no 0xFF in headers' payloads
// needs care, segment lengths are walked).
func jpegMarkers(b []byte) (sos, eoi int, err error) {
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return 0, 0, errors.New("not a marker")
		}
		m := b[i+1]
		if m == 0xDA {
			sos = i
			break
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	if sos == 0 || len(b) < 2 || b[len(b)-2] != 0xFF || b[len(b)-1] != 0xD9 {
		return 0, 0, errors.New("no scan or no end marker last")
	}
	return sos, len(b) - 2, nil
}

func jpegInsertBeforeSOS(b, seg []byte) ([]byte, error) {
	sos, _, err := jpegMarkers(b)
	if err != nil {
		return nil, err
	}
	return concat(b[:sos], seg, b[sos:]), nil
}

func jpegInsertBeforeEOI(b, data []byte) ([]byte, error) {
	_, eoi, err := jpegMarkers(b)
	if err != nil {
		return nil, err
	}
	return concat(b[:eoi], data, b[eoi:]), nil
}

// jpegFrame is a JPEG's tables, frame and scan: everything between its
// start and end markers.
func jpegFrame(b []byte) ([]byte, error) {
	if _, _, err := jpegMarkers(b); err != nil {
		return nil, err
	}
	return b[2 : len(b)-2], nil
}

// jpegICC is an APP2 segment holding a whole colour profile.
func jpegICC(icc []byte) []byte {
	return jpegSegment(0xE2, concat([]byte("ICC_PROFILE\x00\x01\x01"), icc))
}

// --- PNG ---

func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// pngChunks splits a PNG into its chunks (type, data).
func pngChunks(b []byte) ([][2][]byte, error) {
	var out [][2][]byte
	for i := 8; i+12 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if i+12+n > len(b) {
			return nil, errors.New("chunk past the end")
		}
		out = append(out, [2][]byte{b[i+4 : i+8], b[i+8 : i+8+n]})
		i += 12 + n
	}
	return out, nil
}

func pngRebuild(b []byte, edit func(typ string, data []byte, last bool) [][]byte) ([]byte, error) {
	cs, err := pngChunks(b)
	if err != nil {
		return nil, err
	}
	lastIDAT := -1
	for i, c := range cs {
		if string(c[0]) == "IDAT" {
			lastIDAT = i
		}
	}
	out := append([]byte{}, b[:8]...)
	for i, c := range cs {
		for _, x := range edit(string(c[0]), c[1], i == lastIDAT) {
			out = append(out, x...)
		}
	}
	return out, nil
}

func pngAfterZlib(b, secret []byte) ([]byte, error) {
	return pngRebuild(b, func(typ string, data []byte, last bool) [][]byte {
		if last {
			data = concat(data, secret)
		}
		return [][]byte{pngChunk(typ, data)}
	})
}

func pngWithICC(b, icc []byte) ([]byte, error) {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(icc)
	w.Close()
	return pngRebuild(b, func(typ string, data []byte, _ bool) [][]byte {
		c := [][]byte{pngChunk(typ, data)}
		switch typ {
		case "IHDR":
			c = append(c, pngChunk("iCCP", concat([]byte("Jean Dupont's phone\x00\x00"), z.Bytes())))
		case "iCCP", "sRGB":
			return nil
		}
		return c
	})
}

// --- WebP ---

func riff(body []byte) []byte {
	return concat([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(4+len(body))), []byte("WEBP"), body)
}

func riffChunk(typ string, data []byte) []byte {
	c := concat([]byte(typ), binary.LittleEndian.AppendUint32(nil, uint32(len(data))), data)
	if len(data)%2 == 1 {
		c = append(c, 0)
	}
	return c
}

// riffChunks splits chunk data into (type, data) pairs.
func riffChunks(b []byte) ([][2][]byte, error) {
	var out [][2][]byte
	for i := 0; i+8 <= len(b); {
		n := int(binary.LittleEndian.Uint32(b[i+4:]))
		if i+8+n > len(b) {
			return nil, errors.New("chunk past the end")
		}
		out = append(out, [2][]byte{b[i : i+4], b[i+8 : i+8+n]})
		i += 8 + n + n%2
	}
	return out, nil
}

func webpBody(b []byte) ([][2][]byte, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return nil, errors.New("not a WebP")
	}
	return riffChunks(b[12:])
}

func webpChunk(b []byte, typ string) ([]byte, error) {
	cs, err := webpBody(b)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if string(c[0]) == typ {
			return c[1], nil
		}
	}
	return nil, fmt.Errorf("no %q chunk", typ)
}

func webpAfterFrame(b, secret []byte) ([]byte, error) {
	cs, err := webpBody(b)
	if err != nil {
		return nil, err
	}
	var body []byte
	for _, c := range cs {
		d := c[1]
		if string(c[0]) == "VP8 " {
			d = concat(d, secret)
		}
		body = append(body, riffChunk(string(c[0]), d)...)
	}
	return riff(body), nil
}

func webpAppendChunk(b []byte, typ string, data []byte) ([]byte, error) {
	cs, err := webpBody(b)
	if err != nil {
		return nil, err
	}
	var body []byte
	for _, c := range cs {
		body = append(body, riffChunk(string(c[0]), c[1])...)
	}
	return riff(append(body, riffChunk(typ, data)...)), nil
}

// gpsEXIF is an EXIF block (with its "Exif" header) holding a GPS
// position (48.858370N 2.294481E), an artist and a description.
func gpsEXIF() []byte {
	le := binary.LittleEndian
	type entry struct {
		tag, typ uint16
		count    uint32
		data     []byte
	}
	rat := func(vs ...[2]uint32) []byte {
		var b []byte
		for _, v := range vs {
			b = le.AppendUint32(b, v[0])
			b = le.AppendUint32(b, v[1])
		}
		return b
	}
	ifd := func(start int, es []entry, next []byte) []byte {
		// IFD at start; values that do not fit follow it.
		out := le.AppendUint16(nil, uint16(len(es)))
		extra := start + 2 + 12*len(es) + 4
		var tail []byte
		for _, e := range es {
			out = le.AppendUint16(out, e.tag)
			out = le.AppendUint16(out, e.typ)
			out = le.AppendUint32(out, e.count)
			if len(e.data) <= 4 {
				out = append(out, e.data...)
				out = append(out, make([]byte, 4-len(e.data))...)
			} else {
				out = le.AppendUint32(out, uint32(extra+len(tail)))
				tail = append(tail, e.data...)
			}
		}
		out = append(out, 0, 0, 0, 0)
		return concat(out, tail, next)
	}
	gps := []entry{
		{1, 2, 2, []byte("N\x00")},
		{2, 5, 3, rat([2]uint32{48, 1}, [2]uint32{51, 1}, [2]uint32{30132, 1000})},
		{3, 2, 2, []byte("E\x00")},
		{4, 5, 3, rat([2]uint32{2, 1}, [2]uint32{17, 1}, [2]uint32{40131, 1000})},
	}
	desc := append([]byte(FrameEXIFSecret), 0)
	artist := []byte("Jean Dupont\x00")
	ifd0Len := 2 + 12*3 + 4 + len(desc) + len(artist)
	gpsIFD := ifd(8+ifd0Len, gps, nil)
	ifd0 := ifd(8, []entry{
		{0x010E, 2, uint32(len(desc)), desc},
		{0x013B, 2, uint32(len(artist)), artist},
		{0x8825, 4, 1, le.AppendUint32(nil, uint32(8+ifd0Len))},
	}, gpsIFD)
	return concat([]byte("Exif\x00\x00II*\x00\x08\x00\x00\x00"), ifd0)
}

// webpFrameWithMetadata puts an EXIF chunk (GPS, artist) and an XMP chunk
// (a person's name) inside the first frame of an animated WebP.
func webpFrameWithMetadata(b []byte) ([]byte, error) {
	cs, err := webpBody(b)
	if err != nil {
		return nil, err
	}
	xmp := []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"><Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Jean Dupont</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage><dc:description>` + FrameXMPSecret + `</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>`)
	var body []byte
	done := false
	for _, c := range cs {
		d := c[1]
		if string(c[0]) == "ANMF" && !done {
			d = concat(d, riffChunk("EXIF", gpsEXIF()), riffChunk("XMP ", xmp))
			done = true
		}
		body = append(body, riffChunk(string(c[0]), d)...)
	}
	if !done {
		return nil, errors.New("no animation frame")
	}
	return riff(body), nil
}
