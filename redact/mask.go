package redact

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"

	"github.com/disintegration/imaging"
)

// Style is how a face is hidden.
type Style string

// The mask styles. Solid and emoji leave nothing of the face; blur and
// pixelate are strong enough that the face cannot be rebuilt.
const (
	Solid    Style = "solid"
	Pixelate Style = "pixelate"
	Blur     Style = "blur"
	Emoji    Style = "emoji"
)

// Styles lists the mask styles.
var Styles = []Style{Emoji, Blur, Pixelate, Solid}

// ParseStyle checks a style name.
func ParseStyle(s string) (Style, error) {
	for _, st := range Styles {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown mask style %q (choose emoji, blur, pixelate or solid)", s)
}

// Mask hides one box of the picture.
type Mask struct {
	// Box must be covered entirely: no pixel in it keeps original content.
	Box image.Rectangle
	// Style is how it is hidden.
	Style Style
	// Design picks the emoji drawn (any number; taken modulo the designs).
	Design int
	// Parent says the parent decided this mask (added it, or moved or
	// resized one the detector found); false for a detector's mask. It
	// changes nothing in how the mask is drawn: the record of the copies
	// keeps it, so that a parent's decisions come back.
	Parent bool
}

// Plan is the list of masks for one photo.
type Plan struct {
	Masks []Mask
}

// SolidColor is the colour of a solid mask.
var SolidColor = color.NRGBA{R: 72, G: 76, B: 96, A: 255}

// Apply returns a copy of img with the plan's masks drawn. The copy keeps
// img's bounds. img is not modified.
func Apply(img image.Image, plan Plan) *image.NRGBA {
	b := img.Bounds()
	dst := imaging.Clone(img)
	dst.Rect = b // same pixels, same stride: keep the source's coordinates
	for i, m := range plan.Masks {
		drawMask(dst, m, uint64(i))
	}
	return dst
}

// Draw draws the plan's masks on dst itself (a video's frame, drawn once
// and thrown away). Masks are seeded by their Design, not their place in
// the plan, so that a face masked in frame after frame keeps the same
// emoji and the same blur noise.
func Draw(dst *image.NRGBA, plan Plan) {
	for _, m := range plan.Masks {
		drawMask(dst, m, uint64(m.Design))
	}
}

// shape is the rounded rectangle that contains a mask box: the box grown by
// a margin on every side, with corners round enough to look soft but small
// enough that the box's corners stay inside (radius <= 3.41 x margin).
type shape struct {
	cx, cy, hw, hh, radius, feather float64
}

func shapeOf(box image.Rectangle) shape {
	w, h := float64(box.Dx()), float64(box.Dy())
	s := math.Min(w, h)
	margin := math.Max(1, 0.08*s)
	return shape{
		cx: float64(box.Min.X) + w/2, cy: float64(box.Min.Y) + h/2,
		hw: w/2 + margin, hh: h/2 + margin,
		radius:  math.Min(3.3*margin, math.Min(w/2+margin, h/2+margin)),
		feather: math.Max(1.5, 0.03*s),
	}
}

// dist is the signed distance in pixels from (x, y) to the shape's edge,
// negative inside.
func (s shape) dist(x, y float64) float64 {
	qx := math.Abs(x-s.cx) - (s.hw - s.radius)
	qy := math.Abs(y-s.cy) - (s.hh - s.radius)
	mx, my := max(qx, 0), max(qy, 0) // the builtins: math.Max is a call
	out := math.Sqrt(mx*mx + my*my)
	return out + min(max(qx, qy), 0) - s.radius
}

// coverage is 1 on and inside the shape's edge, fading to 0 over the feather
// outside it, so the soft edge never reaches into the box.
func (s shape) coverage(x, y float64) float64 {
	d := s.dist(x, y)
	switch {
	case d <= 0:
		return 1
	case d >= s.feather:
		return 0
	}
	return 1 - d/s.feather
}

// region is the rectangle of pixels the shape may touch.
func (s shape) region() image.Rectangle {
	e := s.feather + 1
	return rectF(s.cx-s.hw-e, s.cy-s.hh-e, s.cx+s.hw+e, s.cy+s.hh+e)
}

func rectF(x0, y0, x1, y1 float64) image.Rectangle {
	return image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1)))
}

// Region returns the rectangle of pixels a mask over box may change: it
// contains box.
func Region(box image.Rectangle) image.Rectangle { return shapeOf(box).region() }

