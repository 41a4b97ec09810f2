package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/photos/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		head string
		want Format
	}{
		{"\xFF\xD8\xFF\xE0", FormatJPEG},
		{"\x89PNG\r\n\x1a\n", FormatPNG},
		{"RIFF\x00\x00\x00\x00WEBPVP8 ", FormatWebP},
		{"\x00\x00\x00\x18ftypheic", FormatHEIC},
		{"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41", FormatMP4},
		{"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom", FormatMP4},
		{"\x00\x00\x00\x14ftyp3gp6\x00\x00\x02\x003gp6", FormatMP4},
		{"\x00\x00\x00\x14ftypM4V \x00\x00\x02\x00M4V ", FormatMP4},
		{"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  ", FormatMOV},
		{"\x00\x00\x00\x08wide\x00\x01\x00\x00mdat", FormatMOV},
		{"\x00\x00\x10\x00moov\x00\x00\x00\x6cmvhd", FormatMOV},
		{"\x00\x00\x00\x18ftypXYZW\x00\x00\x00\x00XYZWmp42", FormatMP4},     // unknown major, video compatible brand
		{"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic", FormatHEIC},    // an image, not a video
		{"\x00\x00\x00\x18ftypcrx \x00\x00\x00\x00crx isom", FormatUnknown}, // a Canon raw photo
		{"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00M4A mp42", FormatUnknown}, // sound only
		{"GIF89a", FormatUnknown},
		{"", FormatUnknown},
	} {
		if got := Sniff([]byte(c.head)); got != c.want {
			t.Errorf("Sniff(%q) = %q, want %q", c.head, got, c.want)
		}
	}
}

