package heif

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sharesafe/sharesafe/photo"
)

const corpus = "../../shared/corpus/meta"

// TestDecodeCorpusHEIC decodes the corpus HEIC files that carry a rotation:
// the decoded picture has the upright size photo.Parse reports.
func TestDecodeCorpusHEIC(t *testing.T) {
	if os.Getenv("SHARESAFE_LONG") == "" {
		t.Skip("long test (13 HEIC photos through WebAssembly): set SHARESAFE_LONG=1, as .ci/run does")
	}
	files, _ := filepath.Glob(filepath.Join(corpus, "*", "*.heic"))
	more, _ := filepath.Glob(filepath.Join(corpus, "*", "*.HEIC"))
	files = append(files, more...)
	if len(files) == 0 {
		t.Skip("corpus absent")
	}
	decoded := 0
	for _, f := range files {
		p, err := photo.Load(f, photo.DefaultLimits)
		if err != nil {
			t.Logf("%s: %v", filepath.Base(f), err)
			continue
		}
		if err := p.Decode(); err != nil {
			t.Logf("%s: %v", filepath.Base(f), err)
			continue
		}
		b := p.Image.Bounds()
		if b.Dx() != p.Width() || b.Dy() != p.Height() {
			t.Errorf("%s: decoded %dx%d, header says %dx%d (rotation %v)", filepath.Base(f), b.Dx(), b.Dy(), p.Width(), p.Height(), p.HEIF.Transformed())
		}
		decoded++
	}
	if decoded == 0 {
		t.Fatal("no HEIC file decoded")
	}
	t.Logf("%d of %d HEIC files decoded", decoded, len(files))
}

func TestDecodeRefusesGarbage(t *testing.T) {
	if _, err := Decode([]byte("\x00\x00\x00\x18ftypheic garbage")); err == nil {
		t.Fatal("no error")
	}
}
