//go:build amd64 && !purego

package nn

func gemmFMAForTest(m, k, n int, a, b, bias, c []float32, clip [2]float32) {
	gemmFMA(m, k, n, a, b, bias, c, clip)
}
