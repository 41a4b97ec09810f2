//go:build amd64 && !purego

package nn

import (
	"runtime"
	"sync"

	"golang.org/x/sys/cpu"
)

// useFMA turns on the AVX2/FMA kernel (gemm_amd64.s); without those
// instructions, or built with -tags purego, products go to gonum.
var useFMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// The kernel's tile: kernRows rows of c by kernCols columns.
const (
	kernRows = 6
	kernCols = 16
)

// kern6x16 sets the 6x16 tile at c (rows ldc floats apart) to bias (16
// values) plus the product of the 6 rows of a (lda floats apart, k values
// each) and a packed panel of b (k rows of 16 floats), limited to
// clip[0]..clip[1]. Implemented in gemm_amd64.s.
//
//go:noescape
func kern6x16(k int, a *float32, lda int, b *float32, c *float32, ldc int, bias *float32, clip *[2]float32)

// dwRowFMA is dwRow for c a multiple of 8. Implemented in gemm_amd64.s.
//
//go:noescape
func dwRowFMA(dst, src, w *float32, n, c, step int)

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

// gemmFast computes c = clip(a · b + bias) with the kernel and reports
// true, or reports false when the machine or the shape is not for it.
func gemmFast(m, k, n int, a, b, bias, c []float32, clip [2]float32) bool {
	if !useFMA || m < kernRows || n < kernCols/2 {
		return false
	}
	gemmFMA(m, k, n, a, b, bias, c, clip)
	return true
}

// gemmFMA packs b into panels of 16 columns (zero-padded) and runs the
// kernel over tiles of c, rows split across goroutines when the product is
// large and more than one is allowed.
func gemmFMA(m, k, n int, a, b, bias, c []float32, clip [2]float32) {
	panels := (n + kernCols - 1) / kernCols
	packed := make([]float32, panels*k*kernCols)
	pbias := make([]float32, panels*kernCols)
	copy(pbias, bias)
	for j := range panels {
		p := packed[j*k*kernCols : (j+1)*k*kernCols]
		j0 := j * kernCols
		w := min(kernCols, n-j0)
		for r := range k {
			copy(p[r*kernCols:r*kernCols+w], b[r*n+j0:r*n+j0+w])
		}
	}
	workers := runtime.GOMAXPROCS(0)
	blocks := (m + kernRows - 1) / kernRows
	if workers < 2 || m*k*n < 1<<22 || blocks < 2*workers {
		gemmRows(0, m, m, k, n, a, packed, pbias, c, &clip)
		return
	}
	var wg sync.WaitGroup
	per := (blocks + workers - 1) / workers * kernRows
	for i0 := 0; i0 < m; i0 += per {
		wg.Add(1)
		go func(i0, i1 int) {
			defer wg.Done()
			gemmRows(i0, i1, m, k, n, a, packed, pbias, c, &clip)
		}(i0, min(i0+per, m))
	}
	wg.Wait()
}

// gemmRows computes rows i0 to i1 of c: blocks of rows small enough for
// their part of a to stay in cache while every panel passes over them.
func gemmRows(i0, i1, m, k, n int, a, packed, pbias, c []float32, clip *[2]float32) {
	panels := (n + kernCols - 1) / kernCols
	block := max(kernRows, (1<<16)/k/kernRows*kernRows)
	var tile [kernRows * kernCols]float32
	var edge []float32 // the last rows of a, zero-padded to kernRows
	for b0 := i0; b0 < i1; b0 += block {
		b1 := min(b0+block, i1)
		for j := range panels {
			p := &packed[j*k*kernCols]
			j0 := j * kernCols
			bias := &pbias[j0]
			w := min(kernCols, n-j0)
			for r := b0; r < b1; r += kernRows {
				h := min(kernRows, m-r)
				if h == kernRows && w == kernCols {
					kern6x16(k, &a[r*k], k, p, &c[r*n+j0], n, bias, clip)
					continue
				}
				ap, lda := &a[r*k], k
				if h < kernRows {
					if edge == nil {
						edge = make([]float32, kernRows*k)
						copy(edge, a[r*k:m*k])
					}
					ap = &edge[0]
				}
				kern6x16(k, ap, lda, p, &tile[0], kernCols, bias, clip)
				for y := range h {
					copy(c[(r+y)*n+j0:(r+y)*n+j0+w], tile[y*kernCols:y*kernCols+w])
				}
			}
		}
	}
}
