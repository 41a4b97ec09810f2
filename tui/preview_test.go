package tui

import (
	"image"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/disintegration/imaging"
	"github.com/muesli/termenv"

	"github.com/sharesafe/sharesafe/photo"
)

var sgr = regexp.MustCompile(`\x1b\[([0-9;]*)m▀`)

// decodePreview turns a rendered preview back into pixels: each ▀ cell's
// foreground (top) and background (bottom) colour.
func decodePreview(t *testing.T, s string, profile termenv.Profile) *image.NRGBA {
	t.Helper()
	lines := strings.Split(s, "\n")
	var rows [][]color.NRGBA
	for _, l := range lines {
		var top, bot []color.NRGBA
		for _, m := range sgr.FindAllStringSubmatch(l, -1) {
			var p []int
			for _, f := range strings.Split(m[1], ";") {
				n, _ := strconv.Atoi(f)
				p = append(p, n)
			}
			var fg, bg color.NRGBA
			for i := 0; i < len(p); i++ {
				switch {
				case (p[i] == 38 || p[i] == 48) && p[i+1] == 2:
					c := rgb(uint8(p[i+2]), uint8(p[i+3]), uint8(p[i+4]))
					if p[i] == 38 {
						fg = c
					} else {
						bg = c
					}
					i += 4
				case (p[i] == 38 || p[i] == 48) && p[i+1] == 5:
					var c color.NRGBA
					if p[i+2] < 16 {
						c = palette16[p[i+2]].(color.NRGBA)
					} else {
						c = palette256[p[i+2]-16].(color.NRGBA)
					}
					if p[i] == 38 {
						fg = c
					} else {
						bg = c
					}
					i += 2
				case p[i] >= 30 && p[i] <= 37:
					fg = palette16[p[i]-30].(color.NRGBA)
				case p[i] >= 90 && p[i] <= 97:
					fg = palette16[p[i]-90+8].(color.NRGBA)
				case p[i] >= 40 && p[i] <= 47:
					bg = palette16[p[i]-40].(color.NRGBA)
				case p[i] >= 100 && p[i] <= 107:
					bg = palette16[p[i]-100+8].(color.NRGBA)
				}
			}
			top, bot = append(top, fg), append(bot, bg)
		}
		if len(top) > 0 {
			rows = append(rows, top, bot)
		}
	}
	img := image.NewNRGBA(image.Rect(0, 0, len(rows[0]), len(rows)))
	for y, r := range rows {
		for x, c := range r {
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// seenError is the mean difference, per channel, between two pictures as
// seen from a little way off (each blurred over 3×3 pixels).
func seenError(a, b *image.NRGBA) float64 {
	a, b = imaging.Blur(a, 1), imaging.Blur(b, 1)
	var sum, n float64
	for y := 0; y < a.Bounds().Dy(); y++ {
		for x := 0; x < a.Bounds().Dx(); x++ {
			p, q := a.NRGBAAt(x, y), b.NRGBAAt(x, y)
			sum += abs(int(p.R)-int(q.R)) + abs(int(p.G)-int(q.G)) + abs(int(p.B)-int(q.B))
			n += 3
		}
	}
	return sum / n
}

// TestPreviewColourProfiles draws a face photo's preview with 24-bit, 256
// and 16 colours, compares each with its golden
// (testdata/TestPreviewColourProfiles, -update), and decodes the colours
// back: seen from a little way off, the 256- and 16-colour previews stay
// close to the photo (error diffusion), not flat blocks. Measured on
// astronaut.png, 48x48 preview pixels: 24-bit 0.1; 256 colours 1.7 (5.5
// with lipgloss's nearest colour, as before); 16 colours 6.2 (30.7).
func TestPreviewColourProfiles(t *testing.T) {
	src, err := photo.Open(filepath.Join(photos, "astronaut.png"), photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	thumb := imaging.Fit(src.Image, thumbSize, thumbSize, imaging.Box)
	scale := float64(thumb.Bounds().Dx()) / float64(src.Image.Bounds().Dx())
	const w, h = 48, 24
	for _, c := range []struct {
		name    string
		profile termenv.Profile
		limit   float64
	}{{"truecolor", termenv.TrueColor, 1}, {"ansi256", termenv.ANSI256, 3.5}, {"ansi16", termenv.ANSI, 12}} {
		st := newStyles(os.Stderr, &c.profile)
		got := renderPreview(thumb, scale, nil, "", 0, true, w, h, st)
		path := filepath.Join("testdata", "TestPreviewColourProfiles", c.name+".txt")
		if updating() {
			os.MkdirAll(filepath.Dir(path), 0o755)
			os.WriteFile(path, []byte(got), 0o644)
		} else if want, err := os.ReadFile(path); err != nil || string(want) != got {
			t.Errorf("%s differs from its golden (%v); run with -update and look at it with cat", path, err)
		}
		img := decodePreview(t, got, c.profile)
		ref := imaging.Resize(thumb, img.Bounds().Dx(), img.Bounds().Dy(), imaging.Box)
		e := seenError(img, ref)
		t.Logf("%s: %dx%d pixels, error seen from afar %.1f", c.name, img.Bounds().Dx(), img.Bounds().Dy(), e)
		if e > c.limit {
			t.Errorf("%s: the preview is %.1f away from the photo (limit %.0f)", c.name, e, c.limit)
		}
	}
}
