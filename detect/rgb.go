package detect

import (
	"image"
	"image/color"
	"math"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// rgbScaled returns img area-averaged down to w x h (at most its own size)
// as an RGB tensor of values 0 to 255. Like grayScaled it reads each source
// pixel once and allocates nothing per pixel.
func rgbScaled(img image.Image, w, h int) *nn.Tensor {
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	w, h = min(max(w, 1), sw), min(max(h, 1), sh)
	out := nn.New(h, w, 3)
	row := make([]uint8, 3*sw)
	sums := make([]uint32, 3*w)
	counts := make([]uint32, w)
	col := make([]int, sw)
	for x := range col {
		col[x] = x * w / sw
	}
	flush := func(y int) {
		o := out.Data[y*w*3 : (y+1)*w*3]
		for i := range counts {
			if c := counts[i]; c > 0 {
				o[3*i] = float32(sums[3*i]) / float32(c)
				o[3*i+1] = float32(sums[3*i+1]) / float32(c)
				o[3*i+2] = float32(sums[3*i+2]) / float32(c)
			}
			sums[3*i], sums[3*i+1], sums[3*i+2], counts[i] = 0, 0, 0, 0
		}
	}
	cur := 0
	for y := 0; y < sh; y++ {
		oy := y * h / sh
		if oy != cur {
			flush(cur)
			cur = oy
		}
		rgbRow(img, b.Min.X, b.Min.Y+y, row)
		for x := 0; x < sw; x++ {
			c := col[x]
			sums[3*c] += uint32(row[3*x])
			sums[3*c+1] += uint32(row[3*x+1])
			sums[3*c+2] += uint32(row[3*x+2])
			counts[c]++
		}
	}
	flush(cur)
	return out
}

// fitTensor returns img scaled so that its long side is size: area-averaged
// down, or bilinear up (as TensorFlow.js would).
func fitTensor(img image.Image, size int) *nn.Tensor {
	b := img.Bounds()
	long := max(b.Dx(), b.Dy())
	w := max(1, int(math.Round(float64(b.Dx())*float64(size)/float64(long))))
	h := max(1, int(math.Round(float64(b.Dy())*float64(size)/float64(long))))
	if long >= size {
		return rgbScaled(img, w, h)
	}
	return nn.ResizeBilinear(rgbScaled(img, b.Dx(), b.Dy()), h, w)
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

// tensorImage returns the picture part of a netInput tensor (made with
// factor k from an image of bounds b) as an image, so that a second network
// can start from it instead of the full-size photo.
func tensorImage(t *nn.Tensor, k float64, b image.Rectangle) image.Image {
	w := min(t.W, int(math.Round(float64(b.Dx())/k)))
	h := min(t.H, int(math.Round(float64(b.Dy())/k)))
	img := image.NewNRGBA(image.Rect(0, 0, max(w, 1), max(h, 1)))
	for y := range h {
		for x := range w {
			i := (y*t.W + x) * 3
			o := img.PixOffset(x, y)
			img.Pix[o] = uint8(min(max(t.Data[i]+0.5, 0), 255))
			img.Pix[o+1] = uint8(min(max(t.Data[i+1]+0.5, 0), 255))
			img.Pix[o+2] = uint8(min(max(t.Data[i+2]+0.5, 0), 255))
			img.Pix[o+3] = 255
		}
	}
	return img
}

// scaleBox maps a box from the pixels of bounds from to those of to.
func scaleBox(r boxF, from, to image.Rectangle) boxF {
	kx := float64(to.Dx()) / float64(from.Dx())
	ky := float64(to.Dy()) / float64(from.Dy())
	return boxF{
		float64(to.Min.X) + (r.x0-float64(from.Min.X))*kx, float64(to.Min.Y) + (r.y0-float64(from.Min.Y))*ky,
		float64(to.Min.X) + (r.x1-float64(from.Min.X))*kx, float64(to.Min.Y) + (r.y1-float64(from.Min.Y))*ky,
	}
}
