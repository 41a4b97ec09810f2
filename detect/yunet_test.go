package detect

import (
	"fmt"
	"image"
	"image/color"
	_ "image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// yunetGolden is detect/testdata/TestYuNetGolden/golden.json, written by
// scripts/yunet-golden.py with OpenCV's dnn module.
type yunetGolden struct {
	OpenCV string  `json:"opencv"`
	Size   int     `json:"size"`
	Cut    float64 `json:"cut"`
	Cases  []struct {
		Input         string `json:"input"`
		Width, Height int
		Cells         []struct {
			Stride, Index   int
			Cls, Obj, Score float64
			RawBox          [4]float64  `json:"raw_box"`
			RawKps          [10]float64 `json:"raw_kps"`
			Box             [4]float64
			Landmarks       [5][2]float64
		}
	}
}

// bgrCanvas is the PNG at path placed at the top left of a black size x
// size BGR canvas, its pixels as stored (no colour management, no alpha:
// as OpenCV's imread with IMREAD_COLOR).
func bgrCanvas(t *testing.T, path string, size int) *nn.Tensor {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	x := nn.New(size, size, 3)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for xx := b.Min.X; xx < b.Max.X; xx++ {
			c := color.NRGBAModel.Convert(img.At(xx, y)).(color.NRGBA)
			i := ((y-b.Min.Y)*size + xx - b.Min.X) * 3
			x.Data[i], x.Data[i+1], x.Data[i+2] = float32(c.B), float32(c.G), float32(c.R)
		}
	}
	return x
}

// TestYuNetGolden checks the Go YuNet (ReadONNX, ONNXGraph, yunetRun)
// against OpenCV's dnn module on the same 640x640 canvases: every raw
// output of the cells OpenCV scored above 0.2, and of every 251st cell,
// within 1e-4, and so the decoded scores; boxes and landmarks within 1e-4
// of their size in pixels (1e-4 relative: a float32 carries about 7
// digits, so a coordinate of 600 px differs from OpenCV's by up to 6e-5 px
// from rounding alone).
func TestYuNetGolden(t *testing.T) {
	var golden yunetGolden
	readGolden(t, filepath.Join("testdata", "TestYuNetGolden"), &golden)
	if len(golden.Cases) == 0 {
		t.Fatal("empty golden file")
	}
	g, err := loadYuNet()
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-4
	near := func(a, b, scale float64) bool { return math.Abs(a-b) <= tol*max(1, scale) }
	for _, c := range golden.Cases {
		x := bgrCanvas(t, filepath.Join("..", c.Input), golden.Size)
		all, err := yunetRun(g, x, -1)
		if err != nil {
			t.Fatal(err)
		}
		if want := 80*80 + 40*40 + 20*20; len(all) != want {
			t.Fatalf("%s: %d cells, want %d", c.Input, len(all), want)
		}
		outs, err := g.Run(x, yunetOutputs...)
		if err != nil {
			t.Fatal(err)
		}
		above := 0
		for _, cell := range c.Cells {
			si := map[int]int{8: 0, 16: 1, 32: 2}[cell.Stride]
			cls, obj, reg, kps := outs[4*si], outs[4*si+1], outs[4*si+2], outs[4*si+3]
			k := cell.Index
			got := []float64{float64(cls.Data[k]), float64(obj.Data[k])}
			want := []float64{cell.Cls, cell.Obj}
			for j := range 4 {
				got, want = append(got, float64(reg.Data[4*k+j])), append(want, cell.RawBox[j])
			}
			for j := range 10 {
				got, want = append(got, float64(kps.Data[10*k+j])), append(want, cell.RawKps[j])
			}
			for j := range got {
				if !near(got[j], want[j], 0) {
					t.Errorf("%s: stride %d cell %d: raw output %d is %.7f, OpenCV %.7f", c.Input, cell.Stride, k, j, got[j], want[j])
				}
			}
			// The decoded detection of the same cell.
			off := [3]int{0, 80 * 80, 80*80 + 40*40}[si]
			d := all[off+k]
			if !near(d.score, cell.Score, 0) {
				t.Errorf("%s: stride %d cell %d: score %.6f, OpenCV %.6f", c.Input, cell.Stride, k, d.score, cell.Score)
			}
			if cell.Score > golden.Cut {
				above++
			}
			box := [4]float64{d.box.x0, d.box.y0, d.box.x1 - d.box.x0, d.box.y1 - d.box.y0}
			for j := range 4 {
				if !near(box[j], cell.Box[j], math.Abs(cell.Box[j])) {
					t.Errorf("%s: stride %d cell %d: box %v, OpenCV %v", c.Input, cell.Stride, k, box, cell.Box)
					break
				}
			}
			for j := range 5 {
				for a := range 2 {
					if !near(d.lm[j][a], cell.Landmarks[j][a], math.Abs(cell.Landmarks[j][a])) {
						t.Errorf("%s: stride %d cell %d: landmark %d %v, OpenCV %v", c.Input, cell.Stride, k, j, d.lm[j], cell.Landmarks[j])
					}
				}
			}
		}
		// Every cell the Go port scores above the cut is one OpenCV did.
		n := 0
		for _, d := range all {
			if d.score > golden.Cut {
				n++
			}
		}
		if n != above {
			t.Errorf("%s: %d cells above %g, OpenCV %d", c.Input, n, golden.Cut, above)
		}
		if above == 0 {
			t.Errorf("%s: no face above %g: the golden file checks no detection", c.Input, golden.Cut)
		}
	}
}

// BenchmarkYuNet is YuNet's network alone on inputs of 640x640, 640x480
// and 1024x768, one goroutine.
func BenchmarkYuNet(b *testing.B) {
	g, err := loadYuNet()
	if err != nil {
		b.Fatal(err)
	}
	for _, sz := range [][2]int{{640, 640}, {640, 480}, {1024, 768}} {
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			x := nn.New(sz[1], sz[0], 3)
			for i := range x.Data {
				x.Data[i] = float32(i * 7 % 255)
			}
			b.ReportAllocs()
			defer reportCPU(b)()
			for b.Loop() {
				if _, err := yunetRun(g, x, 0.5); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
