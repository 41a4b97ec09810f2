package redact

import (
	"bytes"
	"image"
	"os"
	"testing"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/internal/fixtures"
	"github.com/sharesafe/sharesafe/photo"
)

// twelveMPPhoto parses one 12-megapixel JPEG with a face and EXIF.
func twelveMPPhoto(b *testing.B) *photo.Photo {
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
	return p
}

// The stages of one photo's redaction, one core each, on 12 MP.

func BenchmarkStageDecode(b *testing.B) {
	p := twelveMPPhoto(b)
	b.ReportAllocs()
	for b.Loop() {
		p.Image = nil
		if err := p.Decode(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStageDetect(b *testing.B) {
	p := twelveMPPhoto(b)
	p.Decode()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := detect.Faces(p.Image, detect.DefaultFaceOptions); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStageMask(b *testing.B) {
	p := twelveMPPhoto(b)
	p.Decode()
	plan := Plan{Masks: []Mask{{Box: image.Rect(1400, 200, 2600, 1700), Style: Emoji}}}
	b.ReportAllocs()
	for b.Loop() {
		Apply(p.Image, plan)
	}
}

func BenchmarkStageEncode(b *testing.B) {
	p := twelveMPPhoto(b)
	p.Decode()
	masked := Apply(p.Image, Plan{Masks: []Mask{{Box: image.Rect(1400, 200, 2600, 1700), Style: Solid}}})
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Encode(p, masked); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStageLosslessStrip(b *testing.B) {
	p := twelveMPPhoto(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(p.Data)))
	for b.Loop() {
		out, _, err := Encode(p, nil)
		if err != nil || !bytes.HasSuffix(out, []byte{0xFF, 0xD9}) {
			b.Fatal(err)
		}
		if err := photo.Verify(out); err != nil {
			b.Fatal(err)
		}
	}
}
