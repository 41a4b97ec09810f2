package redact

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sharesafe/sharesafe/photo"
)

// noisy returns a random image whose bounds do not start at (0,0).
func noisy(r image.Rectangle) *image.NRGBA {
	img := image.NewNRGBA(r)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.IntN(256))
	}
	return img
}

var bounds = image.Rect(-50, 30, 350, 330)

// TestMasksCoverTheWholeBox checks, for every style and for small and large
// faces, that no pixel of the box keeps its original value where the style
// paints flat (solid: exactly the colour), that the changed region contains
// the box, and that nothing outside Region changed.
func TestMasksCoverTheWholeBox(t *testing.T) {
	src := noisy(bounds)
	for _, box := range []image.Rectangle{image.Rect(-40, 40, -10, 80), image.Rect(60, 90, 260, 320)} {
		for _, st := range Styles {
			out := Apply(src, Plan{Masks: []Mask{{Box: box, Style: st}}})
			if out.Bounds() != src.Bounds() {
				t.Fatalf("bounds %v, want %v", out.Bounds(), src.Bounds())
			}
			same := 0
			for y := box.Min.Y; y < box.Max.Y; y++ {
				for x := box.Min.X; x < box.Max.X; x++ {
					if out.NRGBAAt(x, y) == src.NRGBAAt(x, y) {
						same++
					}
					if st == Solid && out.NRGBAAt(x, y) != SolidColor {
						t.Fatalf("solid: pixel (%d,%d) is %v", x, y, out.NRGBAAt(x, y))
					}
				}
			}
			// Random pixels: an unchanged one is a pixel the mask missed
			// (or a one-in-16-million coincidence).
			if same > box.Dx()*box.Dy()/1000 {
				t.Errorf("%s %v: %d pixels of the box unchanged", st, box, same)
			}
			reg := Region(box)
			for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
				for x := bounds.Min.X; x < bounds.Max.X; x++ {
					if !(image.Pt(x, y).In(reg)) && out.NRGBAAt(x, y) != src.NRGBAAt(x, y) {
						t.Fatalf("%s: pixel (%d,%d) outside the region changed", st, x, y)
					}
				}
			}
		}
	}
	if src.NRGBAAt(100, 100) == SolidColor {
		t.Fatal("Apply modified its input")
	}
}

// TestEmojiTileIsOpaque checks the emoji style leaves no original pixel in
// the box: each pixel there is the tile colour or a design colour.
func TestEmojiTileIsOpaque(t *testing.T) {
	src := noisy(bounds)
	box := image.Rect(0, 50, 120, 200)
	for d := range designs {
		out := Apply(src, Plan{Masks: []Mask{{Box: box, Style: Emoji, Design: d}}})
		palette := map[color.NRGBA]bool{designs[d].tile: true}
		for _, l := range designs[d].layers {
			palette[l.col] = true
		}
		flat := 0
		for y := box.Min.Y; y < box.Max.Y; y++ {
			for x := box.Min.X; x < box.Max.X; x++ {
				if palette[out.NRGBAAt(x, y)] {
					flat++
				}
			}
		}
		// Anti-aliased edges between design colours blend two colours of the
		// design; nothing of the source is mixed in, but those pixels are not
		// in the palette. They are a thin line: under 12% of the box.
		if n := box.Dx() * box.Dy(); flat < n*88/100 {
			t.Errorf("%s: only %d of %d box pixels are design colours", designs[d].name, flat, n)
		}
	}
}

func TestPixelateIsCoarse(t *testing.T) {
	src := noisy(bounds)
	box := image.Rect(0, 50, 160, 250)
	out := Apply(src, Plan{Masks: []Mask{{Box: box, Style: Pixelate}}})
	distinct := map[color.NRGBA]bool{}
	for x := box.Min.X; x < box.Max.X; x++ {
		distinct[out.NRGBAAt(x, 150)] = true
	}
	if len(distinct) > PixelBlocks+1 {
		t.Errorf("%d blocks across the face, want at most %d", len(distinct), PixelBlocks+1)
	}
}

func TestWriteFileIsAtomicAndNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "out.jpg")
	dirty, _ := os.ReadFile("../testdata/photos/school-gate.jpg")
	if err := WriteFile(dst, dirty, false); err == nil {
		t.Fatal("a dirty file was written")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
	p, _ := photo.Parse("x", dirty, photo.DefaultLimits)
	clean, _, _ := Encode(p, nil)
	if err := WriteFile(dst, clean, false); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(dst, clean, false); !errors.Is(err, ErrExists) {
		t.Fatalf("second write: %v, want ErrExists", err)
	}
	if err := WriteFile(dst, clean, true); err != nil {
		t.Fatalf("overwrite: %v", err)
	}
}

