package jpegcoef

import (
	"fmt"
	"image"
	"math"
)

// cosT[u][x] is the DCT basis: c(u)/2 cos((2x+1)u pi/16), c(0) = 1/sqrt 2.
var cosT = func() (t [8][8]float64) {
	for u := 0; u < 8; u++ {
		c := 0.5
		if u == 0 {
			c = 0.5 / math.Sqrt2
		}
		for x := 0; x < 8; x++ {
			t[u][x] = c * math.Cos(float64(2*x+1)*float64(u)*math.Pi/16)
		}
	}
	return t
}()

// AlignMCU returns the smallest rectangle of whole MCUs that contains r,
// clipped to the picture.
func (m *Image) AlignMCU(r image.Rectangle) image.Rectangle {
	mw, mh := m.MCUSize()
	r = r.Intersect(image.Rect(0, 0, m.Width, m.Height))
	if r.Empty() {
		return image.Rectangle{}
	}
	a := image.Rect(r.Min.X/mw*mw, r.Min.Y/mh*mh, (r.Max.X+mw-1)/mw*mw, (r.Max.Y+mh-1)/mh*mh)
	return a.Intersect(image.Rect(0, 0, m.Width, m.Height))
}

// mcuRange returns the MCUs covered by an aligned rectangle.
func (m *Image) mcuRange(r image.Rectangle) (x0, y0, x1, y1 int) {
	mw, mh := m.MCUSize()
	return r.Min.X / mw, r.Min.Y / mh, (r.Max.X + mw - 1) / mw, (r.Max.Y + mh - 1) / mh
}

// plane is the samples of one component over a run of MCUs.
type plane struct {
	pix    []float64
	stride int
}

// samples decodes the blocks of component c inside MCUs [x0,x1)x[y0,y1).
func (m *Image) samples(c *Component, x0, y0, x1, y1 int) plane {
	bw, bh := (x1-x0)*c.H, (y1-y0)*c.V
	p := plane{pix: make([]float64, bw*8*bh*8), stride: bw * 8}
	q := &m.Quant[c.Tq]
	for by := 0; by < bh; by++ {
		for bx := 0; bx < bw; bx++ {
			blk := c.Block(x0*c.H+bx, y0*c.V+by)
			idct8(blk, q, p.pix[by*8*p.stride+bx*8:], p.stride)
		}
	}
	return p
}

// idct8 writes the 8x8 samples of a block at dst (row stride given),
// skipping the rows and columns of the spectrum that are all zero.
func idct8(blk []int16, q *[64]uint16, dst []float64, stride int) {
	var f, tmp [64]float64
	nu, nv := 0, 0
	for k, v := range blk[:64] {
		if v != 0 {
			z := zigzag[k]
			f[z] = float64(v) * float64(q[k])
			nu, nv = max(nu, z%8+1), max(nv, z/8+1)
		}
	}
	for v := 0; v < nv; v++ { // rows: t(v, x) = sum_u cos[u][x] F(v, u)
		for x := 0; x < 8; x++ {
			s := 0.0
			for u := 0; u < nu; u++ {
				s += cosT[u][x] * f[v*8+u]
			}
			tmp[v*8+x] = s
		}
	}
	for y := 0; y < 8; y++ {
		row := dst[y*stride : y*stride+8]
		for x := range row {
			s := 128.0
			for v := 0; v < nv; v++ {
				s += cosT[v][y] * tmp[v*8+x]
			}
			row[x] = s
		}
	}
}

// Pixels decodes the picture inside r, which AlignMCU returned, in stored
// orientation: a grey picture's pixels are grey.
func (m *Image) Pixels(r image.Rectangle) *image.NRGBA {
	out := image.NewNRGBA(r)
	if r.Empty() {
		return out
	}
	x0, y0, x1, y1 := m.mcuRange(r)
	mw, mh := m.MCUSize()
	ox, oy := x0*mw, y0*mh
	planes := make([]plane, len(m.Components))
	for i := range m.Components {
		planes[i] = m.samples(&m.Components[i], x0, y0, x1, y1)
	}
	toRGB(out, r.Min.X-ox, r.Min.Y-oy, m, planes)
	return out
}

