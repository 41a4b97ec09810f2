//go:build !amd64 || purego

package nn

// useFMA is false: this build has no kernel of its own.
const useFMA = false

// gemmAcc adds a · b to c (m x k times k x n, row-major) with gonum.
func gemmAcc(m, k, n int, a, b, c []float32) { gemmGonum(m, k, n, a, b, c) }
