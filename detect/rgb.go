package detect

import (
	"image"
	"image/color"
	"math"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// rgbScaled returns img area-averaged down to w x h (at most its own size)
// as an RGB tensor of values 0 to 255. Like grayScaled it reads each source
// pixel once and allocates nothing per pixel. A JPEG's Y, Cb and Cr planes
// are averaged as they are (each pixel with its own chroma sample) and
// converted to RGB once per output pixel (the conversion is linear: the
// same colours, but for rounding and clamping).
func rgbScaled(img image.Image, w, h int) *nn.Tensor {
	ycc, _ := img.(*image.YCbCr)
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	w, h = min(max(w, 1), sw), min(max(h, 1), sh)
	out := nn.New(h, w, 3)
	sums := make([]uint32, 3*w)
	g := newAreaGrid(sw, sh, w, h)
	col := g.col
	var add func(y int)
	if ycc != nil {
		chroma := chromaColumns(ycc) // chroma sample of each source column, from the row's first
		add = func(y int) {
			yo, co := ycc.YOffset(b.Min.X, b.Min.Y+y), ycc.COffset(b.Min.X, b.Min.Y+y)
			lum, cb, cr := ycc.Y[yo:yo+sw], ycc.Cb[co:], ycc.Cr[co:]
			for x, v := range lum {
				c, k := 3*col[x], chroma[x]
				sums[c] += uint32(v)
				sums[c+1] += uint32(cb[k])
				sums[c+2] += uint32(cr[k])
			}
		}
	} else {
		row := make([]uint8, 3*sw)
		add = func(y int) {
			rgbRow(img, b.Min.X, b.Min.Y+y, row)
			for x, c := range col {
				sums[3*c] += uint32(row[3*x])
				sums[3*c+1] += uint32(row[3*x+1])
				sums[3*c+2] += uint32(row[3*x+2])
			}
		}
	}
	g.rows(add, func(y int, count func(int) uint32) {
		o := out.Data[y*w*3 : (y+1)*w*3]
		for i := range w {
			if c := count(i); c > 0 {
				o[3*i] = float32(sums[3*i]) / float32(c)
				o[3*i+1] = float32(sums[3*i+1]) / float32(c)
				o[3*i+2] = float32(sums[3*i+2]) / float32(c)
				if ycc != nil {
					o[3*i], o[3*i+1], o[3*i+2] = yccToRGB(o[3*i], o[3*i+1], o[3*i+2])
				}
			}
			sums[3*i], sums[3*i+1], sums[3*i+2] = 0, 0, 0
		}
	})
	return out
}

// chromaColumns returns, for each column of m, the index of its Cb and Cr
// sample counted from the sample of the row's first column.
func chromaColumns(m *image.YCbCr) []int {
	div := 1
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420:
		div = 2
	case image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410:
		div = 4
	}
	x0 := m.Rect.Min.X
	out := make([]int, m.Rect.Dx())
	for i := range out {
		out[i] = (x0+i)/div - x0/div
	}
	return out
}

// yccToRGB converts JFIF's full-range YCbCr to RGB, clamped to 0-255.
func yccToRGB(y, cb, cr float32) (r, g, b float32) {
	clamp := func(v float32) float32 { return min(max(v, 0), 255) }
	cb, cr = cb-128, cr-128
	return clamp(y + 1.402*cr), clamp(y - 0.344136*cb - 0.714136*cr), clamp(y + 1.772*cb)
}

// fitTensor returns img scaled so that its long side is size: area-averaged
// down, or bilinear up (as TensorFlow.js would).
func fitTensor(img image.Image, size int) *nn.Tensor {
	b := img.Bounds()
	w, h := fitSize(b, size)
	if max(b.Dx(), b.Dy()) >= size {
		return rgbScaled(img, w, h)
	}
	return nn.ResizeBilinear(rgbScaled(img, b.Dx(), b.Dy()), h, w)
}

// fitSize is the size of b scaled so that its long side is size.
func fitSize(b image.Rectangle, size int) (w, h int) {
	long := max(b.Dx(), b.Dy())
	w = max(1, int(math.Round(float64(b.Dx())*float64(size)/float64(long))))
	h = max(1, int(math.Round(float64(b.Dy())*float64(size)/float64(long))))
	return w, h
}

// rgbRow writes the RGB of the len(dst)/3 pixels of row y starting at x0.
func rgbRow(img image.Image, x0, y int, dst []uint8) {
	n := len(dst) / 3
	switch m := img.(type) {
	case *image.YCbCr:
		for i := range n {
			yy := m.Y[m.YOffset(x0+i, y)]
			co := m.COffset(x0+i, y)
			dst[3*i], dst[3*i+1], dst[3*i+2] = color.YCbCrToRGB(yy, m.Cb[co], m.Cr[co])
		}
	case *image.NRGBA:
		p := m.Pix[m.PixOffset(x0, y):]
		for i := range n {
			dst[3*i], dst[3*i+1], dst[3*i+2] = p[4*i], p[4*i+1], p[4*i+2]
		}
	case *image.RGBA:
		p := m.Pix[m.PixOffset(x0, y):]
		for i := range n {
			dst[3*i], dst[3*i+1], dst[3*i+2] = p[4*i], p[4*i+1], p[4*i+2]
		}
	case *image.Gray:
		p := m.Pix[m.PixOffset(x0, y):]
		for i := range n {
			dst[3*i], dst[3*i+1], dst[3*i+2] = p[i], p[i], p[i]
		}
	default:
		for i := range n {
			c := color.NRGBAModel.Convert(img.At(x0+i, y)).(color.NRGBA)
			dst[3*i], dst[3*i+1], dst[3*i+2] = c.R, c.G, c.B
		}
	}
}
