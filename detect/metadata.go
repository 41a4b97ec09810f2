package detect

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

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
		out = append(out, iptcFindings(m.IPTC)...)
	}
	out = append(out, embeddedFindings(p)...)
	if p.Video != nil {
		out = append(out, videoFindings(p)...)
	}
	for _, c := range m.Comments {
		add(Finding{Kind: KindComment, What: WhatComment, Value: clip(c)})
	}
	for _, t := range m.Text {
		kind, what := KindText, WhatText
		switch k := strings.ToLower(t.Key); {
		case pngAuthorKeys[k]:
			kind, what = KindOwner, WhatTextAuthor
		case t.Type == "tIME":
			// When the file was last changed, as EXIF's ModifyDate: not
			// when the photo was taken.
			kind, what = KindTime, WhatChanged
		case strings.Contains(k, "date") || strings.Contains(k, "time"):
			kind, what = KindTime, WhatTextTime
		}
		add(Finding{Kind: kind, What: what, Detail: t.Key, Value: clip(t.Value)})
	}
	for _, o := range m.Other {
		if strings.HasPrefix(o, "APP") {
			add(Finding{Kind: KindMakerNotes, What: WhatAppSegment, Detail: o})
			continue
		}
		add(Finding{Kind: KindOther, What: WhatOther, Detail: o})
	}
	if len(m.ICC) > 0 {
		out = append(out, iccFindings(m.ICC)...)
	}
	out = append(out, nameFindings(p.Path)...)
	if len(m.Trailer) > 0 {
		add(trailerFinding(m.Trailer))
		if i := bytes.Index(m.Trailer, []byte("\x1c\x02")); i >= 0 && bytes.Contains(m.Trailer, []byte("AXS")) {
			// An AFCP trailer: IPTC records after the picture.
			if f := iptcRecords(m.Trailer[i:]); len(f) > 0 {
				add(Finding{Kind: KindIPTC, What: WhatIPTCTrailer, Detail: clip(strings.Join(f, "; "))})
				out = append(out, iptcDerived(f)...)
			}
		}
	}
	return out
}

// pngAuthorKeys are the PNG text keywords (lower case) that name who made
// or owns the photo: the PNG specification's Author and Copyright, and the
// Artist, Owner and Creator some programs write, as EXIF and XMP name them.
// They are reported as an owner's name (KindOwner), as EXIF's Artist and
// XMP's dc:creator are.
var pngAuthorKeys = map[string]bool{"author": true, "copyright": true, "artist": true, "owner": true, "creator": true}

// embeddedFindings reports the extra pictures and videos inside the file.
func embeddedFindings(p *photo.Photo) []Finding {
	var out []Finding
	var extra []string
	bytes := 0
	for _, e := range p.Meta.Embedded {
		switch e.Kind {
		case photo.EmbeddedThumbnail:
			out = append(out, Finding{Kind: KindThumbnail, What: WhatThumbnail, Detail: strings.ToUpper(string(p.Format)), Bytes: e.Bytes})
		case photo.EmbeddedVideo:
			out = append(out, Finding{Kind: KindMotionVideo, What: WhatVideo, Bytes: e.Bytes})
		default:
			extra = append(extra, e.Kind)
			bytes += e.Bytes
		}
	}
	if len(extra) > 0 {
		what := WhatExtraPictures
		if len(p.Meta.MPF) > 0 {
			what = WhatExtraPicturesMPF
		}
		out = append(out, Finding{Kind: KindMPF, What: what, Detail: strings.Join(extra, ", "), Value: fmt.Sprint(len(extra)), Bytes: bytes})
	} else if len(p.Meta.MPF) > 0 {
		out = append(out, Finding{Kind: KindMPF, What: WhatMPFIndex, Bytes: len(p.Meta.MPF)})
	}
	return out
}