// toRGB fills out from the component planes; out's pixel (0, 0) relative
// to its bounds is sample (dx, dy) of a full-resolution plane.
func toRGB(out *image.NRGBA, dx, dy int, m *Image, planes []plane) {
	w, h := out.Rect.Dx(), out.Rect.Dy()
	if m.Color == YCbCr && m.Components[0].H == m.Hmax && m.Components[0].V == m.Vmax &&
		m.Components[1].H == m.Components[2].H && m.Components[1].V == m.Components[2].V {
		// The common case: full-resolution luma, Cb and Cr sampled alike.
		ly, cb, cr := planes[0], planes[1], planes[2]
		shx, shy := m.Hmax/m.Components[1].H, m.Vmax/m.Components[1].V
		for y := 0; y < h; y++ {
			row := out.Pix[y*out.Stride : y*out.Stride+4*w]
			lrow := ly.pix[(y+dy)*ly.stride+dx:]
			crow := (y + dy) / shy * cb.stride
			for x := 0; x < w; x++ {
				i := crow + (x+dx)/shx
				px := row[4*x : 4*x+4 : 4*x+4]
				px[0], px[1], px[2] = ycc(lrow[x], cb.pix[i], cr.pix[i])
				px[3] = 255
			}
		}
		return
	}
	var s [4]float64
	for y := 0; y < h; y++ {
		row := out.Pix[y*out.Stride : y*out.Stride+4*w]
		for x := 0; x < w; x++ {
			for ci := range planes {
				s[ci] = m.sampleAt(planes[ci], &m.Components[ci], x+dx, y+dy)
			}
			px := row[4*x : 4*x+4 : 4*x+4]
			px[0], px[1], px[2] = m.fromStored(s)
			px[3] = 255
		}
	}
}

// ycc converts YCbCr samples to RGB (JFIF).
func ycc(Y, cb, cr float64) (uint8, uint8, uint8) {
	b, r := cb-128, cr-128
	return clamp(Y + 1.402*r), clamp(Y - 0.344136*b - 0.714136*r), clamp(Y + 1.772*b)
}

// fromStored converts the samples of one pixel to the RGB that Go's
// decoder shows: Adobe's CMYK is stored inverted, so a stored value is
// 255 minus the ink and the colour is the stored C, M, Y scaled by the
// stored K; YCCK is YCbCr in place of the stored C, M and Y.
func (m *Image) fromStored(s [4]float64) (uint8, uint8, uint8) {
	switch m.Color {
	case Gray:
		g := clamp(s[0])
		return g, g, g
	case RGB:
		return clamp(s[0]), clamp(s[1]), clamp(s[2])
	case CMYK, YCCK:
		r, g, b := clamp(s[0]), clamp(s[1]), clamp(s[2])
		if m.Color == YCCK {
			r, g, b = ycc(s[0], s[1], s[2])
		}
		k := uint32(clamp(s[3]))
		return uint8(uint32(r) * k / 255), uint8(uint32(g) * k / 255), uint8(uint32(b) * k / 255)
	}
	return ycc(s[0], s[1], s[2])
}

// toStored converts an RGB pixel to the samples of the picture's colour
// model, level-shifted (128 subtracted): CMYK and YCCK pixels are written
// without black (stored K 255).
func (m *Image) toStored(R, G, B float64) [4]float64 {
	switch m.Color {
	case Gray:
		return [4]float64{0.299*R + 0.587*G + 0.114*B - 128}
	case RGB:
		return [4]float64{R - 128, G - 128, B - 128}
	case CMYK:
		return [4]float64{R - 128, G - 128, B - 128, 127}
	}
	v := [4]float64{
		0.299*R + 0.587*G + 0.114*B - 128,
		-0.168736*R - 0.331264*G + 0.5*B,
		0.5*R - 0.418688*G - 0.081312*B,
		127,
	}
	return v
}

