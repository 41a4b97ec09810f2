package detect

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/sharesafe/sharesafe/photo"
)

// What a colour profile and a file's name give away. A colour profile
// (ICC) is kept in a copy, rewritten: its description, copyright, maker,
// model and serial are not (photo.CleanICC). A name is kept unless the
// user asks for neutral names (--rename).

// iccVendors are the makers whose name in a profile's copyright is a
// vendor's notice, not someone's (lower case).
var iccVendors = []string{
	"apple", "international color consortium", "hewlett-packard", "hewlett packard", "microsoft", "adobe",
	"google", "kodak", "eastman", "canon", "nikon", "sony", "samsung", "fujifilm", "olympus", "panasonic",
	"no copyright", "public domain", "facebook", "little cms", "marti maria", "gimp", "artifex", "x-rite",
	"datacolor", "eizo", "benq", "dell", "nec", "lg electronics", "huawei", "xiaomi", "qualcomm", "leica",
	"color solutions", "basiccolor", "iec", "ricoh", "sharp", "epson", "xerox", "heidelberg", "fogra",
}

// iccStandardNames are the descriptions of common profiles (lower case
// prefixes): anything else is shown, as it may name a place or a person.
var iccStandardNames = []string{
	"srgb", "display", "adobe rgb", "generic ", "color lcd", "colour lcd", "u.s. ", "us web", "coated", "uncoated",
	"web coated", "prophoto", "rec.", "rec2020", "rec709", "itu-r", "bt.", "apple rgb", "gimp built-in", "gray gamma",
	"grey gamma", "dot gain", "camera rgb", "p3", "dci", "ecirgb", "japan color", "euroscale", "linear", "iec",
	"rgb colour profile", "grey colour profile", "cmyk colour profile", "colour profile", "c2", "photoshop",
	"iphone", "android", "google", "samsung", "hdr", "pq", "hlg",
}

