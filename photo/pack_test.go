package photo

import (
	"image"
	"image/color"
	"testing"
)

// Pack keeps a picture within a few levels of its pixels, and far smaller.
func TestPackUnpack(t *testing.T) {
	img := image.NewNRGBA(image.Rect(10, 20, 490, 380))
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x / 2), uint8(y / 2), 128, 255})
		}
	}
	b, err := Pack(img)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > len(img.Pix)/10 {
		t.Errorf("packed into %d bytes, for %d of pixels", len(b), len(img.Pix))
	}
	got, err := Unpack(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != image.Rect(0, 0, 480, 360) {
		t.Fatalf("unpacked %v", got.Bounds())
	}
	worst := 0
	for y := 0; y < 360; y++ {
		for x := 0; x < 480; x++ {
			a, c := img.NRGBAAt(x+10, y+20), got.NRGBAAt(x, y)
			for _, d := range []int{int(a.R) - int(c.R), int(a.G) - int(c.G), int(a.B) - int(c.B)} {
				worst = max(worst, d, -d)
			}
		}
	}
	if worst > 12 {
		t.Errorf("a pixel moved by %d levels", worst)
	}
	if _, err := Unpack([]byte("not a picture")); err == nil {
		t.Error("garbage unpacked")
	}
}
