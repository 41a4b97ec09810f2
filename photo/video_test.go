package photo

import (
	"bytes"
	"encoding/binary"
	"errors"

	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/internal/oracle"
	"github.com/sharesafe/sharesafe/internal/videoclips"
)

func TestMain(m *testing.M) {
	code := m.Run()
	videoclips.Remove()
	os.Exit(code)
}

// tinyClip reads a committed clip of testdata/videos.
func tinyClip(t *testing.T, name string) *Photo {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../testdata/videos", name))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(name, b, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// tagSet lists a layout's tags as "box key".
func tagSet(l *VideoLayout) map[string]VideoTag {
	m := map[string]VideoTag{}
	for _, t := range l.Tags {
		if _, ok := m[t.Box+" "+t.Key]; !ok {
			m[t.Box+" "+t.Key] = t
		}
	}
	return m
}

// TestWalkVideoFindsEveryItem checks, on the committed clips, that the
// walker reads each metadata item the generator wrote: QuickTime Keys,
// 3GPP boxes, GoPro atoms and GPMF telemetry, CAMM and Apple timed
// metadata, header dates.
func TestWalkVideoFindsEveryItem(t *testing.T) {
	for _, c := range []struct {
		name      string
		format    Format
		moovFirst bool
		audio     bool
		codec     string
		want      map[string]string // "box key" -> value ("" for any)
		counts    map[string]int
	}{
		{"iphone-live.mov", FormatMOV, true, true, "hvc1", map[string]string{
			"keys com.apple.quicktime.location.ISO6709":   "+48.8584+002.2945+035.000/",
			"keys com.apple.quicktime.make":               "Apple",
			"keys com.apple.quicktime.model":              "iPhone 13",
			"keys com.apple.quicktime.software":           "17.5.1",
			"keys com.apple.quicktime.creationdate":       "2024-07-14T15:30:12+0200",
			"keys com.apple.quicktime.content.identifier": "4B5E8A2C-1D2F-4A3B-9C8D-0E1F2A3B4C5D",
			"mebx com.apple.quicktime.location.ISO6709":   "+48.8584+002.2945+035.000/",
			"mebx com.apple.quicktime.still-image-time":   "-1",
			"track mebx":           "meta",
			"header track created": "2023-12-28T16:00:00Z",
		}, map[string]int{"mebx com.apple.quicktime.location.ISO6709": 2}},
		{"gopro-like.mp4", FormatMP4, false, true, "avc1", map[string]string{
			"udta FIRM":            "HD9.01.01.60.00",
			"udta LENS":            "LAJ8052023150501",
			"udta CAME":            "9a1b2c3d4e5f60718293a4b5c6d7e8f9",
			"gpmf MINF":            "HERO9 Black",
			"gpmf CASN":            "C3441325123456",
			"gpmf GPS5":            "48.858370,2.294481",
			"gpmf GPSU":            "",
			"header movie created": "2024-07-14T15:30:12Z",
		}, map[string]int{"gpmf GPS5": 54}},
		{"phone.3gp", FormatMP4, true, true, "avc1", map[string]string{
			"loci name": "Jules Ferry school", "loci position": "48.858398,2.294495", "udta auth": "Marie Dupont",
			"udta dscp": "class trip", "udta ©nam": "Léa",
		}, nil},
		{"camm.mp4", FormatMP4, true, false, "avc1", map[string]string{
			"camm position": "48.858370,2.294481", "track camm": "meta",
		}, map[string]int{"camm position": 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := tinyClip(t, c.name)
			l := p.Video
			if p.Format != c.format || l.MoovFirst != c.moovFirst || l.HasAudio() != c.audio || l.VideoCodec() != c.codec {
				t.Errorf("format %s, movie first %v, audio %v, codec %s", p.Format, l.MoovFirst, l.HasAudio(), l.VideoCodec())
			}
			if p.Width() != 64 || p.Height() != 64 || l.Seconds() < 0.1 || l.Frames() < 3 {
				t.Errorf("%dx%d, %.2f s, %d frames", p.Width(), p.Height(), l.Seconds(), l.Frames())
			}
			tags := tagSet(l)
			for k, v := range c.want {
				got, ok := tags[k]
				if !ok {
					t.Errorf("no %s among %v", k, l.Tags)
					continue
				}
				if v != "" && got.Value != v {
					t.Errorf("%s = %q, want %q", k, got.Value, v)
				}
			}
			for k, n := range c.counts {
				if tags[k].Count != n {
					t.Errorf("%s counted %d, want %d", k, tags[k].Count, n)
				}
			}
		})
	}
}

// cleanBytes makes the safe copy of a clip held in memory.
func cleanBytes(t *testing.T, p *Photo) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := CleanVideo(p, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) {
		t.Fatalf("CleanVideo says %d bytes, wrote %d", n, buf.Len())
	}
	return buf.Bytes()
}

