package nn

import (
	"image"
	"image/draw"
)

// FromImage returns the pixels of r (clipped to img's bounds) as an RGB
// tensor of values 0 to 255.
func FromImage(img image.Image, r image.Rectangle) *Tensor {
	r = r.Intersect(img.Bounds())
	t := New(r.Dy(), r.Dx(), 3)
	rgba, ok := img.(*image.RGBA)
	if !ok {
		if n, isN := img.(*image.NRGBA); isN && opaque(n, r) {
			rgba = &image.RGBA{Pix: n.Pix, Stride: n.Stride, Rect: n.Rect}
		} else {
			rgba = image.NewRGBA(r)
			draw.Draw(rgba, r, img, r.Min, draw.Src)
		}
	}
	i := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := rgba.Pix[rgba.PixOffset(r.Min.X, y):]
		for x := 0; x < r.Dx(); x++ {
			t.Data[i] = float32(row[4*x])
			t.Data[i+1] = float32(row[4*x+1])
			t.Data[i+2] = float32(row[4*x+2])
			i += 3
		}
	}
	return t
}

// opaque reports whether every pixel of r in n has alpha 255 (so that its
// bytes read as premultiplied RGBA unchanged).
func opaque(n *image.NRGBA, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := n.Pix[n.PixOffset(r.Min.X, y):n.PixOffset(r.Max.X, y)]
		for i := 3; i < len(row); i += 4 {
			if row[i] != 255 {
				return false
			}
		}
	}
	return true
}

// PadSquare pads the shorter side with zeros to a square, as face-api's
// padToSquare: with center, round(diff/2) after and the rest before;
// otherwise all of it after.
func PadSquare(t *Tensor, center bool) *Tensor {
	if t.H == t.W {
		return t
	}
	d := max(t.H, t.W)
	diff := d - min(t.H, t.W)
	before := 0
	if center {
		after := (diff + 1) / 2 // Math.round(diff * 0.5)
		before = diff - after
	}
	out := New(d, d, t.C)
	ox, oy := before, 0 // taller than wide: pad the columns
	if t.W > t.H {
		ox, oy = 0, before
	}
	for y := 0; y < t.H; y++ {
		copy(out.Data[((y+oy)*d+ox)*t.C:], t.Data[y*t.W*t.C:(y+1)*t.W*t.C])
	}
	return out
}

// ResizeBilinear resizes as TensorFlow's resizeBilinear with alignCorners
// and halfPixelCenters false: output pixel (y, x) samples the input at
// (y*H/h, x*W/w).
func ResizeBilinear(t *Tensor, h, w int) *Tensor {
	out := New(h, w, t.C)
	sy := float32(t.H) / float32(h)
	sx := float32(t.W) / float32(w)
	x0s := make([]int, w)
	x1s := make([]int, w)
	dxs := make([]float32, w)
	for x := range w {
		fx := float32(x) * sx
		x0 := int(fx)
		x0s[x], x1s[x], dxs[x] = x0, min(x0+1, t.W-1), fx-float32(x0)
	}
	c := t.C
	for y := range h {
		fy := float32(y) * sy
		y0 := int(fy)
		y1 := min(y0+1, t.H-1)
		dy := fy - float32(y0)
		r0 := t.Data[y0*t.W*c:]
		r1 := t.Data[y1*t.W*c:]
		o := out.Data[y*w*c:]
		for x := range w {
			x0, x1, dx := x0s[x]*c, x1s[x]*c, dxs[x]
			for k := range c {
				top := r0[x0+k] + (r0[x1+k]-r0[x0+k])*dx
				bot := r1[x0+k] + (r1[x1+k]-r1[x0+k])*dx
				o[x*c+k] = top + (bot-top)*dy
			}
		}
	}
	return out
}

// AreaResize shrinks a tensor to h x w (at most its own size) by averaging
// the input pixels that fall in each output pixel (input column x goes to
// output column x*w/W, rows alike).
func AreaResize(t *Tensor, h, w int) *Tensor {
	h, w = min(max(h, 1), t.H), min(max(w, 1), t.W)
	out := New(h, w, t.C)
	counts := make([]float32, h*w)
	c := t.C
	for y := range t.H {
		oy := y * h / t.H
		for x := range t.W {
			o := oy*w + x*w/t.W
			counts[o]++
			axpy(1, t.Data[(y*t.W+x)*c:(y*t.W+x+1)*c], out.Data[o*c:(o+1)*c])
		}
	}
	for i, n := range counts {
		for k := range c {
			out.Data[i*c+k] /= n
		}
	}
	return out
}
