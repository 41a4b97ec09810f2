package heif

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/internal/oracle"
	"github.com/sharesafe/sharesafe/photo"
)

// TestCleanHEIFKeepsThePicture cleans every corpus HEIC/HEIF file
// losslessly and checks the copy: it passes Verify, exiftool finds no leak,
// the primary's coded data is there without SEI and the rest, its colour
// profile is the original's rewritten, and (long test) it decodes to the
// same pixels as the original. A file that is refused must not decode
// either (exiftool's test file holds text in place of a picture).
func TestCleanHEIFKeepsThePicture(t *testing.T) {
	var files []string
	for _, pat := range []string{"*.heic", "*.HEIC", "*.heif"} {
		m, _ := filepath.Glob(filepath.Join(corpus, "*", pat))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skip("corpus absent")
	}
	long := os.Getenv("SHARESAFE_LONG") != ""
	dir := t.TempDir()
	for _, f := range files {
		name := filepath.Base(f)
		p, err := photo.Load(f, photo.DefaultLimits)
		if err != nil {
			t.Logf("%s: unreadable, skipped: %v", name, err)
			continue
		}
		out, err := photo.CleanHEIF(p.Data)
		if err != nil {
			if _, derr := Decode(p.Data); derr != nil {
				t.Logf("%s: refused (%v), and the original does not decode either: %v", name, err, derr)
				continue
			}
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := photo.Verify(out); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		q, err := photo.Parse("clean", out, photo.DefaultLimits)
		if err != nil {
			t.Errorf("%s: the copy does not parse: %v", name, err)
			continue
		}
		prim, qprim := p.HEIF.Items[p.HEIF.Primary], q.HEIF.Items[q.HEIF.Primary]
		if prim.Type != qprim.Type || prim.Rotation != qprim.Rotation || prim.Mirror != qprim.Mirror ||
			prim.Width != qprim.Width || prim.Height != qprim.Height {
			t.Errorf("%s: primary %+v became %+v", name, prim, qprim)
		}
		if icc, _ := photo.CleanICC(p.Meta.ICC); !bytes.Equal(icc, q.Meta.ICC) {
			t.Errorf("%s: the copy's colour profile is not the original's rewritten", name)
		}
		ids := append([]uint32{p.HEIF.Primary}, prim.Refs["dimg"]...)
		for _, id := range ids {
			if q.HEIF.Items[id] == nil {
				t.Errorf("%s: item %d dropped", name, id)
				continue
			}
			// The coded data without SEI and the rest: never larger
			// (TestCleanHEIFKeepsOnlyThePrimary checks what is kept;
			// the long test compares the decoded pixels).
			a, _ := p.HEIF.Items[id].Data(p.Data)
			b, _ := q.HEIF.Items[id].Data(out)
			if len(b) == 0 || len(b) > len(a) {
				t.Errorf("%s: item %d's coded data went from %d to %d bytes", name, id, len(a), len(b))
			}
		}
		if len(out) >= len(p.Data) && (len(p.Meta.Embedded) > 0 || len(p.Meta.EXIF) > 0) {
			t.Errorf("%s: copy %d bytes, original %d", name, len(out), len(p.Data))
		}
		if oracle.Available() {
			path := filepath.Join(dir, name)
			os.WriteFile(path, out, 0o644)
			leaks, err := oracle.Leaks(path)
			if err != nil {
				t.Errorf("%s: exiftool: %v", name, err)
			}
			if len(leaks) > 0 {
				t.Errorf("%s: exiftool still finds:\n  %s", name, strings.Join(leaks, "\n  "))
			}
		}
		if !long {
			continue
		}
		a, err := Decode(p.Data)
		if err != nil {
			t.Logf("%s: original does not decode: %v", name, err)
			continue
		}
		b, err := Decode(out)
		if err != nil {
			t.Errorf("%s: copy does not decode: %v", name, err)
			continue
		}
		if !samePixels(a, b) {
			t.Errorf("%s: decoded pixels differ", name)
		}
	}
	if !long {
		t.Log("pixels not compared: set SHARESAFE_LONG=1 (decoding through WebAssembly is slow)")
	}
}

// samePixels compares two decoded pictures. The WebAssembly decoder
// returns a few garbage samples at the very start of the first row (the
// same file decoded from another buffer layout shows other values there):
// the first 32 pixels of row 0 are left out (up to 20 differ).
func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if y == r.Min.Y && x < r.Min.X+32 {
				continue
			}
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}
