package jpegcoef

import (
	"bytes"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("../../testdata/photos/*.jpg")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	for _, size := range []image.Point{{9, 7}, {33, 17}} {
		var b bytes.Buffer
		jpeg.Encode(&b, testPicture(size.X, size.Y, 1), &jpeg.Options{Quality: 75})
		f.Add(b.Bytes())
		b.Reset()
		jpeg.Encode(&b, toGray(testPicture(size.X, size.Y, 2)), nil)
		f.Add(b.Bytes())
	}
	MaxPixels = 1 << 20
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Read(b)
		if err != nil {
			return
		}
		// What was read is written, and reads back the same.
		out := m.Encode(nil)
		m2, err := Read(out)
		if err != nil {
			t.Fatalf("the copy does not read: %v", err)
		}
		for i := range m.Components {
			if !slicesEqual(m.Components[i].Coef, m2.Components[i].Coef) {
				t.Fatal("the copy's coefficients differ")
			}
		}
		// The copy is canonical: nothing to spare, and written again the
		// same bytes (what Verify checks of an output).
		if m2.Slack != 0 || m2.Padding != 0 || m2.Short != 0 || m2.Frames != 0 || m2.Clamped != 0 {
			t.Fatalf("the copy reads with slack %d, padding %d, short %d, frames %d, clamped %d", m2.Slack, m2.Padding, m2.Short, m2.Frames, m2.Clamped)
		}
		if p := m2.Problems(); p != nil {
			t.Fatalf("the copy reads as not canonical: %v", p)
		}
		if again := m2.Encode(nil); !bytes.Equal(again, out) {
			t.Fatal("the copy written again differs")
		}
		if m.Maskable() != nil {
			return
		}
		r := m.AlignMCU(image.Rect(m.Width/3, m.Height/3, m.Width/2+1, m.Height/2+1))
		if err := m.SetPixels(m.Pixels(r)); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Reduced(8); err != nil {
			t.Fatal(err)
		}
	})
}
