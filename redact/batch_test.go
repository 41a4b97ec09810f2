package redact

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/disintegration/imaging"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
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

// benchBatch runs Batch over eight 12 MP photos per iteration and reports
// photos per second.
func benchBatch(b *testing.B, opt BatchOptions, check func(Result) error) {
	ins := twelveMP(b, 8)
	opt.Workers, opt.Limits = runtime.NumCPU(), photo.DefaultLimits
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		out := b.TempDir()
		jobs := make([]Job, len(ins))
		for i, in := range ins {
			jobs[i] = Job{In: in, Dst: filepath.Join(out, in.Rel)}
		}
		if err := Batch(context.Background(), jobs, opt, func(r Result) {
			if err := check(r); err != nil {
				b.Fatalf("%s: %v", r.In.Path, err)
			}
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ins)*b.N)/b.Elapsed().Seconds(), "photos/s")
}

// BenchmarkBatch12MP measures full redaction (decode, detect, mask, encode,
// verify, write) of 12-megapixel JPEGs over all cores.
func BenchmarkBatch12MP(b *testing.B) {
	benchBatch(b, BatchOptions{Faces: AllFaces, Style: Emoji, Detect: detect.DefaultOptions}, func(r Result) error {
		if r.Err == nil && r.Masked == 0 {
			return fmt.Errorf("no face masked")
		}
		return r.Err
	})
}

// BenchmarkBatch12MPLossless measures metadata-only cleaning (no decode).
func BenchmarkBatch12MPLossless(b *testing.B) {
	benchBatch(b, BatchOptions{Faces: NoFaces}, func(r Result) error { return r.Err })
}
