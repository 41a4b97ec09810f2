package advise

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// goldenReports are the fixtures' real reports plus made-up ones that,
// together, raise every risk.
func goldenReports(t *testing.T) map[string]detect.Report {
	t.Helper()
	out := map[string]detect.Report{}
	files, _ := filepath.Glob("../testdata/photos/*")
	for _, f := range files {
		p, err := photo.Open(f, photo.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		r, err := detect.Inspect(p, detect.DefaultOptions)
		if err != nil {
			t.Fatal(err)
		}
		r.Path = filepath.Base(f)
		out[strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))] = r
	}
	// The fixtures' only face is an adult's; the school gate with that face
	// of unsure age raises the child risks.
	sg := out["school-gate"]
	sg.Faces = append([]detect.Face(nil), sg.Faces...)
	for i := range sg.Faces {
		sg.Faces[i].Label, sg.Faces[i].Age = detect.LabelUnsure, nil
	}
	out["school-gate-unsure-age"] = sg
	out["adult-coarse-gps-time"] = report([]string{"adult"}, gpsCoarse)
	out["time-only"] = report(nil, when)
	out["sea"] = report(nil, detect.Finding{Kind: detect.KindGPS, Value: "46.00000,-30.00000", PrecisionM: 3, Lat: lat(46), Lon: lat(-30)})
	out["street-time"] = report([]string{"unsure"}, when, detect.Finding{Kind: detect.KindText, What: detect.WhatText, Detail: "Comment", Value: "Tom au skatepark, rue Victor Hugo"})
	out["children-unreadable"] = report([]string{"child", "child", "adult"}, detect.Finding{Kind: detect.KindUnreadable})
	// A Live Photo's clip, as scanned (metadata only), and its still with
	// the clip beside it.
	for _, name := range []string{"iphone-live.mov", "phone.3gp"} {
		p, err := photo.Load(filepath.Join("../testdata/videos", name), photo.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		r, err := detect.Inspect(p, detect.DefaultOptions)
		if err != nil {
			t.Fatal(err)
		}
		r.Path = name
		out["video-"+strings.TrimSuffix(name, filepath.Ext(name))] = r
	}
	out["live-photo-still"] = report([]string{"child"}, gpsCoarse,
		detect.Finding{Kind: detect.KindLivePhoto, What: detect.WhatLivePhotoClip, Detail: "IMG_0001.MOV"})
	// Nice beach 2024-07-14/Léa school/IMG_20240714_153012.jpg
	out["name-date-place"] = report(nil,
		detect.Finding{Kind: detect.KindTime, What: detect.WhatNameTime, Detail: "IMG_20240714_153012", Value: "2024-07-14 15:30:12"},
		detect.Finding{Kind: detect.KindKeywords, What: detect.WhatNameWords, Value: "Nice beach / Léa school"})
	return out
}

// TestAssessGolden compares the assessment of every report, for every
// audience and both languages, with testdata/TestAssessGolden (rewrite with
// go test ./advise -run AssessGolden -update), and checks that together
// they raise every risk in both languages.
func TestAssessGolden(t *testing.T) {
	seen := map[string]bool{}
	for name, r := range goldenReports(t) {
		for _, aud := range Audiences {
			for _, lang := range []Lang{English, French} {
				a := Assess(r, aud, lang)
				for _, k := range a.Risks {
					seen[string(lang)+":"+k.ID] = true
				}
				got, _ := json.MarshalIndent(a, "", "  ")
				path := filepath.Join("testdata", "TestAssessGolden", name+"."+string(aud)+"."+string(lang)+".json")
				if *update {
					os.MkdirAll(filepath.Dir(path), 0o755)
					os.WriteFile(path, append(got, '\n'), 0o644)
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update)", err)
				}
				if strings.TrimSpace(string(want)) != string(got) {
					t.Errorf("%s differs from its golden file:\n%s", path, got)
				}
			}
		}
	}
	var missing []string
	for id := range grids {
		for _, lang := range []Lang{English, French} {
			if !seen[string(lang)+":"+id] {
				missing = append(missing, string(lang)+":"+id)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("no golden raises %v", missing)
	}
}
