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

// TestGemmFMAAgreesWithGonum runs each kernel this machine has (AVX2/FMA,
// AVX-512), not gemm's choice of path, on every size, with bias and
// clipping, against gonum followed by the same bias and clipping.
func TestGemmFMAAgreesWithGonum(t *testing.T) {
	kernels := kernelsForTest()
	if len(kernels) == 0 {
		t.Skip("no kernel in this build or on this machine")
	}
	for name, run := range kernels {
		r := rand.New(rand.NewPCG(3, 4))
		for i, s := range append(gemmSizes(r), [3]int{2000, 64, 128}, [3]int{600, 96, 40}) {
			m, k, n := s[0], s[1], s[2]
			a, b, bias := randSlice(r, m*k), randSlice(r, k*n), randSlice(r, n)
			clip := [][2]float32{noClip, {0, 6}, {0, noClip[1]}}[i%3]
			got := randSlice(r, m*n)
			run(m, k, n, a, b, bias, got, clip)
			want := make([]float32, m*n)
			for y := range m {
				copy(want[y*n:], bias)
			}
			gemmGonum(m, k, n, a, b, want)
			for i, v := range want {
				want[i] = min(max(v, clip[0]), clip[1])
			}
			for i := range want {
				if d := math.Abs(float64(got[i] - want[i])); d > 1e-4*math.Sqrt(float64(k)) {
					t.Fatalf("%s %dx%dx%d clip %v: c[%d] = %g, gonum %g", name, m, k, n, clip, i, got[i], want[i])
				}
			}
		}
	}
}

// TestGemmClip checks the fused clipping on gemm's own path.
func TestGemmClip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, s := range gemmSizes(r)[:20] {
		m, k, n := s[0], s[1], s[2]
		a, b, bias := randSlice(r, m*k), randSlice(r, k*n), randSlice(r, n)
		want := naiveGemm(m, k, n, a, b, bias)
		got := make([]float32, m*n)
		gemmClip(m, k, n, a, b, bias, got, [2]float32{0, 1})
		for i := range want {
			w := min(max(want[i], 0), 1)
			if math.Abs(float64(got[i])-w) > 1e-4*math.Sqrt(float64(k)) {
				t.Fatalf("%dx%dx%d: c[%d] = %g, want %g", m, k, n, i, got[i], w)
			}
		}
	}
}

// naiveDepthwise is Depthwise written out, the reference.
func naiveDepthwise(x *Tensor, f *Weight, bias []float32, stride int, p Padding) *Tensor {
	kh, kw, c := f.Shape[0], f.Shape[1], f.Shape[2]
	oh, pt := outSize(x.H, kh, stride, p)
	ow, pl := outSize(x.W, kw, stride, p)
	out := New(oh, ow, c)
	for oy := range oh {
		for ox := range ow {
			for ch := range c {
				s := float32(0)
				if bias != nil {
					s = bias[ch]
				}
				for ky := range kh {
					for kx := range kw {
						iy, ix := oy*stride+ky-pt, ox*stride+kx-pl
						if iy >= 0 && iy < x.H && ix >= 0 && ix < x.W {
							s += x.Data[(iy*x.W+ix)*c+ch] * f.Data[(ky*kw+kx)*c+ch]
						}
					}
				}
				out.Data[(oy*ow+ox)*c+ch] = s
			}
		}
	}
	return out
}

// TestDepthwise checks Depthwise (the AVX2 row kernel for channels in
// eights, Go otherwise) against the written-out convolution: strides 1 and
// 2, both paddings, odd sizes, 3x3 and 5x5 filters.
func TestDepthwise(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, c := range []int{3, 8, 24, 32} {
		for _, k := range []int{3, 5} {
			for _, stride := range []int{1, 2} {
				for _, p := range []Padding{Same, Valid} {
					h, w := 5+r.IntN(9), 5+r.IntN(9)
					x := &Tensor{H: h, W: w, C: c, Data: randSlice(r, h*w*c)}
					f := &Weight{Shape: []int{k, k, c, 1}, Data: randSlice(r, k*k*c)}
					bias := randSlice(r, c)
					got, want := DepthwiseBias(x, f, bias, stride, p), naiveDepthwise(x, f, bias, stride, p)
					if got.H != want.H || got.W != want.W {
						t.Fatalf("c %d k %d stride %d: %dx%d, want %dx%d", c, k, stride, got.H, got.W, want.H, want.W)
					}
					clipped := DepthwiseBiasClip(x, f, bias, stride, p, -0.5, 0.5)
					for i := range want.Data {
						if math.Abs(float64(got.Data[i]-want.Data[i])) > 1e-4 {
							t.Fatalf("c %d k %d stride %d padding %d %dx%d: [%d] = %g, want %g", c, k, stride, p, h, w, i, got.Data[i], want.Data[i])
						}
						if v := min(max(got.Data[i], -0.5), 0.5); clipped.Data[i] != v {
							t.Fatalf("c %d k %d stride %d padding %d %dx%d: clipped [%d] = %g, want %g", c, k, stride, p, h, w, i, clipped.Data[i], v)
						}
					}
				}
			}
		}
	}
}

// BenchmarkGemm is gemm's path, each kernel of this machine and gonum, on
// the SSD's shapes at 768 px (its first pointwise layer, the middle ones,
// the last).
func BenchmarkGemm(b *testing.B) {
	for _, s := range [][3]int{{147456, 32, 64}, {2304, 512, 512}, {576, 1024, 1024}} {
		m, k, n := s[0], s[1], s[2]
		r := rand.New(rand.NewPCG(1, 2))
		a, w, c := randSlice(r, m*k), randSlice(r, k*n), make([]float32, m*n)
		gflops := func(b *testing.B) {
			b.ReportMetric(2*float64(m*k*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
		}
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				gemm(m, k, n, a, w, nil, c)
			}
			gflops(b)
		})
		for name, run := range kernelsForTest() {
			b.Run(fmt.Sprintf("%s/%dx%dx%d", name, m, k, n), func(b *testing.B) {
				for b.Loop() {
					run(m, k, n, a, w, nil, c, noClip)
				}
				gflops(b)
			})
		}
		b.Run(fmt.Sprintf("gonum/%dx%dx%d", m, k, n), func(b *testing.B) {
			for b.Loop() {
				clear(c)
				gemmGonum(m, k, n, a, w, c)
			}
			gflops(b)
		})
	}
}
