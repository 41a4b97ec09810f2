package redact

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/photo/jpegcoef"
)

// corpusJPEGs lists every JPEG of ../shared/corpus (sniffed, not by
// name); the test skips when the corpus is absent.
func corpusJPEGs(t *testing.T) []string {
	t.Helper()
	if os.Getenv("SHARESAFE_LONG") == "" {
		t.Skip("long test: set SHARESAFE_LONG=1 (as .ci/run does)")
	}
	var out []string
	filepath.WalkDir("../../shared/corpus", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return nil
		}
		defer f.Close()
		head := make([]byte, 3)
		if n, _ := f.Read(head); n == 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF {
			out = append(out, path)
		}
		return nil
	})
	if len(out) == 0 {
		t.Skip("no corpus: ../shared/corpus holds no JPEG")
	}
	return out
}

// djpegPixels decodes with libjpeg-turbo (its default, fancy upsampling)
// into RGB bytes; ok is false when djpeg refuses the file.
func djpegPixels(t *testing.T, b []byte) ([]byte, bool) {
	cmd := exec.Command("djpeg", "-pnm")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		return nil, false
	}
	r := bufio.NewReader(bytes.NewReader(out))
	var magic string
	var w, h, maxv int
	if _, err := fmt.Fscan(r, &magic, &w, &h, &maxv); err != nil {
		t.Fatal(err)
	}
	r.ReadByte()
	rest := make([]byte, r.Buffered())
	r.Read(rest)
	return append([]byte(fmt.Sprintf("%dx%d ", w, h)), rest...), true
}

// corruptForLibjpeg reports whether djpeg warns that the file is corrupt.
func corruptForLibjpeg(b []byte) bool {
	cmd := exec.Command("djpeg")
	cmd.Stdin = bytes.NewReader(b)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Run()
	return strings.Contains(stderr.String(), "Corrupt JPEG data")
}

// goPixels decodes with Go's decoder into RGBA bytes; ok is false when it
// refuses the file.
func goPixels(b []byte) ([]byte, bool) {
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, false
	}
	r := img.Bounds()
	out := []byte(fmt.Sprintf("%v ", r))
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c1, c2, c3, c4 := img.At(x, y).RGBA()
			out = append(out, byte(c1>>8), byte(c2>>8), byte(c3>>8), byte(c4>>8))
		}
	}
	return out, true
}

// TestCorpusJPEGsAreRewrittenFromTheirCoefficients sweeps every JPEG of
// the corpus (long test). Without masks, the copy is written from the
// decoded coefficients and decodes to the same pixels as the original,
// with Go's decoder and with libjpeg-turbo's (each where it reads the
// original). With a mask, the copy takes the DCT path unless the file is
// arithmetic-coded, 12-bit, lossless or hierarchical: those are listed.
// Every copy passes Verify.
func TestCorpusJPEGsAreRewrittenFromTheirCoefficients(t *testing.T) {
	if _, err := exec.LookPath("djpeg"); err != nil {
		t.Skip("djpeg not installed (apt package libjpeg-turbo-progs)")
	}
	files := corpusJPEGs(t)
	var refused, unsupported, corrupt []string
	n, goChecked, djChecked := 0, 0, 0
	for _, f := range files {
		name := strings.TrimPrefix(f, "../../shared/corpus/")
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := photo.Parse(f, in, photo.DefaultLimits)
		if err != nil {
			refused = append(refused, name+": "+err.Error())
			continue
		}
		n++
		copy, format, err := photo.Clean(p)
		if err != nil {
			if errors.Is(err, jpegcoef.ErrUnsupported) {
				unsupported = append(unsupported, name+": "+err.Error())
				continue
			}
			if _, goReads := goPixels(in); !goReads && corruptForLibjpeg(in) {
				// Corrupt by both decoders' account: refused, listed.
				corrupt = append(corrupt, name+": "+err.Error())
				continue
			}
			t.Errorf("%s: lossless copy: %v", name, err)
			continue
		}
		if format != photo.FormatJPEG {
			t.Errorf("%s: copy is %s", name, format)
		}
		if err := photo.Verify(copy); err != nil {
			t.Errorf("%s: lossless copy refused: %v", name, err)
		}
		if a, ok := goPixels(in); ok {
			goChecked++
			if b, _ := goPixels(copy); !bytes.Equal(a, b) {
				t.Errorf("%s: Go decodes the copy to other pixels", name)
			}
		}
		if a, ok := djpegPixels(t, in); ok {
			djChecked++
			if b, _ := djpegPixels(t, copy); !bytes.Equal(a, b) {
				t.Errorf("%s: djpeg decodes the copy to other pixels", name)
			}
		}
		w, h := p.Width(), p.Height()
		plan := Plan{Masks: []Mask{{Box: image.Rect(w/3, h/4, w/3+max(1, w/5), h/4+max(1, h/5)), Style: Solid}}}
		out, _, how, err := EncodePlan(p, plan)
		if err != nil {
			t.Errorf("%s: masked copy: %v", name, err)
			continue
		}
		if how != PathDCT {
			t.Errorf("%s: a masked copy took the %s path", name, how)
		}
		if err := photo.Verify(out); err != nil {
			t.Errorf("%s: masked copy refused: %v", name, err)
		}
	}
	t.Logf("%d corpus JPEGs read (%d pixel-checked with Go's decoder, %d with djpeg); refused by the walker: %d %q; corrupt (Go refuses, djpeg warns), refused: %d %q; coding not read (arithmetic, 12-bit, lossless, hierarchical): %d %q",
		n, goChecked, djChecked, len(refused), refused, len(corrupt), corrupt, len(unsupported), unsupported)
}
