package jpegcoef

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"os/exec"
	"testing"
)

// testPicture is a w x h picture with gradients, edges and texture, so that
// every coefficient band is used.
func testPicture(w, h int, seed int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := func(k int) uint8 {
				f := 128 + 90*math.Sin(float64(x*(k+seed))/17+float64(y)/(9+float64(k))) +
					30*math.Cos(float64(x*y+k*seed)/50)
				if (x/23+y/19+k)%5 == 0 {
					f = 255 - f/2
				}
				return uint8(max(0, min(255, f)))
			}
			img.SetNRGBA(x, y, color.NRGBA{v(1), v(2), v(3), 255})
		}
	}
	return img
}

func ppm(img *image.NRGBA) []byte {
	var b bytes.Buffer
	r := img.Rect
	fmt.Fprintf(&b, "P6\n%d %d\n255\n", r.Dx(), r.Dy())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.NRGBAAt(x, y)
			b.Write([]byte{c.R, c.G, c.B})
		}
	}
	return b.Bytes()
}

func run(t *testing.T, stdin []byte, name string, args ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed (apt package libjpeg-turbo-progs)", name)
	}
	cmd := exec.Command(name, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return out
}

// djpeg decodes with libjpeg-turbo: without fancy upsampling, so that a
// pixel depends on its own MCU only.
func djpeg(t *testing.T, data []byte) *image.NRGBA {
	t.Helper()
	out := run(t, data, "djpeg", "-nosmooth", "-pnm")
	r := bufio.NewReader(bytes.NewReader(out))
	var magic string
	var w, h, maxv int
	if _, err := fmt.Fscan(r, &magic, &w, &h, &maxv); err != nil {
		t.Fatal(err)
	}
	r.ReadByte()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < w*h; i++ {
		var c [3]byte
		if magic == "P5" {
			c[0], _ = r.ReadByte()
			c[1], c[2] = c[0], c[0]
		} else {
			r.Read(c[:1])
			r.Read(c[1:2])
			r.Read(c[2:3])
		}
		copy(img.Pix[4*i:], []byte{c[0], c[1], c[2], 255})
	}
	return img
}

func goDecode(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Go's decoder: %v", err)
	}
	return img
}

// variants are the codings the reader must handle, as cjpeg options.
var variants = []struct {
	name string
	args []string
	// goFails is set when Go's own decoder cannot read the file.
	goFails bool
}{
	{"baseline 4:2:0", []string{"-sample", "2x2"}, false},
	{"baseline 4:2:2", []string{"-sample", "2x1"}, false},
	{"baseline 4:4:0", []string{"-sample", "1x2"}, false},
	{"baseline 4:4:4", []string{"-sample", "1x1"}, false},
	{"baseline 4:1:1", []string{"-sample", "4x1"}, false},
	{"grey", []string{"-grayscale"}, false},
	{"optimised", []string{"-optimize"}, false},
	{"restart rows", []string{"-restart", "1"}, false},
	{"restart 5 blocks", []string{"-restart", "5B", "-sample", "2x1"}, false},
	{"progressive 4:2:0", []string{"-progressive"}, false},
	{"progressive 4:4:4", []string{"-progressive", "-sample", "1x1"}, false},
	{"progressive grey", []string{"-progressive", "-grayscale"}, false},
	{"progressive restart", []string{"-progressive", "-restart", "2B"}, true},
	{"quality 100", []string{"-quality", "100", "-progressive"}, false},
	{"quality 30", []string{"-quality", "30"}, false},
	{"RGB", []string{"-rgb"}, false},
	{"chroma finer than luma", []string{"-sample", "1x1,2x2,2x2"}, true},
	{"Cb and Cr sampled apart", []string{"-sample", "2x2,1x1,2x2"}, true},
	{"luma 3x1", []string{"-sample", "3x1,1x1,1x1"}, true},
	{"luma 3x2 progressive", []string{"-sample", "3x2,1x1,1x1", "-progressive"}, true},
}

// samePixels counts the pixels of a and b that differ outside skip.
func samePixels(a, b image.Image, skip image.Rectangle) (differ int) {
	r := a.Bounds()
	if r != b.Bounds() {
		return -1
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if image.Pt(x, y).In(skip) {
				continue
			}
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				differ++
			}
		}
	}
	return differ
}