// iptcFindings reads the Photoshop resources of APP13: IPTC records
// (names, places, captions, keywords) and Photoshop's own thumbnail.
func iptcFindings(b []byte) []Finding {
	if len(b) > 0 && b[0] == 0x1C { // bare IPTC records, as PNG raw profiles hold them
		fields := iptcRecords(b)
		return append([]Finding{{Kind: KindIPTC, What: WhatIPTC, Detail: clip(strings.Join(fields, "; ")), Bytes: len(b)}}, iptcDerived(fields)...)
	}
	res, complete := photo.Resources(b)
	var out []Finding
	if !complete {
		out = append(out, Finding{Kind: KindUnreadable, What: WhatPhotoshopUnreadable})
	}
	var fields []string
	for _, r := range res {
		switch r.ID {
		case 0x0409, 0x040C:
			out = append(out, Finding{Kind: KindThumbnail, What: WhatThumbnail, Detail: "Photoshop", Bytes: len(r.Data)})
		case 0x0404:
			fields = append(fields, iptcRecords(r.Data)...)
		}
	}
	out = append([]Finding{{Kind: KindIPTC, What: WhatPhotoshop, Detail: clip(strings.Join(fields, "; ")), Bytes: len(b)}}, out...)
	return append(out, iptcDerived(fields)...)
}

// iptcDerived turns IPTC fields into the keyword, time and place-name
// findings advice counts.
func iptcDerived(fields []string) []Finding {
	var out []Finding
	kw, when := false, false
	var places []string
	for _, f := range fields {
		if name, v, _ := strings.Cut(f, " "); iptcPlaces[name] && !slices.Contains(places, v) {
			places = append(places, v)
		}
		if name, _, _ := strings.Cut(f, " "); !kw && (name == "keyword" || name == "caption") {
			kw = true
			out = append(out, Finding{Kind: KindKeywords, What: WhatIPTCKeywords, Detail: name, Value: clip(f)})
		}
		if !when && strings.HasPrefix(f, "date ") {
			when = true
			out = append(out, Finding{Kind: KindTime, What: WhatIPTCDate, Value: strings.TrimPrefix(f, "date ")})
		}
	}
	if len(places) > 0 {
		out = append(out, Finding{Kind: KindPlaceNames, What: WhatPlaceNames, Value: clip(strings.Join(places, ", "))})
	}
	return out
}

// iptcPlaces are the IPTC fields (iptcNames) that name a place.
var iptcPlaces = map[string]bool{"city": true, "place": true, "region": true, "country": true}

// iptcNames names the IPTC application records worth telling a parent about.
var iptcNames = map[byte]string{
	5: "title", 25: "keyword", 55: "date", 80: "by", 90: "city", 92: "place", 95: "region",
	101: "country", 105: "headline", 110: "credit", 116: "copyright", 120: "caption", 122: "writer",
}

