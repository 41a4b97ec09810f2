package detect

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/rwcarlsen/goexif/exif"

	"github.com/sharesafe/sharesafe/photo"
)

// Metadata returns every metadata finding of a photo, from its raw blocks.
// It never fails: what cannot be read becomes a KindUnreadable finding
// (removed all the same by redact).
func Metadata(p *photo.Photo) []Finding {
	var out []Finding
	add := func(f Finding) { out = append(out, f) }
	m := p.Meta

	if len(m.EXIF) > 0 {
		out = append(out, exifFindings(m.EXIF)...)
	}
	for i, x := range m.XMP {
		out = append(out, xmpFindings(x, i > 0)...)
	}
	if len(m.IPTC) > 0 {
		add(Finding{Kind: KindIPTC, Label: "IPTC / Photoshop information (captions, keywords, names)", Bytes: len(m.IPTC)})
	}
	if len(m.MPF) > 0 {
		add(Finding{Kind: KindMPF, Label: "Extra images stored in the file (Multi-Picture Format)", Bytes: len(m.MPF)})
	}
	for _, c := range m.Comments {
		add(Finding{Kind: KindComment, Label: "A comment in the file", Value: clip(c)})
	}
	for _, t := range m.Text {
		add(Finding{Kind: KindText, Label: "A text field in the file: " + t.Key, Value: clip(t.Value)})
	}
	for _, o := range m.Other {
		add(Finding{Kind: KindOther, Label: "Other metadata: " + o})
	}
	if len(m.Trailer) > 0 {
		add(trailerFinding(m.Trailer))
	}
	return out
}

func clip(s string) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, "?"))
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

func exifFindings(b []byte) []Finding {
	var out []Finding
	x, err := decodeEXIF(b)
	if x == nil {
		return []Finding{{Kind: KindUnreadable, Label: "Metadata that could not be read (removed anyway)", Value: clip(err.Error())}}
	}
	if err != nil && exif.IsCriticalError(err) {
		out = append(out, Finding{Kind: KindUnreadable, Label: "Metadata that could not be read (removed anyway)", Value: clip(err.Error())})
	}
	if lat, lon, err := safeLatLong(x); err == nil && !(lat == 0 && lon == 0) {
		f := gpsFinding(lat, lon, gpsPrecision(x))
		if alt := str(x, exif.GPSAltitude); alt != "" {
			f.Label += ", altitude recorded"
		}
		out = append(out, f)
	} else if _, err := x.Get(exif.GPSInfoIFDPointer); err == nil {
		out = append(out, Finding{Kind: KindOther, Label: "A GPS section with no usable position"})
	}
	if t, err := x.DateTime(); err == nil {
		v := t.Format("2006-01-02 15:04:05")
		if off := str(x, fieldOffsetOrig); off != "" {
			v += " " + off
		} else if off := str(x, fieldOffset); off != "" {
			v += " " + off
		}
		out = append(out, Finding{Kind: KindTime, Label: "When the photo was taken: " + v, Value: v})
	}
	if d := str(x, exif.GPSDateStamp); d != "" {
		out = append(out, Finding{Kind: KindTime, Label: "GPS date: " + d, Value: d})
	}
	mk, md := str(x, exif.Make), str(x, exif.Model)
	if mk != "" || md != "" {
		v := strings.Join(strings.Fields(mk+" "+strings.TrimPrefix(md, mk)), " ")
		out = append(out, Finding{Kind: KindDevice, Label: "Camera or phone: " + v, Value: v})
	}
	for _, s := range []struct {
		name  exif.FieldName
		label string
	}{
		{fieldBodySerial, "Camera serial number"},
		{fieldLensSerial, "Lens serial number"},
		{exif.ImageUniqueID, "Unique image ID"},
	} {
		if v := str(x, s.name); v != "" {
			out = append(out, Finding{Kind: KindSerial, Label: s.label + ": " + v, Value: v})
		}
	}
	for _, s := range []struct {
		name  exif.FieldName
		label string
	}{
		{fieldOwner, "Camera owner"},
		{exif.Artist, "Artist"},
		{exif.Copyright, "Copyright"},
	} {
		if v := str(x, s.name); v != "" {
			out = append(out, Finding{Kind: KindOwner, Label: s.label + ": " + v, Value: v})
		}
	}
	if v := str(x, exif.Software); v != "" {
		out = append(out, Finding{Kind: KindSoftware, Label: "Software: " + v, Value: v})
	}
	if n := thumbnailSize(x); n > 0 {
		out = append(out, Finding{Kind: KindThumbnail, Label: "A hidden small copy of the photo (EXIF thumbnail), not masked", Bytes: n})
	}
	return out
}

func safeLatLong(x *exif.Exif) (lat, lon float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("GPS: %v", r)
		}
	}()
	return x.LatLong()
}

func thumbnailSize(x *exif.Exif) (n int) {
	defer func() {
		if recover() != nil {
			n = 0
		}
	}()
	if b, err := x.JpegThumbnail(); err == nil {
		return len(b)
	}
	return 0
}

func gpsFinding(lat, lon, precision float64) Finding {
	v := fmt.Sprintf("%.5f,%.5f", lat, lon)
	label := "Location: " + v
	if precision > 0 {
		label += fmt.Sprintf(" (precise to about %s)", metres(precision))
	}
	return Finding{Kind: KindGPS, Label: label, Value: v, PrecisionM: precision, Lat: &lat, Lon: &lon}
}

func metres(m float64) string {
	if m >= 1000 {
		return fmt.Sprintf("%.0f km", m/1000)
	}
	return fmt.Sprintf("%.0f m", m)
}

