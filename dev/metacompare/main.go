// Command metacompare measures what sharesafe and exiftool -all= leave in
// the files of a folder (the corpus), with exiftool as the judge, and
// prints a Markdown table for the README:
//
//	go build -o /tmp/sharesafe ./cmd/sharesafe
//	go run ./dev/metacompare -sharesafe /tmp/sharesafe ../shared/corpus/meta
package main

import (
	"flag"
	"fmt"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	_ "github.com/sharesafe/sharesafe/heif"
	"github.com/sharesafe/sharesafe/internal/oracle"
	"github.com/sharesafe/sharesafe/photo"
)

type tally struct {
	files, gps, thumbs, makernotes, xmp, iptc, mpf, after, comments, iccKept, iccTotal, rotated, wrong, refused int
}

func main() {
	bin := flag.String("sharesafe", "sharesafe", "the sharesafe binary")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: metacompare [-sharesafe BIN] DIR")
		os.Exit(2)
	}
	src := flag.Arg(0)
	srcTags, err := oracle.TagsDir(src)
	check(err)
	tmp, err := os.MkdirTemp("", "metacompare-")
	check(err)
	defer os.RemoveAll(tmp)

	// exiftool -all= on a copy, in place.
	ex := filepath.Join(tmp, "exiftool")
	check(exec.Command("cp", "-r", src, ex).Run())
	exec.Command("chmod", "-R", "u+w", ex).Run()
	exec.Command("exiftool", "-all=", "-overwrite_original", "-q", "-q", "-r", ex).Run()
	// sharesafe, lossless (no masks).
	ss := filepath.Join(tmp, "sharesafe")
	exec.Command(*bin, "redact", src, "-o", ss, "--faces", "none").Run()

	rows := map[string]*tally{"exiftool -all=": {}, "sharesafe redact --faces none": {}}
	outs := map[string]string{"exiftool -all=": ex, "sharesafe redact --faces none": ss}
	for name, dir := range outs {
		t := rows[name]
		tags, err := oracle.TagsDir(dir)
		check(err)
		for path, st := range srcTags {
			rel, _ := filepath.Rel(src, path)
			if !photo.HasPhotoExt(path) {
				continue
			}
			out := findOutput(dir, rel)
			if out == "" {
				t.refused++
				continue
			}
			t.files++
			ot := tags[out]
			count(t, ot, out)
			if oracle.HasICC(st) {
				t.iccTotal++
				if oracle.HasICC(ot) {
					t.iccKept++
				}
			}
			if rotated(st) {
				t.rotated++
				if !upright(path, out) {
					t.wrong++
				}
			}
		}
	}
	fmt.Println("| tool | files written | refused (nothing written) | GPS | thumbnails | maker notes | XMP | IPTC | MPF | data after the image | comments | ICC kept | shown the wrong way |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, name := range []string{"exiftool -all=", "sharesafe redact --faces none"} {
		t := rows[name]
		fmt.Printf("| `%s` | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d of %d | %d of %d |\n", name, t.files, t.refused,
			t.gps, t.thumbs, t.makernotes, t.xmp, t.iptc, t.mpf, t.after, t.comments, t.iccKept, t.iccTotal, t.wrong, t.rotated)
	}
}

// findOutput finds a file's output, whose extension may have changed.
func findOutput(dir, rel string) string {
	base := strings.TrimSuffix(rel, filepath.Ext(rel))
	for _, ext := range []string{filepath.Ext(rel), ".jpg", ".png", ".webp"} {
		p := filepath.Join(dir, base+ext)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func count(t *tally, tags map[string]any, path string) {
	has := func(f func(k string) bool) int {
		for k := range tags {
			if f(k) {
				return 1
			}
		}
		return 0
	}
	t.gps += has(func(k string) bool { return strings.HasPrefix(k, "GPS:") || strings.Contains(k, ":GPS") })
	t.thumbs += has(func(k string) bool {
		return strings.Contains(k, "ThumbnailImage") || strings.Contains(k, "PreviewImage") || strings.Contains(k, "ThumbnailOffset")
	})
	t.makernotes += has(func(k string) bool {
		g, _, _ := strings.Cut(k, ":")
		return strings.Contains(k, "MakerNote") || makerGroups[g]
	})
	t.xmp += has(func(k string) bool { return strings.HasPrefix(k, "XMP") })
	t.iptc += has(func(k string) bool { return strings.HasPrefix(k, "IPTC") || strings.HasPrefix(k, "Photoshop:") })
	t.mpf += has(func(k string) bool { return strings.HasPrefix(k, "MPF") || strings.HasPrefix(k, "MPImage") })
	t.comments += has(func(k string) bool {
		return k == "File:Comment" || strings.HasSuffix(k, ":Comment") && !strings.HasPrefix(k, "ICC")
	})
	if p, err := photo.Load(path, photo.Limits{}); err == nil {
		if len(p.Meta.Trailer) > 0 || len(p.Meta.Embedded) > 0 {
			t.after++
		}
	}
}

var makerGroups = map[string]bool{"Canon": true, "Nikon": true, "Olympus": true, "Panasonic": true, "Sony": true, "Apple": true,
	"Casio": true, "Pentax": true, "Samsung": true, "FujiFilm": true, "Kodak": true, "Ricoh": true, "Sanyo": true, "Sigma": true,
	"Minolta": true, "JVC": true, "Motorola": true, "GoPro": true, "FLIR": true, "Leica": true, "Reconyx": true, "CIFF": true,
	"Qualcomm": true, "NikonCustom": true, "CanonCustom": true, "KodakIFD": true, "PreviewIFD": true}

func rotated(tags map[string]any) bool {
	o, ok := tags["IFD0:Orientation"]
	return ok && fmt.Sprint(o) != "1"
}

// upright compares the displayed pictures of a source and its output.
func upright(in, out string) bool {
	a, err := photo.Open(in, photo.DefaultLimits)
	if err != nil {
		return true // cannot judge
	}
	b, err := photo.Open(out, photo.DefaultLimits)
	if err != nil {
		return false
	}
	ab, bb := a.Image.Bounds(), b.Image.Bounds()
	if ab.Dx() != bb.Dx() || ab.Dy() != bb.Dy() {
		return false
	}
	var diff, n float64
	for y := 0; y < ab.Dy(); y += max(1, ab.Dy()/30) {
		for x := 0; x < ab.Dx(); x += max(1, ab.Dx()/30) {
			ca := color.GrayModel.Convert(a.Image.At(ab.Min.X+x, ab.Min.Y+y)).(color.Gray).Y
			cb := color.GrayModel.Convert(b.Image.At(bb.Min.X+x, bb.Min.Y+y)).(color.Gray).Y
			diff += float64(max(ca, cb) - min(ca, cb))
			n++
		}
	}
	return diff/n < 20
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "metacompare:", err)
		os.Exit(1)
	}
}
