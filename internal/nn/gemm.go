package nn

import (
	"runtime"
	"sync"
	"sync/atomic"
)

var threads atomic.Int32

func init() { threads.Store(1) }

// SetThreads sets how many goroutines one matrix multiply may use (at least
// 1; the default). Use runtime.NumCPU() when one picture is processed alone,
// and 1 when a batch already keeps every core busy.
func SetThreads(n int) {
	threads.Store(int32(min(max(n, 1), runtime.NumCPU())))
}

// gemm computes c = a · b + bias, a being m x k, b k x n and c m x n, all
// row-major; bias (n values) may be nil.
func gemm(m, k, n int, a, b, bias, c []float32) {
	t := int(threads.Load())
	if t <= 1 || m < 64 {
		gemmRows(0, m, k, n, a, b, bias, c)
		return
	}
	var wg sync.WaitGroup
	step := (m + t - 1) / t
	step = (step + 3) &^ 3
	for lo := 0; lo < m; lo += step {
		hi := min(lo+step, m)
		wg.Add(1)
		go func() {
			defer wg.Done()
			gemmRows(lo, hi, k, n, a, b, bias, c)
		}()
	}
	wg.Wait()
}

// gemmRows computes rows lo..hi of c, four rows at a time so that each row
// of b is read once for four rows of c.
func gemmRows(lo, hi, k, n int, a, b, bias, c []float32) {
	i := lo
	for ; i+4 <= hi; i += 4 {
		c0 := c[i*n : (i+1)*n]
		c1 := c[(i+1)*n : (i+2)*n]
		c2 := c[(i+2)*n : (i+3)*n]
		c3 := c[(i+3)*n : (i+4)*n]
		if bias != nil {
			copy(c0, bias)
			copy(c1, bias)
			copy(c2, bias)
			copy(c3, bias)
		}
		a0, a1, a2, a3 := a[i*k:(i+1)*k], a[(i+1)*k:(i+2)*k], a[(i+2)*k:(i+3)*k], a[(i+3)*k:(i+4)*k]
		for p := 0; p < k; p++ {
			bp := b[p*n : (p+1)*n]
			x0, x1, x2, x3 := a0[p], a1[p], a2[p], a3[p]
			if x0 == 0 && x1 == 0 && x2 == 0 && x3 == 0 {
				continue // ReLU outputs are often zero
			}
			c0, c1, c2, c3 := c0[:len(bp)], c1[:len(bp)], c2[:len(bp)], c3[:len(bp)]
			for j, v := range bp {
				c0[j] += x0 * v
				c1[j] += x1 * v
				c2[j] += x2 * v
				c3[j] += x3 * v
			}
		}
	}
	for ; i < hi; i++ {
		ci := c[i*n : (i+1)*n]
		if bias != nil {
			copy(ci, bias)
		}
		ai := a[i*k : (i+1)*k]
		for p, x := range ai {
			if x != 0 {
				axpy(x, b[p*n:(p+1)*n], ci)
			}
		}
	}
}
