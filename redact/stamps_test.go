package redact

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"
)

// TestStampsDrawWhatDrawDraws: every style, boxes inside the frame, across
// its edges and repeated: inside each box the stamped frame equals what
// Draw draws over the box grown to its stamp's size (the box itself for
// blur and pixelate) exactly, and elsewhere within one level of a colour.
func TestStampsDrawWhatDrawDraws(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	frame := image.NewNRGBA(image.Rect(0, 0, 320, 200))
	for i := range frame.Pix {
		frame.Pix[i] = uint8(rng.IntN(256))
	}
	boxes := []image.Rectangle{image.Rect(40, 30, 120, 130), image.Rect(-20, 150, 40, 230), image.Rect(290, -10, 340, 50), image.Rect(200, 60, 203, 62)}
	st := NewStamps()
	for _, style := range Styles {
		for round := 0; round < 2; round++ {
			var p Plan
			for i, b := range boxes {
				p.Masks = append(p.Masks, Mask{Box: b, Style: style, Design: i})
			}
			want := clone(frame)
			grown := Plan{Masks: append([]Mask(nil), p.Masks...)}
			for i := range grown.Masks {
				if style == Solid || style == Emoji {
					grown.Masks[i].Box = Grown(grown.Masks[i].Box)
				}
			}
			Draw(want, grown)
			got := clone(frame)
			st.Draw(got, p)
			for y := 0; y < 200; y++ {
				for x := 0; x < 320; x++ {
					a, b := want.NRGBAAt(x, y), got.NRGBAAt(x, y)
					inside := false
					for _, bx := range boxes {
						inside = inside || image.Pt(x, y).In(bx)
					}
					if inside && a != b || !near(a, b) {
						t.Fatalf("%s: pixel %d,%d is %v, Draw's %v", style, x, y, b, a)
					}
				}
			}
		}
	}
}

func clone(m *image.NRGBA) *image.NRGBA {
	c := *m
	c.Pix = append([]uint8(nil), m.Pix...)
	return &c
}

func near(a, b color.NRGBA) bool {
	d := func(x, y uint8) bool { return max(x, y)-min(x, y) <= 1 }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && d(a.A, b.A)
}

// TestGrownHoldsTheBox: a grown box holds the box, is at most 8% wider
// and taller (8 px for the smallest), and boxes a few pixels apart in size
// share one or two sizes.
func TestGrownHoldsTheBox(t *testing.T) {
	for w := 1; w < 900; w += 7 {
		r := image.Rect(100, 50, 100+w, 50+w*4/3+1)
		g := Grown(r)
		if !r.In(g) || float64(g.Dx()) > max(8, float64(w)*1.081+1) || float64(g.Dy()) > max(8, float64(r.Dy())*1.081+1) {
			t.Fatalf("%v grown to %v", r, g)
		}
	}
	sizes := map[image.Point]bool{}
	for w := 400; w < 420; w++ {
		sizes[Grown(image.Rect(0, 0, w, w)).Size()] = true
	}
	if len(sizes) > 2 {
		t.Errorf("20 sizes of box give %d stamp sizes", len(sizes))
	}
}
