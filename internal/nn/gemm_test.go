package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// naiveGemm is c = a · b + bias in float64, the reference.
func naiveGemm(m, k, n int, a, b, bias []float32) []float64 {
	c := make([]float64, m*n)
	for i := range m {
		for j := range n {
			s := 0.0
			if bias != nil {
				s = float64(bias[j])
			}
			for p := range k {
				s += float64(a[i*k+p]) * float64(b[p*n+j])
			}
			c[i*n+j] = s
		}
	}
	return c
}

func randSlice(r *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(r.NormFloat64())
	}
	return s
}

// gemmSizes are edge sizes around the kernel's 6x16 tile and panel, and
// random ones.
func gemmSizes(r *rand.Rand) [][3]int {
	sizes := [][3]int{
		{1, 1, 1}, {6, 1, 16}, {6, 7, 16}, {5, 9, 15}, {7, 3, 17}, {12, 32, 32},
		{13, 27, 32}, {6, 1024, 16}, {100, 1, 8}, {37, 64, 9}, {36, 100, 48}, {1, 512, 1},
	}
	for range 40 {
		sizes = append(sizes, [3]int{1 + r.IntN(80), 1 + r.IntN(300), 1 + r.IntN(80)})
	}
	return sizes
}

// TestGemm checks gemm (the AVX2/FMA kernel where the machine has it, or
// gonum) and gonum's path against a float64 product, with and without bias.
func TestGemm(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, s := range gemmSizes(r) {
		m, k, n := s[0], s[1], s[2]
		a, b, bias := randSlice(r, m*k), randSlice(r, k*n), randSlice(r, n)
		for _, withBias := range []bool{false, true} {
			bi := bias
			if !withBias {
				bi = nil
			}
			want := naiveGemm(m, k, n, a, b, bi)
			got := randSlice(r, m*n) // gemm must overwrite whatever is there
			gemm(m, k, n, a, b, bi, got)
			ref := make([]float32, m*n)
			if bi != nil {
				for i := range m {
					copy(ref[i*n:], bi)
				}
			}
			gemmGonum(m, k, n, a, b, ref)
			name := fmt.Sprintf("%dx%dx%d bias %v", m, k, n, withBias)
			tol := 1e-5 * math.Sqrt(float64(k)) * 4
			for i := range want {
				if d := math.Abs(float64(got[i]) - want[i]); d > tol {
					t.Fatalf("%s: c[%d] = %g, want %g", name, i, got[i], want[i])
				}
				if d := math.Abs(float64(ref[i]) - want[i]); d > tol {
					t.Fatalf("%s: gonum c[%d] = %g, want %g", name, i, ref[i], want[i])
				}
			}
		}
	}
}

// TestGemmFMAAgreesWithGonum runs the kernel itself (not gemm's choice of
// path) on every size, against gonum, where the machine has AVX2 and FMA.
func TestGemmFMAAgreesWithGonum(t *testing.T) {
	if !useFMA {
		t.Skip("no AVX2/FMA kernel in this build or on this machine")
	}
	r := rand.New(rand.NewPCG(3, 4))
	for _, s := range append(gemmSizes(r), [3]int{2000, 64, 128}) {
		m, k, n := s[0], s[1], s[2]
		a, b := randSlice(r, m*k), randSlice(r, k*n)
		c0 := randSlice(r, m*n)
		got := append([]float32(nil), c0...)
		gemmFMAForTest(m, k, n, a, b, got)
		want := append([]float32(nil), c0...)
		gemmGonum(m, k, n, a, b, want)
		for i := range want {
			if d := math.Abs(float64(got[i] - want[i])); d > 1e-4*math.Sqrt(float64(k)) {
				t.Fatalf("%dx%dx%d: c[%d] = %g, gonum %g", m, k, n, i, got[i], want[i])
			}
		}
	}
}

func BenchmarkGemm(b *testing.B) {
	for _, s := range [][3]int{{147456, 32, 64}, {2304, 512, 512}, {576, 1024, 1024}} {
		m, k, n := s[0], s[1], s[2]
		r := rand.New(rand.NewPCG(1, 2))
		a, w, c := randSlice(r, m*k), randSlice(r, k*n), make([]float32, m*n)
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				gemm(m, k, n, a, w, nil, c)
			}
			b.ReportMetric(2*float64(m*k*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
		b.Run(fmt.Sprintf("gonum/%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				clear(c)
				gemmGonum(m, k, n, a, w, c)
			}
			b.ReportMetric(2*float64(m*k*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
	}
}
