//go:build amd64 && !purego

package nn

func gemmFMAForTest(m, k, n int, a, b, c []float32) { gemmFMA(m, k, n, a, b, c) }
