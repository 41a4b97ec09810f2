package photo

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
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

// TextChunk is a key/value text field of a PNG file (tEXt, iTXt, zTXt).
type TextChunk struct {
	Type  string `json:"type"`
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Metadata holds every metadata block the container walk found, raw.
// Interpreting it is the job of package detect.
type Metadata struct {
	// EXIF is the TIFF-structured EXIF block (JPEG APP1 "Exif", PNG eXIf).
	EXIF []byte
	// XMP holds the XMP packets: the main one first, then extended parts.
	XMP [][]byte
	// ICC is the embedded colour profile, its chunks joined in order.
	ICC []byte
	// IPTC is the Photoshop image resource block (APP13), which holds IPTC.
	IPTC []byte
	// MPF is the Multi-Picture Format index (APP2 "MPF"), which points at
	// extra images stored after the main one.
	MPF []byte
	// Comments are the JPEG COM segments.
	Comments []string
	// Text holds PNG text chunks.
	Text []TextChunk
	// Other names every other metadata block found, such as "APP12 Ducky"
	// or "PNG tIME".
	Other []string
	// Embedded lists the extra pictures and videos stored inside the
	// file besides the main picture: MPF images, HEIF thumbnails, depth
	// maps, gain maps, motion-photo videos.
	Embedded []Embedded
	// Trailer is the data after the image's end marker (JPEG EOI, PNG IEND):
	// a motion-photo video, MPF images, a vendor trailer.
	Trailer []byte
}

// Kinds of embedded content.
const (
	EmbeddedThumbnail = "thumbnail"
	EmbeddedImage     = "image"
	EmbeddedDepth     = "depth map"
	EmbeddedGainMap   = "HDR gain map"
	EmbeddedAlpha     = "transparency mask"
	EmbeddedAux       = "auxiliary image"
	EmbeddedVideo     = "video"
	EmbeddedPreview   = "preview"
	EmbeddedDisparity = "disparity or multi-angle view"
	EmbeddedPanorama  = "panorama frame"
)

// Embedded is one extra picture or video stored inside a file.
type Embedded struct {
	Kind  string
	Bytes int
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
		case s.Marker == MarkerAPP1 && bytes.HasPrefix(p, []byte(idEXIF)):
			if m.EXIF == nil {
				m.EXIF = p[len(idEXIF):]
			} else {
				m.Other = append(m.Other, "APP1 second EXIF block")
			}
		case s.Marker == MarkerAPP1 && bytes.HasPrefix(p, []byte(idXMP)):
			m.XMP = append([][]byte{p[len(idXMP):]}, m.XMP...)
		case s.Marker == MarkerAPP1 && bytes.HasPrefix(p, []byte(idExtendedXMP)):
			// GUID (32) + full length (4) + offset (4) precede the part.
			if len(p) > len(idExtendedXMP)+40 {
				m.XMP = append(m.XMP, p[len(idExtendedXMP)+40:])
			}
		case s.Marker == MarkerAPP2 && bytes.HasPrefix(p, []byte(idICC)):
			if len(p) < len(idICC)+2 {
				return m, FormatError("corrupt JPEG: ICC profile chunk too short")
			}
			icc = append(icc, iccChunk{int(p[len(idICC)]), p[len(idICC)+2:]})
		case s.Marker == MarkerAPP2 && bytes.HasPrefix(p, []byte(idMPF)):
			m.MPF = p[len(idMPF):]
		case s.Marker == MarkerAPP13 && bytes.HasPrefix(p, []byte(idPhotoshop)):
			m.IPTC = p[len(idPhotoshop):]
		case s.Marker == MarkerCOM:
			m.Comments = append(m.Comments, string(p))
		case s.Marker == MarkerAPP0 && (bytes.HasPrefix(p, []byte("JFIF\x00")) || bytes.HasPrefix(p, []byte("JFXX\x00"))):
			if bytes.HasPrefix(p, []byte("JFXX\x00")) || len(p) >= 14 && (p[12] != 0 || p[13] != 0) {
				m.Embedded = append(m.Embedded, Embedded{Kind: EmbeddedThumbnail, Bytes: len(p)})
			}
		case s.Marker == MarkerAPP14 && bytes.HasPrefix(p, []byte(idAdobe)):
			// Colour transform flag: part of the picture, not metadata.
		case s.IsAPP():
			m.Other = append(m.Other, fmt.Sprintf("APP%d %s", s.Marker-MarkerAPP0, appName(p)))
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
	if l.EOIEnd < len(b) {
		m.Trailer = b[l.EOIEnd:]
	}
	return m, nil
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

func pngMetadata(b []byte, l *PNGLayout) (Metadata, error) {
	var m Metadata
	for _, c := range l.Chunks {
		switch c.Type {
		case "eXIf":
			m.EXIF = c.Data
		case "iCCP":
			prof, err := pngICC(c.Data)
			if err != nil {
				return m, err
			}
			m.ICC = prof
		case "tEXt", "zTXt", "iTXt":
			t := pngText(c)
			if t.Type == "iTXt" && t.Key == "XML:com.adobe.xmp" {
				m.XMP = append(m.XMP, []byte(t.Value))
				continue
			}
			if raw, ok := rawProfile(t); ok {
				switch strings.TrimPrefix(strings.ToLower(t.Key), "raw profile type ") {
				case "exif", "app1":
					if m.EXIF == nil {
						m.EXIF = bytes.TrimPrefix(raw, []byte(idEXIF))
					}
					continue
				case "iptc", "8bim":
					m.IPTC = raw
					continue
				case "xmp":
					m.XMP = append(m.XMP, raw)
					continue
				}
			}
			m.Text = append(m.Text, t)
		case "tIME":
			if len(c.Data) == 7 {
				d := c.Data
				m.Text = append(m.Text, TextChunk{Type: "tIME", Key: "Last modified",
					Value: fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", int(d[0])<<8|int(d[1]), d[2], d[3], d[4], d[5], d[6])})
			}
		default:
			if !c.Critical() && !pngHarmless[c.Type] {
				m.Other = append(m.Other, "PNG "+c.Type)
			}
		}
	}
	if l.IENDEnd < len(b) {
		m.Trailer = b[l.IENDEnd:]
	}
	return m, nil
}

// rawProfile decodes ImageMagick's "Raw profile type X" text: a newline,
// the type, the length, then the bytes in hex.
func rawProfile(t TextChunk) ([]byte, bool) {
	if !strings.HasPrefix(strings.ToLower(t.Key), "raw profile type ") {
		return nil, false
	}
	// "\nTYPE NAME\n   LENGTH\nHEX...": the type may hold spaces.
	lines := strings.SplitN(strings.TrimLeft(t.Value, "\n"), "\n", 3)
	if len(lines) < 3 {
		return nil, false
	}
	b, err := hex.DecodeString(strings.Join(strings.Fields(lines[2]), ""))
	if err != nil {
		return nil, false
	}
	return b, true
}

// pngHarmless lists ancillary chunks that describe how to show the pixels and
// say nothing about the photo's origin.
var pngHarmless = map[string]bool{
	"gAMA": true, "cHRM": true, "sRGB": true, "pHYs": true, "sBIT": true,
	"bKGD": true, "tRNS": true, "hIST": true, "sPLT": true, "cICP": true,
}
