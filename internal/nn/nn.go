// Package nn runs small convolutional networks in plain Go: the layers that
// face-api's and MediaPipe's networks use (convolution, depthwise and
// pointwise convolution, pooling, dense, activations), on tensors laid out
// as TensorFlow's NHWC with a batch of one, and weights read from the
// TensorFlow.js format (a weights manifest and its binary shards).
//
// Every layer writes into a tensor allocated once per call, inner loops run
// over contiguous channels, and convolutions (most of a MobileNet's work is
// 1x1) are matrix multiplies by gonum's pure-Go BLAS (no cgo).
package nn

import (
	"fmt"
	"math"
	"sync"
)

// Tensor is a height x width x channels array of float32, channels
// innermost (NHWC with N = 1).
type Tensor struct {
	H, W, C int
	Data    []float32
}

// New returns a zeroed tensor.
func New(h, w, c int) *Tensor {
	return &Tensor{H: h, W: w, C: c, Data: make([]float32, h*w*c)}
}

// spare holds the data of released tensors, a pool per length: a network
// run again on an input of the same size (every photo, for the SSD) gets
// its feature maps back without allocating and zeroing them again.
var spare sync.Map // int -> *sync.Pool of *[]float32

// newUnset returns a tensor whose values are unset: for a layer that
// writes every one of them.
func newUnset(h, w, c int) *Tensor {
	n := h * w * c
	if p, ok := spare.Load(n); ok {
		if d, ok := p.(*sync.Pool).Get().(*[]float32); ok {
			return &Tensor{H: h, W: w, C: c, Data: *d}
		}
	}
	return &Tensor{H: h, W: w, C: c, Data: make([]float32, n)}
}

// Release hands t's data back for reuse by a later layer; t must not be
// used after it.
func Release(t *Tensor) {
	if t == nil || len(t.Data) < 1<<12 {
		return
	}
	p, _ := spare.LoadOrStore(len(t.Data), &sync.Pool{})
	d := t.Data
	t.Data = nil
	p.(*sync.Pool).Put(&d)
}

// Padding is TensorFlow's padding mode.
type Padding int

const (
	// Same pads so that the output is ceil(input / stride), with any odd
	// padding pixel after (bottom, right), as TensorFlow does.
	Same Padding = iota
	// Valid does not pad.
	Valid
)

// outSize returns the output length and the padding before, for one axis.
func outSize(in, k, stride int, p Padding) (out, before int) {
	if p == Valid {
		return (in-k)/stride + 1, 0
	}
	out = (in + stride - 1) / stride
	total := max((out-1)*stride+k-in, 0)
	return out, total / 2
}

// Conv2D convolves x with filters shaped [kh, kw, cin, cout] (TensorFlow's
// layout) and adds bias (cout values, or nil).
func Conv2D(x *Tensor, f *Weight, bias []float32, stride int, p Padding) *Tensor {
	return Conv2DClip(x, f, bias, stride, p, noClip[0], noClip[1])
}

// Conv2DClip is Conv2D with its output limited to lo..hi: a ReLU (0, +Inf)
// or ReLU6 (0, 6) fused into the convolution.
func Conv2DClip(x *Tensor, f *Weight, bias []float32, stride int, p Padding, lo, hi float32) *Tensor {
	kh, kw, cin, cout := f.Shape[0], f.Shape[1], f.Shape[2], f.Shape[3]
	if cin != x.C {
		panic(fmt.Sprintf("nn: conv2d with %d input channels on a tensor of %d", cin, x.C))
	}
	clip := [2]float32{lo, hi}
	if kh == 1 && kw == 1 && stride == 1 {
		out := newUnset(x.H, x.W, cout)
		gemmClip(x.H*x.W, x.C, cout, x.Data, f.Data, bias, out.Data, clip)
		return out
	}
	oh, pt := outSize(x.H, kh, stride, p)
	ow, pl := outSize(x.W, kw, stride, p)
	return conv2D(x, f, bias, stride, oh, ow, pt, pl, clip)
}

// Pads are explicit paddings, in pixels: rows before and after, columns
// before and after (ONNX's pads, in its order: top, left, bottom, right).
type Pads struct{ Top, Left, Bottom, Right int }

// padded returns the output size and the padding before, for one axis.
func padded(in, k, stride, before, after int) (out, pad int) {
	return (in+before+after-k)/stride + 1, before
}

