//go:build !amd64 || purego

package nn

// kernelsForTest is empty: this build has no kernel of its own.
func kernelsForTest() map[string]func(m, k, n int, a, b, bias, c []float32, clip [2]float32) {
	return nil
}
