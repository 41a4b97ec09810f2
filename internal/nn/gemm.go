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