func TestWriteRefusesTheInputItself(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.jpg")
	b, _ := os.ReadFile("../testdata/photos/rotated.jpg")
	os.WriteFile(in, b, 0o644)
	p, err := photo.Load(in, photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(p, nil, in, WriteOptions{Overwrite: true}); err == nil {
		t.Fatal("wrote over the input")
	}
	after, _ := os.ReadFile(in)
	if !bytes.Equal(after, b) {
		t.Fatal("input changed")
	}
}

// TestSolidAndEmojiKeepNothingOfTheFace draws the same mask over two
// different pictures: inside the box the results must be identical, so no
// pixel there depends on the original.
func TestSolidAndEmojiKeepNothingOfTheFace(t *testing.T) {
	a := noisy(bounds)
	b := noisy(bounds)
	for i := range b.Pix {
		b.Pix[i] = 255 - b.Pix[i]
	}
	for _, box := range []image.Rectangle{image.Rect(-40, 40, -12, 75), image.Rect(10, 60, 250, 320)} {
		for _, st := range []Style{Solid, Emoji} {
			for d := 0; d < len(designs); d++ {
				plan := Plan{Masks: []Mask{{Box: box, Style: st, Design: d}}}
				oa, ob := Apply(a, plan), Apply(b, plan)
				for y := box.Min.Y; y < box.Max.Y; y++ {
					for x := box.Min.X; x < box.Max.X; x++ {
						if oa.NRGBAAt(x, y) != ob.NRGBAAt(x, y) {
							t.Fatalf("%s design %d, box %v: pixel (%d,%d) depends on the original", st, d, box, x, y)
						}
					}
				}
				if st == Solid {
					break
				}
			}
		}
	}
}

func TestPixelateIsCoarseOnSmallFaces(t *testing.T) {
	src := noisy(bounds)
	box := image.Rect(0, 50, 20, 74)
	out := Apply(src, Plan{Masks: []Mask{{Box: box, Style: Pixelate}}})
	distinct := map[color.NRGBA]bool{}
	for x := box.Min.X; x < box.Max.X; x++ {
		distinct[out.NRGBAAt(x, 60)] = true
	}
	if len(distinct) > PixelBlocks+1 {
		t.Errorf("%d blocks across a small face, want at most %d", len(distinct), PixelBlocks+1)
	}
}

// fullDisk is a temporary file on a disk that fills after limit bytes.
type fullDisk struct {
	*os.File
	limit int
}

func (f *fullDisk) Write(b []byte) (int, error) {
	if len(b) > f.limit {
		n, _ := f.File.Write(b[:f.limit])
		return n, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	return f.File.Write(b)
}

func TestWriteFileOnAFullDiskLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	old := createTemp
	defer func() { createTemp = old }()
	createTemp = func(d string) (tempFile, error) {
		f, err := os.CreateTemp(d, ".sharesafe-*.tmp")
		return &fullDisk{File: f, limit: 1000}, err
	}
	b, _ := os.ReadFile("../testdata/photos/rotated.jpg")
	p, _ := photo.Parse("rotated.jpg", b, photo.DefaultLimits)
	clean, _, _ := Encode(p, nil)
	err := WriteFile(filepath.Join(dir, "out.jpg"), clean, false)
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "out.jpg") {
		t.Fatalf("got %v, want a no-space error naming the file", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
}

// TestInPlaceNeverReplacesAnotherPhoto: in place, only the input itself may
// be replaced. When the output's name differs (IMG_1.heic becomes
// IMG_1.jpg), a photo already there under that name is left alone.
func TestInPlaceNeverReplacesAnotherPhoto(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.jpg")
	b, _ := os.ReadFile("../testdata/photos/rotated.jpg")
	os.WriteFile(in, b, 0o644)
	other := filepath.Join(dir, "b.jpg")
	otherBytes, _ := os.ReadFile("../testdata/photos/school-gate.jpg")
	os.WriteFile(other, otherBytes, 0o644)
	p, err := photo.Load(in, photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(p, nil, other, WriteOptions{InPlace: true}); !errors.Is(err, ErrExists) {
		t.Fatalf("in place onto another photo: %v, want ErrExists", err)
	}
	if got, _ := os.ReadFile(other); !bytes.Equal(got, otherBytes) {
		t.Fatal("another photo was replaced")
	}
	if _, err := Write(p, nil, in, WriteOptions{InPlace: true}); err != nil {
		t.Fatalf("in place onto the input itself: %v", err)
	}
}

// Quit removes the temporary files being written and lets no other be
// made: what a process that ends (a second Ctrl-C) leaves is nothing.
func TestQuitRemovesTemps(t *testing.T) {
	dir := t.TempDir()
	f, err := CreateTemp(dir)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("half a photo"))
	defer func() { temps.Lock(); temps.closed = false; temps.Unlock() }()
	Quit()
	if _, err := os.Stat(f.Name()); err == nil {
		t.Error("the temporary file is still there")
	}
	if _, err := CreateTemp(dir); !errors.Is(err, ErrQuitting) {
		t.Errorf("a temporary file made after Quit: %v", err)
	}
	if err := WriteFile(filepath.Join(dir, "a.jpg"), []byte("x"), false); err == nil {
		t.Error("a copy written after Quit")
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left: %v", left)
	}
}
