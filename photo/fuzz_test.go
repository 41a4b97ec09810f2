package photo

import (
	"bytes"
	"os"
	"os/exec"
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

// seedTool adds what an external tool makes from the test photo (cwebp's
// WebPs, for instance) to a fuzz target's corpus, when the tool is there.
func seedTool(f *testing.F, name string, args ...string) {
	if _, err := exec.LookPath(name); err != nil {
		return
	}
	out, err := exec.Command(name, args...).Output()
	if err == nil && len(out) > 0 {
		f.Add(out)
	}
}

// cleanThenVerify is the property the writers and Verify share: whatever
// Clean writes, Verify accepts, and cleaning the copy changes nothing.
func cleanThenVerify(t *testing.T, name string, b []byte) {
	p, err := Parse(name, b, Limits{MaxPixels: 1 << 20})
	if err != nil {
		return
	}
	out, _, err := Clean(p)
	if err != nil {
		return
	}
	if err := Verify(out); err != nil {
		t.Fatalf("Verify refuses what Clean wrote: %v", err)
	}
	q, err := Parse(name, out, Limits{MaxPixels: 1 << 20})
	if err != nil {
		t.Fatalf("the copy does not parse: %v", err)
	}
	again, _, err := Clean(q)
	if err != nil || !bytes.Equal(again, out) {
		t.Fatalf("cleaning the copy again changes it (%v)", err)
	}
}

func FuzzCleanPNG(f *testing.F) {
	seed(f, "../testdata/photos/*.png")
	f.Fuzz(func(t *testing.T, b []byte) { cleanThenVerify(t, "fuzz.png", b) })
}

func FuzzCleanWebP(f *testing.F) {
	for _, args := range [][]string{{"-q", "50"}, {"-lossless"}, {"-q", "50", "-resize", "40", "40"}} {
		seedTool(f, "cwebp", append(append([]string{"-quiet"}, args...), "../testdata/photos/drawing.png", "-o", "-")...)
	}
	f.Fuzz(func(t *testing.T, b []byte) { cleanThenVerify(t, "fuzz.webp", b) })
}

func FuzzVP8Frame(f *testing.F) {
	seedTool(f, "cwebp", "-quiet", "-q", "40", "-resize", "48", "32", "../testdata/photos/drawing.png", "-o", "-")
	f.Fuzz(func(t *testing.T, b []byte) {
		if bytes.HasPrefix(b, []byte("RIFF")) && len(b) > 20 {
			b = b[20:] // a whole simple WebP: its VP8 chunk's data
		}
		if len(b) >= 10 && (int(b[6])|int(b[7]&0x3f)<<8)*(int(b[8])|int(b[9]&0x3f)<<8) > 1<<20 {
			return // as Parse's pixel limit would
		}
		out, err := vp8Frame(b)
		if err != nil {
			return
		}
		if again, err := vp8Frame(out); err != nil || !bytes.Equal(again, out) {
			t.Fatalf("cutting the cut frame again changes it (%v)", err)
		}
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