// Conv2DPads is Conv2DClip with explicit padding instead of TensorFlow's
// (ONNX's and PyTorch's convolutions pad as asked, before and after).
func Conv2DPads(x *Tensor, f *Weight, bias []float32, stride int, p Pads, lo, hi float32) *Tensor {
	kh, kw, cin, cout := f.Shape[0], f.Shape[1], f.Shape[2], f.Shape[3]
	if cin != x.C {
		panic(fmt.Sprintf("nn: conv2d with %d input channels on a tensor of %d", cin, x.C))
	}
	clip := [2]float32{lo, hi}
	if kh == 1 && kw == 1 && stride == 1 && p == (Pads{}) {
		out := newUnset(x.H, x.W, cout)
		gemmClip(x.H*x.W, x.C, cout, x.Data, f.Data, bias, out.Data, clip)
		return out
	}
	oh, pt := padded(x.H, kh, stride, p.Top, p.Bottom)
	ow, pl := padded(x.W, kw, stride, p.Left, p.Right)
	return conv2D(x, f, bias, stride, oh, ow, pt, pl, clip)
}

// conv2D is the convolution of Conv2DClip and Conv2DPads: an oh x ow
// output whose first pixel reads the input from row -pt and column -pl.
func conv2D(x *Tensor, f *Weight, bias []float32, stride, oh, ow, pt, pl int, clip [2]float32) *Tensor {
	kh, kw, cin, cout := f.Shape[0], f.Shape[1], f.Shape[2], f.Shape[3]
	out := newUnset(oh, ow, cout)
	// im2col, a band of output rows at a time, then one matrix multiply
	// per band: filters in TensorFlow's layout are already the
	// [kh*kw*cin, cout] matrix.
	k := kh * kw * cin
	band := max(1, min(oh, (1<<20)/max(ow*k, 1)))
	cols := make([]float32, band*ow*k)
	for y0 := 0; y0 < oh; y0 += band {
		y1 := min(y0+band, oh)
		cols := cols[:(y1-y0)*ow*k]
		clear(cols)
		for oy := y0; oy < y1; oy++ {
			for ox := 0; ox < ow; ox++ {
				row := cols[((oy-y0)*ow+ox)*k:]
				for ky := 0; ky < kh; ky++ {
					iy := oy*stride + ky - pt
					if iy < 0 || iy >= x.H {
						continue
					}
					for kx := 0; kx < kw; kx++ {
						ix := ox*stride + kx - pl
						if ix < 0 || ix >= x.W {
							continue
						}
						d, src := row[(ky*kw+kx)*cin:(ky*kw+kx+1)*cin], x.Data[(iy*x.W+ix)*cin:]
						if cin <= 4 { // a call to copy costs more than the values
							for i := range d {
								d[i] = src[i]
							}
						} else {
							copy(d, src)
						}
					}
				}
			}
		}
		gemmClip((y1-y0)*ow, k, cout, cols, f.Data, bias, out.Data[y0*ow*cout:y1*ow*cout], clip)
	}
	return out
}

// Pointwise is a 1x1 convolution with stride 1: out = x · w + bias, with w
// shaped [cin, cout].
func Pointwise(x *Tensor, w []float32, bias []float32, cout int) *Tensor {
	out := New(x.H, x.W, cout)
	gemm(x.H*x.W, x.C, cout, x.Data, w, bias, out.Data)
	return out
}

// Depthwise convolves each channel of x with its own kh x kw filter, shaped
// [kh, kw, c, 1].
func Depthwise(x *Tensor, f *Weight, stride int, p Padding) *Tensor {
	return DepthwiseBias(x, f, nil, stride, p)
}

// DepthwiseBias is Depthwise plus bias (c values, or nil).
func DepthwiseBias(x *Tensor, f *Weight, bias []float32, stride int, p Padding) *Tensor {
	return DepthwiseBiasClip(x, f, bias, stride, p, noClip[0], noClip[1])
}

// DepthwiseBiasClip is DepthwiseBias with its output limited to lo..hi
// (ReLU6 fused: each output row is clipped while it is in the cache).
func DepthwiseBiasClip(x *Tensor, f *Weight, bias []float32, stride int, p Padding, lo, hi float32) *Tensor {
	kh, kw, c := f.Shape[0], f.Shape[1], f.Shape[2]
	if c != x.C || f.Shape[3] != 1 {
		panic(fmt.Sprintf("nn: depthwise filter %v on %d channels", f.Shape, x.C))
	}
	oh, pt := outSize(x.H, kh, stride, p)
	ow, pl := outSize(x.W, kw, stride, p)
	return depthwise(x, f, bias, stride, oh, ow, pt, pl, lo, hi)
}

// DepthwisePads is DepthwiseBiasClip with explicit padding.
func DepthwisePads(x *Tensor, f *Weight, bias []float32, stride int, p Pads, lo, hi float32) *Tensor {
	kh, kw, c := f.Shape[0], f.Shape[1], f.Shape[2]
	if c != x.C || f.Shape[3] != 1 {
		panic(fmt.Sprintf("nn: depthwise filter %v on %d channels", f.Shape, x.C))
	}
	oh, pt := padded(x.H, kh, stride, p.Top, p.Bottom)
	ow, pl := padded(x.W, kw, stride, p.Left, p.Right)
	return depthwise(x, f, bias, stride, oh, ow, pt, pl, lo, hi)
}

