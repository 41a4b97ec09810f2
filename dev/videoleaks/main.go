// Command videoleaks says what exiftool (-a -u -ee3 -G1, timed metadata
// included) still finds in each video of a folder, by kind: GPS, device,
// date, identifier, place and XMP, and anything else beyond the structure
// (internal/oracle's allowlist). bench/video.sh uses it on the copies each
// tool makes.
//
//	go run ./dev/videoleaks DIR
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/sharesafe/sharesafe/internal/oracle"
)

// kinds sorts a leaked tag ("Group:Tag=value") into what it reveals.
var kinds = []struct {
	name string
	re   *regexp.Regexp
}{
	{"serial or ID", regexp.MustCompile(`(?i)serial|identifier|unique|muid|gumi|content ?id`)},
	{"GPS", regexp.MustCompile(`(?i)gps|location|coordinates|latitude|longitude`)},
	{"XMP", regexp.MustCompile(`^XMP`)},
	{"device", regexp.MustCompile(`(?i)make|model|camera|lens|firmware|software|encoder|vendor|compressor`)},
	{"date", regexp.MustCompile(`(?i)date|time`)},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: videoleaks DIR")
		os.Exit(2)
	}
	files, _ := filepath.Glob(filepath.Join(os.Args[1], "*"))
	var clips []string
	for _, f := range files {
		switch strings.ToLower(filepath.Ext(f)) {
		case ".mp4", ".mov", ".m4v", ".3gp":
			clips = append(clips, f)
		}
	}
	tags, err := oracle.VideoTagsOf(clips...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	total := map[string]int{}
	for _, c := range clips {
		leaks := oracle.VideoLeaksIn(tags[c])
		seen := map[string]bool{}
		for _, l := range leaks {
			k := "other"
			for _, kd := range kinds {
				if kd.re.MatchString(l) {
					k = kd.name
					break
				}
			}
			seen[k] = true
		}
		var ks []string
		for k := range seen {
			ks = append(ks, k)
			total[k]++
		}
		sort.Strings(ks)
		fmt.Printf("%s\t%d tags\t%s\n", filepath.Base(c), len(leaks), strings.Join(ks, ", "))
	}
	var ks []string
	for k, n := range total {
		ks = append(ks, fmt.Sprintf("%s in %d", k, n))
	}
	sort.Strings(ks)
	fmt.Printf("TOTAL\t%d clips\t%s\n", len(clips), strings.Join(ks, "; "))
}
