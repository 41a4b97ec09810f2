package nn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// impl is gonum's pure-Go BLAS (assembly kernels on amd64 and arm64, no
// cgo). Its Sgemm splits large products across GOMAXPROCS goroutines.
var impl gonum.Implementation

// gemm computes c = a · b + bias, a being m x k, b k x n and c m x n, all
// row-major; bias (n values) may be nil.
func gemm(m, k, n int, a, b, bias, c []float32) {
	if m == 0 || n == 0 {
		return
	}
	beta := float32(0)
	if bias != nil {
		for i := range m {
			copy(c[i*n:(i+1)*n], bias)
		}
		beta = 1
	}
	if k == 0 {
		return
	}
	impl.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a[:m*k], k, b[:k*n], n, beta, c[:m*n], n)
}
