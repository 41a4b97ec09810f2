package detect

import (
	"image"
	"image/color"
)

// Gray is an 8-bit luma plane, row-major, Stride == W.
type Gray struct {
	Pix  []uint8
	W, H int
}

// grayScaled returns the BT.601 luma of img, area-averaged down so that its
// long side is at most maxSide (0: full size). It reads each source pixel
// once and allocates nothing per pixel; a JPEG's Y plane is used as is.
func grayScaled(img image.Image, maxSide int) Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	gw, gh := w, h
	if long := max(w, h); maxSide > 0 && long > maxSide {
		gw = max(1, w*maxSide/long)
		gh = max(1, h*maxSide/long)
	}
	out := Gray{Pix: make([]uint8, gw*gh), W: gw, H: gh}
	row := make([]uint8, w)
	sums := make([]uint32, gw)
	g := newAreaGrid(w, h, gw, gh)
	g.rows(func(y int) {
		lumaRow(img, b.Min.X, b.Min.Y+y, row)
		for x, l := range row {
			sums[g.col[x]] += uint32(l)
		}
	}, func(gy int, count func(int) uint32) {
		o := out.Pix[gy*gw : (gy+1)*gw]
		for i := range o {
			if c := count(i); c > 0 {
				o[i] = uint8((sums[i] + c/2) / c)
			}
			sums[i] = 0
		}
	})
	return out
}

// lumaRow writes the luma of the w pixels of row y starting at x0.
func lumaRow(img image.Image, x0, y int, dst []uint8) {
	switch m := img.(type) {
	case *image.YCbCr:
		off := m.YOffset(x0, y)
		copy(dst, m.Y[off:off+len(dst)])
	case *image.Gray:
		off := m.PixOffset(x0, y)
		copy(dst, m.Pix[off:off+len(dst)])
	case *image.NRGBA:
		p := m.Pix[m.PixOffset(x0, y):]
		for i := range dst {
			dst[i] = luma(p[4*i], p[4*i+1], p[4*i+2])
		}
	case *image.RGBA:
		p := m.Pix[m.PixOffset(x0, y):]
		for i := range dst {
			dst[i] = luma(p[4*i], p[4*i+1], p[4*i+2])
		}
	default:
		for i := range dst {
			dst[i] = color.GrayModel.Convert(img.At(x0+i, y)).(color.Gray).Y
		}
	}
}

func luma(r, g, b uint8) uint8 {
	return uint8((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16)
}
