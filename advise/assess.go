package advise

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/words"
)

// Risk is one way the photo could hurt the child or the family.
type Risk struct {
	ID       string `json:"id"`
	Severity Level  `json:"severity"`
	Title    string `json:"title"`
	Why      string `json:"why"`
	Fix      string `json:"fix"`
	Source   string `json:"source,omitempty"`
}

// Assessment is the advice for one photo and one audience.
type Assessment struct {
	Audience Audience `json:"audience"`
	Level    Level    `json:"level"`
	Risks    []Risk   `json:"risks"`
	// Help lists where to get help: set only when the photo may show a
	// child and the level is high or critical (needsHelp).
	Help []Service `json:"help,omitempty"`
}

// placeRisks are the risks that say where the photo was taken or where the
// child can be found: a GPS position, or a place or a school the file's
// words name.
var placeRisks = map[string]bool{"gps-precise": true, "gps-coarse": true, "place-named": true, "school-named": true, "street-named": true}

// RevealsPlace reports whether the assessment holds a place risk
// (placeRisks): the photo reveals a location by its GPS position or by the
// places and schools its words name.
func (a Assessment) RevealsPlace() bool {
	for _, r := range a.Risks {
		if placeRisks[r.ID] {
			return true
		}
	}
	return false
}

// placeName says where a GPS finding is, in the advice's language.
func placeName(f *detect.Finding, lang Lang) string {
	if f.Lat == nil || f.Lon == nil {
		return lang.T(words.PlaceUnknown)
	}
	p, err := PlaceWords(*f.Lat, *f.Lon, lang)
	if err != nil {
		return f.Value
	}
	return p
}

// severity per audience, in the order private, group, friends, public
// (docs/advice.md).
type grid [4]Level

func (g grid) at(a Audience) Level {
	switch a {
	case Private:
		return g[0]
	case Group:
		return g[1]
	case Friends:
		return g[2]
	}
	return g[3]
}

var grids = map[string]grid{
	"gps-precise":      {Medium, High, High, Critical},
	"gps-coarse":       {Low, Medium, Medium, High},
	"time":             {Info, Low, Low, Medium},
	"time-routine":     {Info, Low, Low, High},
	"device-id":        {Low, Low, Medium, Medium},
	"people-tags":      {Low, Medium, High, High},
	"place-named":      {Low, Medium, Medium, High},    // as coarse GPS: a town
	"school-named":     {Medium, High, High, Critical}, // as precise GPS: where the child is every weekday
	"street-named":     {Low, Medium, Medium, High},    // as a town: every town has its rue Victor Hugo
	"name-reveals":     {Low, Low, Medium, High},       // a date or words in the name: the copy keeps them unless renamed
	"hidden-copy":      {Low, Medium, Medium, High},
	"motion-video":     {Medium, Medium, High, High},
	"faces":            {Info, Low, Low, Medium},
	"children":         {Low, Medium, High, High},
	"maybe-children":   {Low, Medium, High, High},
	"several-children": {Low, Medium, High, High},
	"check-yourself":   {Info, Info, Info, Info},
	"unreadable":       {Info, Info, Info, Info},
	"triangle":         {High, High, Critical, Critical},
	"hidden-faces":     {Medium, Critical, Critical, Critical},
	"video-background": {Low, Medium, Medium, High},
	"video-voices":     {Info, Low, Medium, Medium},
	"live-photo":       {Low, Medium, Medium, High}, // as a hidden copy: more than the still shows
}

// precise is the GPS precision, in metres, at or under which a position
// counts as precise (ADVICE.md: about 100 m or better).
const precise = 100

// facts a report holds that the advice depends on.
type facts struct {
	faces, children, unsure int
	gps                     *detect.Finding
	place                   string
	time, deviceID, people  bool
	// places, streets and schools are the places, streets and schools
	// the file's words name (namedPlaces).
	places, streets, schools []string
	hidden, video            bool
	unreadable               bool
	// clip and audio say the file is a video, with sound; liveClip names
	// a photo's Live Photo clip beside it.
	clip, audio bool
	liveClip    string
	// names is what the file's and folders' names say (a date, words):
	// the copy keeps it unless renamed, so it has its own risk.
	names []string
}

func gather(r detect.Report) facts {
	var f facts
	f.faces = len(r.Faces)
	for _, fc := range r.Faces {
		switch fc.Label {
		case detect.LabelChild:
			f.children++
		case detect.LabelUnsure, "":
			f.unsure++
		}
	}
	for i, fd := range r.Findings {
		switch fd.Kind {
		case detect.KindGPS:
			if f.gps == nil || (fd.PrecisionM > 0 && fd.PrecisionM < f.gps.PrecisionM) {
				f.gps = &r.Findings[i]
			}
		case detect.KindTime:
			if fd.What == detect.WhatNameTime {
				f.names = append(f.names, fd.Value)
				continue
			}
			f.time = true
		case detect.KindSerial, detect.KindOwner:
			f.deviceID = true
		case detect.KindPeople:
			f.people = true
		case detect.KindThumbnail, detect.KindMPF:
			f.hidden = true
		case detect.KindTrailer:
			f.hidden = true
		case detect.KindMotionVideo:
			f.video = true
		case detect.KindLivePhoto:
			f.liveClip = fd.Detail
		case detect.KindUnreadable:
			f.unreadable = true
		case detect.KindKeywords:
			if fd.What == detect.WhatNameWords {
				// Words alone are only listed; a town or a school they
				// name is a risk.
				f.names = append(f.names, placesIn(fd.Value)...)
			}
		}
	}
	f.places, f.streets, f.schools = namedPlaces(r.Findings)
	if r.Video != nil {
		f.clip, f.audio = true, r.Video.Audio
	}
	return f
}

