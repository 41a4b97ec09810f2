package photo

import (
	"bytes"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"testing"
)

func TestVerifyRefusesAnythingOutsideTheAllowlist(t *testing.T) {
	for _, name := range []string{"school-gate.jpg", "burst-mpf.jpg", "drawing.png"} {
		b, err := os.ReadFile("../testdata/photos/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(b); err == nil {
			t.Errorf("%s: Verify accepted a dirty file", name)
		}
		p, err := Parse(name, b, DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		clean, _, err := Clean(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(clean); err != nil {
			t.Errorf("%s: lossless output refused: %v", name, err)
		}
	}
}

func TestLosslessJPEGKeepsTheScanDataAndPixels(t *testing.T) {
	b, _ := os.ReadFile("../testdata/photos/school-gate.jpg")
	p, err := Parse("school-gate.jpg", b, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	clean, _, err := Clean(p)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := jpeg.Decode(bytes.NewReader(b))
	c, _ := jpeg.Decode(bytes.NewReader(clean))
	if !bytes.Equal(a.(*image.YCbCr).Y, c.(*image.YCbCr).Y) || !bytes.Equal(a.(*image.YCbCr).Cr, c.(*image.YCbCr).Cr) {
		t.Error("decoded pixels differ after the lossless rewrite")
	}
	if len(clean) >= len(b) {
		t.Errorf("clean copy %d bytes, source %d", len(clean), len(b))
	}
}

func TestEstimateQuality(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.IntN(256))
	}
	for _, q := range []int{30, 50, 75, 88, 95} {
		var buf bytes.Buffer
		jpeg.Encode(&buf, img, &jpeg.Options{Quality: q})
		p, err := Parse("q.jpg", buf.Bytes(), DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if got := EstimateQuality(p); got < q-1 || got > q+1 {
			t.Errorf("quality %d estimated as %d", q, got)
		}
	}
}
