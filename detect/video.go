package detect

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/sharesafe/sharesafe/photo"
)

// Video is what a clip is, besides its picture size: in a Report of a
// video (nil for a photo).
type Video struct {
	// Seconds is the clip's duration.
	Seconds float64 `json:"duration_s"`
	// Audio says whether it has sound (voices, names said aloud).
	Audio bool `json:"audio"`
	// Codec is the picture's codec ("avc1": H.264, "hvc1": HEVC).
	Codec string `json:"codec"`
	// FrameRate is frames per second; Frames the number of frames.
	FrameRate float64 `json:"frame_rate"`
	Frames    int64   `json:"frames"`
	// DataTracks counts the tracks of other data (GPS, sensors, timecode,
	// subtitles), removed from the copy.
	DataTracks int `json:"data_tracks"`
	// FacesChecked says whether Faces were searched, on the frame at
	// FrameAt seconds (the poster frame, decoded by ffmpeg); without
	// ffmpeg they are not. Every frame is searched when the clip is masked.
	FacesChecked bool    `json:"faces_checked"`
	FrameAt      float64 `json:"frame_s,omitempty"`
}

// The report kinds: what a file is.
const (
	KindPhoto = "photo"
	KindVideo = "video"
)

// VideoOf returns what a video is, or nil for a photo.
func VideoOf(p *photo.Photo) *Video {
	l := p.Video
	if l == nil {
		return nil
	}
	v := &Video{
		Seconds: math.Round(l.Seconds()*100) / 100, Audio: l.HasAudio(), Codec: l.VideoCodec(),
		FrameRate: math.Round(l.FrameRate()*100) / 100, Frames: l.Frames(),
	}
	for _, t := range l.Tracks {
		if t.Handler != "vide" && t.Handler != "soun" {
			v.DataTracks++
		}
	}
	return v
}

// videoKey is what a video metadata item says, by its name.
type videoKey struct {
	kind, what string
}

// videoKeys maps the names of video metadata items (QuickTime Keys without
// their "com.apple.quicktime." prefix, user-data atoms, iTunes items,
// 3GPP boxes, GoPro's atoms and GPMF keys), in lower case, to what they
// reveal. Positions are read apart (videoPosition).
var videoKeys = map[string]videoKey{
	"make": {KindDevice, WhatMake}, "©mak": {KindDevice, WhatMake}, "com.android.manufacturer": {KindDevice, WhatMake},
	"model": {KindDevice, WhatModel}, "©mod": {KindDevice, WhatModel}, "com.android.model": {KindDevice, WhatModel},
	"minf": {KindDevice, WhatModel}, "camera.lens_model": {KindDevice, WhatModel},
	"software": {KindSoftware, WhatSoftware}, "©swr": {KindSoftware, WhatSoftware}, "©too": {KindSoftware, WhatSoftware},
	"com.android.version": {KindSoftware, WhatSoftware}, "firm": {KindSoftware, WhatSoftware},
	"fmwr": {KindSoftware, WhatSoftware}, "encoder": {KindSoftware, WhatSoftware}, "©enc": {KindSoftware, WhatSoftware},
	"creationdate": {KindTime, WhatRecorded}, "©day": {KindTime, WhatRecorded}, "yrrc": {KindTime, WhatRecorded},
	"date": {KindTime, WhatRecorded}, "gpsu": {KindTime, WhatRecorded}, "location.date": {KindTime, WhatRecorded},
	"gps time":           {KindTime, WhatRecorded},
	"content.identifier": {KindSerial, WhatContentID},
	"lens":               {KindSerial, WhatLensSerial}, "came": {KindSerial, WhatBodySerial}, "casn": {KindSerial, WhatBodySerial},
	"camera.identifier": {KindSerial, WhatBodySerial}, "serialnumber": {KindSerial, WhatBodySerial},
	"muid": {KindSerial, WhatMediaID}, "gumi": {KindSerial, WhatMediaID}, "bcid": {KindSerial, WhatMediaID},
	"title": {KindKeywords, WhatDescription}, "©nam": {KindKeywords, WhatDescription}, "titl": {KindKeywords, WhatDescription},
	"description": {KindKeywords, WhatDescription}, "©des": {KindKeywords, WhatDescription}, "desc": {KindKeywords, WhatDescription},
	"ldes": {KindKeywords, WhatDescription}, "dscp": {KindKeywords, WhatDescription}, "©inf": {KindKeywords, WhatDescription},
	"information": {KindKeywords, WhatDescription}, "displayname": {KindKeywords, WhatDescription},
	"keywords": {KindKeywords, WhatDescription}, "kywd": {KindKeywords, WhatDescription}, "keyw": {KindKeywords, WhatDescription},
	"©alb": {KindKeywords, WhatDescription}, "albm": {KindKeywords, WhatDescription}, "album": {KindKeywords, WhatDescription},
	"name": {KindKeywords, WhatDescription}, "©grp": {KindKeywords, WhatDescription},
	"comment": {KindComment, WhatComment}, "©cmt": {KindComment, WhatComment},
	"author": {KindOwner, WhatArtist}, "©aut": {KindOwner, WhatArtist}, "auth": {KindOwner, WhatArtist},
	"artist": {KindOwner, WhatArtist}, "©art": {KindOwner, WhatArtist}, "aart": {KindOwner, WhatArtist},
	"perf": {KindOwner, WhatArtist}, "©wrt": {KindOwner, WhatArtist}, "director": {KindOwner, WhatArtist},
	"©dir": {KindOwner, WhatArtist}, "producer": {KindOwner, WhatArtist}, "©prd": {KindOwner, WhatArtist},
	"publisher": {KindOwner, WhatArtist}, "©pub": {KindOwner, WhatArtist},
	"copyright": {KindOwner, WhatCopyright}, "©cpy": {KindOwner, WhatCopyright}, "cprt": {KindOwner, WhatCopyright},
	"location.name": {KindPlaceNames, WhatPlaceNames}, "location.note": {KindPlaceNames, WhatPlaceNames},
	"live-photo.auto": {KindMotionFlag, WhatLivePhoto}, "live-photo-info": {KindMotionFlag, WhatLivePhoto},
	"still-image-time": {KindMotionFlag, WhatLivePhoto},
}

