//go:build amd64 && !purego

package nn

import (
	"runtime"
	"sync"

	"golang.org/x/sys/cpu"
)

// useFMA turns on the AVX2/FMA kernel (gemm_amd64.s); without those
// instructions, or built with -tags purego, products go to gonum. use512
// turns on the AVX-512 kernel, twice as wide, where the machine has it.
var (
	useFMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA
	use512 = useFMA && cpu.X86.HasAVX512F
)

// A kernel sets a tile of rows x cols values of c to bias (cols values)
// plus the product of rows rows of a (lda floats apart, k values each) and
// a packed panel of b (k rows of cols floats), limited to clip[0]..clip[1].
type kernel struct {
	rows, cols int
	run        func(k int, a *float32, lda int, b *float32, c *float32, ldc int, bias *float32, clip *[2]float32)
}

var (
	avx2Kernel   = kernel{6, 16, kern6x16}
	avx512Kernel = kernel{6, 32, kern6x32}
)

// maxTile is the largest tile of any kernel.
const maxTile = 6 * 32

// kern6x16 is the AVX2 kernel: twelve accumulators of 8 floats. Implemented
// in gemm_amd64.s.
//
//go:noescape
func kern6x16(k int, a *float32, lda int, b *float32, c *float32, ldc int, bias *float32, clip *[2]float32)

// kern6x32 is the AVX-512 kernel: twelve accumulators of 16 floats.
// Implemented in gemm_amd64.s.
//
//go:noescape
func kern6x32(k int, a *float32, lda int, b *float32, c *float32, ldc int, bias *float32, clip *[2]float32)

// dwRowFMA is dwRow for c a multiple of 8. Implemented in gemm_amd64.s.
//
//go:noescape
func dwRowFMA(dst, src, w *float32, n, c, step int)

// dw3RowFMA is a 3x3 depthwise convolution along a row of output pixels
// whose taps are all inside the input (see dw3Row). Implemented in
// gemm_amd64.s.
//
//go:noescape
func dw3RowFMA(dst, s0, s1, s2, w, bias *float32, clip *[2]float32, n, c, step int)

// dw3Row computes n output pixels of a 3x3 depthwise convolution, every tap
// inside the input: rows s0, s1, s2 (from the pixel under the first tap),
// bias and clip applied, and reports true; false when the machine or the
// channel count is not for the kernel.
func dw3Row(dst, s0, s1, s2, w, bias []float32, clip *[2]float32, n, c, step int) bool {
	if !useFMA || c%8 != 0 || n == 0 {
		return false
	}
	last := (n-1)*step + 3*c - 1
	_, _, _ = s0[last], s1[last], s2[last]
	_ = dst[(n-1)*c+c-1]
	_, _ = w[9*c-1], bias[c-1]
	dw3RowFMA(&dst[0], &s0[0], &s1[0], &s2[0], &w[0], &bias[0], clip, n, c, step)
	return true
}

// dwRow is one tap of a depthwise convolution along a row (see Depthwise).
func dwRow(dst, src, w []float32, n, c, step int) {
	if !useFMA || c%8 != 0 || n == 0 {
		dwRowGo(dst, src, w, n, c, step)
		return
	}
	_ = dst[(n-1)*c+c-1]
	_ = src[(n-1)*step+c-1]
	_ = w[c-1]
	dwRowFMA(&dst[0], &src[0], &w[0], n, c, step)
}

// gemmFast computes c = clip(a · b + bias) with a kernel and reports true,
// or reports false when the machine or the shape is not for it. The
// AVX-512 kernel takes products at least 24 columns wide (narrower ones
// would be mostly padding).
func gemmFast(m, k, n int, a, b, bias, c []float32, clip [2]float32) bool {
	kern := avx2Kernel
	if use512 && n >= 24 {
		kern = avx512Kernel
	}
	if !useFMA || m < kern.rows || n < kern.cols/2 {
		return false
	}
	gemmFMA(kern, m, k, n, a, b, bias, c, clip)
	return true
}

// gemmFMA packs b into panels of kern.cols columns (zero-padded) and runs
// the kernel over tiles of c, rows split across goroutines when the product
// is large and more than one is allowed.
func gemmFMA(kern kernel, m, k, n int, a, b, bias, c []float32, clip [2]float32) {
	cols := kern.cols
	panels := (n + cols - 1) / cols
	packed := make([]float32, panels*k*cols)
	pbias := make([]float32, panels*cols)
	copy(pbias, bias)
	for j := range panels {
		p := packed[j*k*cols : (j+1)*k*cols]
		j0 := j * cols
		w := min(cols, n-j0)
		for r := range k {
			copy(p[r*cols:r*cols+w], b[r*n+j0:r*n+j0+w])
		}
	}
	workers := runtime.GOMAXPROCS(0)
	blocks := (m + kern.rows - 1) / kern.rows
	if workers < 2 || m*k*n < 1<<22 || blocks < 2*workers {
		gemmRows(kern, 0, m, m, k, n, a, packed, pbias, c, &clip)
		return
	}
	var wg sync.WaitGroup
	per := (blocks + workers - 1) / workers * kern.rows
	for i0 := 0; i0 < m; i0 += per {
		wg.Add(1)
		go func(i0, i1 int) {
			defer wg.Done()
			gemmRows(kern, i0, i1, m, k, n, a, packed, pbias, c, &clip)
		}(i0, min(i0+per, m))
	}
	wg.Wait()
}

// gemmRows computes rows i0 to i1 of c: blocks of rows small enough for
// their part of a to stay in cache while every panel passes over them.
func gemmRows(kern kernel, i0, i1, m, k, n int, a, packed, pbias, c []float32, clip *[2]float32) {
	rows, cols := kern.rows, kern.cols
	panels := (n + cols - 1) / cols
	block := max(rows, (1<<16)/k/rows*rows)
	var tile [maxTile]float32
	var edge []float32 // the last rows of a, zero-padded to rows
	for b0 := i0; b0 < i1; b0 += block {
		b1 := min(b0+block, i1)
		for j := range panels {
			p := &packed[j*k*cols]
			j0 := j * cols
			bias := &pbias[j0]
			w := min(cols, n-j0)
			for r := b0; r < b1; r += rows {
				h := min(rows, m-r)
				if h == rows && w == cols {
					kern.run(k, &a[r*k], k, p, &c[r*n+j0], n, bias, clip)
					continue
				}
				ap, lda := &a[r*k], k
				if h < rows {
					if edge == nil {
						edge = make([]float32, rows*k)
						copy(edge, a[r*k:m*k])
					}
					ap = &edge[0]
				}
				kern.run(k, ap, lda, p, &tile[0], cols, bias, clip)
				for y := range h {
					copy(c[(r+y)*n+j0:(r+y)*n+j0+w], tile[y*cols:y*cols+w])
				}
			}
		}
	}
}