// sampleAt is the sample of component c's plane under full-resolution
// pixel (x, y).
func (m *Image) sampleAt(p plane, c *Component, x, y int) float64 {
	return p.pix[y*c.V/m.Vmax*p.stride+x*c.H/m.Hmax]
}

func clamp(v float64) uint8 {
	if v <= 0 {
		return 0
	}
	if v >= 254.5 {
		return 255
	}
	return uint8(v + 0.5)
}

// SetPixels replaces the coefficients of the MCUs under img, whose bounds
// AlignMCU returned: its pixels are converted to YCbCr (grey), subsampled,
// transformed and quantised with the picture's own tables. Nothing of the
// blocks' previous coefficients is kept. The samples an MCU holds beyond the
// picture's edge repeat the edge pixels.
func (m *Image) SetPixels(img *image.NRGBA) error {
	if err := m.Maskable(); err != nil {
		return err
	}
	r := img.Rect
	if r.Empty() {
		return nil
	}
	if r != m.AlignMCU(r) {
		return fmt.Errorf("jpegcoef: %v is not aligned on MCUs", r)
	}
	x0, y0, x1, y1 := m.mcuRange(r)
	mw, mh := m.MCUSize()
	nc := len(m.Components)
	// One MCU at a time: its pixels as Y, Cb, Cr, then its blocks.
	var planes [4][]float64
	for i := 0; i < nc; i++ {
		planes[i] = make([]float64, mw*mh)
	}
	var f [64]float64
	for my := y0; my < y1; my++ {
		for mx := x0; mx < x1; mx++ {
			for y := 0; y < mh; y++ {
				sy := min(my*mh+y, r.Max.Y-1)
				row := img.Pix[img.PixOffset(r.Min.X, sy):]
				for x := 0; x < mw; x++ {
					o := 4 * (min(mx*mw+x, r.Max.X-1) - r.Min.X)
					px := row[o : o+4 : o+4]
					R, G, B := float64(px[0]), float64(px[1]), float64(px[2])
					if px[3] != 255 { // lay transparency on white
						a := float64(px[3]) / 255
						R, G, B = R*a+255*(1-a), G*a+255*(1-a), B*a+255*(1-a)
					}
					i := y*mw + x
					v := m.toStored(R, G, B)
					for ci := 0; ci < nc; ci++ {
						planes[ci][i] = v[ci]
					}
				}
			}
			for ci := range m.Components {
				c := &m.Components[ci]
				sh, sv := m.Hmax/c.H, m.Vmax/c.V
				pl := planes[ci]
				norm := 1 / float64(sh*sv)
				for v := 0; v < c.V; v++ {
					for h := 0; h < c.H; h++ {
						for y := 0; y < 8; y++ {
							for x := 0; x < 8; x++ {
								px, py := (h*8+x)*sh, (v*8+y)*sv
								sum := 0.0
								for j := 0; j < sv; j++ {
									for i := 0; i < sh; i++ {
										sum += pl[(py+j)*mw+px+i]
									}
								}
								f[y*8+x] = sum * norm
							}
						}
						fdctQuant(&f, &m.Quant[c.Tq], c.Block(mx*c.H+h, my*c.V+v))
					}
				}
			}
		}
	}
	return nil
}

