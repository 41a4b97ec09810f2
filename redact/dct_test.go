package redact

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os/exec"
	"testing"

	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/photo/jpegcoef"
)

// orientedJPEG encodes img (stored pixels) as a JPEG tagged with
// orientation o.
func orientedJPEG(t *testing.T, img image.Image, o int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 88}); err != nil {
		t.Fatal(err)
	}
	p, err := photo.Parse("o.jpg", b.Bytes(), photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	p.Orientation = o // the lossless copy carries it as a tag
	out, _, err := photo.Clean(p)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// smooth is a picture with gradients and edges, of odd size.
func smooth(w, h int, invert bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x/13 + y/7) % 2 * 200), 255}
			if invert {
				c.R, c.G, c.B = 255-c.R, 255-c.G, 255-c.B
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func TestUprightPointMatchesPhotoUpright(t *testing.T) {
	src := noisy(image.Rect(0, 0, 7, 5))
	for o := 1; o <= 8; o++ {
		up := photo.Upright(src, o)
		ub := up.Bounds()
		for y := 0; y < 5; y++ {
			for x := 0; x < 7; x++ {
				ux, uy := uprightPoint(o, 7, 5, x, y)
				if got, want := color.NRGBAModel.Convert(up.At(ub.Min.X+ux, ub.Min.Y+uy)), src.NRGBAAt(x, y); got != want {
					t.Fatalf("orientation %d: stored (%d,%d) -> (%d,%d): wrong pixel", o, x, y, ux, uy)
				}
			}
		}
		r := image.Rect(1, 2, 4, 5)
		if back := storedRect(uprightRect(r, o, 7, 5), o, 7, 5); back != r {
			t.Errorf("orientation %d: %v -> %v -> %v", o, r, uprightRect(r, o, 7, 5), back)
		}
	}
}

// TestDCTMasksChangeOnlyTheirMCUs writes masked JPEGs in every orientation
// and checks the upright outputs: equal to the source outside the masked
// MCUs, masked inside the box, orientation kept as a tag, output verified.
func TestDCTMasksChangeOnlyTheirMCUs(t *testing.T) {
	for o := 1; o <= 8; o++ {
		for _, st := range Styles {
			t.Run(fmt.Sprintf("orientation %d %s", o, st), func(t *testing.T) {
				data := orientedJPEG(t, smooth(203, 141, false), o)
				p, err := photo.Parse("in.jpg", data, photo.DefaultLimits)
				if err != nil {
					t.Fatal(err)
				}
				plan := Plan{Masks: []Mask{
					{Box: image.Rect(30, 40, 70, 90), Style: st},
					{Box: image.Rect(60, 80, 95, 120), Style: st, Design: 1}, // overlaps the first's MCUs
					{Box: image.Rect(-20, -20, 10, 12), Style: st},           // off the edge
				}}
				out, f, how, err := EncodePlan(p, plan)
				if err != nil || f != photo.FormatJPEG || how != PathDCT {
					t.Fatalf("EncodePlan: %v, %s, %s", err, f, how)
				}
				if err := photo.Verify(out); err != nil {
					t.Fatal(err)
				}
				q, err := photo.Parse("out.jpg", out, photo.DefaultLimits)
				if err != nil {
					t.Fatal(err)
				}
				if q.Orientation != o {
					t.Fatalf("orientation %d written as %d", o, q.Orientation)
				}
				if err := p.Decode(); err != nil {
					t.Fatal(err)
				}
				if err := q.Decode(); err != nil {
					t.Fatal(err)
				}
				m, err := jpegcoef.Read(data)
				if err != nil {
					t.Fatal(err)
				}
				var changed []image.Rectangle
				for _, g := range maskGroups(m, o, plan) {
					changed = append(changed, uprightRect(g.r, o, m.Width, m.Height))
				}
				a, b := p.Image, q.Image
				ab, bb := a.Bounds(), b.Bounds()
				if ab.Size() != bb.Size() {
					t.Fatalf("output %v, source %v", bb, ab)
				}
				differ := 0
				for y := 0; y < ab.Dy(); y++ {
				next:
					for x := 0; x < ab.Dx(); x++ {
						for _, r := range changed {
							if image.Pt(x, y).In(r) {
								continue next
							}
						}
						if a.At(ab.Min.X+x, ab.Min.Y+y) != b.At(bb.Min.X+x, bb.Min.Y+y) {
							differ++
						}
					}
				}
				if differ > 0 {
					t.Errorf("%d pixels outside the masked MCUs %v differ", differ, changed)
				}
				if st == Solid {
					c := color.NRGBAModel.Convert(b.At(bb.Min.X+50, bb.Min.Y+60)).(color.NRGBA)
					if absDiff(c.R, SolidColor.R) > 8 || absDiff(c.G, SolidColor.G) > 8 || absDiff(c.B, SolidColor.B) > 8 {
						t.Errorf("inside the box: %v, want about %v", c, SolidColor)
					}
				}
			})
		}
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// TestDCTSolidAndEmojiKeepNothingOfTheFace: the coefficients of every
// block inside a solid or emoji mask's box are the same over two different
// photos.
func TestDCTSolidAndEmojiKeepNothingOfTheFace(t *testing.T) {
	box := image.Rect(24, 32, 120, 128)
	for _, o := range []int{1, 6} {
		for _, st := range []Style{Solid, Emoji} {
			var blocks [2][][]int16
			for i, inv := range []bool{false, true} {
				p, err := photo.Parse("in.jpg", orientedJPEG(t, smooth(203, 141, inv), o), photo.DefaultLimits)
				if err != nil {
					t.Fatal(err)
				}
				out, _, how, err := EncodePlan(p, Plan{Masks: []Mask{{Box: box, Style: st}}})
				if err != nil || how != PathDCT {
					t.Fatal(err, how)
				}
				m, err := jpegcoef.Read(out)
				if err != nil {
					t.Fatal(err)
				}
				stored := storedRect(box, o, m.Width, m.Height)
				for _, c := range m.Components {
					bw, bh := 8*m.Hmax/c.H, 8*m.Vmax/c.V // pixels per block
					for by := 0; by < c.BH; by++ {
						for bx := 0; bx < c.BW; bx++ {
							if image.Rect(bx*bw, by*bh, (bx+1)*bw, (by+1)*bh).In(stored) {
								blocks[i] = append(blocks[i], c.Block(bx, by))
							}
						}
					}
				}
			}
			if len(blocks[0]) < 20 {
				t.Fatalf("only %d blocks inside the box", len(blocks[0]))
			}
			for k := range blocks[0] {
				for j := range blocks[0][k] {
					if blocks[0][k][j] != blocks[1][k][j] {
						t.Fatalf("orientation %d %s: block %d depends on the original", o, st, k)
					}
				}
			}
		}
	}
}

// TestDCTReadsRGBCodedJPEGs: an RGB-coded JPEG (Adobe transform 0) is
// masked in the DCT domain like a YCbCr one; a JPEG the coefficient reader
// refuses (simulated) is re-encoded, and the path says so.
func TestDCTReadsRGBCodedJPEGs(t *testing.T) {
	if _, err := exec.LookPath("cjpeg"); err != nil {
		t.Skip("cjpeg not installed (apt package libjpeg-turbo-progs)")
	}
	var ppm bytes.Buffer
	img := smooth(64, 48, false)
	fmt.Fprintf(&ppm, "P6\n64 48\n255\n")
	for i := 0; i < len(img.Pix); i += 4 {
		ppm.Write(img.Pix[i : i+3])
	}
	cmd := exec.Command("cjpeg", "-rgb")
	cmd.Stdin = &ppm
	data, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	plan := Plan{Masks: []Mask{{Box: image.Rect(5, 5, 30, 30), Style: Solid}}}
	for _, refuse := range []bool{false, true} {
		if refuse {
			readCoefficients = func([]byte) (*jpegcoef.Image, error) { return nil, jpegcoef.FormatError("simulated") }
			defer func() { readCoefficients = jpegcoef.Read }()
		}
		p, err := photo.Parse("rgb.jpg", data, photo.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		out, f, how, err := EncodePlan(p, plan)
		want := PathDCT
		if refuse {
			want = PathReencode
		}
		if err != nil || how != want || f != photo.FormatJPEG {
			t.Fatalf("refused %v: %v %s %s", refuse, err, how, f)
		}
		if err := photo.Verify(out); err != nil {
			t.Error(err)
		}
	}
}

// TestProgressiveWithRestartsIsMasked: jpegtran -progressive -restart 1
// makes a valid file Go's decoder refuses; sharesafe decodes its pixels
// itself (for the faces) and masks it in the DCT domain.
func TestProgressiveWithRestartsIsMasked(t *testing.T) {
	if _, err := exec.LookPath("jpegtran"); err != nil {
		t.Skip("jpegtran not installed (apt package libjpeg-turbo-progs)")
	}
	var src bytes.Buffer
	jpeg.Encode(&src, smooth(203, 141, false), &jpeg.Options{Quality: 90})
	cmd := exec.Command("jpegtran", "-progressive", "-restart", "1")
	cmd.Stdin = &src
	data, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jpeg.Decode(bytes.NewReader(data)); err == nil {
		t.Log("Go's decoder reads progressive JPEGs with restarts now")
	}
	p, err := photo.Parse("pr.jpg", data, photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Decode(); err != nil {
		t.Fatalf("pixels: %v", err)
	}
	out, _, how, err := EncodePlan(p, Plan{Masks: []Mask{{Box: image.Rect(20, 20, 80, 90), Style: Solid}}})
	if err != nil || how != PathDCT {
		t.Fatalf("%v, path %s", err, how)
	}
	if err := photo.Verify(out); err != nil {
		t.Error(err)
	}
}
