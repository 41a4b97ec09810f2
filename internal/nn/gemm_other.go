//go:build !amd64 || purego

package nn

// useFMA is false: this build has no kernel of its own.
const useFMA = false

// gemmFast has no kernel here: gemmClip uses gonum.
func gemmFast(m, k, n int, a, b, bias, c []float32, clip [2]float32) bool { return false }

// dwRow is one tap of a depthwise convolution along a row (see Depthwise).
func dwRow(dst, src, w []float32, n, c, step int) { dwRowGo(dst, src, w, n, c, step) }

// dw3Row has no kernel here: depthwise uses dwRow.
func dw3Row(dst, s0, s1, s2, w, bias []float32, clip *[2]float32, n, c, step int) bool {
	return false
}
