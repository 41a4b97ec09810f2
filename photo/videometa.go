package photo

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// The metadata of a video: user-data atoms (udta), QuickTime Keys and
// iTunes-style item lists (meta), 3GPP boxes (loci, titl, auth...), XMP
// (udta/XMP_ or a uuid box), vendor atoms, and timed metadata tracks
// (GoPro GPMF, CAMM, Apple mebx). Everything is turned into VideoTags
// (text values) and Metadata blocks; package detect says what they reveal.

// xmpUUID is the uuid box type of an XMP packet in an ISO file.
var xmpUUID = []byte{0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC}

// textBoxes3GPP are the 3GPP user-data boxes that hold one string after a
// language code.
var textBoxes3GPP = map[string]bool{
	"titl": true, "dscp": true, "cprt": true, "perf": true, "auth": true, "gnre": true,
	"albm": true, "kywd": true, "clsf": true, "rtng": true,
}

// tag adds a tag.
func (w *vwalk) tag(t VideoTag) {
	if len(w.l.Tags) < 10_000 {
		w.l.Tags = append(w.l.Tags, t)
	}
}

// metaBox reads a udta, meta, uuid or XMP_ box (x, in b).
func (w *vwalk) metaBox(b []byte, x vbox, track uint32, depth int) error {
	if depth > videoLimits.maxDepth {
		return videoErr("boxes nested too deep")
	}
	body := b[x.body:x.end]
	switch x.typ {
	case "uuid":
		if len(body) >= 16 && bytes.Equal(body[:16], xmpUUID) {
			w.m.XMP = append(w.m.XMP, body[16:])
			return nil
		}
		w.m.Other = append(w.m.Other, "video uuid box")
		w.tag(VideoTag{Box: "uuid", Key: fmt.Sprintf("%x", body[:min(16, len(body))]), Bytes: len(body), Track: track})
		return nil
	case "XMP_":
		w.m.XMP = append(w.m.XMP, body)
		return nil
	case "meta":
		return w.meta(b, x, track, depth)
	case "udta":
		kids, err := w.children(b, x.body, x.end)
		if err != nil {
			// A damaged user-data box: everything in it is dropped.
			w.m.Other = append(w.m.Other, "unreadable user data")
			return nil
		}
		for _, k := range kids {
			if err := w.udtaItem(b, k, track, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// udtaItem reads one atom of a user-data box.
func (w *vwalk) udtaItem(b []byte, k vbox, track uint32, depth int) error {
	body := b[k.body:k.end]
	name := tagName(k.typ)
	switch {
	case k.typ == "meta", k.typ == "XMP_", k.typ == "uuid", k.typ == "udta":
		return w.metaBox(b, k, track, depth)
	case k.typ == "free", k.typ == "skip", k.typ == "\x00\x00\x00\x00":
	case k.typ == "loci":
		w.loci(body, track)
	case k.typ == "GPMF":
		w.gpmf(body, track)
	case k.typ == "yrrc" && len(body) >= 6:
		w.tag(VideoTag{Box: "udta", Key: name, Value: strconv.Itoa(int(binary.BigEndian.Uint16(body[4:]))), Track: track})
	case textBoxes3GPP[k.typ] && len(body) > 6:
		s := body[6:]
		if k.typ == "rtng" || k.typ == "clsf" {
			if len(body) < 14 {
				return nil
			}
			s = body[14:]
		}
		if k.typ == "kywd" {
			w.tag(VideoTag{Box: "udta", Key: name, Value: keywords3GPP(body), Track: track})
			return nil
		}
		w.tag(VideoTag{Box: "udta", Key: name, Value: decodeText(s), Track: track})
	case len(k.typ) == 4 && k.typ[0] == 0xa9:
		w.tag(VideoTag{Box: "udta", Key: name, Value: intlText(body), Track: track})
	case k.typ == "name":
		w.tag(VideoTag{Box: "udta", Key: name, Value: decodeText(body), Track: track})
	case k.typ == "covr", k.typ == "thmb", k.typ == "THMB", k.typ == "CNTH", k.typ == "PICT", k.typ == "PNTH":
		w.tag(VideoTag{Box: "cover", Key: name, Bytes: len(body), Track: track})
	default:
		t := VideoTag{Box: "udta", Key: name, Bytes: len(body), Track: track}
		if s, ok := asText(body); ok {
			t.Value, t.Bytes = s, 0
		} else if binaryIDs[k.typ] && len(body) <= 64 {
			t.Value = fmt.Sprintf("%x", body)
		}
		w.tag(t)
	}
	return nil
}

// binaryIDs are the user-data atoms that hold an identifier as bytes
// (GoPro's camera serial hash, media and global media IDs), written as hex.
var binaryIDs = map[string]bool{"CAME": true, "MUID": true, "GUMI": true, "BCID": true}

// keywords3GPP reads a kywd box: a language, a count and counted strings.
func keywords3GPP(body []byte) string {
	if len(body) < 7 {
		return ""
	}
	n := int(body[6])
	var out []string
	for i, k := 7, 0; k < n && i < len(body); k++ {
		l := int(body[i])
		if i+1+l > len(body) {
			break
		}
		out = append(out, decodeText(body[i+1:i+1+l]))
		i += 1 + l
	}
	return strings.Join(out, ", ")
}

// intlText reads a QuickTime international text atom ("©nam"): one or
// more strings, each with its size and language. A body that is not laid
// out so is read as plain text.
func intlText(body []byte) string {
	var out []string
	for i := 0; i+4 <= len(body); {
		n := int(binary.BigEndian.Uint16(body[i:]))
		if n == 0 || i+4+n > len(body) {
			break
		}
		out = append(out, decodeText(body[i+4:i+4+n]))
		i += 4 + n
	}
	if len(out) == 0 {
		return decodeText(body)
	}
	return strings.Join(out, "; ")
}

// decodeText reads a string: UTF-16 with a byte-order mark, or UTF-8
// (invalid bytes replaced), without its ending NULs.
func decodeText(b []byte) string {
	if len(b) >= 2 && (b[0] == 0xfe && b[1] == 0xff || b[0] == 0xff && b[1] == 0xfe) {
		le := b[0] == 0xff
		var u []uint16
		for i := 2; i+1 < len(b); i += 2 {
			v := binary.BigEndian.Uint16(b[i:])
			if le {
				v = binary.LittleEndian.Uint16(b[i:])
			}
			if v == 0 {
				break
			}
			u = append(u, v)
		}
		return string(utf16.Decode(u))
	}
	if z := bytes.IndexByte(b, 0); z >= 0 {
		b = b[:z]
	}
	return strings.TrimSpace(strings.ToValidUTF8(string(b), "?"))
}

// asText returns a value as text when it reads as text (printable UTF-8).
func asText(b []byte) (string, bool) {
	t := bytes.TrimRight(b, "\x00")
	if len(t) == 0 || !utf8.Valid(t) {
		return "", false
	}
	for _, r := range string(t) {
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' {
			return "", false
		}
	}
	return strings.TrimSpace(string(t)), true
}

// loci reads a 3GPP location box: a name, a role and a position.
func (w *vwalk) loci(body []byte, track uint32) {
	if len(body) < 6 {
		return
	}
	r := body[6:]
	z := bytes.IndexByte(r, 0)
	if len(r) >= 2 && (r[0] == 0xfe || r[0] == 0xff) {
		z = -1
		for i := 2; i+1 < len(r); i += 2 {
			if r[i] == 0 && r[i+1] == 0 {
				z = i + 1
				break
			}
		}
	}
	if z < 0 {
		return
	}
	name := decodeText(r[:z])
	r = r[z+1:]
	if name != "" {
		w.tag(VideoTag{Box: "loci", Key: "name", Value: name, Track: track})
	}
	if len(r) < 13 {
		return
	}
	fixed := func(b []byte) float64 { return float64(int32(binary.BigEndian.Uint32(b))) / 65536 }
	lon, lat := fixed(r[1:]), fixed(r[5:])
	w.tag(VideoTag{Box: "loci", Key: "position", Value: fmt.Sprintf("%.6f,%.6f", lat, lon), Track: track})
	rest := r[13:]
	for _, k := range []string{"body", "notes"} {
		z := bytes.IndexByte(rest, 0)
		if z < 0 {
			break
		}
		if s := decodeText(rest[:z]); s != "" {
			w.tag(VideoTag{Box: "loci", Key: k, Value: s, Track: track})
		}
		rest = rest[z+1:]
	}
}

// meta reads a meta box: a handler, then QuickTime Keys and an item list
// ("mdta"), or an iTunes-style item list ("mdir").
func (w *vwalk) meta(b []byte, x vbox, track uint32, depth int) error {
	start := x.body
	// ISO meta is a full box (4 bytes of version and flags); QuickTime's
	// is not. Look for a child box header to tell.
	if x.end-x.body >= 12 && !isBoxType(b[x.body+4:x.body+8]) && isBoxType(b[x.body+8:x.body+12]) {
		start += 4
	}
	kids, err := w.children(b, start, x.end)
	if err != nil {
		w.m.Other = append(w.m.Other, "unreadable metadata box")
		return nil
	}
	var keys []string
	for _, k := range kids {
		if k.typ == "keys" {
			keys = readKeys(b[k.body:k.end])
		}
	}
	for _, k := range kids {
		switch k.typ {
		case "hdlr", "keys", "free", "skip":
		case "ilst":
			items, err := w.children(b, k.body, k.end)
			if err != nil {
				w.m.Other = append(w.m.Other, "unreadable metadata item list")
				continue
			}
			for _, it := range items {
				w.ilstItem(b, it, keys, track)
			}
		case "XMP_", "uuid", "udta", "meta":
			if err := w.metaBox(b, k, track, depth+1); err != nil {
				return err
			}
		case "xml ", "xmp ":
			if len(b[k.body:k.end]) > 4 {
				w.m.XMP = append(w.m.XMP, b[k.body+4:k.end])
			}
		case "iinf", "iloc", "pitm", "iprp", "idat", "iref":
			w.m.Other = append(w.m.Other, "video metadata items")
		default:
			w.tag(VideoTag{Box: "meta", Key: tagName(k.typ), Bytes: int(k.end - k.body), Track: track})
		}
	}
	return nil
}

// isBoxType reports whether 4 bytes look like a box type (printable).
func isBoxType(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e && c != 0xa9 {
			return false
		}
	}
	return true
}

// readKeys reads a QuickTime keys box: the names of the items of ilst,
// numbered from 1.
func readKeys(body []byte) []string {
	if len(body) < 8 {
		return nil
	}
	n := int(binary.BigEndian.Uint32(body[4:]))
	keys := make([]string, 0, min(n, 1024))
	for i, k := 8, 0; k < n && i+8 <= len(body) && k < 100_000; k++ {
		size := int(binary.BigEndian.Uint32(body[i:]))
		if size < 8 || i+size > len(body) {
			break
		}
		keys = append(keys, decodeText(body[i+8:i+size]))
		i += size
	}
	return keys
}

// ilstItem reads one item of an item list: its name (a key's index, a
// four-character code, or a freeform "----" name) and its data atoms.
func (w *vwalk) ilstItem(b []byte, it vbox, keys []string, track uint32) {
	name := tagName(it.typ)
	box := "ilst"
	if idx := binary.BigEndian.Uint32([]byte(it.typ)); len(keys) > 0 && idx >= 1 && int(idx) <= len(keys) {
		name, box = keys[idx-1], "keys"
	}
	kids, err := w.children(b, it.body, it.end)
	if err != nil {
		w.tag(VideoTag{Box: box, Key: name, Bytes: int(it.end - it.body), Track: track})
		return
	}
	for _, k := range kids {
		body := b[k.body:k.end]
		switch k.typ {
		case "name":
			if len(body) > 4 {
				name = decodeText(body[4:])
			}
		case "data":
			if len(body) < 8 {
				continue
			}
			typ := binary.BigEndian.Uint32(body) & 0xffffff
			val := body[8:]
			t := VideoTag{Box: box, Key: name, Track: track}
			switch {
			case name == "covr" || typ == 13 || typ == 14 || typ == 27:
				t.Box, t.Bytes = "cover", len(val)
			default:
				if s, ok := dataValue(typ, val); ok {
					t.Value = s
				} else {
					t.Bytes = len(val)
				}
			}
			w.tag(t)
		}
	}
}

// dataValue turns a metadata value into text by its well-known type
// (QuickTime's "data" atom and mebx's dtyp): text, numbers; ok is false
// for binary data.
func dataValue(typ uint32, v []byte) (string, bool) {
	switch typ {
	case 1, 4: // UTF-8
		return decodeText(v), true
	case 2, 5: // UTF-16
		u := make([]uint16, 0, len(v)/2)
		for i := 0; i+1 < len(v); i += 2 {
			u = append(u, binary.BigEndian.Uint16(v[i:]))
		}
		return strings.TrimRight(string(utf16.Decode(u)), "\x00"), true
	case 21, 22, 65, 66, 67, 74, 75, 76, 77, 78:
		if len(v) == 0 || len(v) > 8 {
			return "", false
		}
		var u uint64
		for _, c := range v {
			u = u<<8 | uint64(c)
		}
		if typ == 21 || typ == 65 || typ == 66 || typ == 67 || typ == 74 {
			shift := 64 - 8*len(v)
			return strconv.FormatInt(int64(u<<shift)>>shift, 10), true
		}
		return strconv.FormatUint(u, 10), true
	case 23:
		if len(v) == 4 {
			return strconv.FormatFloat(float64(math.Float32frombits(binary.BigEndian.Uint32(v))), 'g', -1, 32), true
		}
	case 24:
		if len(v) == 8 {
			return strconv.FormatFloat(math.Float64frombits(binary.BigEndian.Uint64(v)), 'g', -1, 64), true
		}
	case 0:
		return asText(v)
	}
	return "", false
}

// mebxKeys reads the keys of an Apple timed metadata sample description:
// a local key ID for each key name and type.
func (w *vwalk) mebxKeys(t *VideoTrack, b []byte, e vbox) error {
	if e.end-e.body < 8 {
		return nil
	}
	kids, err := w.children(b, e.body+8, e.end)
	if err != nil {
		return nil // reported as a data track all the same
	}
	for _, k := range kids {
		if k.typ != "keys" {
			continue
		}
		ents, err := w.children(b, k.body, k.end)
		if err != nil {
			return nil
		}
		for _, ent := range ents {
			sub, err := w.children(b, ent.body, ent.end)
			if err != nil {
				continue
			}
			mk := mebxKey{id: ent.typ}
			for _, s := range sub {
				body := b[s.body:s.end]
				switch s.typ {
				case "keyd":
					if len(body) > 4 {
						mk.name = decodeText(body[4:])
					}
				case "dtyp":
					if len(body) >= 8 && binary.BigEndian.Uint32(body) == 0 {
						mk.typ = binary.BigEndian.Uint32(body[4:])
					}
				}
			}
			w.mebx[t] = append(w.mebx[t], mk)
		}
	}
	return nil
}

type mebxKey struct {
	id, name string
	typ      uint32
}

// timedMetadata reports each track that is neither picture nor sound, and
// reads the samples of GPS and sensor tracks (GoPro GPMF, CAMM, Apple
// mebx) within a budget.
func (w *vwalk) timedMetadata() error {
	for _, t := range w.l.Tracks {
		if t.Handler == "vide" || t.Handler == "soun" {
			continue
		}
		w.tag(VideoTag{Box: "track", Key: t.Codec, Value: t.Handler, Count: int(t.Samples), Track: t.ID})
		switch t.Codec {
		case "gpmd", "camm", "mebx":
		default:
			continue
		}
		before := len(w.l.Tags)
		for _, c := range t.chunks {
			at := c.off
			for s := c.first; s < c.first+c.n; s++ {
				n := t.sampleSize(s)
				if w.metaRd+n > videoLimits.maxMetaRead || w.metaN >= videoLimits.maxMetaN {
					return nil // enough read: what was found is reported
				}
				w.metaRd += n
				w.metaN++
				buf := make([]byte, n)
				if _, err := w.r.ReadAt(buf, at); err != nil {
					return fmt.Errorf("cannot read a metadata sample: %w", err)
				}
				at += n
				switch t.Codec {
				case "gpmd":
					w.gpmf(buf, t.ID)
				case "camm":
					w.camm(buf, t.ID)
				case "mebx":
					w.mebxSample(buf, t)
				}
			}
		}
		w.summarise(before, t.ID)
	}
	return nil
}

// summarise folds the tags a track's samples gave (one per value, from
// before on) into one tag per key, with its first value and how many
// values there were (a GPS track of one position a second).
func (w *vwalk) summarise(before int, track uint32) {
	tags := w.l.Tags[before:]
	var out []VideoTag
	index := map[string]int{}
	for _, t := range tags {
		k := t.Box + "\x00" + t.Key
		if i, ok := index[k]; ok {
			out[i].Count += max(t.Count, 1)
			continue
		}
		index[k] = len(out)
		t.Count = max(t.Count, 1)
		out = append(out, t)
	}
	w.l.Tags = append(w.l.Tags[:before], out...)
}

// gpmf reads GoPro's KLV telemetry: device names, the camera's model,
// serial and firmware, and GPS positions (GPS5, GPS9, GPRI).
func (w *vwalk) gpmf(b []byte, track uint32) {
	w.gpmfNest(b, track, 0)
}

// gpmfState is what applies to the values of one nest of GPMF: the scale
// of each field and the types of a complex structure.
type gpmfState struct {
	scal []float64
	typ  string
}

func (w *vwalk) gpmfNest(b []byte, track uint32, depth int) {
	if depth > 8 {
		return
	}
	var st gpmfState
	for i := 0; i+8 <= len(b); {
		key := string(b[i : i+4])
		typ := b[i+4]
		size := int(b[i+5])
		repeat := int(binary.BigEndian.Uint16(b[i+6:]))
		n := size * repeat
		if i+8+n > len(b) {
			return
		}
		data := b[i+8 : i+8+n]
		i += 8 + (n+3)&^3
		if key == "\x00\x00\x00\x00" {
			return
		}
		switch {
		case typ == 0:
			w.gpmfNest(data, track, depth+1)
		case key == "SCAL":
			st.scal = gpmfNumbers(typ, size, data)
		case key == "TYPE":
			st.typ = string(bytes.TrimRight(data, "\x00"))
		case key == "GPS5" || key == "GPS9" || key == "GPRI":
			lat, lon := 0, 1
			if key == "GPRI" {
				lat, lon = 1, 2
			}
			for r := 0; r < repeat; r++ {
				el := data[r*size : (r+1)*size]
				types := st.typ
				if typ != '?' {
					if gpmfSize(typ) == 0 {
						break
					}
					types = strings.Repeat(string(typ), size/gpmfSize(typ))
				}
				la, ok1 := gpmfField(el, types, lat, st.scal)
				lo, ok2 := gpmfField(el, types, lon, st.scal)
				if ok1 && ok2 && !(la == 0 && lo == 0) && math.Abs(la) <= 90 && math.Abs(lo) <= 180 {
					w.tag(VideoTag{Box: "gpmf", Key: key, Value: fmt.Sprintf("%.6f,%.6f", la, lo), Track: track})
				}
			}
		case key == "GPSU" && n >= 12:
			w.tag(VideoTag{Box: "gpmf", Key: key, Value: gpsuTime(data), Track: track})
		case key == "CASN" || key == "MINF" || key == "FMWR" || key == "DVNM" || key == "MUID" || key == "LENS" || key == "CAME":
			v := ""
			if typ == 'c' || typ == 'U' {
				v = decodeText(data)
			} else {
				v = fmt.Sprintf("%x", data)
			}
			if v != "" {
				w.tag(VideoTag{Box: "gpmf", Key: key, Value: v, Track: track})
			}
		}
	}
}

// gpsuTime turns GPMF's "yymmddhhmmss.sss" into RFC 3339.
func gpsuTime(d []byte) string {
	s := string(d[:12])
	for _, c := range s {
		if c < '0' || c > '9' {
			return decodeText(d)
		}
	}
	return fmt.Sprintf("20%s-%s-%sT%s:%s:%sZ", s[0:2], s[2:4], s[4:6], s[6:8], s[8:10], s[10:12])
}

// gpmfSize is the size of one value of a GPMF type.
func gpmfSize(t byte) int {
	switch t {
	case 'b', 'B', 'c':
		return 1
	case 's', 'S':
		return 2
	case 'l', 'L', 'f', 'q', 'F':
		return 4
	case 'd', 'j', 'J', 'Q':
		return 8
	case 'G', 'U':
		return 16
	}
	return 0
}

// gpmfValue reads one number of a GPMF type.
func gpmfValue(t byte, b []byte) (float64, bool) {
	if len(b) < gpmfSize(t) || gpmfSize(t) == 0 {
		return 0, false
	}
	switch t {
	case 'b':
		return float64(int8(b[0])), true
	case 'B':
		return float64(b[0]), true
	case 's':
		return float64(int16(binary.BigEndian.Uint16(b))), true
	case 'S':
		return float64(binary.BigEndian.Uint16(b)), true
	case 'l':
		return float64(int32(binary.BigEndian.Uint32(b))), true
	case 'L':
		return float64(binary.BigEndian.Uint32(b)), true
	case 'f':
		return float64(math.Float32frombits(binary.BigEndian.Uint32(b))), true
	case 'd':
		return math.Float64frombits(binary.BigEndian.Uint64(b)), true
	case 'j':
		return float64(int64(binary.BigEndian.Uint64(b))), true
	case 'J':
		return float64(binary.BigEndian.Uint64(b)), true
	}
	return 0, false
}

// gpmfNumbers reads the numbers of a value (SCAL).
func gpmfNumbers(t byte, size int, d []byte) []float64 {
	w := gpmfSize(t)
	if w == 0 {
		return nil
	}
	var out []float64
	for i := 0; i+w <= len(d) && len(out) < 64; i += w {
		v, _ := gpmfValue(t, d[i:])
		out = append(out, v)
	}
	return out
}

// gpmfField reads field idx of a structure whose field types are types,
// divided by its scale.
func gpmfField(el []byte, types string, idx int, scal []float64) (float64, bool) {
	off := 0
	for k := 0; k < idx; k++ {
		if k >= len(types) {
			return 0, false
		}
		off += gpmfSize(types[k])
	}
	if idx >= len(types) || off > len(el) {
		return 0, false
	}
	v, ok := gpmfValue(types[idx], el[off:])
	if !ok {
		return 0, false
	}
	s := 1.0
	switch {
	case idx < len(scal):
		s = scal[idx]
	case len(scal) == 1:
		s = scal[0]
	}
	if s == 0 {
		return 0, false
	}
	return v / s, true
}

// camm reads one CAMM sample (little-endian): GPS positions are types 5
// (latitude, longitude, altitude) and 6 (a full fix).
func (w *vwalk) camm(b []byte, track uint32) {
	if len(b) < 4 {
		return
	}
	f64 := func(i int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(b[i:])) }
	var lat, lon float64
	switch binary.LittleEndian.Uint16(b[2:]) {
	case 5:
		if len(b) < 28 {
			return
		}
		lat, lon = f64(4), f64(12)
	case 6:
		if len(b) < 32 {
			return
		}
		lat, lon = f64(16), f64(24)
		if t := f64(4); t > 0 && t < 1e10 {
			// Seconds, read as exiftool does (since 1970).
			w.tag(VideoTag{Box: "camm", Key: "gps time", Value: time.Unix(int64(t), 0).UTC().Format(time.RFC3339), Track: track})
		}
	default:
		return
	}
	if !(lat == 0 && lon == 0) && math.Abs(lat) <= 90 && math.Abs(lon) <= 180 {
		w.tag(VideoTag{Box: "camm", Key: "position", Value: fmt.Sprintf("%.6f,%.6f", lat, lon), Track: track})
	}
}

// mebxSample reads one sample of Apple timed metadata: boxes whose type is
// a local key ID, holding the key's value.
func (w *vwalk) mebxSample(b []byte, t *VideoTrack) {
	keys := w.mebx[t]
	for i := 0; i+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n < 8 || i+n > len(b) {
			return
		}
		id, v := string(b[i+4:i+8]), b[i+8:i+n]
		i += n
		for _, k := range keys {
			if k.id != id {
				continue
			}
			tag := VideoTag{Box: "mebx", Key: k.name, Track: t.ID}
			if s, ok := dataValue(k.typ, v); ok {
				tag.Value = s
			} else if s, ok := asText(v); ok && k.typ == 0 {
				tag.Value = s
			} else {
				tag.Bytes = len(v)
			}
			w.tag(tag)
		}
	}
}