// TestCleanVideoKeepsOnlyTheSamples checks the copy of each committed clip:
// it parses, carries no metadata item, no data track, no date and no
// name, keeps the movie box where the original had it, and holds the
// original's picture and sound samples byte for byte (VerifyVideo), its
// mdat nothing else.
func TestCleanVideoKeepsOnlyTheSamples(t *testing.T) {
	for _, name := range []string{"iphone-live.mov", "gopro-like.mp4", "phone.3gp", "camm.mp4"} {
		t.Run(name, func(t *testing.T) {
			p := tinyClip(t, name)
			if err := Verify(p.Data); err == nil {
				t.Fatal("Verify passes the original")
			}
			out := cleanBytes(t, p)
			if err := Verify(out); err != nil {
				t.Fatal(err)
			}
			if err := VerifyVideo(bytes.NewReader(out), int64(len(out)), p); err != nil {
				t.Fatal(err)
			}
			c, err := Parse("copy", out, DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			l := c.Video
			if len(l.Tags) > 0 || len(c.Meta.XMP) > 0 || len(c.Meta.Other) > 0 || len(l.Extra) > 0 {
				t.Errorf("copy carries %v, XMP %d, %v, %v", l.Tags, len(c.Meta.XMP), c.Meta.Other, l.Extra)
			}
			if l.MoovFirst != p.Video.MoovFirst || c.Format != p.Format {
				t.Errorf("movie first %v (original %v), format %s", l.MoovFirst, p.Video.MoovFirst, c.Format)
			}
			var want int64
			for _, tr := range p.Video.Tracks {
				if tr.Handler == "vide" || tr.Handler == "soun" {
					want += tr.Bytes
				}
			}
			if len(l.mdats) != 1 || l.mdats[0][1]-l.mdats[0][0] != want {
				t.Errorf("copy's mdat holds %v, the samples are %d bytes", l.mdats, want)
			}
			for _, tr := range l.Tracks {
				if tr.Handler != "vide" && tr.Handler != "soun" || !tr.Created.IsZero() || tr.HandlerName != "" || tr.CompressorName != "" {
					t.Errorf("track %d: %s %q %q %v", tr.ID, tr.Handler, tr.HandlerName, tr.CompressorName, tr.Created)
				}
			}
			// The copy of a copy is the same file.
			if again := cleanBytes(t, c); !bytes.Equal(again, out) {
				t.Error("cleaning the copy again changes it")
			}
		})
	}
}

// TestVerifyVideoRefusesWhatTheWriterWouldNotWrite changes a good copy in
// the ways a writer bug or a hostile input could, and checks each is
// refused: a sample changed, bytes hidden in mdat or after it, a
// metadata box in the movie, a date set, a handler's name.
func TestVerifyVideoRefusesWhatTheWriterWouldNotWrite(t *testing.T) {
	p := tinyClip(t, "iphone-live.mov")
	out := cleanBytes(t, p)
	c, _ := Parse("copy", out, DefaultLimits)
	mdat := c.Video.mdats[0]
	moovAt := int(c.Video.moovOff)
	cases := map[string]func([]byte) []byte{
		"a sample byte changed": func(b []byte) []byte { b[mdat[0]+10] ^= 1; return b },
		"a box after the file": func(b []byte) []byte {
			return append(b, []byte("\x00\x00\x00\x1cfree+48.8584+002.2945/....")...)
		},
		"bytes hidden in mdat": func(b []byte) []byte {
			// Grow mdat by 16 bytes at its end (the movie box is first).
			b = append(b[:mdat[1]:mdat[1]], append([]byte("+48.8584+002.29/"), b[mdat[1]:]...)...)
			at := mdat[0] - 8
			binary.BigEndian.PutUint32(b[at:], binary.BigEndian.Uint32(b[at:])+16)
			return b
		},
		"a date set in the movie header": func(b []byte) []byte {
			i := bytes.Index(b, []byte("mvhd"))
			binary.BigEndian.PutUint32(b[i+8:], 3786624000)
			return b
		},
		"a handler's name": func(b []byte) []byte {
			i := bytes.Index(b, []byte("hdlr"))
			b[i+28] = 'X' // the name's one byte: now an unterminated "X"
			return b
		},
		"a compressor's name": func(b []byte) []byte {
			i := bytes.Index(b, []byte("hvc1"))
			copy(b[i+4+42:], "\x05Apple")
			return b
		},
		"a user-data box in the movie": func(b []byte) []byte {
			udta := []byte("\x00\x00\x00\x1audta\x00\x00\x00\x12\xa9xyz\x00\x06\x00\x00+48+2/")
			moovLen := binary.BigEndian.Uint32(b[moovAt:])
			end := moovAt + int(moovLen)
			b = append(b[:end:end], append(udta, b[end:]...)...)
			binary.BigEndian.PutUint32(b[moovAt:], moovLen+uint32(len(udta)))
			return b
		},
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			bad := f(append([]byte(nil), out...))
			errA := Verify(bad)
			errB := VerifyVideo(bytes.NewReader(bad), int64(len(bad)), p)
			if errA == nil && errB == nil {
				t.Fatal("accepted")
			}
			if name == "a sample byte changed" && errB == nil {
				t.Fatal("VerifyVideo accepts a changed sample")
			}
		})
	}
}

