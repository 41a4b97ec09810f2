package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"sort"
	"strings"

	"github.com/sharesafe/sharesafe/photo/jpegcoef"
)

// JPEG marker bytes (the byte after 0xFF) that the walker and writers name.
const (
	markerSOI   = 0xD8
	markerEOI   = 0xD9
	markerSOS   = 0xDA
	markerDQT   = 0xDB
	markerDRI   = 0xDD
	markerCOM   = 0xFE
	markerAPP0  = 0xE0
	markerAPP1  = 0xE1
	markerAPP2  = 0xE2
	markerAPP13 = 0xED
	markerAPP14 = 0xEE
	markerAPP15 = 0xEF
)

// Identifiers that open JPEG application segments.
const (
	idEXIF        = "Exif\x00\x00"
	idXMP         = "http://ns.adobe.com/xap/1.0/\x00"
	idExtendedXMP = "http://ns.adobe.com/xmp/extension/\x00"
	idICC         = "ICC_PROFILE\x00"
	idMPF         = "MPF\x00"
	idPhotoshop   = "Photoshop 3.0\x00"
	idAdobe       = "Adobe"
)

func sniffJPEG(b []byte) bool { return len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF }

// walkJPEG walks a JPEG photo's segments and reads its metadata.
func walkJPEG(p *Photo) (err error) {
	if p.JPEG, err = WalkJPEG(p.Data); err != nil {
		return err
	}
	p.Meta, err = jpegMetadata(p.Data, p.JPEG)
	return err
}

func sizeJPEG(p *Photo) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(p.Data)) }

// decodeJPEG decodes with Go's decoder and, when it fails, with the
// coefficient reader: Go refuses valid files libjpeg reads (progressive
// with restart markers, some sampling factors, a second frame after the
// first).
func decodeJPEG(p *Photo) (image.Image, error) {
	img, err := jpeg.Decode(bytes.NewReader(p.Data[:p.JPEG.EOIEnd]))
	if err == nil {
		return img, nil
	}
	m, cerr := jpegcoef.Read(p.Data)
	if cerr == nil {
		cerr = m.Maskable()
	}
	if cerr == nil {
		return m.Reduced(1)
	}
	if errors.Is(cerr, jpegcoef.ErrUnsupported) {
		// The reason the coefficient reader gives names the coding.
		return nil, fmt.Errorf("this JPEG uses a coding sharesafe cannot read (%s)", strings.TrimPrefix(cerr.Error(), jpegcoef.ErrUnsupported.Error()+": "))
	}
	return nil, err
}

// Segment is one marker segment of a JPEG file, in file order (the JPEG
// coefficient codec, photo/jpegcoef, walks the markers for both packages).
type Segment = jpegcoef.Segment

// JPEGLayout is the structure of a JPEG file as the walker found it.
type JPEGLayout = jpegcoef.Layout

// WalkJPEG walks the marker segments of a JPEG file. It fails on anything
// malformed (a bad marker, a length past the end, no end-of-image marker)
// rather than guess, so a writer built on it never copies bytes it did not
// understand. Bytes after the end-of-image marker are not part of the layout:
// they start at EOIEnd.
func WalkJPEG(b []byte) (*JPEGLayout, error) {
	l, err := jpegcoef.Walk(b)
	var fe jpegcoef.FormatError
	if errors.As(err, &fe) {
		return nil, FormatError(string(fe))
	}
	return l, err
}

// mpfImages reads the MP entries of an MPF index (a TIFF structure whose
// IFD0 tag 0xB002 holds 16-byte entries): every image but the first is an
// extra one.
func mpfImages(mpf []byte) []Embedded {
	o := tiffOrder(mpf)
	if o == nil {
		return []Embedded{{Kind: EmbeddedImage}}
	}
	off := int64(o.Uint32(mpf[4:8]))
	if off < 8 || off+2 > int64(len(mpf)) {
		return []Embedded{{Kind: EmbeddedImage}}
	}
	n := int64(o.Uint16(mpf[off:]))
	for k := int64(0); k < n; k++ {
		e := off + 2 + 12*k
		if e+12 > int64(len(mpf)) || o.Uint16(mpf[e:]) != 0xB002 {
			continue
		}
		count := int64(o.Uint32(mpf[e+4:]))
		at := int64(o.Uint32(mpf[e+8:]))
		if count < 16 || at+count > int64(len(mpf)) {
			break
		}
		var out []Embedded
		for i := int64(16); i+16 <= count; i += 16 { // entry 0 is the main picture
			ent := mpf[at+i:]
			attr, size := o.Uint32(ent), int(o.Uint32(ent[4:]))
			kind := EmbeddedImage
			switch attr & 0xFFFFFF {
			case 0x010001, 0x010002:
				kind = EmbeddedPreview
			case 0x020001:
				kind = EmbeddedPanorama
			case 0x020002, 0x020003:
				kind = EmbeddedDisparity
			}
			out = append(out, Embedded{Kind: kind, Bytes: size})
		}
		return out
	}
	return []Embedded{{Kind: EmbeddedImage}}
}

