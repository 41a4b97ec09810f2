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

// reportCPU starts counting CPU time; the function it returns reports it
// per iteration as cpu-ms/op (the figure to compare on a busy machine: with
// -cpu 1, one core's time).
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if d := cpuTime() - start; d > 0 && b.N > 0 {
			b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		}
	}
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
	defer reportCPU(b)()
	for b.Loop() {
		x, k := netInput(img, 768)
		n.detect(x, k, img.Bounds(), 768, 0.3)
	}
}

// BenchmarkBlazeFace is BlazeFace on a 12-megapixel photo (scaling
// included).
func BenchmarkBlazeFace(b *testing.B) {
	img := twelveMP(b)
	if _, err := loadBlaze(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		if _, err := blazeFaces(newSource(img), 0.2, 0.3); err != nil {
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
	img := benchCrop()
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		n.predict(nnFrom(img))
	}
}

// benchCrop is a 200x240 face-sized crop of patterned pixels, for the
// per-face networks' benchmarks.
func benchCrop() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 200, 240))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	return img
}

// thorough is what Inspect does with DefaultOptions on one goroutine:
// every detector, the merge and the ages.
func thorough(b *testing.B, img image.Image) {
	faces, err := Faces(img, DefaultFaceOptions)
	if err != nil {
		b.Fatal(err)
	}
	if err := EstimateAges(img, faces, 1); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkThorough12MP is thorough detection of a 12-megapixel photo
// (issue #14's target: 0.6 s with -cpu 1).
func BenchmarkThorough12MP(b *testing.B) {
	img := twelveMP(b)
	thorough(b, img) // load the networks
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		thorough(b, img)
	}
}

// BenchmarkThoroughSmall is thorough detection of a 512x512 photo (issue
// #14's target for photos under one megapixel: 0.5 s with -cpu 1).
func BenchmarkThoroughSmall(b *testing.B) {
	p, err := photo.Open("../testdata/photos/astronaut.png", photo.DefaultLimits)
	if err != nil {
		b.Fatal(err)
	}
	thorough(b, p.Image) // load the networks
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		thorough(b, p.Image)
	}
}

// BenchmarkPigo is pigo alone, as DefaultFaceOptions run it, on a
// 12-megapixel photo.
func BenchmarkPigo(b *testing.B) {
	img := twelveMP(b)
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		if _, err := pigoFaces(newSource(img), DefaultFaceOptions); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDetectors runs each detector alone, as DefaultFaceOptions set
// it, on the 12-megapixel photo and on a 512x512 one: where thorough
// detection's time goes (each from the photo, scaled copies included).
func BenchmarkDetectors(b *testing.B) {
	p, err := photo.Open("../testdata/photos/astronaut.png", photo.DefaultLimits)
	if err != nil {
		b.Fatal(err)
	}
	for _, photo := range []struct {
		name string
		img  image.Image
	}{{"small", p.Image}, {"12MP", twelveMP(b)}} {
		for _, d := range detectors {
			b.Run(photo.name+"/"+d.Name(), func(b *testing.B) {
				if _, err := d.Find(newSource(photo.img), DefaultFaceOptions); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				defer reportCPU(b)()
				for b.Loop() {
					if _, err := d.Find(newSource(photo.img), DefaultFaceOptions); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkScale12MP is the scaled copies the detectors read from a
// 12-megapixel JPEG: pigo's grey copy and the networks' RGB input.
func BenchmarkScale12MP(b *testing.B) {
	img := twelveMP(b)
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		s := newSource(img)
		s.grayScaled(DefaultFaceOptions.WorkSize)
		s.fit(DefaultFaceOptions.SSDSize)
	}
}
