package photo

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// seed adds every fixture (and the corpus, when present, for local runs)
// to a fuzz target's corpus.
func seed(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(p)
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil && len(b) < 4<<20 {
				f.Add(b)
			}
		}
	}
}

func FuzzWalkJPEG(f *testing.F) {
	seed(f, "../testdata/photos/*.jpg")
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := WalkJPEG(b)
		if err != nil {
			return
		}
		for _, s := range l.Segments {
			if s.Start < 0 || s.End > len(b) || s.Start >= s.End {
				t.Fatalf("segment %+v out of range", s)
			}
		}
		if _, err := jpegMetadata(b, l); err == nil {
			Parse("fuzz.jpg", b, Limits{MaxPixels: 1 << 20})
		}
	})
}

func FuzzWalkPNG(f *testing.F) {
	seed(f, "../testdata/photos/*.png")
	f.Fuzz(func(t *testing.T, b []byte) {
		if l, err := WalkPNG(b); err == nil {
			pngMetadata(b, l)
			Parse("fuzz.png", b, Limits{MaxPixels: 1 << 20})
		}
	})
}

func FuzzWalkWebP(f *testing.F) {
	seed(f, "../testdata/fuzz/*.webp")
	f.Add([]byte("RIFF\x1a\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if l, err := WalkWebP(b); err == nil {
			webpMetadata(b, l)
			webpSize(l)
			Parse("fuzz.webp", b, Limits{MaxPixels: 1 << 20})
		}
	})
}

func FuzzWalkHEIF(f *testing.F) {
	seed(f, "../testdata/fuzz/*.heic")
	f.Add([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic\x00\x00\x00\x08meta"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if l, err := WalkHEIF(b); err == nil {
			heifMetadata(b, l)
		}
	})
}

func FuzzReadTIFF(f *testing.F) {
	f.Add([]byte("II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x03\x00\x01\x00\x00\x00\x06\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if d := ReadTIFF(b); d != nil {
			d.String("IFD0", 0x010F)
			d.Rationals("GPS", 2)
		}
		exifOrientation(b)
		mpfImages(b)
		Resources(b)
	})
}

// FuzzWalkVideo walks any bytes as a video and, when they walk, cleans
// them: the copy must pass Verify and VerifyVideo (whatever the input
// holds, the writer writes only what its check accepts).
func FuzzWalkVideo(f *testing.F) {
	seed(f, "../testdata/videos/*")
	f.Add([]byte("\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  \x00\x00\x00\x08moov"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Parse("fuzz.mp4", b, Limits{MaxPixels: 1 << 24})
		if err != nil || p.Video == nil {
			return
		}
		var out bytes.Buffer
		if _, err := CleanVideo(p, &out); err != nil {
			return
		}
		if err := Verify(out.Bytes()); err != nil {
			t.Fatalf("the copy fails Verify: %v", err)
		}
		if err := VerifyVideo(bytes.NewReader(out.Bytes()), int64(out.Len()), p); err != nil {
			t.Fatalf("the copy fails VerifyVideo: %v", err)
		}
	})
}