// TestCleanHVCCDropsSEI: the HEVC configuration keeps its parameter sets
// and drops the SEI arrays where encoders write their settings.
func TestCleanHVCCDropsSEI(t *testing.T) {
	hdr := make([]byte, 22)
	arr := func(typ byte, nal string) []byte {
		return append([]byte{0x80 | typ, 0, 1, 0, byte(len(nal))}, nal...)
	}
	in := append(append(hdr, 4), joinBytes(arr(32, "VPS"), arr(33, "SPS"), arr(34, "PPS"), arr(39, "x265 (build 199) - options: ..."))...)
	out := cleanHVCC(in)
	if bytes.Contains(out, []byte("x265")) || !bytes.Contains(out, []byte("PPS")) || out[22] != 3 {
		t.Errorf("cleaned %q", out)
	}
}

func joinBytes(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// sparse is a file of size bytes that is its head followed by zeros,
// which records how many bytes were read.
type sparse struct {
	head []byte
	size int64
	read int64
}

func (s *sparse) ReadAt(b []byte, off int64) (int, error) {
	if off >= s.size {
		return 0, io.EOF
	}
	n := min(int64(len(b)), s.size-off)
	clear(b[:n])
	if off < int64(len(s.head)) {
		copy(b, s.head[off:])
	}
	s.read += n
	if n < int64(len(b)) {
		return int(n), io.EOF
	}
	return int(n), nil
}

func mkbox(typ string, body []byte) []byte {
	return append(append(binary.BigEndian.AppendUint32(nil, uint32(8+len(body))), typ...), body...)
}

// TestVideoLimitsAreCheckedBeforeReading: a movie box over the limit is
// refused without being read, and too many boxes, too deep a nesting, too
// many samples and a chunk outside the file are refused.
func TestVideoLimitsAreCheckedBeforeReading(t *testing.T) {
	ftyp := mkbox("ftyp", []byte("isom\x00\x00\x02\x00isommp41"))
	t.Run("a huge movie box", func(t *testing.T) {
		head := append(ftyp, binary.BigEndian.AppendUint32(nil, 1<<30)...)
		head = append(head, "moov"...)
		s := &sparse{head: head, size: int64(len(ftyp)) + 1<<30}
		_, _, err := WalkVideo(s, s.size)
		if err == nil || !strings.Contains(err.Error(), "limit") {
			t.Fatalf("err %v", err)
		}
		if s.read > 1<<16 {
			t.Errorf("read %d bytes before refusing", s.read)
		}
	})
	t.Run("too many boxes", func(t *testing.T) {
		many := bytes.Repeat(mkbox("free", nil), videoLimits.maxBoxes+1)
		b := append(append([]byte(nil), ftyp...), mkbox("moov", many)...)
		if _, _, err := WalkVideo(bytes.NewReader(b), int64(len(b))); err == nil || !strings.Contains(err.Error(), "boxes") {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("nesting", func(t *testing.T) {
		u := mkbox("©nam", []byte("\x00\x03\x00\x00Léa"))
		for i := 0; i < 40; i++ {
			u = mkbox("udta", u)
		}
		b := append(append([]byte(nil), ftyp...), mkbox("moov", append(mkbox("mvhd", make([]byte, 100)), u...))...)
		if _, _, err := WalkVideo(bytes.NewReader(b), int64(len(b))); err == nil || !strings.Contains(err.Error(), "deep") {
			t.Fatalf("err %v", err)
		}
	})
	p := tinyClip(t, "camm.mp4")
	t.Run("too many samples", func(t *testing.T) {
		b := append([]byte(nil), p.Data...)
		i := bytes.Index(b, []byte("stsz"))
		binary.BigEndian.PutUint32(b[i+12:], uint32(videoLimits.maxSamples+1))
		if _, err := Parse("x.mp4", b, DefaultLimits); err == nil || !strings.Contains(err.Error(), "samples") {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("a sample table that says more than it holds", func(t *testing.T) {
		b := append([]byte(nil), p.Data...)
		i := bytes.Index(b, []byte("stsz"))
		binary.BigEndian.PutUint32(b[i+12:], 1_000_000)
		if _, err := Parse("x.mp4", b, DefaultLimits); err == nil {
			t.Fatal("accepted")
		}
	})
	t.Run("a chunk outside the file", func(t *testing.T) {
		b := append([]byte(nil), p.Data...)
		i := bytes.Index(b, []byte("stco"))
		binary.BigEndian.PutUint32(b[i+12:], uint32(len(b)))
		if _, err := Parse("x.mp4", b, DefaultLimits); err == nil || !strings.Contains(err.Error(), "outside") {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("cut short", func(t *testing.T) {
		if _, err := Parse("x.mp4", p.Data[:len(p.Data)-100], DefaultLimits); err == nil || !strings.Contains(err.Error(), "cut short") {
			t.Fatalf("err %v", err)
		}
	})
}

// TestCleanVideoRefusesWhatItCannotCopy: a fragmented movie and samples
// in another file are not copied (the error says why, wrapping
// ErrNotCleanable).
func TestCleanVideoRefusesWhatItCannotCopy(t *testing.T) {
	p := tinyClip(t, "camm.mp4")
	b := append([]byte(nil), p.Data...)
	i := bytes.Index(b, []byte("url "))
	b[i+7] = 0 // the data reference no longer says "in this file"
	q, err := Parse("x.mp4", b, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CleanVideo(q, io.Discard); !errors.Is(err, ErrNotCleanable) || !strings.Contains(err.Error(), "another file") {
		t.Errorf("external samples: %v", err)
	}
	b = append(append([]byte(nil), p.Data...), mkbox("moof", mkbox("mfhd", make([]byte, 8)))...)
	q, err = Parse("x.mp4", b, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CleanVideo(q, io.Discard); !errors.Is(err, ErrNotCleanable) || !strings.Contains(err.Error(), "fragmented") {
		t.Errorf("fragmented: %v", err)
	}
}

// TestCleanVideoFromAFileChecksItDidNotChange: a video loaded from a file
// is copied from the file, and refused when the file changed since.
func TestCleanVideoFromAFileChecksItDidNotChange(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "clip.mov")
	data, _ := os.ReadFile("../testdata/videos/iphone-live.mov")
	os.WriteFile(src, data, 0o644)
	p, err := Load(src, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if p.Data != nil {
		t.Error("a video loaded from a file holds its bytes")
	}
	var buf bytes.Buffer
	if _, err := CleanVideo(p, &buf); err != nil {
		t.Fatal(err)
	}
	if err := VerifyVideo(bytes.NewReader(buf.Bytes()), int64(buf.Len()), p); err != nil {
		t.Fatal(err)
	}
	q := tinyClip(t, "iphone-live.mov")
	if !bytes.Equal(buf.Bytes(), cleanBytes(t, q)) {
		t.Error("the copy from the file differs from the copy from memory")
	}
	data[int(p.Video.moovOff)+200] ^= 1
	os.WriteFile(src, data, 0o644)
	if _, err := CleanVideo(p, io.Discard); !errors.Is(err, ErrVideoChanged) {
		t.Errorf("changed file: %v", err)
	}
}

// TestCopiesPassTheOracles cleans the committed clips (and, in the long
// run, the development clips made by ffmpeg and exiftool and the public
// GoPro samples when ../shared/videos holds them) and checks each copy with
// independent tools: ffmpeg reads the same picture and sound packets
// (stream-copy MD5) and decodes every frame without an error, and
// exiftool (-ee3: timed metadata too) finds no tag beyond the structure
// (no GPS, device, date, identifier, place, XMP, name or data track), where
// it finds some in each original.
func TestCopiesPassTheOracles(t *testing.T) {
	oracle.Require(t)
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("ffmpeg is missing under CI: .ci/run must install it")
		}
		t.Skip("ffmpeg not installed")
	}
	files, _ := filepath.Glob("../testdata/videos/*")
	if os.Getenv("SHARESAFE_LONG") != "" {
		dev, _ := filepath.Glob(filepath.Join(videoclips.ForTest(t), "*"))
		public, _ := filepath.Glob("../../shared/videos/public/*")
		files = append(dev, public...)
	}
	out := t.TempDir()
	var origs, copies []string
	for _, f := range files {
		p, err := Load(f, DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if p.Video == nil {
			continue // the Live Photo's still
		}
		dst := filepath.Join(out, filepath.Base(f))
		w, err := os.Create(dst)
		if err != nil {
			t.Fatal(err)
		}
		n, err := CleanVideo(p, w)
		w.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		r, _ := os.Open(dst)
		err = VerifyVideo(r, n, p)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		origs, copies = append(origs, f), append(copies, dst)
	}
	tags, err := oracle.VideoTagsOf(append(origs, copies...)...)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range origs {
		if leaks := oracle.VideoLeaksIn(tags[copies[i]]); len(leaks) > 0 {
			t.Errorf("%s: exiftool finds in the copy %v", f, leaks)
		}
		if leaks := oracle.VideoLeaksIn(tags[f]); len(leaks) == 0 {
			t.Errorf("%s: the oracle finds nothing in the original either", f)
		}
		if a, b := streamMD5(t, f), streamMD5(t, copies[i]); a != b {
			t.Errorf("%s: stream-copy MD5 %s, the original's %s", f, b, a)
		}
		if msg, err := exec.Command("ffmpeg", "-v", "error", "-i", copies[i], "-f", "null", "-").CombinedOutput(); err != nil || len(msg) > 0 {
			t.Errorf("%s: ffmpeg decoding the copy: %v %s", f, err, msg)
		}
	}
	if len(origs) < 4 {
		t.Errorf("only %d clips checked", len(origs))
	}
}

// streamMD5 is ffmpeg's MD5 of a file's picture and sound packets, copied.
func streamMD5(t *testing.T, path string) string {
	out, err := exec.Command("ffmpeg", "-v", "error", "-i", path, "-map", "0:v:0", "-map", "0:a?", "-c", "copy", "-f", "md5", "-").Output()
	if err != nil {
		t.Fatalf("ffmpeg %s: %v", path, err)
	}
	return strings.TrimSpace(string(out))
}