// depthwise is the convolution of DepthwiseBiasClip and DepthwisePads.
func depthwise(x *Tensor, f *Weight, bias []float32, stride, oh, ow, pt, pl int, lo, hi float32) *Tensor {
	kh, kw, c := f.Shape[0], f.Shape[1], f.Shape[2]
	if kh == 3 && kw == 3 && useFMA && c%8 == 0 {
		return depthwise3(x, f, bias, stride, oh, ow, pt, pl, lo, hi)
	}
	out := newUnset(oh, ow, c)
	if bias != nil {
		for i := 0; i < len(out.Data); i += c {
			copy(out.Data[i:i+c], bias)
		}
	} else {
		clear(out.Data)
	}
	for oy := 0; oy < oh; oy++ {
		for ky := 0; ky < kh; ky++ {
			iy := oy*stride + ky - pt
			if iy < 0 || iy >= x.H {
				continue
			}
			for kx := 0; kx < kw; kx++ {
				// Output columns whose input column ox*stride+kx-pl is
				// inside the picture: ox0 <= ox < ox1.
				ox0 := max(0, (pl-kx+stride-1)/stride)
				ox1 := min(ow, (x.W-1+pl-kx)/stride+1)
				if ox1 <= ox0 {
					continue
				}
				ix := ox0*stride + kx - pl
				dwRow(out.Data[(oy*ow+ox0)*c:], x.Data[(iy*x.W+ix)*c:], f.Data[(ky*kw+kx)*c:(ky*kw+kx+1)*c], ox1-ox0, c, stride*c)
			}
		}
		if [2]float32{lo, hi} != noClip {
			row := out.Data[oy*ow*c : (oy+1)*ow*c]
			for i, v := range row {
				row[i] = min(max(v, lo), hi)
			}
		}
	}
	return out
}

// depthwise3 is depthwise for 3x3 filters with the row kernel dw3Row: each
// output pixel summed once, with its bias and limits (rows above or below
// the input read a row of zeros); the columns whose taps leave the input
// are summed here.
func depthwise3(x *Tensor, f *Weight, bias []float32, stride, oh, ow, pt, pl int, lo, hi float32) *Tensor {
	c := f.Shape[2]
	out := newUnset(oh, ow, c)
	if bias == nil {
		bias = make([]float32, c)
	}
	zero := make([]float32, x.W*c)
	clip := [2]float32{lo, hi}
	// Output columns a <= ox < b have their three taps inside the input.
	a := (pl + stride - 1) / stride
	b := a
	if x.W-3+pl >= 0 {
		b = min(ow, (x.W-3+pl)/stride+1)
	}
	b = max(a, b)
	a = min(a, ow)
	b = min(b, ow)
	var rows [3][]float32
	for oy := range oh {
		for ky := range 3 {
			iy := oy*stride + ky - pt
			if iy < 0 || iy >= x.H {
				rows[ky] = zero
			} else {
				rows[ky] = x.Data[iy*x.W*c : (iy+1)*x.W*c]
			}
		}
		o := out.Data[oy*ow*c : (oy+1)*ow*c]
		if b > a {
			ix := (a*stride - pl) * c
			dw3Row(o[a*c:], rows[0][ix:], rows[1][ix:], rows[2][ix:], f.Data, bias, &clip, b-a, c, stride*c)
		}
		for ox := 0; ox < ow; ox++ {
			if ox == a && b > a {
				ox = b - 1
				continue
			}
			d := o[ox*c : (ox+1)*c]
			copy(d, bias)
			for ky := range 3 {
				for kx := range 3 {
					ix := ox*stride + kx - pl
					if ix < 0 || ix >= x.W {
						continue
					}
					in := rows[ky][ix*c : (ix+1)*c]
					w := f.Data[(ky*3+kx)*c : (ky*3+kx+1)*c]
					for i, v := range in {
						d[i] += v * w[i]
					}
				}
			}
			for i, v := range d {
				d[i] = min(max(v, lo), hi)
			}
		}
	}
	return out
}

// dwRowGo is dwRow in Go: for each of n pixels, dst[x*c+i] +=
// src[x*step+i] * w[i].
func dwRowGo(dst, src, w []float32, n, c, step int) {
	w = w[:c]
	for x := range n {
		o := dst[x*c : x*c+c]
		in := src[x*step : x*step+c]
		for i, v := range in {
			o[i] += v * w[i]
		}
	}
}

