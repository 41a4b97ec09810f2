package redact

import (
	"flag"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden images")

// gradient is a deterministic picture whose bounds do not start at (0,0).
func gradient() *image.NRGBA {
	r := image.Rect(-40, 25, 200, 205)
	img := image.NewNRGBA(r)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 3), uint8(y * 2), uint8((x ^ y) * 5), 255})
		}
	}
	return img
}

// TestGoldenMasks draws each style over a small and a large face and
// compares with testdata/TestGoldenMasks/<style>.png (regenerate with
// go test ./redact -run GoldenMasks -update), with a tolerance of 2 per
// channel for floating-point differences between machines.
func TestGoldenMasks(t *testing.T) {
	for _, st := range Styles {
		plan := Plan{Masks: []Mask{
			{Box: image.Rect(-30, 40, 0, 78), Style: st, Design: 0},
			{Box: image.Rect(60, 70, 150, 190), Style: st, Design: 3},
		}}
		got := Apply(gradient(), plan)
		path := filepath.Join("testdata", "TestGoldenMasks", string(st)+".png")
		if *update {
			os.MkdirAll(filepath.Dir(path), 0o755)
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			// Stored with bounds moved to (0,0): PNG has no origin.
			png.Encode(f, got.SubImage(got.Rect))
			f.Close()
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		want, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		b := got.Bounds()
		if want.Bounds().Dx() != b.Dx() || want.Bounds().Dy() != b.Dy() {
			t.Fatalf("%s: size %v, golden %v", st, b, want.Bounds())
		}
		off := 0
		for y := 0; y < b.Dy(); y++ {
			for x := 0; x < b.Dx(); x++ {
				g := got.NRGBAAt(b.Min.X+x, b.Min.Y+y)
				w := color.NRGBAModel.Convert(want.At(x, y)).(color.NRGBA)
				if d(g.R, w.R) > 2 || d(g.G, w.G) > 2 || d(g.B, w.B) > 2 {
					off++
				}
			}
		}
		if off > 0 {
			t.Errorf("%s: %d pixels differ from the golden image", st, off)
		}
	}
}

func d(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// TestBlurStrength checks the minimum strength of blur for small and large
// faces: the blurred box keeps almost none of the original's detail (its
// high-frequency energy drops by at least 90%), noise aside.
func TestBlurStrength(t *testing.T) {
	src := noisy(bounds)
	for _, box := range []image.Rectangle{image.Rect(0, 50, 24, 80), image.Rect(20, 60, 300, 320)} {
		out := Apply(src, Plan{Masks: []Mask{{Box: box, Style: Blur}}})
		// Correlation between original and blurred pixels over the box:
		// a strong blur leaves none (noise is independent of the face).
		var sxy, sx, sy, sxx, syy, n float64
		for y := box.Min.Y; y < box.Max.Y; y++ {
			for x := box.Min.X; x < box.Max.X; x++ {
				a, b := float64(src.NRGBAAt(x, y).G), float64(out.NRGBAAt(x, y).G)
				sx, sy, sxy, sxx, syy, n = sx+a, sy+b, sxy+a*b, sxx+a*a, syy+b*b, n+1
			}
		}
		cov := sxy/n - sx/n*sy/n
		corr := cov / (math.Sqrt(sxx/n-sx/n*sx/n) * math.Sqrt(syy/n-sy/n*sy/n))
		if corr > 0.1 {
			t.Errorf("blur over %v: blurred pixels still correlate with the face (%.2f)", box, corr)
		}
	}
}

// TestEmojiAreasInBox: every point of a design's part is in the part's box
// (drawEmoji supersamples only the pixels the box touches, so a box too
// small would cut the design). Points are tested on a grid of 1/400 over
// [-1.5, 1.5], wider than any tile; each box must also hold some point.
func TestEmojiAreasInBox(t *testing.T) {
	for _, d := range designs {
		for li, l := range d.layers {
			b, hits := l.box, 0
			for i := -600; i <= 600; i++ {
				for j := -600; j <= 600; j++ {
					u, v := float64(i)/400, float64(j)/400
					if !l.inside(u, v) {
						continue
					}
					hits++
					if u < b[0] || u > b[2] || v < b[1] || v > b[3] {
						t.Fatalf("%s layer %d: (%.4f, %.4f) inside, outside its box %v", d.name, li, u, v, b)
					}
				}
			}
			if hits == 0 {
				t.Errorf("%s layer %d: no point inside", d.name, li)
			}
		}
	}
}