func iptcRecords(d []byte) []string {
	var out []string
	for i := 0; i+5 <= len(d) && d[i] == 0x1C; {
		rec, ds := d[i+1], d[i+2]
		n := int(d[i+3])<<8 | int(d[i+4])
		if n&0x8000 != 0 || i+5+n > len(d) {
			break // extended lengths are not used by real IPTC text fields
		}
		v := strings.TrimSpace(string(d[i+5 : i+5+n]))
		if name, ok := iptcNames[ds]; ok && rec == 2 && v != "" {
			out = append(out, name+" "+v)
		}
		i += 5 + n
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
	if x == nil || err != nil && exif.IsCriticalError(err) {
		// goexif gave up: read what our tolerant reader can.
		out = append(out, Finding{Kind: KindUnreadable, What: WhatUnreadable, Value: clip(err.Error())})
		return append(out, fallbackFindings(b)...)
	}
	lat, lon, err := safeLatLong(x)
	valid := err == nil && !math.IsNaN(lat) && !math.IsNaN(lon) && math.Abs(lat) <= 90 && math.Abs(lon) <= 180
	if valid && !(lat == 0 && lon == 0) {
		f := gpsFinding(lat, lon, gpsPrecision(x))
		if alt := str(x, exif.GPSAltitude); alt != "" {
			f.What = WhatGPSAltitude
		}
		out = append(out, f)
	} else if _, err := x.Get(exif.GPSInfoIFDPointer); err == nil {
		out = append(out, Finding{Kind: KindOther, What: WhatGPSEmpty})
	}
	if t, err := x.DateTime(); err == nil {
		v := t.Format("2006-01-02 15:04:05")
		if off := str(x, fieldOffsetOrig); off != "" {
			v += " " + off
		} else if off := str(x, fieldOffset); off != "" {
			v += " " + off
		}
		out = append(out, Finding{Kind: KindTime, What: WhatTaken, Value: v})
	}
	if d := str(x, exif.GPSDateStamp); d != "" {
		out = append(out, Finding{Kind: KindTime, What: WhatGPSDate, Value: d})
	}
	mk, md := str(x, exif.Make), str(x, exif.Model)
	if mk != "" || md != "" {
		v := strings.Join(strings.Fields(mk+" "+strings.TrimPrefix(md, mk)), " ")
		out = append(out, Finding{Kind: KindDevice, What: WhatDevice, Value: v})
	}
	for _, s := range []struct {
		name exif.FieldName
		what string
	}{
		{fieldBodySerial, WhatBodySerial},
		{fieldLensSerial, WhatLensSerial},
		{exif.ImageUniqueID, WhatImageID},
	} {
		if v := str(x, s.name); v != "" {
			out = append(out, Finding{Kind: KindSerial, What: s.what, Value: v})
		}
	}
	for _, s := range []struct {
		name exif.FieldName
		what string
	}{
		{fieldOwner, WhatOwner},
		{exif.Artist, WhatArtist},
		{exif.Copyright, WhatCopyright},
	} {
		if v := str(x, s.name); v != "" {
			out = append(out, Finding{Kind: KindOwner, What: s.what, Value: v})
		}
	}
	if d := str(x, exif.GPSTimeStamp); d != "" {
		out = append(out, Finding{Kind: KindTime, What: WhatGPSTime, Value: d})
	}
	if t := photo.ReadTIFF(b); t != nil && t.Has("IFD0", 0x8290) {
		out = append(out, Finding{Kind: KindMakerNotes, What: WhatKodak})
	}
	if t, err := x.Get(exif.MakerNote); err == nil {
		out = append(out, Finding{Kind: KindMakerNotes, What: WhatMakerNotes, Bytes: int(t.Count)})
	}
	if v := str(x, exif.ImageDescription); v != "" {
		out = append(out, Finding{Kind: KindKeywords, What: WhatDescription, Value: clip(v)})
	}
	if v := str(x, exif.Software); v != "" {
		out = append(out, Finding{Kind: KindSoftware, What: WhatSoftware, Value: v})
	}
	if n := thumbnailSize(x); n > 0 {
		out = append(out, Finding{Kind: KindThumbnail, What: WhatThumbnail, Detail: "EXIF", Bytes: n})
	}
	return out
}

// fallbackFindings reads an EXIF block with photo.ReadTIFF, which skips
// what it cannot read instead of failing.
func fallbackFindings(b []byte) []Finding {
	t := photo.ReadTIFF(b)
	if t == nil {
		return nil
	}
	var out []Finding
	lat, lon := t.Rationals("GPS", 2), t.Rationals("GPS", 4)
	if len(lat) == 3 && len(lon) == 3 {
		la, lo := lat[0]+lat[1]/60+lat[2]/3600, lon[0]+lon[1]/60+lon[2]/3600
		if t.String("GPS", 1) == "S" {
			la = -la
		}
		if t.String("GPS", 3) == "W" {
			lo = -lo
		}
		if !(la == 0 && lo == 0) && math.Abs(la) <= 90 && math.Abs(lo) <= 180 {
			out = append(out, gpsFinding(la, lo, 0))
		}
	}
	for _, d := range []struct {
		dir  string
		tag  uint16
		kind string
		what string
	}{
		{"Exif", 0x9003, KindTime, WhatTaken},
		{"IFD0", 0x0132, KindTime, WhatChanged},
		{"IFD0", 0x010F, KindDevice, WhatMake},
		{"IFD0", 0x0110, KindDevice, WhatModel},
		{"Exif", 0xA431, KindSerial, WhatBodySerial},
		{"Exif", 0xA435, KindSerial, WhatLensSerial},
		{"Exif", 0xA420, KindSerial, WhatImageID},
		{"Exif", 0xA430, KindOwner, WhatOwner},
		{"IFD0", 0x013B, KindOwner, WhatArtist},
		{"IFD0", 0x8298, KindOwner, WhatCopyright},
		{"IFD0", 0x0131, KindSoftware, WhatSoftware},
	} {
		if v := t.String(d.dir, d.tag); v != "" {
			out = append(out, Finding{Kind: d.kind, What: d.what, Value: clip(v)})
		}
	}
	if t.Has("Exif", 0x927C) {
		out = append(out, Finding{Kind: KindMakerNotes, What: WhatMakerNotes})
	}
	if t.Has("IFD1", 0x0201) {
		out = append(out, Finding{Kind: KindThumbnail, What: WhatThumbnail, Detail: "EXIF"})
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
	return Finding{Kind: KindGPS, What: WhatGPS, Value: v, PrecisionM: precision, Lat: &lat, Lon: &lon}
}

// XMP properties that name the people shown in the photo: face regions'
// names (MWG, Microsoft Photo) and IPTC's PersonInImage.
var xmpNameProps = []string{
	"mwg-rs:Name", "MPRI:PersonDisplayName", "MP:PersonDisplayName", "Iptc4xmpExt:PersonInImage",
}

// xmpPeopleKeyword is how Lightroom and digiKam file a person's name in
// lr:hierarchicalSubject: "People|Marie Curie".
const xmpPeopleKeyword = "People|"

// XMP properties that name who made or owns the photo (its author, owner,
// credit and copyright notice), not who is in it: XMP's counterparts of
// EXIF's Artist, Copyright and owner name.
var xmpAuthorProps = []string{"dc:creator", "xmpRights:Owner", "photoshop:Credit", "dc:rights"}

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

// xmpPropRe holds, per XMP property, the attribute and element patterns,
// compiled once.
type xmpPropRe struct{ attr, elem *regexp.Regexp }

var (
	xmpResMu sync.Mutex
	xmpRes   = map[string]xmpPropRe{}
)

func xmpProp(prop string) xmpPropRe {
	xmpResMu.Lock()
	defer xmpResMu.Unlock()
	re, ok := xmpRes[prop]
	if !ok {
		q := regexp.QuoteMeta(prop)
		re = xmpPropRe{
			attr: regexp.MustCompile(`[\s"']` + q + `\s*=\s*"([^"]*)"`),
			elem: regexp.MustCompile(`(?s)<` + q + `(?:\s[^>]*)?>(.*?)</` + q + `>`),
		}
		xmpRes[prop] = re
	}
	return re
}

// xmpValues returns the values of one XMP property, written either as an
// attribute (prop="v") or as an element (<prop>v</prop>, or a list of
// rdf:li in it). Values are unescaped and trimmed; empty ones are dropped.
func xmpValues(b []byte, prop string) []string {
	if !bytes.Contains(b, []byte(prop)) {
		return nil
	}
	re := xmpProp(prop)
	var out []string
	for _, m := range re.attr.FindAllSubmatch(b, -1) {
		out = append(out, string(m[1]))
	}
	for _, m := range re.elem.FindAllSubmatch(b, -1) {
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
	what := WhatXMP
	if extended {
		what = WhatXMPExtended
	}
	out := []Finding{{Kind: KindXMP, What: what, Bytes: len(b)}}
	if names := xmpPeople(b); len(names) > 0 {
		v := strings.Join(names, ", ")
		out = append(out, Finding{Kind: KindPeople, What: WhatPeople, Value: v})
	}
	if names := unique(b, xmpAuthorProps); len(names) > 0 {
		out = append(out, Finding{Kind: KindOwner, What: WhatXMPAuthor, Value: clip(strings.Join(names, ", "))})
	}
	if ids := unique(b, []string{"aux:SerialNumber", "exifEX:BodySerialNumber", "aux:LensSerialNumber", "exifEX:LensSerialNumber", "aux:OwnerName", "exifEX:CameraOwnerName"}); len(ids) > 0 {
		v := strings.Join(ids, ", ")
		out = append(out, Finding{Kind: KindSerial, What: WhatXMPSerials, Value: v})
	}
	if xmpRegionRe.Match(b) {
		out = append(out, Finding{Kind: KindPeople, What: WhatFaceRegions})
	}
	lat, lon := xmpValues(b, "exif:GPSLatitude"), xmpValues(b, "exif:GPSLongitude")
	if len(lat) > 0 && len(lon) > 0 {
		la, ok1 := xmpCoord(lat[0])
		lo, ok2 := xmpCoord(lon[0])
		if ok1 && ok2 {
			f := gpsFinding(la, lo, 0)
			f.What = WhatGPSXMP
			out = append(out, f)
		}
	}
	if kw := unique(b, []string{"dc:subject", "lr:hierarchicalSubject", "dc:description", "dc:title", "photoshop:Headline"}); len(kw) > 0 {
		v := clip(strings.Join(kw, ", "))
		out = append(out, Finding{Kind: KindKeywords, What: WhatXMPKeywords, Value: v})
	}
	if dates := unique(b, []string{"exif:DateTimeOriginal", "xmp:CreateDate", "photoshop:DateCreated", "exif:DateTimeDigitized"}); len(dates) > 0 {
		out = append(out, Finding{Kind: KindTime, What: WhatXMPDate, Value: dates[0]})
	}
	if places := unique(b, xmpPlaceProps); len(places) > 0 {
		v := strings.Join(places, ", ")
		out = append(out, Finding{Kind: KindPlaceNames, What: WhatPlaceNames, Value: v})
	}
	if xmpMotionRe.Match(b) {
		out = append(out, Finding{Kind: KindMotionFlag, What: WhatMotionFlag})
	}
	return out
}

// xmpPeople returns the names of the people shown in the photo: those of
// xmpNameProps, then the person keywords of lr:hierarchicalSubject.
func xmpPeople(b []byte) []string {
	names := unique(b, xmpNameProps)
	seen := map[string]bool{}
	for _, n := range names {
		seen[n] = true
	}
	for _, k := range xmpValues(b, "lr:hierarchicalSubject") {
		if n, ok := strings.CutPrefix(k, xmpPeopleKeyword); ok && n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return names
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
		return Finding{Kind: KindMotionVideo, What: WhatTrailerVideo, Bytes: n}
	case bytes.Contains(t, []byte("SEFT")) || bytes.Contains(t, []byte("SEFH")):
		if bytes.Contains(t, []byte("MotionPhoto_Data")) {
			return Finding{Kind: KindMotionVideo, What: WhatTrailerSamsungVideo, Bytes: n}
		}
		return Finding{Kind: KindTrailer, What: WhatTrailerSamsung, Bytes: n}
	case len(t) >= 3 && t[0] == 0xFF && t[1] == 0xD8 && t[2] == 0xFF:
		return Finding{Kind: KindTrailer, What: WhatTrailerPicture, Bytes: n}
	}
	return Finding{Kind: KindTrailer, What: WhatTrailerUnknown, Bytes: n}
}
