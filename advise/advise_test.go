package advise

import (
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/words"
)

func lat(v float64) *float64 { return &v }

func report(faces []string, findings ...detect.Finding) detect.Report {
	r := detect.Report{Path: "x.jpg"}
	for _, l := range faces {
		r.Faces = append(r.Faces, detect.Face{Label: l})
	}
	r.Findings = findings
	return r
}

var (
	gpsPrecise = detect.Finding{Kind: detect.KindGPS, Value: "45.75781,4.83201", PrecisionM: 5, Lat: lat(45.75781), Lon: lat(4.83201)}
	gpsCoarse  = detect.Finding{Kind: detect.KindGPS, Value: "45.8,4.8", PrecisionM: 5000, Lat: lat(45.8), Lon: lat(4.8)}
	when       = detect.Finding{Kind: detect.KindTime}
	owner      = detect.Finding{Kind: detect.KindOwner}
	thumb      = detect.Finding{Kind: detect.KindThumbnail}
)

func ids(a Assessment) string {
	var s []string
	for _, r := range a.Risks {
		s = append(s, r.ID+"="+r.Severity.String())
	}
	return strings.Join(s, " ")
}

func TestAssessLevels(t *testing.T) {
	for _, c := range []struct {
		name string
		r    detect.Report
		aud  Audience
		want Level
		has  []string
	}{
		{"nothing", report(nil), Public, Info, []string{"check-yourself=info"}},
		{"adult faces, public", report([]string{"adult"}), Public, Medium, []string{"faces=medium"}},
		{"adult faces, private", report([]string{"adult"}), Private, Info, []string{"faces=info"}},
		{"a child, friends", report([]string{"child"}), Friends, High, []string{"children=high"}},
		{"unsure counts as a child", report([]string{"unsure"}), Group, Medium, []string{"maybe-children=medium"}},
		{"two children", report([]string{"child", "unsure"}), Public, High, []string{"children=high", "several-children=high"}},
		{"precise GPS, public", report(nil, gpsPrecise), Public, Critical, []string{"gps-precise=critical"}},
		{"precise GPS, private", report(nil, gpsPrecise), Private, Medium, []string{"gps-precise=medium"}},
		{"coarse GPS, public", report(nil, gpsCoarse), Public, High, []string{"gps-coarse=high"}},
		{"time alone", report(nil, when), Public, Medium, []string{"time=medium"}},
		{"time and place: routine", report(nil, gpsCoarse, when), Public, High, []string{"time-routine=high"}},
		{"triangle", report([]string{"child"}, gpsPrecise, owner), Friends, Critical, []string{"triangle=critical"}},
		{"hidden copy with faces", report([]string{"adult"}, thumb), Group, Critical, []string{"hidden-faces=critical", "hidden-copy=medium"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := Assess(c.r, c.aud, English)
			if a.Level != c.want {
				t.Errorf("level %s, want %s (%s)", a.Level, c.want, ids(a))
			}
			for _, h := range c.has {
				if !strings.Contains(" "+ids(a)+" ", " "+h+" ") {
					t.Errorf("no %s in %s", h, ids(a))
				}
			}
		})
	}
}

// TestEveryRiskIsWrittenInBothLanguages checks no text is missing or left
// with a placeholder, in English and French.
func TestEveryRiskIsWrittenInBothLanguages(t *testing.T) {
	for id := range grids {
		if _, ok := riskWords[id]; !ok {
			t.Errorf("risk %s has no words", id)
		}
	}
	if len(riskWords) != len(grids) {
		t.Errorf("%d risks have words, %d have levels", len(riskWords), len(grids))
	}
	a := Assess(report([]string{"child", "child"}, gpsPrecise, owner, when, thumb), Public, French)
	for _, r := range a.Risks {
		if strings.Contains(r.Title+r.Why+r.Fix, "%") {
			t.Errorf("%s: placeholder left: %+v", r.ID, r)
		}
	}
	if !strings.Contains(a.Risks[0].Title, "La photo") && !strings.Contains(a.Risks[0].Title, "Le ") {
		t.Errorf("French assessment not in French: %q", a.Risks[0].Title)
	}
}

// TestEveryFindingHasWords checks that each language has a label for every
// finding detect can make, with its values in place.
func TestEveryFindingHasWords(t *testing.T) {
	for _, w := range detect.Whats {
		f := detect.Finding{Kind: "?", What: w, Value: "v", Detail: "d", Bytes: 2048, Lat: lat(45.75781), Lon: lat(4.83201), PrecisionM: 5}
		for _, lang := range words.Langs() {
			got := FindingLabel(f, lang)
			if got == FindingLabel(detect.Finding{Kind: "?", What: "no such thing"}, lang) || strings.Contains(got, "%!") {
				t.Errorf("%s: %s has no label: %q", lang, w, got)
			}
		}
	}
}

// TestPlaceWords checks where positions are said to be, in both languages.
func TestPlaceWords(t *testing.T) {
	for _, c := range []struct {
		lat, lon float64
		lang     Lang
		want     string
	}{
		{48.8584, 2.2945, English, "near Paris ("},    // the Eiffel Tower
		{45.757814, 4.832011, English, "near Lyon ("}, // Place Bellecour
		{45.757814, 4.832011, French, "près de Lyon ("},
		{45.9237, 6.8694, English, "near Chamonix"},           // Chamonix-Mont-Blanc
		{44.0447, 5.0559, English, "near Carpentras"},         // Mazan, a village of about 6,000: the nearest town
		{46.0, -30.0, English, "at sea or far from any town"}, // mid-Atlantic
		{46.0, -30.0, French, "en mer ou loin de toute ville"},
		{-33.8568, 151.2153, French, "Australie"},     // Sydney Opera House
		{51.5007, -0.1246, English, "United Kingdom"}, // Westminster
	} {
		got, err := PlaceWords(c.lat, c.lon, c.lang)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("PlaceWords(%v, %v, %s) = %q, want it to contain %q", c.lat, c.lon, c.lang, got, c.want)
		}
	}
}

// TestCountedWords: a count of one takes the singular, in each language's
// rule (French counts 0 as one): the face-counting risk titles and the
// sizes of hidden blocks.
func TestCountedWords(t *testing.T) {
	for _, c := range []struct {
		lang Lang
		id   string
		n    int
		want string
	}{
		{English, "faces", 1, "1 face can be seen"},
		{English, "faces", 3, "3 faces can be seen"},
		{English, "children", 1, "1 face looks like a child's"},
		{English, "children", 2, "2 faces look like children's"},
		{English, "maybe-children", 1, "1 face may be a child's"},
		{French, "faces", 1, "1 visage visible"},
		{French, "faces", 2, "2 visages visibles"},
		{French, "children", 2, "2 visages d'enfants probables"},
		{French, "maybe-children", 1, "1 visage, peut-être d'enfant"},
	} {
		if got := risk(c.id, Public, c.lang, []any{c.n}).Title; got != c.want {
			t.Errorf("%s %s %d: %q, want %q", c.lang, c.id, c.n, got, c.want)
		}
	}
	for _, c := range []struct {
		lang Lang
		n    int
		want string
	}{
		{English, 1, "1 byte"}, {English, 0, "0 bytes"}, {English, 900, "900 bytes"},
		{French, 1, "1\u202foctet"}, {French, 0, "0\u202foctet"}, {French, 900, "900\u202foctets"}, {French, 2048, "2\u202fKo"},
	} {
		if got := size(c.n, c.lang); got != c.want {
			t.Errorf("%s size(%d): %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}
