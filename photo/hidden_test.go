package photo

import (
	"bytes"
	"os"
	"testing"

	"github.com/sharesafe/sharesafe/internal/hidden"
)

// vectors makes the crafted files of issue 26 from the test photo (those
// whose tools are missing are left out, and said so).
func vectors(t *testing.T) []hidden.Vector {
	t.Helper()
	src, err := os.ReadFile("../testdata/photos/astronaut.png")
	if err != nil {
		t.Fatal(err)
	}
	base, missing, err := hidden.Bases(src, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("missing under CI: %v (.ci/run installs webp and libheif-examples)", missing)
		}
		t.Logf("left out, tools missing: %v", missing)
	}
	vs, err := hidden.Vectors(base)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// TestEveryVectorIsCaughtAndCleaned: for each crafted file, the original
// decoders still read (the file parses), Verify refuses the file as it is
// (it would catch a writer that copied it), and the lossless copy holds
// none of the hidden content and passes Verify.
func TestEveryVectorIsCaughtAndCleaned(t *testing.T) {
	for _, v := range vectors(t) {
		t.Run(v.File, func(t *testing.T) {
			p, err := Parse(v.File, v.Data, DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range v.Secrets {
				if len(s) == 0 || !bytes.Contains(v.Data, s) && !bytes.Contains(p.Meta.ICC, s) {
					t.Fatalf("the crafted file does not hold its secret %q", s)
				}
			}
			if err := Verify(v.Data); err == nil {
				t.Errorf("%s: Verify accepts the crafted file", v.Name)
			} else {
				t.Logf("Verify: %v", err)
			}
			out, _, err := Clean(p)
			if err != nil {
				t.Fatal(err)
			}
			q, err := Parse("copy", out, DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range v.Secrets {
				if bytes.Contains(out, s) || bytes.Contains(q.Meta.ICC, s) {
					t.Errorf("%s: the copy still holds %q", v.Name, s)
				}
			}
			if err := Verify(out); err != nil {
				t.Errorf("%s: Verify refuses the copy: %v", v.Name, err)
			}
		})
	}
}
