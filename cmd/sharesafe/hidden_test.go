package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/internal/hidden"
	"github.com/sharesafe/sharesafe/internal/oracle"
	"github.com/sharesafe/sharesafe/photo"
)

// TestHiddenContentNeverPasses runs sharesafe redact, with default settings
// and with --faces none, on a crafted file for each vector of issue 26
// (internal/hidden): an unused Huffman table spelling text, bytes after a
// JPEG scan's last block, a second JPEG frame with a hidden 64x64 picture,
// bytes after the zlib stream in a PNG's IDAT, bytes after a WebP VP8
// frame, a second VP8 chunk, EXIF with GPS and XMP inside an animated
// WebP's frame, SEI text in a HEIC's hvcC and primary item data, and a
// colour profile holding a home address with coordinates, a name and a
// street, a phone's serial and a display's serial (JPEG and PNG). No copy
// holds any of it, by byte search (the colour profile inflated) and by
// exiftool; the one file not copied (the animation, whose frames cannot be
// checked for faces) is refused with a sentence.
func TestHiddenContentNeverPasses(t *testing.T) {
	oracle.Require(t)
	src, err := os.ReadFile(filepath.Join(fixtures, "astronaut.png"))
	if err != nil {
		t.Fatal(err)
	}
	base, missing, err := hidden.Bases(src, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("missing under CI: %v (.ci/run installs webp and libheif-examples)", missing)
		}
		t.Logf("left out, tools missing: %v", missing)
	}
	vs, err := hidden.Vectors(base)
	if err != nil {
		t.Fatal(err)
	}
	in := t.TempDir()
	byFile := map[string]hidden.Vector{}
	for _, v := range vs {
		byFile[v.File] = v
		if err := os.WriteFile(filepath.Join(in, v.File), v.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The oracle sees the crafted profile in its inputs.
	if tags, err := oracle.Tags(filepath.Join(in, "profile.jpg")); err != nil || !strings.Contains(fmt.Sprint(tags), "48.858370N") {
		t.Fatalf("exiftool does not see the crafted profile in the input: %v", err)
	}
	for _, settings := range [][]string{nil, {"--faces", "none"}} {
		name := "default settings"
		if settings != nil {
			name = strings.Join(settings, " ")
		}
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			stdout, stderr, _ := sharesafe(t, append([]string{"redact", in, "-o", out, "--json"}, settings...)...)
			lines := strings.Split(strings.TrimSpace(stdout), "\n")
			if len(lines) != len(vs) {
				t.Fatalf("%d JSON lines for %d files:\n%s\n%s", len(lines), len(vs), stdout, stderr)
			}
			for _, line := range lines {
				var r struct {
					Path, Output, Error, WritePath string
				}
				if err := json.Unmarshal([]byte(line), &r); err != nil {
					t.Fatal(err)
				}
				v := byFile[filepath.Base(r.Path)]
				t.Run(v.File, func(t *testing.T) {
					if r.Error != "" {
						if v.File == "animated.webp" && settings == nil && strings.Contains(r.Error, "animated") {
							return // refused with a sentence: nothing copied
						}
						t.Fatalf("%s: %s", v.Name, r.Error)
					}
					data, err := os.ReadFile(r.Output)
					if err != nil {
						t.Fatal(err)
					}
					p, err := photo.Parse(r.Output, data, photo.DefaultLimits)
					if err != nil {
						t.Fatal(err)
					}
					for _, s := range v.Secrets {
						if bytes.Contains(data, s) || bytes.Contains(p.Meta.ICC, s) {
							t.Errorf("%s: the copy still holds %q", v.Name, s)
						}
					}
					tags, err := oracle.Tags(r.Output)
					if err != nil {
						t.Fatal(err)
					}
					if leaks := oracle.LeaksIn(tags); len(leaks) > 0 {
						t.Errorf("%s: exiftool finds:\n  %s", v.Name, strings.Join(leaks, "\n  "))
					}
					all := fmt.Sprint(tags)
					for _, s := range []string{"Jean Dupont", "48.858370", "Tilleuls", "Samsung", "R5CX12345AB", "Galaxy", "Apple", "GPS"} {
						if strings.Contains(all, s) {
							t.Errorf("%s: exiftool reads %q in the copy", v.Name, s)
						}
					}
				})
			}
		})
	}
}