// XMP properties that name people.
var xmpNameProps = []string{
	"mwg-rs:Name", "MPRI:PersonDisplayName", "MP:PersonDisplayName",
	"Iptc4xmpExt:PersonInImage", "dc:creator", "xmpRights:Owner", "photoshop:Credit",
}

// XMP properties that name places.
var xmpPlaceProps = []string{
	"photoshop:City", "photoshop:State", "photoshop:Country", "Iptc4xmpCore:Location",
	"Iptc4xmpExt:City", "Iptc4xmpExt:CountryName", "Iptc4xmpExt:Sublocation",
}

var (
	xmpRegionRe = regexp.MustCompile(`mwg-rs:RegionList|MP:RegionInfo|MPRI:Regions`)
	xmpMotionRe = regexp.MustCompile(`GCamera:MotionPhoto|GCamera:MicroVideo|Container:Directory`)
	xmpLiRe     = regexp.MustCompile(`(?s)<rdf:li[^>]*>([^<]*)</rdf:li>`)
	xmpTagRe    = regexp.MustCompile(`<[^>]*>`)
)

// xmpValues returns the values of one XMP property, written either as an
// attribute (prop="v") or as an element (<prop>v</prop>, or a list of
// rdf:li in it). Values are unescaped and trimmed; empty ones are dropped.
func xmpValues(b []byte, prop string) []string {
	var out []string
	q := regexp.QuoteMeta(prop)
	attr := regexp.MustCompile(`[\s"']` + q + `\s*=\s*"([^"]*)"`)
	for _, m := range attr.FindAllSubmatch(b, -1) {
		out = append(out, string(m[1]))
	}
	elem := regexp.MustCompile(`(?s)<` + q + `(?:\s[^>]*)?>(.*?)</` + q + `>`)
	for _, m := range elem.FindAllSubmatch(b, -1) {
		if lis := xmpLiRe.FindAllSubmatch(m[1], -1); len(lis) > 0 {
			for _, li := range lis {
				out = append(out, string(li[1]))
			}
			continue
		}
		out = append(out, string(xmpTagRe.ReplaceAll(m[1], nil)))
	}
	clean := out[:0]
	for _, v := range out {
		v = strings.TrimSpace(html.UnescapeString(v))
		if v != "" {
			clean = append(clean, v)
		}
	}
	return clean
}

func xmpFindings(b []byte, extended bool) []Finding {
	label := "XMP information in the file"
	if extended {
		label = "Extended XMP information in the file"
	}
	out := []Finding{{Kind: KindXMP, Label: label, Bytes: len(b)}}
	if names := unique(b, xmpNameProps); len(names) > 0 {
		v := strings.Join(names, ", ")
		out = append(out, Finding{Kind: KindPeople, Label: "Names of people in the photo: " + v, Value: v})
	}
	if xmpRegionRe.Match(b) {
		out = append(out, Finding{Kind: KindPeople, Label: "Marked face regions (where each person is in the photo)"})
	}
	lat, lon := xmpValues(b, "exif:GPSLatitude"), xmpValues(b, "exif:GPSLongitude")
	if len(lat) > 0 && len(lon) > 0 {
		la, ok1 := xmpCoord(lat[0])
		lo, ok2 := xmpCoord(lon[0])
		if ok1 && ok2 {
			f := gpsFinding(la, lo, 0)
			f.Label += " (written in XMP)"
			out = append(out, f)
		}
	}
	if places := unique(b, xmpPlaceProps); len(places) > 0 {
		v := strings.Join(places, ", ")
		out = append(out, Finding{Kind: KindOther, Label: "Place names written in the file: " + v, Value: v})
	}
	if xmpMotionRe.Match(b) {
		out = append(out, Finding{Kind: KindOther, Label: "Marked as a motion photo (a video is attached)"})
	}
	return out
}

func unique(b []byte, props []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range props {
		for _, v := range xmpValues(b, p) {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out
}

// xmpCoord parses an XMP GPS coordinate: "DDD,MM.mmK" or "DDD,MM,SSK".
func xmpCoord(s string) (float64, bool) {
	if len(s) < 2 {
		return 0, false
	}
	ref := s[len(s)-1]
	parts := strings.Split(s[:len(s)-1], ",")
	v, unit := 0.0, 1.0
	for _, p := range parts {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return 0, false
		}
		v += f * unit
		unit /= 60
	}
	if ref == 'S' || ref == 'W' {
		v = -v
	}
	return v, true
}

func trailerFinding(t []byte) Finding {
	n := len(t)
	switch {
	case len(t) >= 12 && string(t[4:8]) == "ftyp":
		return Finding{Kind: KindMotionVideo, Label: fmt.Sprintf("A video hidden after the photo (motion photo, %s)", size(n)), Bytes: n}
	case bytes.Contains(t, []byte("SEFT")) || bytes.Contains(t, []byte("SEFH")):
		if bytes.Contains(t, []byte("MotionPhoto_Data")) {
			return Finding{Kind: KindMotionVideo, Label: fmt.Sprintf("A video hidden after the photo (Samsung motion photo, %s)", size(n)), Bytes: n}
		}
		return Finding{Kind: KindTrailer, Label: fmt.Sprintf("Samsung data after the photo (%s)", size(n)), Bytes: n}
	case len(t) >= 3 && t[0] == 0xFF && t[1] == 0xD8 && t[2] == 0xFF:
		return Finding{Kind: KindTrailer, Label: fmt.Sprintf("Another picture hidden after the photo (%s)", size(n)), Bytes: n}
	}
	return Finding{Kind: KindTrailer, Label: fmt.Sprintf("Unknown data after the photo (%s)", size(n)), Bytes: n}
}

func size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