// SeparableConv is TensorFlow's separableConv2d (depthwise, then pointwise
// with pw shaped [1, 1, cin, cout]) plus bias.
func SeparableConv(x *Tensor, dw, pw *Weight, bias []float32, stride int, p Padding) *Tensor {
	return Pointwise(Depthwise(x, dw, stride, p), pw.Data, bias, pw.Shape[3])
}

// MaxPool takes the maximum over k x k windows; padded pixels never win.
func MaxPool(x *Tensor, k, stride int, p Padding) *Tensor {
	oh, pt := outSize(x.H, k, stride, p)
	ow, pl := outSize(x.W, k, stride, p)
	if k == 2 && stride == 2 && pt == 0 && pl == 0 && 2*oh <= x.H && 2*ow <= x.W {
		return maxPool2(x, oh, ow)
	}
	out := New(oh, ow, x.C)
	for i := range out.Data {
		out.Data[i] = float32(math.Inf(-1))
	}
	for oy := 0; oy < oh; oy++ {
		for ox := 0; ox < ow; ox++ {
			o := out.Data[(oy*ow+ox)*x.C : (oy*ow+ox+1)*x.C]
			for ky := 0; ky < k; ky++ {
				iy := oy*stride + ky - pt
				if iy < 0 || iy >= x.H {
					continue
				}
				for kx := 0; kx < k; kx++ {
					ix := ox*stride + kx - pl
					if ix < 0 || ix >= x.W {
						continue
					}
					in := x.Data[(iy*x.W+ix)*x.C : (iy*x.W+ix+1)*x.C]
					for i, v := range in {
						o[i] = max(o[i], v)
					}
				}
			}
		}
	}
	return out
}

// maxPool2 is MaxPool over 2x2 windows with stride 2 and no padding (an
// odd last row or column is left out when oh, ow say so).
func maxPool2(x *Tensor, oh, ow int) *Tensor {
	c := x.C
	out := newUnset(oh, ow, c)
	for oy := range oh {
		r0 := x.Data[2*oy*x.W*c:]
		r1 := x.Data[(2*oy+1)*x.W*c:]
		o := out.Data[oy*ow*c : (oy+1)*ow*c]
		for ox := range ow {
			a0, a1 := r0[2*ox*c:(2*ox+2)*c], r1[2*ox*c:(2*ox+2)*c]
			d := o[ox*c : (ox+1)*c]
			for i := range d {
				d[i] = max(a0[i], a0[c+i], a1[i], a1[c+i])
			}
		}
	}
	return out
}

// AvgPool averages over k x k windows with Valid padding.
func AvgPool(x *Tensor, k, stride int) *Tensor {
	oh, _ := outSize(x.H, k, stride, Valid)
	ow, _ := outSize(x.W, k, stride, Valid)
	out := New(oh, ow, x.C)
	n := float32(k * k)
	for oy := 0; oy < oh; oy++ {
		for ox := 0; ox < ow; ox++ {
			o := out.Data[(oy*ow+ox)*x.C : (oy*ow+ox+1)*x.C]
			for ky := 0; ky < k; ky++ {
				for kx := 0; kx < k; kx++ {
					iy, ix := oy*stride+ky, ox*stride+kx
					axpy(1, x.Data[(iy*x.W+ix)*x.C:(iy*x.W+ix+1)*x.C], o)
				}
			}
			for i := range o {
				o[i] /= n
			}
		}
	}
	return out
}

// Dense multiplies a vector by w shaped [in, out] and adds bias.
func Dense(x []float32, w *Weight, bias []float32) []float32 {
	in, n := w.Shape[0], w.Shape[1]
	if len(x) != in {
		panic(fmt.Sprintf("nn: dense %v on %d values", w.Shape, len(x)))
	}
	out := make([]float32, n)
	gemm(1, in, n, x, w.Data, bias, out)
	return out
}

// ReLU sets negative values to 0, in place; it returns t.
func ReLU(t *Tensor) *Tensor {
	for i, v := range t.Data {
		if v < 0 {
			t.Data[i] = 0
		}
	}
	return t
}

// ReLUCopy returns max(t, 0) as a new tensor, leaving t as it is.
func ReLUCopy(t *Tensor) *Tensor {
	out := &Tensor{H: t.H, W: t.W, C: t.C, Data: make([]float32, len(t.Data))}
	for i, v := range t.Data {
		out.Data[i] = max(v, 0)
	}
	return out
}

// Add adds b to a, in place; it returns a.
func Add(a, b *Tensor) *Tensor {
	if a.H != b.H || a.W != b.W || a.C != b.C {
		panic(fmt.Sprintf("nn: add %dx%dx%d and %dx%dx%d", a.H, a.W, a.C, b.H, b.W, b.C))
	}
	axpy(1, b.Data, a.Data)
	return a
}

// axpy adds a*x to y (len(y) >= len(x)).
func axpy(a float32, x, y []float32) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += a * v
	}
}
