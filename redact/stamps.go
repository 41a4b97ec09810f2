package redact

import (
	"image"
	"math"
)

// Stamps draws masks on a video's frames. A solid or emoji mask does not
// depend on the picture under it, only on its box's size and its design:
// it is drawn once, on a transparent picture (a stamp), and laid on every
// frame that has a box of that size, which costs a copy instead of the
// shape's geometry at every pixel. So that a face whose box changes by a
// few pixels from search to search keeps its stamp, a box is grown (never
// shrunk) to the next of a few sizes, about 8% apart, around its centre
// (Grown). Blur and pixelate depend on the frame and are drawn afresh.
// Over the grown box a stamped mask is exactly the mask Draw draws; on its
// soft edge it may differ by one level of a colour (rounded once more).
type Stamps struct {
	m     map[stampKey]*image.NRGBA
	order []stampKey
}

type stampKey struct {
	w, h, design int
	style        Style
}

// maxStamps bounds the stamps kept (the oldest goes first): a few faces,
// each with its boxes of the last searches.
const maxStamps = 48

// NewStamps returns an empty set of stamps.
func NewStamps() *Stamps { return &Stamps{m: map[stampKey]*image.NRGBA{}} }

// Draw draws the plan's masks on dst, as Draw does.
func (s *Stamps) Draw(dst *image.NRGBA, plan Plan) {
	for _, m := range plan.Masks {
		if m.Box.Empty() {
			continue
		}
		if m.Style != Solid && m.Style != Emoji {
			drawMask(dst, m, uint64(m.Design))
			continue
		}
		m.Box = Grown(m.Box)
		st := s.stamp(m)
		off := m.Box.Min
		r := st.Rect.Add(off).Intersect(dst.Rect)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			src := st.Pix[st.PixOffset(r.Min.X-off.X, y-off.Y):]
			out := dst.Pix[dst.PixOffset(r.Min.X, y):]
			for x := 0; x < r.Dx(); x++ {
				c := src[4*x : 4*x+4 : 4*x+4]
				switch a := c[3]; a {
				case 0:
				case 255:
					copy(out[4*x:4*x+3], c[:3])
					out[4*x+3] = 255
				default:
					// The stamp's colour is already blended over black by
					// its coverage: add what shows through.
					p := out[4*x : 4*x+4 : 4*x+4]
					k := 255 - int(a)
					p[0] = uint8(min(255, int(c[0])+(int(p[0])*k+127)/255))
					p[1] = uint8(min(255, int(c[1])+(int(p[1])*k+127)/255))
					p[2] = uint8(min(255, int(c[2])+(int(p[2])*k+127)/255))
					p[3] = uint8(min(255, int(a)+(int(p[3])*k+127)/255))
				}
			}
		}
	}
}

// Grown is a box grown around its centre to the next stamp size: each
// side rounded up to the next of the sizes 8 px times 1.08 to a power.
func Grown(r image.Rectangle) image.Rectangle {
	up := func(n int) int {
		if n <= 8 {
			return 8
		}
		k := math.Ceil(math.Log(float64(n)/8) / math.Log(1.08))
		v := int(math.Ceil(8 * math.Pow(1.08, k)))
		if v < n { // rounding
			v = int(math.Ceil(8 * math.Pow(1.08, k+1)))
		}
		return v
	}
	w, h := up(r.Dx()), up(r.Dy())
	x0, y0 := r.Min.X-(w-r.Dx())/2, r.Min.Y-(h-r.Dy())/2
	return image.Rect(x0, y0, x0+w, y0+h)
}

// stamp returns the mask of m's size and design drawn on a transparent
// picture whose origin is the box's corner.
func (s *Stamps) stamp(m Mask) *image.NRGBA {
	k := stampKey{m.Box.Dx(), m.Box.Dy(), m.Design, m.Style}
	if st, ok := s.m[k]; ok {
		return st
	}
	box := image.Rect(0, 0, k.w, k.h)
	st := image.NewNRGBA(Region(box))
	drawMask(st, Mask{Box: box, Style: m.Style, Design: m.Design}, uint64(m.Design))
	if len(s.order) >= maxStamps {
		delete(s.m, s.order[0])
		s.order = s.order[1:]
	}
	s.m[k], s.order = st, append(s.order, k)
	return st
}