// fdctQuant transforms 8x8 level-shifted samples and quantises them into
// blk (zig-zag order).
func fdctQuant(f *[64]float64, q *[64]uint16, blk []int16) {
	var tmp, F [64]float64
	for y := 0; y < 8; y++ { // rows: G(y, u) = sum_x cos[u][x] f(y, x)
		row := f[y*8 : y*8+8]
		for u := 0; u < 8; u++ {
			c := &cosT[u]
			tmp[y*8+u] = c[0]*row[0] + c[1]*row[1] + c[2]*row[2] + c[3]*row[3] +
				c[4]*row[4] + c[5]*row[5] + c[6]*row[6] + c[7]*row[7]
		}
	}
	for v := 0; v < 8; v++ {
		c := &cosT[v]
		for u := 0; u < 8; u++ {
			F[v*8+u] = c[0]*tmp[u] + c[1]*tmp[8+u] + c[2]*tmp[16+u] + c[3]*tmp[24+u] +
				c[4]*tmp[32+u] + c[5]*tmp[40+u] + c[6]*tmp[48+u] + c[7]*tmp[56+u]
		}
	}
	for k := 0; k < 64; k++ {
		if q[k] == 0 { // shows nothing: Canonicalize clears it anyway
			blk[k] = 0
			continue
		}
		v := math.Round(F[zigzag[k]] / float64(q[k]))
		blk[k] = int16(math.Max(-1023, math.Min(1023, v)))
	}
}

// Reduced decodes the picture at 1/scale of its size (scale 1, 2, 4 or 8)
// from each block's lowest 8/scale x 8/scale coefficients: at 1/8 a pixel
// is a block's DC coefficient. The result is in stored orientation,
// ceil(Width/scale) x ceil(Height/scale) pixels.
func (m *Image) Reduced(scale int) (*image.NRGBA, error) {
	if scale != 1 && scale != 2 && scale != 4 && scale != 8 {
		return nil, fmt.Errorf("jpegcoef: scale %d is not 1, 2, 4 or 8", scale)
	}
	if err := m.Maskable(); err != nil {
		return nil, err
	}
	n := 8 / scale
	// basis[u][x]: the n-point inverse transform, with the 8-point
	// normalisation so that levels are kept.
	var basis [8][8]float64
	for u := 0; u < n; u++ {
		c := 0.5
		if u == 0 {
			c = 0.5 / math.Sqrt2
		}
		for x := 0; x < n; x++ {
			basis[u][x] = c * math.Cos(float64(2*x+1)*float64(u)*math.Pi/float64(2*n))
		}
	}
	planes := make([]plane, len(m.Components))
	for ci := range m.Components {
		c := &m.Components[ci]
		p := plane{pix: make([]float64, c.BW*n*c.BH*n), stride: c.BW * n}
		q := &m.Quant[c.Tq]
		var F [64]float64
		var tmp [64]float64
		for by := 0; by < c.BH; by++ {
			for bx := 0; bx < c.BW; bx++ {
				blk := c.Block(bx, by)
				if n == 1 {
					p.pix[by*p.stride+bx] = float64(blk[0])*float64(q[0])/8 + 128
					continue
				}
				for k := 0; k < 64; k++ {
					z := zigzag[k]
					if z/8 < n && z%8 < n {
						F[z] = float64(blk[k]) * float64(q[k])
					}
				}
				for v := 0; v < n; v++ {
					for x := 0; x < n; x++ {
						s := 0.0
						for u := 0; u < n; u++ {
							s += basis[u][x] * F[v*8+u]
						}
						tmp[v*8+x] = s
					}
				}
				for y := 0; y < n; y++ {
					for x := 0; x < n; x++ {
						s := 0.0
						for v := 0; v < n; v++ {
							s += basis[v][y] * tmp[v*8+x]
						}
						p.pix[(by*n+y)*p.stride+bx*n+x] = s + 128
					}
				}
			}
		}
		planes[ci] = p
	}
	w, h := (m.Width+scale-1)/scale, (m.Height+scale-1)/scale
	out := image.NewNRGBA(image.Rect(0, 0, w, h))
	toRGB(out, 0, 0, m, planes)
	return out, nil
}

// DecodeReduced reads a JPEG file's coefficients and returns its picture at
// 1/scale of its size (scale 1, 2, 4 or 8), in stored orientation (turn it
// with photo.Upright), without the full-size inverse transforms: a fast
// input for face detection. Files Read does not support return an error
// wrapping ErrUnsupported.
func DecodeReduced(b []byte, scale int) (*image.NRGBA, error) {
	m, err := Read(b)
	if err != nil {
		return nil, err
	}
	return m.Reduced(scale)
}