func TestRoundTripKeepsEveryPixel(t *testing.T) {
	src := ppm(testPicture(203, 141, 1))
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			in := run(t, src, "cjpeg", v.args...)
			m, err := Read(in)
			if err != nil {
				t.Fatal(err)
			}
			out := m.Encode(nil)
			if d := samePixels(djpeg(t, in), djpeg(t, out), image.Rectangle{}); d != 0 {
				t.Errorf("djpeg: %d pixels differ", d)
			}
			if !v.goFails {
				if d := samePixels(goDecode(t, in), goDecode(t, out), image.Rectangle{}); d != 0 {
					t.Errorf("Go: %d pixels differ", d)
				}
			}
			if m.Progressive {
				return
			}
			// Optimised tables: the scan is no larger than cjpeg's
			// optimised one, plus the restart markers we drop.
			opt := run(t, src, "cjpeg", append([]string{"-optimize"}, v.args...)...)
			if len(out) > len(opt)+len(opt)/50 {
				t.Errorf("output %d bytes, cjpeg -optimize %d", len(out), len(opt))
			}
		})
	}
}

// TestSetPixelsChangesOnlyItsMCUs masks a region and checks, with Go's
// decoder and libjpeg-turbo's, that every pixel outside its MCUs is the
// original's.
func TestSetPixelsChangesOnlyItsMCUs(t *testing.T) {
	src := ppm(testPicture(203, 141, 2))
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			in := run(t, src, "cjpeg", v.args...)
			for _, box := range []image.Rectangle{image.Rect(40, 30, 90, 70), image.Rect(180, 120, 260, 200)} {
				m, err := Read(in)
				if err != nil {
					t.Fatal(err)
				}
				r := m.AlignMCU(box)
				px := m.Pixels(r)
				for i := 0; i < len(px.Pix); i += 4 {
					px.Pix[i], px.Pix[i+1], px.Pix[i+2] = 250, 20, 20
				}
				if err := m.SetPixels(px); err != nil {
					t.Fatal(err)
				}
				out := m.Encode(nil)
				dj := djpeg(t, out)
				if d := samePixels(djpeg(t, in), dj, r); d != 0 {
					t.Errorf("%v: djpeg: %d pixels outside %v differ", box, d, r)
				}
				if !v.goFails {
					if d := samePixels(goDecode(t, in), goDecode(t, out), r); d != 0 {
						t.Errorf("%v: Go: %d pixels outside %v differ", box, d, r)
					}
				}
				// Inside, the new pixels (red, or its grey).
				c := dj.NRGBAAt(r.Min.X+1, r.Min.Y+1)
				want := color.NRGBA{250, 20, 20, 255}
				if len(m.Components) == 1 {
					g := uint8(89) // 0.299*250 + 0.587*20 + 0.114*20
					want = color.NRGBA{g, g, g, 255}
				}
				if absd(c.R, want.R) > 6 || absd(c.G, want.G) > 6 || absd(c.B, want.B) > 6 {
					t.Errorf("%v: masked pixel is %v, want about %v", box, c, want)
				}
			}
		})
	}
}

func absd(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// TestSetPixelsKeepsNothingOfTheBlocks: the coefficients written for a
// region depend on its new pixels only, not on what the blocks held.
func TestSetPixelsKeepsNothingOfTheBlocks(t *testing.T) {
	var coefs [][]int16
	for seed := 3; seed <= 4; seed++ {
		in := run(t, ppm(testPicture(203, 141, seed)), "cjpeg", "-sample", "2x2")
		m, err := Read(in)
		if err != nil {
			t.Fatal(err)
		}
		r := m.AlignMCU(image.Rect(50, 50, 100, 90))
		px := m.Pixels(r)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				px.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), 99, 255})
			}
		}
		m.SetPixels(px)
		var all []int16
		x0, y0, x1, y1 := m.mcuRange(r)
		for _, c := range m.Components {
			for by := y0 * c.V; by < y1*c.V; by++ {
				for bx := x0 * c.H; bx < x1*c.H; bx++ {
					all = append(all, c.Block(bx, by)...)
				}
			}
		}
		coefs = append(coefs, all)
	}
	if !slicesEqual(coefs[0], coefs[1]) {
		t.Error("the same pixels over two different photos gave different coefficients")
	}
}