func hasPrefixFold(s string, prefixes []string) bool {
	l := strings.ToLower(s)
	for _, p := range prefixes {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

func containsFold(s string, words []string) bool {
	l := strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// iccFindings reports what a colour profile says about where it came
// from: the device it was made for, a serial number, a copyright naming
// someone, an unusual description, a position written in its texts.
func iccFindings(icc []byte) []Finding {
	f, ok := photo.ReadICCFacts(icc)
	if !ok {
		return []Finding{{Kind: KindOther, What: WhatICCUnreadable, Bytes: len(icc)}}
	}
	if f.Clean {
		return nil
	}
	var out []Finding
	var devices []string
	for _, d := range f.Device {
		if d != "" && !containsFold(d, []string{"iec", "international electrotechnical"}) {
			devices = append(devices, d)
		}
	}
	if len(devices) > 0 {
		out = append(out, Finding{Kind: KindDevice, What: WhatICCDevice, Value: clip(strings.Join(devices, ", "))})
	}
	if f.Serial != "" {
		out = append(out, Finding{Kind: KindSerial, What: WhatICCSerial, Value: f.Serial})
	}
	if c := f.Copyright; c != "" && !containsFold(c, iccVendors) {
		out = append(out, Finding{Kind: KindOwner, What: WhatICCCopyright, Value: clip(c)})
	}
	if d := f.Description; d != "" && !hasPrefixFold(d, iccStandardNames) {
		out = append(out, Finding{Kind: KindKeywords, What: WhatICCDescription, Value: clip(d)})
	}
	for _, t := range f.Texts {
		if lat, lon, ok := coordinates(t); ok {
			g := gpsFinding(lat, lon, 0)
			g.What = WhatGPSText
			out = append(out, g)
			break
		}
	}
	return out
}

// coordinatesRe finds a position written in words: two decimal numbers
// with at least three decimals, each with its hemisphere letter or sign
// ("48.858370N 2.294481E", "48.85837, 2.29448").
var coordinatesRe = regexp.MustCompile(`(-?\d{1,2}\.\d{3,})\s*°?\s*([NSns])?\s*[,; ]\s*(-?\d{1,3}\.\d{3,})\s*°?\s*([EWOew])?`)

func coordinates(s string) (lat, lon float64, ok bool) {
	m := coordinatesRe.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false
	}
	lat, _ = strconv.ParseFloat(m[1], 64)
	lon, _ = strconv.ParseFloat(m[3], 64)
	if strings.EqualFold(m[2], "S") {
		lat = -lat
	}
	if strings.EqualFold(m[4], "W") {
		lon = -lon
	}
	if lat < -90 || lat > 90 || lon < -180 || lon > 180 || lat == 0 && lon == 0 {
		return 0, 0, false
	}
	return lat, lon, true
}

// genericFolders are folder names that say nothing about the photos (lower
// case): where phones, cameras and computers put them.
var genericFolders = map[string]bool{
	"dcim": true, "camera": true, "pictures": true, "photos": true, "images": true, "downloads": true,
	"desktop": true, "documents": true, "tmp": true, "temp": true, "home": true, "users": true, "bilder": true,
	"photos library.photoslibrary": true, "originals": true, "masters": true, "whatsapp images": true,
	"screenshots": true, "pellicule": true, "téléchargements": true, "bureau": true, "mes images": true,
	"storage": true, "emulated": true, "sdcard": true, "media": true, "mnt": true, "private": true, "var": true,
	"out": true, "in": true, "input": true, "output": true,
}

// cameraPrefix is how cameras and phones start a file's name: it says
// nothing by itself.
var cameraPrefix = regexp.MustCompile(`(?i)^(img|dsc|dscn|dscf|pxl|vid|mvimg|photo|image|screenshot|signal|pano|burst|p|dji|gopr|mov|sam|wp|pic)[ _-]?`)

// nameTimeRe finds a date, and a time when there is one, in a name:
// 20240714_153012, 2024-07-14 15.30.12, 2024-07-14 at 15.30.12, 20240714.
var nameTimeRe = regexp.MustCompile(`((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?:(?:[ _T-]|\s+at\s+|\s+à\s+)?([01]\d|2[0-3])[-_.:h]?([0-5]\d)(?:[-_.:m]?([0-5]\d))?)?`)

// NameFindings is what a path's file and folder names give away (a date
// and time, words), as nameFindings says it: for a copy's path relative to
// its output folder, what the copy's own name keeps.
func NameFindings(path string) []Finding { return nameFindings(path) }

// nameFindings reports what a photo's name and its folders' names give
// away: a date and time (as phones write them: IMG_20240714_153012,
// PXL_20240714_153012345), and their words, where places, schools and
// people's names are written ("Nice beach 2024-07-14/Léa school"). The
// home folder and folders that say nothing (DCIM, Pictures...) are left
// out.
func nameFindings(path string) []Finding {
	if path == "" {
		return nil
	}
	rel := path
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if r, err := filepath.Rel(home, path); err == nil && !strings.HasPrefix(r, "..") {
			rel = r
		}
	}
	if filepath.IsAbs(rel) {
		if wd, err := os.Getwd(); err == nil {
			if r, err := filepath.Rel(wd, rel); err == nil && !strings.HasPrefix(r, "..") {
				rel = r
			}
		}
	}
	var names []string
	for _, part := range strings.Split(filepath.ToSlash(rel), "/") {
		if part == "" || part == "." || part == ".." || genericFolders[strings.ToLower(part)] {
			continue
		}
		names = append(names, part)
	}
	if len(names) == 0 {
		return nil
	}
	names[len(names)-1] = strings.TrimSuffix(names[len(names)-1], filepath.Ext(names[len(names)-1]))
	var out []Finding
	var wordy []string
	for _, n := range names {
		if m := nameTimeRe.FindStringSubmatch(n); m != nil {
			if when, ok := nameTime(m); ok {
				out = append(out, Finding{Kind: KindTime, What: WhatNameTime, Detail: n, Value: when})
			}
		}
		if w := nameWords(n); w != "" {
			wordy = append(wordy, w)
		}
	}
	if len(wordy) > 0 {
		out = append(out, Finding{Kind: KindKeywords, What: WhatNameWords, Value: clip(strings.Join(wordy, " / "))})
	}
	return out
}

// nameStopWords are the words programs put in names (lower case).
var nameStopWords = map[string]bool{
	"whatsapp": true, "image": true, "images": true, "photo": true, "photos": true, "screenshot": true,
	"capture": true, "copy": true, "copie": true, "edited": true, "modifié": true, "export": true, "at": true, "à": true,
}

// nameTime checks and formats a date (and time) found in a name.
func nameTime(m []string) (string, bool) {
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || y > time.Now().Year()+1 {
		return "", false
	}
	s := t.Format("2006-01-02")
	if m[4] != "" {
		s += " " + m[4] + ":" + m[5]
		if m[6] != "" {
			s += ":" + m[6]
		}
	}
	return s, true
}

// nameWords returns the words of a name, as a person wrote them, without
// a camera's prefix, numbers and dates: "" for IMG_1234 or
// PXL_20240714_153012345.
func nameWords(n string) string {
	n = nameTimeRe.ReplaceAllString(n, " ")
	n = cameraPrefix.ReplaceAllString(n, "")
	var ws []string
	for _, w := range strings.FieldsFunc(n, func(r rune) bool {
		return r == ' ' || r == '_' || r == '.' || r == '(' || r == ')' || r == ',' || r >= '0' && r <= '9'
	}) {
		w = strings.Trim(w, "-")
		if len([]rune(w)) < 2 || len(w) <= 4 && strings.ToUpper(w) == w || nameStopWords[strings.ToLower(w)] {
			continue // a letter, a camera's code (WA, HDR), a program's word
		}
		ws = append(ws, w)
	}
	return strings.Join(ws, " ")
}