func jpegMetadata(b []byte, l *JPEGLayout) (Metadata, error) {
	var m Metadata
	type iccChunk struct {
		seq  int
		data []byte
	}
	var icc []iccChunk
	for _, s := range l.Segments {
		p := s.Payload
		switch {
		case s.Marker == markerAPP1 && bytes.HasPrefix(p, []byte(idEXIF)):
			if m.EXIF == nil {
				m.EXIF = p[len(idEXIF):]
			} else {
				m.Other = append(m.Other, "APP1 second EXIF block")
			}
		case s.Marker == markerAPP1 && bytes.HasPrefix(p, []byte(idXMP)):
			m.XMP = append([][]byte{p[len(idXMP):]}, m.XMP...)
		case s.Marker == markerAPP1 && bytes.HasPrefix(p, []byte(idExtendedXMP)):
			// GUID (32) + full length (4) + offset (4) precede the part.
			if len(p) > len(idExtendedXMP)+40 {
				m.XMP = append(m.XMP, p[len(idExtendedXMP)+40:])
			}
		case s.Marker == markerAPP2 && bytes.HasPrefix(p, []byte(idICC)):
			if len(p) < len(idICC)+2 {
				return m, FormatError("corrupt JPEG: ICC profile chunk too short")
			}
			icc = append(icc, iccChunk{int(p[len(idICC)]), p[len(idICC)+2:]})
		case s.Marker == markerAPP2 && bytes.HasPrefix(p, []byte(idMPF)):
			m.MPF = p[len(idMPF):]
		case s.Marker == markerAPP13 && bytes.HasPrefix(p, []byte(idPhotoshop)):
			m.IPTC = p[len(idPhotoshop):]
		case s.Marker == markerCOM:
			m.Comments = append(m.Comments, string(p))
		case s.Marker == markerAPP0 && (bytes.HasPrefix(p, []byte("JFIF\x00")) || bytes.HasPrefix(p, []byte("JFXX\x00"))):
			if bytes.HasPrefix(p, []byte("JFXX\x00")) || len(p) >= 14 && (p[12] != 0 || p[13] != 0) {
				m.Embedded = append(m.Embedded, Embedded{Kind: EmbeddedThumbnail, Bytes: len(p)})
			}
		case s.Marker == markerAPP14 && bytes.HasPrefix(p, []byte(idAdobe)):
			// Colour transform flag: part of the picture, not metadata.
		case s.IsAPP():
			m.Other = append(m.Other, fmt.Sprintf("APP%d %s", s.Marker-markerAPP0, appName(p)))
		}
	}
	if len(icc) > 0 {
		sort.SliceStable(icc, func(i, j int) bool { return icc[i].seq < icc[j].seq })
		for _, c := range icc {
			m.ICC = append(m.ICC, c.data...)
		}
	}
	if len(m.MPF) > 0 {
		m.Embedded = append(m.Embedded, mpfImages(m.MPF)...)
	}
	if l.Extraneous > 0 {
		m.Other = append(m.Other, fmt.Sprintf("%d bytes between JPEG segments", l.Extraneous))
	}
	if n := secondFrame(l); n > 0 {
		m.Embedded = append(m.Embedded, Embedded{Kind: EmbeddedImage, Bytes: n})
	}
	if l.EOIEnd < len(b) {
		m.Trailer = b[l.EOIEnd:]
	}
	return m, nil
}

// secondFrame returns the size of what follows a second frame header
// (SOFn) up to the end marker: a picture decoders do not show, which the
// copy does not keep. Zero when there is one frame.
func secondFrame(l *JPEGLayout) int {
	frames := 0
	for _, s := range l.Segments {
		if s.Marker >= 0xC0 && s.Marker <= 0xCF && s.Marker != 0xC4 && s.Marker != 0xC8 && s.Marker != 0xCC {
			if frames++; frames == 2 {
				return l.EOIEnd - s.Start
			}
		}
	}
	return 0
}

// appName returns the printable identifier that opens an APPn payload.
func appName(p []byte) string {
	end := bytes.IndexByte(p, 0)
	if end < 0 || end > 32 {
		end = min(len(p), 32)
	}
	name := make([]byte, 0, end)
	for _, c := range p[:end] {
		if c >= 0x20 && c < 0x7F {
			name = append(name, c)
		}
	}
	if len(name) == 0 {
		return "(unnamed)"
	}
	return string(name)
}