func slicesEqual(a, b []int16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReducedMatchesAFullDecode(t *testing.T) {
	pic := astronaut(t)
	W, H := pic.Rect.Dx(), pic.Rect.Dy()
	for _, v := range []string{"2x2", "1x1", "2x1"} {
		in := run(t, ppm(pic), "cjpeg", "-sample", v, "-quality", "95")
		full := goDecode(t, in)
		for _, scale := range []int{1, 2, 4, 8} {
			small, err := DecodeReduced(in, scale)
			if err != nil {
				t.Fatal(err)
			}
			w, h := (W+scale-1)/scale, (H+scale-1)/scale
			if small.Rect != image.Rect(0, 0, w, h) {
				t.Fatalf("%s 1/%d: %v, want %dx%d", v, scale, small.Rect, w, h)
			}
			// Mean difference from the box average of the full picture.
			var diff, n float64
			for y := 0; y < H/scale; y++ {
				for x := 0; x < W/scale; x++ {
					var s [3]float64
					for j := 0; j < scale; j++ {
						for i := 0; i < scale; i++ {
							c := color.NRGBAModel.Convert(full.At(x*scale+i, y*scale+j)).(color.NRGBA)
							s[0], s[1], s[2] = s[0]+float64(c.R), s[1]+float64(c.G), s[2]+float64(c.B)
						}
					}
					c := small.NRGBAAt(x, y)
					k := float64(scale * scale)
					diff += math.Abs(s[0]/k-float64(c.R)) + math.Abs(s[1]/k-float64(c.G)) + math.Abs(s[2]/k-float64(c.B))
					n += 3
				}
			}
			if mean := diff / n; mean > 3 {
				t.Errorf("%s 1/%d: mean difference %.1f from the full decode", v, scale, mean)
			}
		}
	}
	if _, err := DecodeReduced(run(t, ppm(pic), "cjpeg"), 3); err == nil {
		t.Error("scale 3 accepted")
	}
}

// astronaut is a real photo, cropped to an odd size.
func astronaut(t *testing.T) *image.NRGBA {
	f, err := os.Open("../../testdata/photos/astronaut.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	out := image.NewNRGBA(image.Rect(0, 0, 301, 203))
	draw.Draw(out, out.Rect, img, img.Bounds().Min, draw.Src)
	return out
}

func TestUnsupportedCodings(t *testing.T) {
	pic := ppm(testPicture(64, 48, 6))
	for _, args := range [][]string{{"-arithmetic"}, {"-arithmetic", "-progressive"}} {
		_, err := Read(run(t, pic, "cjpeg", args...))
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("cjpeg %v: %v, want ErrUnsupported", args, err)
		}
	}
}

// TestGoEncodedRoundTrip needs no external tool: Go's encoder, grey and
// colour, odd sizes.
func TestGoEncodedRoundTrip(t *testing.T) {
	for _, size := range []image.Point{{1, 1}, {17, 9}, {64, 64}, {203, 141}} {
		pic := testPicture(size.X, size.Y, 7)
		for _, img := range []image.Image{pic, toGray(pic)} {
			var b bytes.Buffer
			if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
				t.Fatal(err)
			}
			m, err := Read(b.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if d := samePixels(goDecode(t, b.Bytes()), goDecode(t, m.Encode(nil)), image.Rectangle{}); d != 0 {
				t.Errorf("%v: %d pixels differ", size, d)
			}
		}
	}
}

func toGray(img image.Image) *image.Gray {
	g := image.NewGray(img.Bounds())
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			g.Set(x, y, img.At(x, y))
		}
	}
	return g
}

// TestOutOfRangeCoefficientsAreClamped: -1024 (a black block with a
// quantiser of 1, as the Bushnell and PASCAL VOC photos of the corpus
// hold) is within libjpeg's legal range and read as it is; beyond the
// range, a coefficient is clamped to it and counted.
func TestOutOfRangeCoefficientsAreClamped(t *testing.T) {
	var b bytes.Buffer
	jpeg.Encode(&b, testPicture(16, 16, 3), &jpeg.Options{Quality: 90})
	m, err := Read(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	blk := m.Components[0].Block(0, 0)
	blk[0], blk[1], blk[2] = -1024, 2000, -3000
	m2, err := Read(m.Encode(nil))
	if err != nil {
		t.Fatal(err)
	}
	got := m2.Components[0].Block(0, 0)
	if got[0] != -1024 || got[1] != 1023 || got[2] != -1024 || m2.Clamped != 2 {
		t.Errorf("read %d %d %d, %d clamped; want -1024 1023 -1024, 2", got[0], got[1], got[2], m2.Clamped)
	}
}
