package nn

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// impl is gonum's pure-Go BLAS (assembly kernels on amd64 and arm64, no
// cgo). Its Sgemm splits large products across GOMAXPROCS goroutines. It is
// the path on every machine without a kernel of ours (gemmAcc).
var impl gonum.Implementation

// noClip are the limits of a product that is not clipped.
var noClip = [2]float32{float32(math.Inf(-1)), float32(math.Inf(1))}

// gemm computes c = a · b + bias, a being m x k, b k x n and c m x n, all
// row-major; bias (n values) may be nil.
func gemm(m, k, n int, a, b, bias, c []float32) { gemmClip(m, k, n, a, b, bias, c, noClip) }

// gemmClip is gemm with every value of c then limited to clip[0]..clip[1]
// (a ReLU or ReLU6 fused into the product).
func gemmClip(m, k, n int, a, b, bias, c []float32, clip [2]float32) {
	if m == 0 || n == 0 {
		return
	}
	c = c[:m*n]
	if k > 0 && gemmFast(m, k, n, a[:m*k], b[:k*n], bias, c, clip) {
		return
	}
	if n <= 4 && k > 0 {
		gemmNarrow(m, k, n, a[:m*k], b[:k*n], bias, c, clip)
		return
	}
	if bias != nil {
		for i := range m {
			copy(c[i*n:(i+1)*n], bias)
		}
	} else {
		clear(c)
	}
	if k > 0 {
		gemmGonum(m, k, n, a[:m*k], b[:k*n], c)
	}
	if clip != noClip {
		for i, v := range c {
			c[i] = min(max(v, clip[0]), clip[1])
		}
	}
}

// gemmGonum adds a · b to c with gonum's Sgemm.
func gemmGonum(m, k, n int, a, b, c []float32) {
	impl.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 1, c, n)
}

// gemmNarrow is gemmClip for products a few columns wide (a detector
// head's score or box): one dot product per value, b's columns made
// contiguous first (gonum's Sgemm spends most of its time on overhead at
// these shapes).
func gemmNarrow(m, k, n int, a, b, bias, c []float32, clip [2]float32) {
	cols := make([]float32, n*k)
	for r := range k {
		for j := range n {
			cols[j*k+r] = b[r*n+j]
		}
	}
	for i := range m {
		row := a[i*k : (i+1)*k]
		for j := range n {
			v := dot(row, cols[j*k:(j+1)*k])
			if bias != nil {
				v += bias[j]
			}
			c[i*n+j] = min(max(v, clip[0]), clip[1])
		}
	}
}

// dot is the dot product of two slices of the same length, four sums at
// a time.
func dot(x, y []float32) float32 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}
