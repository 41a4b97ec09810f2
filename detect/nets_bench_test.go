package detect

import (
	"image"
	"os"
	"testing"

	"github.com/sharesafe/sharesafe/internal/fixtures"
	"github.com/sharesafe/sharesafe/internal/nn"
	"github.com/sharesafe/sharesafe/photo"
)

// twelveMP is a decoded 4000x3000 JPEG photo (fixtures.TwelveMP).
func twelveMP(b *testing.B) image.Image {
	b.Helper()
	src, err := os.ReadFile("../testdata/photos/astronaut.png")
	if err != nil {
		b.Fatal(err)
	}
	data, err := fixtures.TwelveMP(src, 0)
	if err != nil {
		b.Fatal(err)
	}
	p, err := photo.Parse("12mp.jpg", data, photo.DefaultLimits)
	if err != nil {
		b.Fatal(err)
	}
	if err := p.Decode(); err != nil {
		b.Fatal(err)
	}
	return p.Image
}

func nnFrom(img image.Image) *nn.Tensor { return nn.FromImage(img, img.Bounds()) }

// BenchmarkSSD768 is the SSD on a 12-megapixel photo at its 768 px input,
// one goroutine (scaling the photo down included).
func BenchmarkSSD768(b *testing.B) {
	img := twelveMP(b)
	n, err := loadSSD()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		x, k := netInput(img, 768)
		n.detect(x, k, img.Bounds(), 768, 0.3)
	}
}

// BenchmarkBlazeFace is BlazeFace on a 12-megapixel photo (scaling
// included).
func BenchmarkBlazeFace(b *testing.B) {
	img := twelveMP(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := blazeFaces(img, 0.2, 0.3); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAgePerFace is the age network on one face crop.
func BenchmarkAgePerFace(b *testing.B) {
	n, err := loadAgeNet()
	if err != nil {
		b.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 200, 240))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	b.ReportAllocs()
	for b.Loop() {
		n.predict(nnFrom(img))
	}
}
