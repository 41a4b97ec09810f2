//go:build amd64 && !purego

package nn

// kernelsForTest are the kernels this machine can run, by name, each as a
// whole product (packing, tiles, edges).
func kernelsForTest() map[string]func(m, k, n int, a, b, bias, c []float32, clip [2]float32) {
	out := map[string]func(m, k, n int, a, b, bias, c []float32, clip [2]float32){}
	add := func(name string, kern kernel) {
		out[name] = func(m, k, n int, a, b, bias, c []float32, clip [2]float32) {
			gemmFMA(kern, m, k, n, a, b, bias, c, clip)
		}
	}
	if useFMA {
		add("avx2", avx2Kernel)
	}
	if use512 {
		add("avx512", avx512Kernel)
	}
	return out
}
