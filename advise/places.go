package advise

import (
	"strings"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/geo"
)

// freeTextKeys are the PNG text fields people write in (lower case): the
// others hold a program's name, an author or a date.
var freeTextKeys = map[string]bool{
	"title": true, "description": true, "comment": true, "caption": true, "subject": true,
	"keywords": true, "location": true, "label": true,
}

// NamedPlaces returns the schools, then the streets, then the places, that
// a report's words name (namedPlaces): what raises the school-named,
// street-named and place-named risks.
func NamedPlaces(r detect.Report) []string {
	places, streets, schools := namedPlaces(r.Findings)
	return append(append(schools, streets...), places...)
}

// namedPlaces returns the places, the streets and the schools the words of
// a report's findings name, each once: the place fields (XMP City, IPTC
// city…) as they are, and the towns (geo.Named), streets (geo.Streets) and
// schools (geo.Schools) written in free text: comments, PNG text fields,
// descriptions, captions and keywords.
func namedPlaces(fs []detect.Finding) (places, streets, schools []string) {
	seen := map[string]bool{}
	addTo := func(list *[]string, name string) {
		if name = strings.TrimSpace(name); name != "" && !seen[name] {
			seen[name] = true
			*list = append(*list, name)
		}
	}
	for _, f := range fs {
		var text string
		switch {
		case f.Kind == detect.KindPlaceNames:
			for _, n := range strings.Split(f.Value, ", ") {
				addTo(&places, n)
			}
			continue
		case f.What == detect.WhatNameWords:
			continue // a name is not removed from the copy: the name-reveals risk
		case f.Kind == detect.KindComment, f.Kind == detect.KindKeywords:
			text = f.Value
		case f.Kind == detect.KindText && f.What == detect.WhatText && freeTextKeys[strings.ToLower(f.Detail)]:
			text = f.Value
		default:
			continue
		}
		for _, s := range geo.Schools(text) {
			addTo(&schools, s)
		}
		for _, s := range geo.Streets(text) {
			addTo(&streets, s)
		}
		towns, err := geo.Named(text)
		if err != nil {
			continue // the embedded table is broken: TestEmbeddedTablesAreTheGeneratedOnes fails
		}
		for _, p := range towns {
			addTo(&places, p.Name)
		}
	}
	return places, streets, schools
}

// placesIn returns the schools, streets and towns a text names
// (geo.Schools, geo.Streets, geo.Named).
func placesIn(text string) []string {
	out := append(geo.Schools(text), geo.Streets(text)...)
	towns, err := geo.Named(text)
	if err != nil {
		return out // the embedded table is broken: TestEmbeddedTablesAreTheGeneratedOnes fails
	}
	for _, p := range towns {
		out = append(out, p.Name)
	}
	return out
}
