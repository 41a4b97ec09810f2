package photo

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/internal/hidden"
)

// TestCleanICCLeavesNothingIdentifying rewrites the crafted profile (a
// home address with coordinates, a copyright with a name and a street, a
// phone's maker, model and serial, a display serial in Apple's mmod, an
// IMEI in a private tag, bytes after a curve and between tags), version 2
// and 4: none of it is left, the header says nothing of where it came from,
// and what scan reads of the copy names nothing.
func TestCleanICCLeavesNothingIdentifying(t *testing.T) {
	for _, v := range []int{2, 4} {
		src := hidden.ICC(v)
		f, ok := ReadICCFacts(src)
		if !ok || f.Serial != fmt.Sprintf("%08X", hidden.ICCSerial) || len(f.Device) < 3 || f.Calibrated != true ||
			!strings.Contains(f.Description, "48.858370N") || !strings.Contains(f.Copyright, "Jean Dupont") {
			t.Fatalf("v%d: the crafted profile reads as %+v", v, f)
		}
		out, err := CleanICC(src)
		if err != nil {
			t.Fatalf("v%d: %v", v, err)
		}
		for _, s := range hidden.ICCSecrets {
			if bytes.Contains(out, []byte(s)) || bytes.Contains(out, hidden.UTF16(s)) {
				t.Errorf("v%d: %q left in the clean profile", v, s)
			}
		}
		for _, b := range [][]byte{hidden.ICCSerialBytes(), []byte("PROFILE-ID"), []byte("appl"), []byte("APPL"), []byte("SAMS")} {
			if bytes.Contains(out, b) {
				t.Errorf("v%d: %q left in the clean profile", v, b)
			}
		}
		g, ok := ReadICCFacts(out)
		if !ok || !g.Clean || len(g.Device) > 0 || g.Serial != "" || g.Calibrated {
			t.Errorf("v%d: the clean profile reads as %+v", v, g)
		}
		if g.Description != "RGB colour profile" || g.Copyright != iccNeutralCopyright {
			t.Errorf("v%d: description %q, copyright %q", v, g.Description, g.Copyright)
		}
		p, _ := ReadICC(out)
		if !bytes.Equal(p.Header[24:36], make([]byte, 12)) || !bytes.Equal(p.Header[40:64], make([]byte, 24)) ||
			!bytes.Equal(p.Header[80:128], make([]byte, 48)) || !bytes.Equal(p.Header[4:8], make([]byte, 4)) {
			t.Errorf("v%d: header keeps a date, maker, model, creator or ID: % x", v, p.Header)
		}
		var sigs []string
		for _, tg := range p.Tags {
			sigs = append(sigs, tg.Sig)
		}
		if got := strings.Join(sigs, " "); got != "bTRC bXYZ chad cprt desc gTRC gXYZ rTRC rXYZ wtpt" {
			t.Errorf("v%d: tags %s", v, got)
		}
		if again, err := CleanICC(out); err != nil || !bytes.Equal(again, out) {
			t.Errorf("v%d: cleaning the clean profile again changes it (%v)", v, err)
		}
	}
}

