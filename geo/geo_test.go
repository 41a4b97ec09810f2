package geo

import (
	"crypto/sha256"
	"fmt"
	"math"
	"math/rand/v2"
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