func drawMask(dst *image.NRGBA, m Mask, seed uint64) {
	if m.Box.Empty() {
		return
	}
	s := shapeOf(m.Box)
	r := s.region().Intersect(dst.Rect)
	if r.Empty() {
		return
	}
	var fill func(x, y int) color.NRGBA
	switch m.Style {
	case Pixelate:
		fill = pixelFill(dst, r, m.Box)
	case Blur:
		fill = blurFill(dst, r, m.Box, seed)
	case Emoji:
		drawEmoji(dst, r, s, m.Design)
		return
	default:
		fill = func(int, int) color.NRGBA { return SolidColor }
	}
	paint(dst, r, s, fill)
}

// paint blends fill over dst inside the shape.
func paint(dst *image.NRGBA, r image.Rectangle, s shape, fill func(x, y int) color.NRGBA) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			a := s.coverage(float64(x)+0.5, float64(y)+0.5)
			if a == 0 {
				continue
			}
			c := fill(x, y)
			i := dst.PixOffset(x, y)
			p := dst.Pix[i : i+4 : i+4]
			if a == 1 {
				p[0], p[1], p[2], p[3] = c.R, c.G, c.B, 255
				continue
			}
			p[0] = blend(p[0], c.R, a)
			p[1] = blend(p[1], c.G, a)
			p[2] = blend(p[2], c.B, a)
			p[3] = blend(p[3], 255, a)
		}
	}
}

func blend(under, over uint8, a float64) uint8 {
	return uint8(math.Round(float64(under)*(1-a) + float64(over)*a))
}

// PixelBlocks is how many blocks span the longer side of a face box at
// most: few enough that no feature survives.
const PixelBlocks = 8

// pixelFill averages blocks of a side tied to the face, aligned on the box.
func pixelFill(src *image.NRGBA, r, box image.Rectangle) func(x, y int) color.NRGBA {
	bs := max(2, int(math.Ceil(float64(max(box.Dx(), box.Dy()))/PixelBlocks)))
	ox, oy := box.Min.X, box.Min.Y
	cell := func(v, o int) int { return int(math.Floor(float64(v-o) / float64(bs))) }
	type key struct{ x, y int }
	avg := map[key]color.NRGBA{}
	sums := map[key]*[4]int{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			k := key{cell(x, ox), cell(y, oy)}
			s := sums[k]
			if s == nil {
				s = new([4]int)
				sums[k] = s
			}
			i := src.PixOffset(x, y)
			s[0] += int(src.Pix[i])
			s[1] += int(src.Pix[i+1])
			s[2] += int(src.Pix[i+2])
			s[3]++
		}
	}
	for k, s := range sums {
		avg[k] = color.NRGBA{uint8(s[0] / s[3]), uint8(s[1] / s[3]), uint8(s[2] / s[3]), 255}
	}
	return func(x, y int) color.NRGBA { return avg[key{cell(x, ox), cell(y, oy)}] }
}

// BlurNoise is the amplitude of the noise added over a blurred face, so the
// blur cannot be inverted.
const BlurNoise = 14

// blurFill is a Gaussian blur with a sigma of a quarter of the face width,
// of the region, plus seeded noise (same input, same output).
func blurFill(src *image.NRGBA, r, box image.Rectangle, seed uint64) func(x, y int) color.NRGBA {
	sigma := math.Max(2, float64(max(box.Dx(), box.Dy()))/4)
	sub := src.SubImage(r)
	blurred := imaging.Blur(sub, sigma) // bounds start at (0,0)
	rng := rand.New(rand.NewPCG(seed, uint64(box.Min.X)<<32|uint64(uint32(box.Min.Y))))
	noise := make([]int8, r.Dx()*r.Dy())
	for i := range noise {
		noise[i] = int8(rng.IntN(2*BlurNoise+1) - BlurNoise)
	}
	return func(x, y int) color.NRGBA {
		c := blurred.NRGBAAt(x-r.Min.X, y-r.Min.Y)
		n := int(noise[(y-r.Min.Y)*r.Dx()+x-r.Min.X])
		return color.NRGBA{clamp8(int(c.R) + n), clamp8(int(c.G) + n), clamp8(int(c.B) + n), 255}
	}
}

func clamp8(v int) uint8 {
	return uint8(min(255, max(0, v)))
}
