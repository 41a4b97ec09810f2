package detect

import (
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/photo"
)

// xmpPacket wraps properties in an XMP packet, as cameras and editors
// write them.
func xmpPacket(attrs, elems string) []byte {
	return []byte(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 <rdf:Description rdf:about="" ` + attrs + `>` + elems + `</rdf:Description></rdf:RDF></x:xmpmeta>`)
}

// TestXMPNamesWhoIsShownApartFromWhoMadeIt checks that only the names of
// the people shown (face regions, PersonInImage, person keywords) are
// reported as people in the photo, and that the photographer, owner,
// credit and copyright are reported as an owner's name.
func TestXMPNamesWhoIsShownApartFromWhoMadeIt(t *testing.T) {
	for _, c := range []struct {
		name          string
		xmp           []byte
		people, owner string // the findings' values, "" for none
	}{
		{"dc:creator is the photographer",
			xmpPacket(``, `<dc:creator><rdf:Seq><rdf:li>Jane Example</rdf:li></rdf:Seq></dc:creator>`), "", "Jane Example"},
		{"owner, credit and rights",
			xmpPacket(`xmpRights:Owner="Jane Example" photoshop:Credit="Example Studio"`, `<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© 2026 Jane Example</rdf:li></rdf:Alt></dc:rights>`),
			"", "Jane Example, Example Studio, © 2026 Jane Example"},
		{"PersonInImage",
			xmpPacket(``, `<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Lily Example</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>`), "Lily Example", ""},
		{"MWG face region",
			xmpPacket(``, `<mwg-rs:RegionList><rdf:Bag><rdf:li rdf:parseType="Resource"><mwg-rs:Name>Lily Example</mwg-rs:Name></rdf:li></rdf:Bag></mwg-rs:RegionList>`), "Lily Example", ""},
		{"Microsoft Photo region",
			xmpPacket(``, `<MP:RegionInfo><MPRI:Regions><rdf:Bag><rdf:li MPRI:PersonDisplayName="Lily Example"/></rdf:Bag></MPRI:Regions></MP:RegionInfo>`), "Lily Example", ""},
		{"Lightroom and digiKam person keywords",
			xmpPacket(``, `<lr:hierarchicalSubject><rdf:Bag><rdf:li>People|Marie Curie</rdf:li><rdf:li>Places|Paris</rdf:li><rdf:li>People|Pierre Curie</rdf:li></rdf:Bag></lr:hierarchicalSubject>`),
			"Marie Curie, Pierre Curie", ""},
		{"both: the photographer and the child",
			xmpPacket(``, `<dc:creator><rdf:Seq><rdf:li>Jane Example</rdf:li></rdf:Seq></dc:creator><Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Lily Example</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>`),
			"Lily Example", "Jane Example"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var people, owner []string
			for _, f := range xmpFindings(c.xmp, false) {
				switch {
				case f.Kind == KindPeople && f.What == WhatPeople:
					people = append(people, f.Value)
				case f.Kind == KindOwner:
					if f.What != WhatXMPAuthor {
						t.Errorf("owner finding %q, want %q", f.What, WhatXMPAuthor)
					}
					owner = append(owner, f.Value)
				}
			}
			if got := strings.Join(people, "; "); got != c.people {
				t.Errorf("people shown %q, want %q", got, c.people)
			}
			if got := strings.Join(owner, "; "); got != c.owner {
				t.Errorf("author or owner %q, want %q", got, c.owner)
			}
		})
	}
}

// TestIPTCPlaceFieldsArePlaceNames checks that IPTC's city, place, region
// and country fields are reported as place names, as XMP's are.
func TestIPTCPlaceFieldsArePlaceNames(t *testing.T) {
	var got []string
	for _, f := range iptcDerived([]string{"by Jane Example", "city Lyon", "keyword school", "place Parc de la Tête d'Or", "country France", "region France"}) {
		if f.Kind == KindPlaceNames {
			got = append(got, f.Value)
		}
	}
	if want := "Lyon, Parc de la Tête d'Or, France"; strings.Join(got, "; ") != want {
		t.Errorf("place names %q, want %q", got, want)
	}
}

// TestPNGTextNamesWhoMadeIt checks that the PNG text fields that name who
// made or owns the photo (Author, Copyright, Artist, Owner, Creator, in any
// case and any of tEXt, zTXt, iTXt) are reported as an owner's name, as
// EXIF's Artist and XMP's dc:creator are, and that the others stay text or
// time.
func TestPNGTextNamesWhoMadeIt(t *testing.T) {
	for _, c := range []struct {
		typ, key   string
		kind, what string
	}{
		{"tEXt", "Author", KindOwner, WhatTextAuthor},
		{"zTXt", "Copyright", KindOwner, WhatTextAuthor},
		{"iTXt", "Artist", KindOwner, WhatTextAuthor},
		{"tEXt", "Owner", KindOwner, WhatTextAuthor},
		{"iTXt", "Creator", KindOwner, WhatTextAuthor},
		{"tEXt", "author", KindOwner, WhatTextAuthor},
		{"tEXt", "Comment", KindText, WhatText},
		{"tEXt", "Software", KindText, WhatText},
		{"tEXt", "Title", KindText, WhatText},
		{"tEXt", "Creation Time", KindTime, WhatTextTime},
		{"tIME", "Last modified", KindTime, WhatChanged},
	} {
		t.Run(c.typ+" "+c.key, func(t *testing.T) {
			p := &photo.Photo{Format: photo.FormatPNG, Meta: photo.Metadata{Text: []photo.TextChunk{{Type: c.typ, Key: c.key, Value: "Jane Example"}}}}
			fs := Metadata(p)
			if len(fs) != 1 {
				t.Fatalf("%d findings, want 1: %+v", len(fs), fs)
			}
			f := fs[0]
			if f.Kind != c.kind || f.What != c.what || f.Detail != c.key || f.Value != "Jane Example" {
				t.Errorf("got kind %q, what %q, detail %q, value %q; want %q, %q, %q, %q",
					f.Kind, f.What, f.Detail, f.Value, c.kind, c.what, c.key, "Jane Example")
			}
		})
	}
}
