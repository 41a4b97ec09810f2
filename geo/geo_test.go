package geo

import (
	"crypto/sha256"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestEmbeddedTablesAreTheGeneratedOnes proves the embedded files are the
// ones scripts/fetch-geo.sh built from the pinned packages.
func TestEmbeddedTablesAreTheGeneratedOnes(t *testing.T) {
	if got := fmt.Sprintf("%x", sha256.Sum256(placesBin)); got != placesSHA256 {
		t.Errorf("places.bin sha256 %s, want %s", got, placesSHA256)
	}
	if got := fmt.Sprintf("%x", sha256.Sum256([]byte(countriesTSV))); got != countriesSHA256 {
		t.Errorf("countries.tsv sha256 %s, want %s", got, countriesSHA256)
	}
	ix, err := load()
	if err != nil {
		t.Fatal(err)
	}
	if len(ix.places) != placeCount {
		t.Errorf("%d places, want %d", len(ix.places), placeCount)
	}
}

// TestNearestMatchesBruteForce checks the ring search against a scan of
// every place, on random positions, poles and the date line included.
func TestNearestMatchesBruteForce(t *testing.T) {
	ix, _ := load()
	rng := rand.New(rand.NewPCG(3, 4))
	pts := [][2]float64{{89.9, 0}, {-89.9, 10}, {0, 179.99}, {0, -179.99}, {64.1, -21.9}, {-54.8, -68.3}}
	for i := 0; i < 300; i++ {
		pts = append(pts, [2]float64{rng.Float64()*180 - 90, rng.Float64()*360 - 180})
	}
	for _, p := range pts {
		got, d, err := Nearest(p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		best := math.Inf(1)
		for _, q := range ix.places {
			best = math.Min(best, Distance(p[0], p[1], q.Lat, q.Lon))
		}
		if math.Abs(d-best) > 1e-6 {
			t.Errorf("%v: ring search found %s at %.3f km, brute force %.3f km", p, got.Name, d, best)
		}
	}
}

// BenchmarkStartUp measures what the first lookup costs: parsing the
// embedded table and building the grid.
func BenchmarkStartUp(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse(placesBin, countriesTSV); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNearest(b *testing.B) {
	load()
	for b.Loop() {
		Nearest(45.757814, 4.832011)
	}
}

// TestNamed checks the towns found in captions, comments and keywords.
func TestNamed(t *testing.T) {
	for _, c := range []struct {
		text string
		want string
	}{
		{"Drawn at Ecole Jean Moulin, class CP-B, Lyon", "Lyon"},
		{"Vacances à Saint-Étienne puis Le Havre", "Saint-Étienne, Le Havre"},
		{"Paris, Lyon, Paris again", "Paris, Lyon"},
		{"lyon in lower case is not a name", ""},
		{"Birthday party, March 2026, Sunday", ""},             // March and Sunday are towns too
		{"Lily's first day at school", ""},                     // no town
		{"Trip to Ham and Bar", ""},                            // too short to tell
		{"OLYMPUS DIGITAL CAMERA", ""},                         // what cameras write
		{"Hello from New York City!", "New York City"},         // the longest name wins
		{"Marie Curie, Pierre Curie", ""},                      // Pierre (South Dakota) starts a person's name here
		{"Lara Ellis Photography, Tanners Ridge Overlook", ""}, // so do Lara and Ridge
		{"Visiting Lyon, then Grenoble", "Lyon, Grenoble"},     // a capitalised word before is fine
		// A town needs the context of a place (issue 28).
		{"Tom au skatepark, rue Victor Hugo", ""}, // a street, not Hugo, Oklahoma
		{"Victor Hugo", ""},                       // a person
		{"Hugo", ""},                              // a small town alone: a first name
		{"Merci Hugo", ""},                        // a first name
		{"Vacances à Hugo", "Hugo"},               // a preposition of place
		{"Florence", ""},                          // a first name, even of a big town
		{"Anniversaire de Florence", ""},          // whose birthday?
		{"Florence, Italie", "Florence"},          // a country after it
		{"En vacances près d'Arezzo", "Arezzo"},   // elided
		{"69007 Lyon", "Lyon"},                    // a postcode
		{"Rennes (35)", "Rennes"},                 // a département
		{"Bisous de Lyon", "Lyon"},                // a big town after de
		{"the first full-disc image of Jupiter made with Hubble's new camera", ""}, // Jupiter, Florida is small
		{"Jupiter, This Hubble picture", ""},                                       // alone, but small
		{"The Gateshead Angel", ""},                                                // a landmark's name
		{"Lyon", "Lyon"},                                                           // a big town alone: a keyword
		{"Goûter chez Nancy", ""},                                                  // a first name
		{"Week-end à Nancy", "Nancy"},
	} {
		ps, err := Named(c.text)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range ps {
			got = append(got, p.Name)
		}
		if s := strings.Join(got, ", "); s != c.want {
			t.Errorf("Named(%q) = %q, want %q", c.text, s, c.want)
		}
	}
}

// TestStreets checks the streets found in captions and comments.
func TestStreets(t *testing.T) {
	for _, c := range []struct {
		text string
		want string
	}{
		{"Tom au skatepark, rue Victor Hugo", "rue Victor Hugo"},
		{"Goûter place de la République puis allée des Tilleuls", "place de la République, allée des Tilleuls"},
		{"12 avenue des Champs-Élysées", "avenue des Champs-Élysées"},
		{"Rendez-vous quai Saint-Antoine et boulevard Haussmann", "quai Saint-Antoine, boulevard Haussmann"},
		{"impasse du Moulin, chemin de la Croix", "impasse du Moulin, chemin de la Croix"},
		{"Rue Jean Jaurès", "Rue Jean Jaurès"},
		{"Party at 221 Baker Street", "221 Baker Street"},
		{"Walking down Abbey Road and Penny Lane", "Abbey Road, Penny Lane"},
		{"Mulholland Drive at night", "Mulholland Drive"},
		{"Une place de parking, sur place", ""},
		{"a nice place to play", ""},
		{"Tanners Ridge Overlook, Overlook, Place", ""},
		{"on the road again", ""},
		{"The Long Road", ""},
	} {
		if got := strings.Join(Streets(c.text), ", "); got != c.want {
			t.Errorf("Streets(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestSchools checks the schools found in captions and comments.
func TestSchools(t *testing.T) {
	for _, c := range []struct {
		text string
		want string
	}{
		{"Drawn at Ecole Jean Moulin, class CP-B", "Ecole Jean Moulin"},
		{"Sortie de l'école maternelle Les Lilas", "école maternelle Les Lilas"},
		{"Spring fair at St Mary's Primary School!", "St Mary's Primary School"},
		{"Lincoln Elementary School and Lycée Saint-Exupéry", "Lincoln Elementary School, Lycée Saint-Exupéry"},
		{"Lily's first day at school", ""},
		{"School trip!", ""},
		{"the school of the village", ""},
		{"Kita", ""},
	} {
		if got := strings.Join(Schools(c.text), ", "); got != c.want {
			t.Errorf("Schools(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// BenchmarkNamed measures a caption's lookup, the index of names built
// (BenchmarkNamesIndex measures that).
func BenchmarkNamed(b *testing.B) {
	if _, err := names(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Named("Kermesse de l'École Jules Ferry à Villeurbanne, puis Lyon et Saint-Étienne"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNamesIndex measures building the index of names, once a
// process, at the first text looked at.
func BenchmarkNamesIndex(b *testing.B) {
	ix, err := load()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		nameIndex(ix.places)
	}
}
