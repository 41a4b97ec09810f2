package redact

import (
	"image"
	"image/color"
	"math"
)

// An emoji mask is a bright tile (the rounded rectangle that contains the
// face box, fully opaque) with a vector design drawn on it by our own code:
// no font, no image file. Edges are anti-aliased by 4x4 supersampling.

// layer is one flat-coloured part of a design, in design coordinates: u to
// the right and v downwards, the design spanning [-1, 1] on both.
type layer struct {
	area
	col color.NRGBA
}

// area is a part of the design: inside tests a point, and box (u0, v0, u1,
// v1) holds every point inside, so that the pixels around it are not
// supersampled (TestEmojiAreasInBox).
type area struct {
	inside func(u, v float64) bool
	box    [4]float64
}

// in returns an area of inside within box.
func in(box [4]float64, inside func(u, v float64) bool) area { return area{inside, box} }

type design struct {
	name   string
	tile   color.NRGBA
	layers []layer
}

var (
	yellow = color.NRGBA{255, 204, 51, 255}
	brown  = color.NRGBA{92, 58, 33, 255}
	red    = color.NRGBA{235, 64, 86, 255}
	orange = color.NRGBA{255, 150, 40, 255}
	pink   = color.NRGBA{255, 120, 190, 255}
	gold   = color.NRGBA{255, 215, 0, 255}
)

func disc(cu, cv, r float64) area {
	return in([4]float64{cu - r, cv - r, cu + r, cv + r},
		func(u, v float64) bool { return (u-cu)*(u-cu)+(v-cv)*(v-cv) <= r*r })
}

func ellipse(cu, cv, ru, rv float64) area {
	return in([4]float64{cu - ru, cv - rv, cu + ru, cv + rv}, func(u, v float64) bool {
		du, dv := (u-cu)/ru, (v-cv)/rv
		return du*du+dv*dv <= 1
	})
}

// polygon returns a point-in-polygon test (even-odd rule).
func polygon(pts [][2]float64) area {
	box := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range pts {
		box = [4]float64{min(box[0], p[0]), min(box[1], p[1]), max(box[2], p[0]), max(box[3], p[1])}
	}
	return in(box, func(u, v float64) bool {
		in := false
		for i, j := 0, len(pts)-1; i < len(pts); j, i = i, i+1 {
			a, b := pts[i], pts[j]
			if (a[1] > v) != (b[1] > v) && u < (b[0]-a[0])*(v-a[1])/(b[1]-a[1])+a[0] {
				in = !in
			}
		}
		return in
	})
}

func star(points int, outer, inner, rot float64) [][2]float64 {
	var pts [][2]float64
	for i := 0; i < 2*points; i++ {
		r := outer
		if i%2 == 1 {
			r = inner
		}
		a := rot + float64(i)*math.Pi/float64(points)
		pts = append(pts, [2]float64{r * math.Sin(a), -r * math.Cos(a)})
	}
	return pts
}

var designs = []design{
	{name: "smiley", tile: color.NRGBA{120, 200, 255, 255}, layers: []layer{
		{disc(0, 0, 0.92), yellow},
		{ellipse(-0.32, -0.25, 0.11, 0.17), brown},
		{ellipse(0.32, -0.25, 0.11, 0.17), brown},
		{in([4]float64{-0.56, 0.12, 0.56, 0.61}, func(u, v float64) bool { // the smile: the lower half of a ring
			d := math.Hypot(u, v-0.05)
			return v > 0.12 && d > 0.42 && d < 0.56
		}), brown},
	}},
	{name: "heart", tile: color.NRGBA{255, 224, 236, 255}, layers: []layer{
		{in([4]float64{-10, -10, 10, 10}, func(u, v float64) bool { // the whole tile
			x, y := u/0.9, -(v+0.1)/0.9 // implicit heart curve, y up
			a := x*x + y*y - 1
			return a*a*a-x*x*y*y*y <= 0
		}), red},
	}},
	{name: "star", tile: color.NRGBA{60, 70, 170, 255}, layers: []layer{
		{polygon(star(5, 0.95, 0.42, 0)), gold},
	}},
	{name: "sun", tile: color.NRGBA{140, 220, 255, 255}, layers: []layer{
		{polygon(star(12, 0.97, 0.62, 0)), orange},
		{disc(0, 0, 0.6), yellow},
		{ellipse(-0.2, -0.12, 0.07, 0.1), brown},
		{ellipse(0.2, -0.12, 0.07, 0.1), brown},
		{in([4]float64{-0.36, 0.08, 0.36, 0.36}, func(u, v float64) bool {
			d := math.Hypot(u, v)
			return v > 0.08 && d > 0.26 && d < 0.36
		}), brown},
	}},
	{name: "flower", tile: color.NRGBA{170, 230, 150, 255}, layers: []layer{
		{in([4]float64{-0.9, -0.9, 0.9, 0.9}, func(u, v float64) bool {
			for _, c := range petals {
				if (u-c[0])*(u-c[0])+(v-c[1])*(v-c[1]) <= 0.38*0.38 {
					return true
				}
			}
			return false
		}), pink},
		{disc(0, 0, 0.32), yellow},
	}},
}

