package advise

import (
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/detect"
)

// TestWordsThatNameAPlace checks that a school or a town written in any
// free text of a file (a PNG or JPEG comment, a PNG description, EXIF's or
// XMP's description, keywords, IPTC or XMP place fields) raises the place
// risks, the routine with a time, and the triangle with a child and a
// name; and that text that names none, or fields that are not free text,
// raise nothing.
func TestWordsThatNameAPlace(t *testing.T) {
	const text = "Drawn at Ecole Jean Moulin, Lyon"
	for _, c := range []struct {
		name            string
		f               detect.Finding
		places, schools string
	}{
		{"PNG comment", detect.Finding{Kind: detect.KindText, What: detect.WhatText, Detail: "Comment", Value: text}, "Lyon", "Ecole Jean Moulin"},
		{"PNG description", detect.Finding{Kind: detect.KindText, What: detect.WhatText, Detail: "Description", Value: text}, "Lyon", "Ecole Jean Moulin"},
		{"JPEG comment", detect.Finding{Kind: detect.KindComment, What: detect.WhatComment, Value: text}, "Lyon", "Ecole Jean Moulin"},
		{"EXIF description", detect.Finding{Kind: detect.KindKeywords, What: detect.WhatDescription, Value: text}, "Lyon", "Ecole Jean Moulin"},
		{"XMP description", detect.Finding{Kind: detect.KindKeywords, What: detect.WhatXMPKeywords, Value: text}, "Lyon", "Ecole Jean Moulin"},
		{"IPTC caption", detect.Finding{Kind: detect.KindKeywords, What: detect.WhatIPTCKeywords, Detail: "caption", Value: "caption " + text}, "Lyon", "Ecole Jean Moulin"},
		{"XMP or IPTC place fields", detect.Finding{Kind: detect.KindPlaceNames, What: detect.WhatPlaceNames, Value: "Villeurbanne, France"}, "Villeurbanne, France", ""},
		{"a school with no town", detect.Finding{Kind: detect.KindComment, What: detect.WhatComment, Value: "St Mary's Primary School fair"}, "", "St Mary's Primary School"},
		{"no place named", detect.Finding{Kind: detect.KindComment, What: detect.WhatComment, Value: "Lily's first day at school"}, "", ""},
		{"a program's name is not free text", detect.Finding{Kind: detect.KindText, What: detect.WhatText, Detail: "Software", Value: text}, "", ""},
		{"an author is not free text", detect.Finding{Kind: detect.KindOwner, What: detect.WhatTextAuthor, Detail: "Author", Value: "Florence Example"}, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			places, _, schools := namedPlaces([]detect.Finding{c.f})
			if got := strings.Join(places, ", "); got != c.places {
				t.Errorf("places %q, want %q", got, c.places)
			}
			if got := strings.Join(schools, ", "); got != c.schools {
				t.Errorf("schools %q, want %q", got, c.schools)
			}
			// The same finding with a time, a child and the owner's name.
			a := Assess(report([]string{"child"}, c.f, when, owner), Public, English)
			has := " " + ids(a) + " "
			for id, want := range map[string]bool{
				"place-named=high":      c.places != "",
				"school-named=critical": c.schools != "",
				"time-routine=high":     c.places+c.schools != "",
				"time=medium":           c.places+c.schools == "",
				"triangle=critical":     c.schools != "", // a school is a precise place; a town is not
			} {
				if strings.Contains(has, " "+id+" ") != want {
					t.Errorf("%s raised: %v, want %v (%s)", id, !want, want, ids(a))
				}
			}
			if got, want := a.RevealsPlace(), c.places+c.schools != ""; got != want {
				t.Errorf("RevealsPlace %v, want %v (%s)", got, want, ids(a))
			}
		})
	}
}