// Assess returns the advice for a report, an audience and a language. It is
// pure: same input, same advice.
func Assess(r detect.Report, a Audience, lang Lang) Assessment {
	if !lang.Known() {
		lang = English
	}
	if _, err := ParseAudience(string(a)); err != nil {
		a = Public
	}
	f := gather(r)
	out := Assessment{Audience: a, Risks: []Risk{}}
	add := func(id string, args ...any) {
		r := risk(id, a, lang, args)
		if k, ok := clipTitles[id]; ok && f.clip {
			r.Title = lang.T(k, args...) // "the clip", not "the photo"
		}
		out.Risks = append(out.Risks, r)
	}

	precisePlace := false
	if f.gps != nil {
		args := []any{placeName(f.gps, lang), f.gps.Value, fmt.Sprintf("%.0f", f.gps.PrecisionM)}
		if f.gps.PrecisionM > 0 && f.gps.PrecisionM <= precise || f.gps.PrecisionM == 0 {
			// Unknown precision is treated as precise: phones store metres.
			precisePlace = true
			add("gps-precise", args...)
		} else {
			add("gps-coarse", args...)
		}
	}
	if len(f.schools) > 0 {
		add("school-named", list(f.schools))
	}
	if len(f.streets) > 0 {
		add("street-named", list(f.streets))
	}
	if len(f.places) > 0 {
		add("place-named", list(f.places))
	}
	if f.time {
		if f.gps != nil || len(f.places)+len(f.streets)+len(f.schools) > 0 {
			add("time-routine")
		} else {
			add("time")
		}
	}
	if f.deviceID {
		add("device-id")
	}
	if len(f.names) > 0 {
		add("name-reveals", strings.Join(f.names, "; "))
	}
	if f.people {
		add("people-tags")
	}
	if f.hidden {
		add("hidden-copy")
	}
	if f.video {
		add("motion-video")
	}
	if f.liveClip != "" {
		add("live-photo", f.liveClip)
	}
	if f.clip {
		add("video-background")
		if f.audio {
			add("video-voices")
		}
	}
	switch {
	case f.children > 0:
		add("children", f.children)
	case f.unsure > 0:
		add("maybe-children", f.unsure)
	case f.faces > 0:
		add("faces", f.faces)
	}
	if kids := f.children + f.unsure; kids >= 2 {
		add("several-children", kids)
	}
	// Escalations (ADVICE.md). A school named is a precise place.
	if f.children+f.unsure > 0 && (precisePlace || len(f.schools) > 0) && (f.people || f.deviceID) {
		add("triangle")
	}
	if f.faces > 0 && (f.hidden || f.video) {
		add("hidden-faces")
	}
	if f.unreadable {
		add("unreadable")
	}
	add("check-yourself")

	sort.SliceStable(out.Risks, func(i, j int) bool { return out.Risks[i].Severity > out.Risks[j].Severity })
	for _, r := range out.Risks {
		out.Level = max(out.Level, r.Severity)
	}
	if needsHelp(f, out.Level) {
		out.Help = lang.Services()
	}
	return out
}

// list joins names for a risk's words, the first five of them.
func list(names []string) string {
	if len(names) > 5 {
		return strings.Join(names[:5], ", ") + "…"
	}
	return strings.Join(names, ", ")
}

// needsHelp reports whether an assessment lists where to get help. The
// services are about a child's safety (reporting the abuse of a child's
// image, harassment of the young: ADVICE.md), so they come with a high or
// critical level in a photo that may show a child, and never for a photo
// that shows none, however high its level: a hidden preview or a GPS
// position of a landscape is fixed by the safe copy, not by a helpline.
func needsHelp(f facts, l Level) bool {
	return l >= High && f.children+f.unsure > 0
}

// risk writes one risk for an audience, in a language, its words filled
// with args (riskWords' keys say which).
func risk(id string, a Audience, lang Lang, args []any) Risk {
	w := riskWords[id]
	why := lang.T(w.why, args...)
	if k, ok := audienceNotes[a]; ok && withAudience[id] {
		why += " " + lang.T(k)
	}
	title := lang.T(w.title, args...)
	if one, ok := countedTitles[id]; ok {
		title = lang.N(args[0].(int), one, w.title, args[1:]...)
	}
	r := Risk{ID: id, Severity: grids[id].at(a), Title: title, Why: why, Fix: lang.T(w.fix, args...)}
	if k, ok := riskSources[id]; ok {
		r.Source = lang.T(k)
	}
	return r
}
