package redact

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"sync"
	"testing"

	"github.com/sharesafe/sharesafe/internal/fixtures"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/photo/jpegcoef"
)

var twelveMPFile = sync.OnceValues(func() ([]byte, error) {
	src, err := os.ReadFile("../testdata/photos/astronaut.png")
	if err != nil {
		return nil, err
	}
	return fixtures.TwelveMP(src, 0)
})

// facePlan is two faces of a 12 MP photo, as detect would mask them.
var facePlan = Plan{Masks: []Mask{
	{Box: image.Rect(1700, 500, 2300, 1250), Style: Solid},
	{Box: image.Rect(600, 2000, 900, 2400), Style: Emoji},
}}

// BenchmarkMasked12MP times the write path of a masked 12 MP JPEG: "dct"
// is EncodePlan (read the coefficients, mask the blocks under the faces,
// write), "go" is Go's decode, the same masks and Go's encode.
func BenchmarkMasked12MP(b *testing.B) {
	data, err := twelveMPFile()
	if err != nil {
		b.Fatal(err)
	}
	p, err := photo.Parse("12mp.jpg", data, photo.DefaultLimits)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("dct", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			out, _, how, err := EncodePlan(p, facePlan)
			if err != nil || how != PathDCT {
				b.Fatal(err, how)
			}
			_ = out
		}
	})
	b.Run("go", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			img, err := jpeg.Decode(bytes.NewReader(data))
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, Apply(img, facePlan), &jpeg.Options{Quality: photo.EstimateQuality(p)}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDecode12MP compares, for detection input, the reduced decodes
// of jpegcoef with Go's full decode of the same 12 MP JPEG.
func BenchmarkDecode12MP(b *testing.B) {
	data, err := twelveMPFile()
	if err != nil {
		b.Fatal(err)
	}
	for _, scale := range []int{2, 4, 8} {
		b.Run(fmt.Sprintf("reduced-1-%d", scale), func(b *testing.B) {
			for b.Loop() {
				if _, err := jpegcoef.DecodeReduced(data, scale); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("go", func(b *testing.B) {
		for b.Loop() {
			if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