// petals are the centres of the flower's six petals (discs of 0.38).
var petals = func() (c [6][2]float64) {
	for k := range c {
		a := float64(k) * math.Pi / 3
		c[k] = [2]float64{0.52 * math.Cos(a), 0.52 * math.Sin(a)}
	}
	return c
}()

// EmojiDesigns names the emoji designs, in the order Mask.Design picks them.
func EmojiDesigns() []string {
	out := make([]string, len(designs))
	for i, d := range designs {
		out[i] = d.name
	}
	return out
}

// drawEmoji paints the tile (the full shape, opaque) then the design,
// centred, as large as the tile's shorter side allows.
func drawEmoji(dst *image.NRGBA, r image.Rectangle, s shape, which int) {
	d := designs[((which%len(designs))+len(designs))%len(designs)]
	paint(dst, r, s, func(int, int) color.NRGBA { return d.tile })
	half := math.Min(s.hw, s.hh) * 0.95
	const n = 4 // samples per axis
	// The thinnest part of a design (the smile) is about 0.1 of half: from
	// 100 px on it spans ten pixels, and the corner test below errs only at
	// the sharp tips of star and sun rays, by part of one pixel each.
	large := half > 100
	// corners[l][0] and [1] are layer l's test at the corners above and
	// below the pixels of row y (a large design only): each corner is
	// tested once, not once for each of the four pixels that share it.
	cols := r.Dx() + 1
	// boxes[l] holds the pixels that layer l's box touches.
	boxes := make([]image.Rectangle, len(d.layers))
	for li, l := range d.layers {
		b := l.box
		boxes[li] = image.Rect(int(math.Floor(s.cx+b[0]*half))-1, int(math.Floor(s.cy+b[1]*half))-1,
			int(math.Ceil(s.cx+b[2]*half))+1, int(math.Ceil(s.cy+b[3]*half))+1)
	}
	corners := make([][2][]bool, len(d.layers))
	test := func(row []bool, l layer, y int) {
		v := (float64(y) - s.cy) / half
		for i := range row {
			row[i] = l.inside((float64(r.Min.X+i)-s.cx)/half, v)
		}
	}
	if large {
		for li, l := range d.layers {
			corners[li] = [2][]bool{make([]bool, cols), make([]bool, cols)}
			test(corners[li][1], l, r.Min.Y)
		}
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		if large {
			for li, l := range d.layers {
				c := &corners[li]
				c[0], c[1] = c[1], c[0]
				test(c[1], l, y+1)
			}
		}
		for x := r.Min.X; x < r.Max.X; x++ {
			if s.dist(float64(x)+0.5, float64(y)+0.5) > 0 {
				continue // outside the tile: only the tile's soft edge there
			}
			for li, l := range d.layers {
				if !boxes[li].Overlaps(image.Rect(x, y, x+1, y+1)) {
					continue // none of the pixel's samples can be inside
				}
				hits := 0
				if large {
					// On a large design, the pixel's four corners: when
					// they agree, so does the whole pixel, and only edge
					// pixels are supersampled.
					c, i := corners[li], x-r.Min.X
					switch b2i(c[0][i]) + b2i(c[0][i+1]) + b2i(c[1][i]) + b2i(c[1][i+1]) {
					case 0:
						continue
					case 4:
						hits = n * n // all inside
					}
				}
				if hits == 0 {
					for sy := 0; sy < n; sy++ {
						for sx := 0; sx < n; sx++ {
							u := (float64(x) + (float64(sx)+0.5)/n - s.cx) / half
							v := (float64(y) + (float64(sy)+0.5)/n - s.cy) / half
							if l.inside(u, v) {
								hits++
							}
						}
					}
				}
				if hits == 0 {
					continue
				}
				i := dst.PixOffset(x, y)
				p := dst.Pix[i : i+4 : i+4]
				a := float64(hits) / (n * n)
				p[0] = blend(p[0], l.col.R, a)
				p[1] = blend(p[1], l.col.G, a)
				p[2] = blend(p[2], l.col.B, a)
			}
		}
	}
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
