package engine

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"github.com/disintegration/imaging"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
)

// twelveMP writes n distinct 4000x3000 JPEGs made from the astronaut photo.
func twelveMP(tb testing.TB, n int) []photo.Input {
	tb.Helper()
	dir := tb.TempDir()
	src, err := imaging.Open("../testdata/photos/astronaut.png")
	if err != nil {
		tb.Fatal(err)
	}
	big := imaging.Paste(imaging.New(4000, 3000, color.NRGBA{90, 110, 130, 255}),
		imaging.Resize(src, 3000, 3000, imaging.Linear), image.Pt(500, 0))
	var ins []photo.Input
	for i := 0; i < n; i++ {
		var b bytes.Buffer
		jpeg.Encode(&b, imaging.AdjustBrightness(big, float64(i)), &jpeg.Options{Quality: 90})
		path := filepath.Join(dir, fmt.Sprintf("IMG_%d.jpg", i))
		os.WriteFile(path, b.Bytes(), 0o644)
		ins = append(ins, photo.Input{Path: path, Rel: filepath.Base(path)})
	}
	return ins
}

// benchRedact redacts eight 12 MP photos per iteration on every core (no
// cache) and reports photos per second.
func benchRedact(b *testing.B, s Settings, check func(Result) error) {
	ins := twelveMP(b, 8)
	e := New(s)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		out := b.TempDir()
		jobs := make([]Job, len(ins))
		for i, in := range ins {
			jobs[i] = Job{In: in, Dst: filepath.Join(out, in.Rel)}
		}
		if err := e.Redact(context.Background(), jobs, WriteOptions{}, nil, func(r Result) {
			if err := check(r); err != nil {
				b.Fatalf("%s: %v", r.In.Path, err)
			}
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ins)*b.N)/b.Elapsed().Seconds(), "photos/s")
}

// BenchmarkRedact12MP measures full redaction (decode, detect, mask,
// encode, verify, write) of 12-megapixel JPEGs.
func BenchmarkRedact12MP(b *testing.B) {
	benchRedact(b, Settings{Detect: detect.DefaultOptions}, func(r Result) error {
		if r.Err == nil && r.Masked == 0 {
			return fmt.Errorf("no face masked")
		}
		return r.Err
	})
}

// BenchmarkRedact12MPLossless measures metadata-only cleaning (no decode).
func BenchmarkRedact12MPLossless(b *testing.B) {
	benchRedact(b, Settings{Faces: redact.NoFaces}, func(r Result) error { return r.Err })
}