// TestRevealsPlace checks that a photo reveals a place by any of the
// routes the advice names (a precise or coarse GPS position, a town or a
// school named in its words) and by nothing else, whatever the audience,
// and that every place risk is one the advice can raise.
func TestRevealsPlace(t *testing.T) {
	for id := range placeRisks {
		if _, ok := grids[id]; !ok {
			t.Errorf("place risk %q is not a risk", id)
		}
	}
	comment := func(s string) detect.Finding {
		return detect.Finding{Kind: detect.KindComment, What: detect.WhatComment, Value: s}
	}
	for _, c := range []struct {
		name string
		r    detect.Report
		want bool
	}{
		{"precise GPS", report(nil, gpsPrecise), true},
		{"coarse GPS", report(nil, gpsCoarse), true},
		{"a town named", report(nil, comment("Holidays in Annecy")), true},
		{"a school named", report(nil, comment("St Mary's Primary School fair")), true},
		{"a place field", report(nil, detect.Finding{Kind: detect.KindPlaceNames, What: detect.WhatPlaceNames, Value: "France"}), true},
		{"time, owner and a hidden copy", report([]string{"child"}, when, owner, thumb), false},
		{"a comment that names no place", report(nil, comment("Lily's first day at school")), false},
		{"nothing", report(nil), false},
	} {
		for _, aud := range Audiences {
			if got := Assess(c.r, aud, English).RevealsPlace(); got != c.want {
				t.Errorf("%s, %s: RevealsPlace %v, want %v (%s)", c.name, aud, got, c.want, ids(Assess(c.r, aud, English)))
			}
		}
	}
}

// TestPlaceRisksSayThePlace checks the place risks name what the file says,
// in English and French.
func TestPlaceRisksSayThePlace(t *testing.T) {
	r := report(nil, detect.Finding{Kind: detect.KindText, What: detect.WhatText, Detail: "Comment", Value: "Drawn at Ecole Jean Moulin, Lyon"})
	for _, c := range []struct {
		lang   Lang
		school string
		place  string
	}{
		{English, "names a school: Ecole Jean Moulin.", "seems to name a place: Lyon."},
		{French, "nomme une école\u202f: Ecole Jean Moulin.", "semble nommer un lieu\u202f: Lyon."},
	} {
		why := map[string]string{}
		for _, k := range Assess(r, Friends, c.lang).Risks {
			why[k.ID] = k.Why
		}
		if !strings.Contains(why["school-named"], c.school) || !strings.Contains(why["place-named"], c.place) {
			t.Errorf("%s: school %q, place %q", c.lang, why["school-named"], why["place-named"])
		}
	}
}

// TestHelpOnlyForAChildsSafety checks the rule for listing helplines: a
// high or critical level in a photo that may show a child, and never a
// photo whose high risks are about the file alone (a hidden preview, a
// position) with no child in it.
func TestHelpOnlyForAChildsSafety(t *testing.T) {
	for _, c := range []struct {
		name string
		r    detect.Report
		aud  Audience
		help bool
	}{
		{"only a hidden preview, public", report(nil, thumb), Public, false},
		{"an adult's face and a hidden preview, public", report([]string{"adult"}, thumb), Public, false},
		{"an adult's face and a hidden preview, group: critical", report([]string{"adult"}, thumb), Group, false},
		{"a precise position and no face, public", report(nil, gpsPrecise), Public, false},
		{"a child, friends", report([]string{"child"}), Friends, true},
		{"a face of unsure age, public", report([]string{"unsure"}), Public, true},
		{"a child and a hidden preview, public", report([]string{"child"}, thumb), Public, true},
		{"a child shared privately: low", report([]string{"child"}), Private, false},
		{"a child and a precise position, group", report([]string{"child"}, gpsPrecise), Group, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, lang := range []Lang{English, French} {
				a := Assess(c.r, c.aud, lang)
				if got := len(a.Help) > 0; got != c.help {
					t.Errorf("%s: help listed %v, want %v (level %s: %s)", lang, got, c.help, a.Level, ids(a))
				}
			}
		})
	}
}