// TestCleanICCOnTheMacPNG: the real PNG exported from a Mac keeps Apple's
// mmod tag (the display's maker, model and serial) and a profile date; its
// clean profile has neither.
func TestCleanICCOnTheMacPNG(t *testing.T) {
	b, err := os.ReadFile("../../shared/corpus/meta/mei/png__Issue_280_dotnet_.png")
	if err != nil {
		t.Skip("corpus absent")
	}
	p, err := Parse("mac.png", b, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := ReadICCFacts(p.Meta.ICC)
	if f.Serial == "" || !f.Calibrated {
		t.Fatalf("the Mac profile reads as %+v", f)
	}
	out, _, err := Clean(p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := Parse("copy.png", out, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := ReadICCFacts(q.Meta.ICC)
	if !g.Clean || g.Serial != "" || len(g.Device) > 0 {
		t.Errorf("the copy's profile reads as %+v", g)
	}
	for _, s := range []string{"mmod", "vcgt", "ndin", "Color LCD", "Apple"} {
		if bytes.Contains(q.Meta.ICC, []byte(s)) || bytes.Contains(q.Meta.ICC, hidden.UTF16(s)) {
			t.Errorf("%q left in the copy's profile", s)
		}
	}
}

// matrixTRC converts an RGB triple (0 to 1) to XYZ through a matrix/TRC
// profile's tags: each channel through its tone curve, then the matrix of
// the rXYZ, gXYZ and bXYZ columns. A small evaluator, independent of the
// code under test.
func matrixTRC(t *testing.T, icc []byte, rgb [3]float64) [3]float64 {
	t.Helper()
	p, err := ReadICC(icc)
	if err != nil {
		t.Fatal(err)
	}
	s15 := func(b []byte) float64 { return float64(int32(binary.BigEndian.Uint32(b))) / 65536 }
	var out [3]float64
	for c, ch := range []string{"r", "g", "b"} {
		trc, col := p.Tag(ch+"TRC"), p.Tag(ch+"XYZ")
		if trc == nil || col == nil {
			t.Fatalf("no %sTRC or %sXYZ", ch, ch)
		}
		x := rgb[c]
		var lin float64
		switch trc.Type {
		case "curv":
			n := int(binary.BigEndian.Uint32(trc.Data[8:]))
			switch n {
			case 0:
				lin = x
			case 1:
				lin = math.Pow(x, float64(binary.BigEndian.Uint16(trc.Data[12:]))/256)
			default:
				f := x * float64(n-1)
				i := min(int(f), n-2)
				a, b := float64(binary.BigEndian.Uint16(trc.Data[12+2*i:])), float64(binary.BigEndian.Uint16(trc.Data[14+2*i:]))
				lin = (a + (b-a)*(f-float64(i))) / 65535
			}
		case "para":
			g, a, b, cc, d := s15(trc.Data[12:]), s15(trc.Data[16:]), s15(trc.Data[20:]), s15(trc.Data[24:]), s15(trc.Data[28:])
			if x >= d {
				lin = math.Pow(a*x+b, g)
			} else {
				lin = cc * x
			}
		default:
			t.Fatalf("curve type %s", trc.Type)
		}
		for k := 0; k < 3; k++ {
			out[k] += lin * s15(col.Data[8+4*k:])
		}
	}
	return out
}

// TestCleanICCKeepsColours: colours converted through the clean profile
// are those converted through the original. With the small evaluator above
// on the crafted profiles; with Little CMS (transicc, apt package
// liblcms2-utils), under the four rendering intents, on them and on every
// colour profile of the corpus (matrix/TRC and printer LUT profiles).
func TestCleanICCKeepsColours(t *testing.T) {
	profiles := map[string][]byte{"crafted v2": hidden.ICC(2), "crafted v4": hidden.ICC(4)}
	for name, icc := range profiles {
		out, err := CleanICC(icc)
		if err != nil {
			t.Fatal(err)
		}
		for _, rgb := range [][3]float64{{0, 0, 0}, {1, 1, 1}, {1, 0, 0}, {0.2, 0.5, 0.8}, {0.9, 0.1, 0.4}} {
			if a, b := matrixTRC(t, icc, rgb), matrixTRC(t, out, rgb); a != b {
				t.Errorf("%s: %v became %v, want %v", name, rgb, b, a)
			}
		}
	}
	if _, err := exec.LookPath("transicc"); err != nil {
		t.Skip("transicc not installed (apt package liblcms2-utils): only the small evaluator ran")
	}
	files, _ := filepath.Glob("../../shared/corpus/meta/*/*")
	seen := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		p, err := Parse(f, b, DefaultLimits)
		if err != nil || len(p.Meta.ICC) == 0 || seen[string(p.Meta.ICC)] {
			continue
		}
		seen[string(p.Meta.ICC)] = true
		profiles[filepath.Base(f)] = p.Meta.ICC
	}
	dir := t.TempDir()
	checked := 0
	for name, icc := range profiles {
		out, err := CleanICC(icc)
		if err != nil {
			t.Logf("%s: the profile is not read (%v): the copy carries none", name, err)
			continue
		}
		a, b := filepath.Join(dir, "a.icc"), filepath.Join(dir, "b.icc")
		os.WriteFile(a, icc, 0o644)
		os.WriteFile(b, out, 0o644)
		p, _ := ReadICC(icc)
		in := transiccInput(p.Space())
		for intent := 0; intent < 4; intent++ {
			want := transicc(t, a, intent, in)
			got := transicc(t, b, intent, in)
			if strings.HasPrefix(want, "error") || strings.Count(want, "\n") < 5 {
				t.Errorf("%s, intent %d: transicc reads no colours: %s", name, intent, want)
			}
			if want != got {
				t.Errorf("%s, intent %d: Little CMS converts the clean profile's colours otherwise:\n%s\nwant\n%s", name, intent, got, want)
			}
		}
		checked++
		t.Logf("%s (%s, %s): converted alike", name, p.Class(), p.Space())
	}
	t.Logf("%d profiles converted alike by Little CMS under 4 intents", checked)
}

// transiccInput is a grid of colours in a profile's colour space, as
// transicc reads them (0-255 per channel; CMYK in percent).
func transiccInput(space string) string {
	var b strings.Builder
	levels := []int{0, 37, 128, 200, 255}
	switch space {
	case "GRAY":
		for _, v := range levels {
			fmt.Fprintf(&b, "%d\n", v)
		}
	case "CMYK":
		for _, c := range []int{0, 30, 100} {
			for _, m := range []int{0, 55, 100} {
				for _, y := range []int{0, 70} {
					for _, k := range []int{0, 40} {
						fmt.Fprintf(&b, "%d %d %d %d\n", c, m, y, k)
					}
				}
			}
		}
	default:
		for _, r := range levels {
			for _, g := range levels {
				for _, bl := range levels {
					fmt.Fprintf(&b, "%d %d %d\n", r, g, bl)
				}
			}
		}
	}
	return b.String()
}

// transicc converts colours through a profile to Lab (D50) with Little CMS.
func transicc(t *testing.T, profile string, intent int, input string) string {
	t.Helper()
	cmd := exec.Command("transicc", "-i"+profile, "-o*Lab", fmt.Sprintf("-t%d", intent), "-n")
	cmd.Stdin = strings.NewReader(input)
	out, err := cmd.Output()
	if err != nil {
		return "error: " + err.Error()
	}
	return string(out)
}

func FuzzCleanICC(f *testing.F) {
	f.Add(hidden.ICC(2))
	f.Add(hidden.ICC(4))
	seed(f, "../../shared/corpus/meta/exiftool/*.icc")
	f.Fuzz(func(t *testing.T, b []byte) {
		ReadICCFacts(b)
		out, err := CleanICC(b)
		if err != nil {
			return
		}
		// A clean profile reads, says nothing of where it came from, and
		// cleaning it again changes nothing.
		g, ok := ReadICCFacts(out)
		if !ok || !g.Clean || g.Serial != "" || len(g.Device) > 0 {
			t.Fatalf("the clean profile reads as %+v", g)
		}
	})
}
