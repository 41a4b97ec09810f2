package hidden

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
)

// Bases makes the base photos from a PNG photo (testdata/photos'
// astronaut): a JPEG and a 64x64 one with Go's encoder, the PNG itself,
// and, when libwebp's and libheif's tools are installed (apt packages webp
// and libheif-examples), two lossy WebPs, an animated WebP and a HEIC.
// missing names the tools that were not found.
func Bases(photoPNG []byte, tmp string) (b Base, missing []string, err error) {
	img, err := png.Decode(bytes.NewReader(photoPNG))
	if err != nil {
		return b, nil, err
	}
	var j bytes.Buffer
	if err := jpeg.Encode(&j, img, &jpeg.Options{Quality: 88}); err != nil {
		return b, nil, err
	}
	b.JPEG = j.Bytes()
	small := image.NewRGBA(image.Rect(0, 0, 64, 64))
	draw.Draw(small, small.Rect, img, img.Bounds().Min.Add(image.Pt(200, 150)), draw.Src)
	var s bytes.Buffer
	jpeg.Encode(&s, small, &jpeg.Options{Quality: 95})
	b.Small = s.Bytes()
	b.PNG = photoPNG
	src := filepath.Join(tmp, "base.png")
	flipped := filepath.Join(tmp, "other.png")
	if err := os.WriteFile(src, photoPNG, 0o644); err != nil {
		return b, nil, err
	}
	// Another picture of the same size: the photo mirrored.
	r := img.Bounds()
	mirror := image.NewRGBA(r)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			mirror.Set(r.Max.X-1-(x-r.Min.X), y, img.At(x, y))
		}
	}
	var f bytes.Buffer
	png.Encode(&f, mirror)
	os.WriteFile(flipped, f.Bytes(), 0o644)
	n := 0
	run := func(name, ext string, args ...string) []byte {
		if _, err := exec.LookPath(name); err != nil {
			missing = append(missing, name)
			return nil
		}
		n++
		out := filepath.Join(tmp, fmt.Sprintf("out-%d%s", n, ext))
		if err := exec.Command(name, append(args, "-o", out)...).Run(); err != nil {
			missing = append(missing, name+" (failed)")
			return nil
		}
		d, _ := os.ReadFile(out)
		return d
	}
	b.WebP = run("cwebp", ".webp", "-quiet", "-q", "80", src)
	b.WebP2 = run("cwebp", ".webp", "-quiet", "-q", "80", flipped)
	b.Animated = run("img2webp", ".webp", "-lossy", "-q", "60", "-d", "100", src, "-d", "100", flipped)
	b.HEIC = run("heif-enc", ".heic", "-q", "70", src)
	return b, missing, nil
}