// TestAuthorIsAnOwnerNotAPersonShown checks the advice for XMP's author
// (dc:creator) and a PNG text field's (Author, Copyright…): a name that
// links the photo to its owner, not the name of someone in it, in English
// and French.
func TestAuthorIsAnOwnerNotAPersonShown(t *testing.T) {
	author := detect.Finding{Kind: detect.KindOwner, What: detect.WhatXMPAuthor, Value: "Jane Example"}
	pngAuthor := detect.Finding{Kind: detect.KindOwner, What: detect.WhatTextAuthor, Detail: "Copyright", Value: "Jane Example"}
	shown := detect.Finding{Kind: detect.KindPeople, What: detect.WhatPeople, Value: "Lily Example"}
	for _, c := range []struct {
		lang                                    Lang
		authorLabel, pngAuthorLabel, shownLabel string
		ownerWhy                                string
	}{
		{English, "Author or owner of the photo (XMP): Jane Example", "Author or owner of the photo (text field Copyright): Jane Example",
			"Names of people in the photo: Lily Example", "owner or author"},
		{French, "Nom du propriétaire ou de l'auteur\u202f: Jane Example", "Nom du propriétaire ou de l'auteur\u202f: Jane Example",
			"Noms des personnes sur la photo\u202f: Lily Example", "de l'auteur de la photo"},
	} {
		if got := FindingLabel(author, c.lang); got != c.authorLabel {
			t.Errorf("%s: author labelled %q, want %q", c.lang, got, c.authorLabel)
		}
		if got := FindingLabel(pngAuthor, c.lang); got != c.pngAuthorLabel {
			t.Errorf("%s: PNG author labelled %q, want %q", c.lang, got, c.pngAuthorLabel)
		}
		if got := FindingLabel(shown, c.lang); got != c.shownLabel {
			t.Errorf("%s: person shown labelled %q, want %q", c.lang, got, c.shownLabel)
		}
		for _, f := range []detect.Finding{author, pngAuthor} {
			a := Assess(report(nil, f), Friends, c.lang)
			why := map[string]string{}
			for _, k := range a.Risks {
				why[k.ID] = k.Why
			}
			if _, ok := why["people-tags"]; ok {
				t.Errorf("%s: the author (%s) raised people-tags: %s", c.lang, f.What, ids(a))
			}
			if !strings.Contains(why["device-id"], c.ownerWhy) {
				t.Errorf("%s: with the author (%s), device-id says %q, want it to name the %q", c.lang, f.What, why["device-id"], c.ownerWhy)
			}
		}
	}
}

// TestPlaceRiskNamesFiveAtMost checks a file full of place fields gives a
// readable sentence.
func TestPlaceRiskNamesFiveAtMost(t *testing.T) {
	f := detect.Finding{Kind: detect.KindPlaceNames, What: detect.WhatPlaceNames, Value: "A1, B2, C3, D4, E5, F6, G7"}
	why := ""
	for _, k := range Assess(report(nil, f), Public, English).Risks {
		if k.ID == "place-named" {
			why = k.Why
		}
	}
	if !strings.Contains(why, ": A1, B2, C3, D4, E5…. ") {
		t.Errorf("why %q, want the first five places", why)
	}
}

// TestAStreetIsAStreet checks the skate park's comment of the demo: "rue
// Victor Hugo" is a street, named as such, a place risk; no town Hugo
// (Oklahoma) is named, and the routine comes from the street and the time.
// A text that names no place raises neither the place risks nor the
// routine.
func TestAStreetIsAStreet(t *testing.T) {
	comment := detect.Finding{Kind: detect.KindText, What: detect.WhatText, Detail: "Comment", Value: "Tom au skatepark, rue Victor Hugo"}
	places, streets, schools := namedPlaces([]detect.Finding{comment})
	if len(places) != 0 || len(schools) != 0 || strings.Join(streets, ", ") != "rue Victor Hugo" {
		t.Fatalf("places %q, streets %q, schools %q; want the street rue Victor Hugo only", places, streets, schools)
	}
	for _, lang := range []Lang{English, French} {
		a := Assess(report([]string{"unsure"}, comment, when), Public, lang)
		var street *Risk
		for i, r := range a.Risks {
			switch r.ID {
			case "street-named":
				street = &a.Risks[i]
			case "place-named", "school-named":
				t.Errorf("%s: %s raised: %s", lang, r.ID, r.Why)
			}
			if strings.Contains(r.Why, "Hugo") && r.ID != "street-named" {
				t.Errorf("%s: %s names Hugo: %s", lang, r.ID, r.Why)
			}
		}
		if street == nil || !strings.Contains(street.Why, "rue Victor Hugo") {
			t.Fatalf("%s: no street risk naming rue Victor Hugo: %s", lang, ids(a))
		}
		if !a.RevealsPlace() || !strings.Contains(" "+ids(a)+" ", " time-routine=high ") {
			t.Errorf("%s: a street and a time are a place and a routine: %s", lang, ids(a))
		}
	}
	// Words that name no place: no routine, only the time.
	for _, text := range []string{"Place and time together", "Merci Hugo", "Jupiter, This Hubble picture", "une place de parking"} {
		f := detect.Finding{Kind: detect.KindComment, What: detect.WhatComment, Value: text}
		a := Assess(report(nil, f, when), Public, English)
		if a.RevealsPlace() || strings.Contains(ids(a), "time-routine") {
			t.Errorf("%q: a place or a routine raised: %s", text, ids(a))
		}
	}
}
