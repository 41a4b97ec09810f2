package advise

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
)

// TestPlacesInTheCorpus reads every comment, caption, description, keyword
// and PNG text of ../shared/corpus/meta and of the demo's samples, and
// checks the places, streets and schools their words name against what a
// person reads in them (docs/advice.md lists them, with the places missed).
// Place fields (XMP City, IPTC city…) are places by definition and not
// counted here. Long (SHARESAFE_LONG=1): every photo is decoded. Before issue 28 it found three false places: Jupiter
// (Florida) twice, in a Hubble caption, and Hugo (Oklahoma) in the demo's
// "rue Victor Hugo".
func TestPlacesInTheCorpus(t *testing.T) {
	if os.Getenv("SHARESAFE_LONG") == "" {
		t.Skip("long test (every photo of the corpus is decoded): set SHARESAFE_LONG=1")
	}
	dirs := []string{"../../shared/corpus/meta", "../cmd/sharesafe/samples"}
	if _, err := os.Stat(dirs[0]); err != nil {
		t.Skip("no ../shared/corpus/meta")
	}
	// What the words name, by file (a person's reading).
	want := map[string]string{
		"3-skatepark.png": "street rue Victor Hugo",
	}
	texts, files := 0, 0
	got := map[string]string{}
	for _, dir := range dirs {
		filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() {
				return nil
			}
			p, err := photo.Open(path, photo.DefaultLimits)
			if err != nil {
				return nil
			}
			files++
			var free []detect.Finding
			for _, f := range detect.Metadata(p) {
				switch {
				case f.Kind == detect.KindComment, f.Kind == detect.KindKeywords,
					f.Kind == detect.KindText && f.What == detect.WhatText && freeTextKeys[strings.ToLower(f.Detail)]:
					free = append(free, f)
					texts++
				}
			}
			places, streets, schools := namedPlaces(free)
			var found []string
			for _, x := range places {
				found = append(found, "town "+x)
			}
			for _, x := range streets {
				found = append(found, "street "+x)
			}
			for _, x := range schools {
				found = append(found, "school "+x)
			}
			sort.Strings(found)
			if len(found) > 0 {
				got[filepath.Base(path)] = strings.Join(found, ", ")
			}
			return nil
		})
	}
	t.Logf("%d files, %d free texts (comments, captions, descriptions, keywords, PNG text)", files, texts)
	for name, g := range got {
		if want[name] != g {
			t.Errorf("%s: the words name %q, a person reads %q", name, g, want[name])
		}
	}
	for name, w := range want {
		if got[name] == "" {
			t.Errorf("%s: the words name nothing, a person reads %q", name, w)
		}
	}
}