// videoFindings reads the metadata items of a video.
func videoFindings(p *photo.Photo) []Finding {
	l := p.Video
	var out []Finding
	seen := map[string]bool{}
	add := func(f Finding) {
		k := f.Kind + "\x00" + f.What + "\x00" + f.Detail + "\x00" + f.Value
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	// Dates: the movie's header, else a track's.
	var created, modified string
	for _, t := range l.Tags {
		if t.Box != "header" {
			continue
		}
		switch {
		case strings.HasSuffix(t.Key, "created") && created == "":
			created = t.Value
		case strings.HasSuffix(t.Key, "modified") && modified == "":
			modified = t.Value
		}
	}
	if created != "" {
		add(Finding{Kind: KindTime, What: WhatRecorded, Value: created})
	}
	if modified != "" && modified != created {
		add(Finding{Kind: KindTime, What: WhatChanged, Value: modified})
	}
	// Positions, with the precision an iPhone writes beside them.
	precision := 0.0
	for _, t := range l.Tags {
		if strings.HasSuffix(strings.ToLower(t.Key), "location.accuracy.horizontal") {
			precision, _ = strconv.ParseFloat(t.Value, 64)
		}
	}
	places := map[string]bool{}
	for _, t := range l.Tags {
		if lat, lon, prec, ok := videoPosition(t); ok {
			key := fmt.Sprintf("%.4f,%.4f", lat, lon)
			if t.Count > 1 {
				f := gpsFinding(lat, lon, precision)
				f.What, f.Detail = WhatGPSTrack, strconv.Itoa(t.Count)
				add(f)
				places[key] = true
				continue
			}
			if places[key] {
				continue
			}
			places[key] = true
			if precision > 0 {
				prec = precision
			}
			add(gpsFinding(lat, lon, prec))
		}
	}
	for _, t := range l.Tags {
		switch t.Box {
		case "header":
			continue
		case "cover":
			add(Finding{Kind: KindThumbnail, What: WhatCoverArt, Bytes: t.Bytes})
			continue
		case "track":
			add(Finding{Kind: KindOther, What: WhatDataTrack, Detail: t.Key})
			continue
		case "uuid", "meta":
			add(Finding{Kind: KindMakerNotes, What: WhatAppSegment, Detail: t.Box})
			continue
		case "loci":
			switch t.Key {
			case "name":
				add(Finding{Kind: KindPlaceNames, What: WhatPlaceNames, Value: clip(t.Value)})
			case "notes":
				add(Finding{Kind: KindText, What: WhatText, Detail: "loci notes", Value: clip(t.Value)})
			}
			continue
		}
		if _, _, _, ok := videoPosition(t); ok {
			continue
		}
		name := strings.TrimPrefix(t.Key, "com.apple.quicktime.")
		k, known := videoKeys[strings.ToLower(name)]
		switch {
		case strings.Contains(strings.ToLower(name), "location"):
			if strings.HasSuffix(name, "accuracy.horizontal") || t.Value == "" {
				continue
			}
			if !known {
				k, known = videoKey{KindPlaceNames, WhatPlaceNames}, true
			}
		case t.Box == "gpmf" && !known:
			continue // device names ("Camera"), settings
		}
		if !known {
			if t.Value != "" {
				add(Finding{Kind: KindText, What: WhatText, Detail: name, Value: clip(t.Value)})
			} else {
				add(Finding{Kind: KindMakerNotes, What: WhatAppSegment, Detail: t.Box + " " + name})
			}
			continue
		}
		v := t.Value
		if v == "" && t.Bytes > 0 && k.kind != KindMotionFlag {
			v = fmt.Sprintf("%d bytes", t.Bytes)
		}
		if name == "com.android.version" {
			v = "Android " + v
		}
		f := Finding{Kind: k.kind, What: k.what, Value: clip(v)}
		if k.kind == KindMotionFlag {
			f.Value = ""
		}
		add(f)
	}
	for _, t := range l.ExtraVideo() {
		add(Finding{Kind: KindOther, What: WhatExtraVideo, Detail: printableCodec(t.Codec)})
	}
	if t := l.ShownVideo(); t != nil && l.HiddenFrames() && t.Samples > l.Frames() {
		add(Finding{Kind: KindOther, What: WhatHiddenFrames, Detail: strconv.FormatInt(t.Samples-l.Frames(), 10)})
	}
	return out
}

// printableCodec is a codec's four letters, or "?" when they are not
// printable.
func printableCodec(c string) string {
	for _, r := range c {
		if r < 0x20 || r > 0x7e {
			return "?"
		}
	}
	if c == "" {
		return "?"
	}
	return c
}

var iso6709 = regexp.MustCompile(`^\s*([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)`)

// videoPosition reads a position from a video's metadata item: ISO 6709
// text ("+48.8584+002.2945+035.000/"), or "lat,lon" as the walker writes
// the positions of 3GPP boxes and telemetry tracks. prec is the precision
// the digits written allow, in metres.
func videoPosition(t photo.VideoTag) (lat, lon, prec float64, ok bool) {
	key := strings.ToLower(t.Key)
	switch {
	case t.Box == "loci" && t.Key == "position", t.Box == "gpmf" && (t.Key == "GPS5" || t.Key == "GPS9" || t.Key == "GPRI"),
		t.Box == "camm" && t.Key == "position":
		a, b, found := strings.Cut(t.Value, ",")
		if !found {
			return 0, 0, 0, false
		}
		lat, err1 := strconv.ParseFloat(a, 64)
		lon, err2 := strconv.ParseFloat(b, 64)
		return lat, lon, 0, err1 == nil && err2 == nil && validPosition(lat, lon)
	case key == "©xyz" || strings.HasSuffix(key, "location.iso6709") || key == "location" || key == "©loc":
		return parseISO6709(t.Value)
	}
	return 0, 0, 0, false
}

func validPosition(lat, lon float64) bool {
	return !math.IsNaN(lat) && !math.IsNaN(lon) && math.Abs(lat) <= 90 && math.Abs(lon) <= 180 && !(lat == 0 && lon == 0)
}

// parseISO6709 reads a position written as ISO 6709 text: decimal degrees
// (+48.8584+002.2945), or degrees and minutes (+4851.50+00217.67), or
// degrees, minutes and seconds.
func parseISO6709(s string) (lat, lon, prec float64, ok bool) {
	m := iso6709.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, 0, false
	}
	la, dla := iso6709Degrees(m[1], 2)
	lo, dlo := iso6709Degrees(m[2], 3)
	if !validPosition(la, lo) {
		return 0, 0, 0, false
	}
	// The last digit written says how precise the position is.
	return la, lo, max(dla, dlo) * 111_000, true
}

// iso6709Degrees reads one coordinate whose degrees have n digits, and
// the size of its last digit, in degrees.
func iso6709Degrees(s string, n int) (float64, float64) {
	sign := 1.0
	if s[0] == '-' {
		sign = -1
	}
	s = s[1:]
	whole, frac, _ := strings.Cut(s, ".")
	step := math.Pow(10, -float64(len(frac)))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN(), 0
	}
	switch len(whole) - n {
	case 2: // degrees and minutes
		d := math.Floor(v / 100)
		return sign * (d + (v-d*100)/60), step / 60
	case 4: // degrees, minutes and seconds
		d := math.Floor(v / 10000)
		mnt := math.Floor((v - d*10000) / 100)
		return sign * (d + mnt/60 + (v-d*10000-mnt*100)/3600), step / 3600
	}
	return sign * v, step
}

// LivePhotoClip is the finding of a photo whose Live Photo clip is beside
// it (clip: its file name): it is not in the file, but shared from a
// phone it goes with the photo.
func LivePhotoClip(clip string) Finding {
	return Finding{Kind: KindLivePhoto, What: WhatLivePhotoClip, Detail: clip}
}