func TestWalkJPEGFindsEveryBlock(t *testing.T) {
	p, err := Parse("school-gate.jpg", fixture(t, "school-gate.jpg"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	m := p.Meta
	if len(m.EXIF) == 0 || len(m.XMP) != 1 || len(m.Comments) != 1 || len(m.Trailer) != 40 {
		t.Errorf("EXIF %d bytes, %d XMP, %d comments, trailer %d bytes", len(m.EXIF), len(m.XMP), len(m.Comments), len(m.Trailer))
	}
	if !bytes.Equal(m.Trailer[4:8], []byte("ftyp")) {
		t.Errorf("trailer does not start with the MP4 header")
	}
	if p.Width() != 512 || p.Height() != 512 {
		t.Errorf("size %dx%d", p.Width(), p.Height())
	}
}

func TestWalkJPEGRejectsBrokenFiles(t *testing.T) {
	good := fixture(t, "rotated.jpg")
	for name, b := range map[string][]byte{
		"empty":        {},
		"truncated":    good[:len(good)/2],
		"no EOI":       good[:len(good)-2],
		"bad length":   append(append([]byte{}, good[:2]...), 0xFF, 0xE1, 0xFF, 0xFF, 0x00),
		"not a marker": {0xFF, 0xD8, 0x00, 0x01, 0x02, 0x03},
	} {
		if _, err := Parse(name, b, DefaultLimits); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestParseRefusesDecompressionBombs(t *testing.T) {
	// A PNG header declaring 100,000 x 100,000 pixels, and nothing else.
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 100_000)
	binary.BigEndian.PutUint32(ihdr[4:], 100_000)
	ihdr[8], ihdr[9] = 8, 2
	b := append([]byte{}, pngSignature...)
	for _, c := range []struct {
		typ  string
		data []byte
	}{{"IHDR", ihdr}, {"IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}}, {"IEND", nil}} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(c.data)))
		start := len(b)
		b = append(b, c.typ...)
		b = append(b, c.data...)
		b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
	}
	_, err := Parse("bomb.png", b, DefaultLimits)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
}

// TestUprightAllEightOrientations stores a 3x2 image with four distinct
// corners as each EXIF orientation would, and checks Upright restores it.
func TestUprightAllEightOrientations(t *testing.T) {
	up := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	for i := range up.Pix {
		up.Pix[i] = uint8(i * 11)
	}
	// stored[o] is what a camera writes for orientation o.
	stored := map[int]func(x, y int) (int, int, int, int){ // returns stored w, h and stored coords of upright (x, y)
		1: func(x, y int) (int, int, int, int) { return 3, 2, x, y },
		2: func(x, y int) (int, int, int, int) { return 3, 2, 2 - x, y },
		3: func(x, y int) (int, int, int, int) { return 3, 2, 2 - x, 1 - y },
		4: func(x, y int) (int, int, int, int) { return 3, 2, x, 1 - y },
		5: func(x, y int) (int, int, int, int) { return 2, 3, y, x },
		6: func(x, y int) (int, int, int, int) { return 2, 3, y, 2 - x },
		7: func(x, y int) (int, int, int, int) { return 2, 3, 1 - y, 2 - x },
		8: func(x, y int) (int, int, int, int) { return 2, 3, 1 - y, x },
	}
	for o, f := range stored {
		w, h, _, _ := f(0, 0)
		s := image.NewNRGBA(image.Rect(0, 0, w, h))
		for y := 0; y < 2; y++ {
			for x := 0; x < 3; x++ {
				_, _, sx, sy := f(x, y)
				s.Set(sx, sy, up.At(x, y))
			}
		}
		got := Upright(s, o)
		if got.Bounds().Dx() != 3 || got.Bounds().Dy() != 2 {
			t.Errorf("orientation %d: size %v", o, got.Bounds())
			continue
		}
		for y := 0; y < 2; y++ {
			for x := 0; x < 3; x++ {
				if color.NRGBAModel.Convert(got.At(x, y)) != up.At(x, y) {
					t.Errorf("orientation %d: pixel (%d,%d) wrong", o, x, y)
				}
			}
		}
	}
}

func TestOpenTurnsRotatedPhotoUpright(t *testing.T) {
	p, err := Open("../testdata/photos/rotated.jpg", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := Open("../testdata/photos/astronaut.png", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if p.Orientation != 6 {
		t.Fatalf("orientation %d", p.Orientation)
	}
	// Compare a patch of the upright pixels with the original photo.
	var diff float64
	for y := 100; y < 140; y++ {
		for x := 200; x < 240; x++ {
			a := color.GrayModel.Convert(p.Image.At(x, y)).(color.Gray).Y
			b := color.GrayModel.Convert(ref.Image.At(x, y)).(color.Gray).Y
			diff += abs(int(a) - int(b))
		}
	}
	if diff/1600 > 8 {
		t.Errorf("upright pixels differ from the original by %.1f on average", diff/1600)
	}
}

func abs(v int) float64 {
	if v < 0 {
		return float64(-v)
	}
	return float64(v)
}

func TestPNGText(t *testing.T) {
	p, err := Parse("drawing.png", fixture(t, "drawing.png"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range p.Meta.Text {
		got[c.Key] = c.Value
	}
	if got["Author"] != "Jane Example" || got["Comment"] != "Drawn at Ecole Jean Moulin, class CP-B" {
		t.Errorf("text chunks: %v", got)
	}
	if len(p.Meta.XMP) != 1 || len(p.Meta.EXIF) == 0 {
		t.Errorf("XMP %d, EXIF %d bytes", len(p.Meta.XMP), len(p.Meta.EXIF))
	}
}

func TestCollect(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(dir+"/sub/.hidden", 0o755)
	os.MkdirAll(dir+"/Safe", 0o755)
	var jb bytes.Buffer
	jpeg.Encode(&jb, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
	os.WriteFile(dir+"/a.jpg", jb.Bytes(), 0o644)
	os.WriteFile(dir+"/sub/noext", jb.Bytes(), 0o644)      // content says photo
	os.WriteFile(dir+"/sub/notes.txt", []byte("x"), 0o644) // not a photo
	os.WriteFile(dir+"/sub/.hidden/b.jpg", jb.Bytes(), 0o644)
	os.WriteFile(dir+"/.c.jpg", jb.Bytes(), 0o644)
	os.WriteFile(dir+"/clip.mov", []byte("not even a video"), 0o644)                         // a video by its name: an input (it fails by name)
	os.WriteFile(dir+"/sub/clip", []byte("\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00"), 0o644) // a QuickTime clip by its bytes: an input
	os.WriteFile(dir+"/sub/movie.avi", []byte("RIFF\x00\x00\x00\x00AVI LIST"), 0o644)        // a video sharesafe does not read
	os.WriteFile(dir+"/sub/film", []byte("\x1a\x45\xdf\xa3\x01\x00"), 0o644)                 // Matroska, by its bytes
	os.WriteFile(dir+"/a.jpg.orig", jb.Bytes(), 0o644)
	os.WriteFile(dir+"/Safe/"+OutputMark, nil, 0o644)
	os.WriteFile(dir+"/Safe/a.jpg", jb.Bytes(), 0o644)
	os.Symlink(dir+"/a.jpg", dir+"/sub/link.jpg")
	os.Link(dir+"/a.jpg", dir+"/sub/hard.jpg")
	c := Collect([]string{dir, dir + "/missing.jpg", dir + "/a.jpg"})
	var rels []string
	for _, in := range c.Inputs {
		rels = append(rels, in.Rel)
	}
	if !slices.Equal(rels, []string{"a.jpg", "clip.mov", "sub/clip", "sub/noext"}) {
		t.Errorf("inputs %v", rels)
	}
	var skips []string
	for _, s := range c.Skips {
		rel, _ := filepath.Rel(dir, s.Path)
		skips = append(skips, rel+" "+string(s.Reason))
	}
	want := []string{"a.jpg.orig backup", "sub/film video", "sub/hard.jpg duplicate",
		"sub/link.jpg link", "sub/movie.avi video", "sub/notes.txt not_a_photo", "a.jpg duplicate"}
	if !slices.Equal(skips, want) {
		t.Errorf("skips\n%v, want\n%v", skips, want)
	}
	var pe *PathError
	if len(c.Errors) != 1 || !errors.As(c.Errors[0], &pe) || pe.Path != dir+"/missing.jpg" || !errors.Is(c.Errors[0], fs.ErrNotExist) {
		t.Errorf("errors %v", c.Errors)
	}
}
