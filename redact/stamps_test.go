package redact

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"
)

// TestStampsDrawWhatDrawDraws: every style, boxes inside the frame, across
// its edges and repeated: inside each box the stamped frame equals Draw's
// exactly, and elsewhere within one level of a colour.
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
			Draw(want, p)
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
