package video

import (
	"context"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/internal/videoclips"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
)

// need returns ffmpeg, or skips the test without it (fails under CI,
// where .ci/run installs it).
func need(t *testing.T) *FFmpeg {
	t.Helper()
	f, err := Find()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return f
}

func TestFind(t *testing.T) {
	f := need(t)
	if f.Version == "" || f.FFprobe == "" || !f.H264() {
		t.Errorf("%+v", f)
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := Find(); err == nil {
		t.Error("found ffmpeg on an empty PATH")
	}
}

// faceClip makes a clip of the demo's tennis club photo (twelve faces the
// detectors find), panning slowly to the left, 1 s at 10 fps, with a tone,
// and turned a quarter by its display matrix when turned is set.
func faceClip(t *testing.T, dir string, turned bool) string {
	t.Helper()
	out := filepath.Join(dir, "tennis.mp4")
	args := []string{"-v", "error", "-y", "-loop", "1", "-framerate", "10", "-i", "../cmd/sharesafe/samples/1-tennis-club.jpg",
		"-f", "lavfi", "-i", "sine=frequency=330:sample_rate=48000", "-t", "1",
		"-vf", "crop=iw-40:ih:40*t:0,scale=trunc(iw/2)*2:trunc(ih/2)*2", "-c:v", "libx264", "-preset", "ultrafast",
		"-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"}
	if msg, err := exec.Command("ffmpeg", append(args, out)...).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, msg)
	}
	if turned {
		if err := videoclips.Turn90(out); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestMaskCoversEveryFaceFound masks a clip with the solid style, searching
// every third frame, and checks, frame by frame on the encoded copy
// decoded again, that every face a search of that frame finds in the
// original lies under a mask (the solid colour, within the encoder's
// error), and that the sound is still there.
func TestMaskCoversEveryFaceFound(t *testing.T) {
	f := need(t)
	dir := t.TempDir()
	src := faceClip(t, dir, false)
	ctx := context.Background()
	s, err := f.Probe(ctx, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "masked.mp4")
	opt := detect.Options{Faces: true, Face: detect.DefaultFaceOptions}
	found := map[int][]image.Rectangle{}
	res, err := Mask(ctx, f, src, s, dst, SearchOptions{
		Detect: opt, Faces: redact.AllFaces, Style: redact.Solid, Stride: 3, Hold: 1, Jobs: 2,
	}, EncodeOptions{CRF: 18, Preset: "veryfast", Format: "mp4"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Masks) != 10 || res.Searched != 4 || res.Faces < 10 || res.Masked != 10 {
		t.Errorf("%d frames, %+v", len(res.Masks), res)
	}
	// Every frame of the original, searched, against the copy.
	orig, _ := f.Decode(ctx, src, s)
	defer orig.Close()
	cs, err := f.Probe(ctx, dst, 0)
	if err != nil {
		t.Fatal(err)
	}
	cp, _ := f.Decode(ctx, dst, cs)
	defer cp.Close()
	a := image.NewNRGBA(image.Rect(0, 0, s.Width(), s.Height()))
	b := image.NewNRGBA(image.Rect(0, 0, cs.Width(), cs.Height()))
	for i := 0; orig.Next(a) == nil; i++ {
		if err := cp.Next(b); err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if i%2 != 1 {
			continue // the frames between the searches (a search costs)
		}
		faces, err := detect.Faces(a, opt.Face)
		if err != nil {
			t.Fatal(err)
		}
		found[i] = nil
		for _, fc := range faces {
			found[i] = append(found[i], fc.Box.R())
			if share := solidShare(b, fc.Box.R()); share < 0.98 {
				t.Errorf("frame %d: the face at %v is %.2f under the mask", i, fc.Box.R(), share)
			}
		}
	}
	if len(found[1]) == 0 {
		t.Fatal("no face found in the first frame: the test shows nothing")
	}
	p, err := photo.Load(dst, photo.DefaultLimits)
	if err != nil || !p.Video.HasAudio() {
		t.Errorf("the copy has no sound: %v", err)
	}
}

// solidShare is the share of box's pixels that are the solid mask's
// colour, within the encoder's error.
func solidShare(img *image.NRGBA, box image.Rectangle) float64 {
	box = box.Intersect(img.Rect)
	in, all := 0, 0
	c := redact.SolidColor
	d := func(a, b uint8) int { return max(int(a)-int(b), int(b)-int(a)) }
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			p := img.NRGBAAt(x, y)
			all++
			if d(p.R, c.R) < 24 && d(p.G, c.G) < 24 && d(p.B, c.B) < 24 {
				in++
			}
		}
	}
	return float64(in) / float64(max(all, 1))
}

// TestPosterIsUpright: a clip turned by its matrix gives an upright poster
// frame, of the size the walker says.
func TestPosterIsUpright(t *testing.T) {
	f := need(t)
	dir := t.TempDir()
	src := faceClip(t, dir, true)
	img, err := f.Poster(context.Background(), src, 0, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	p, err := photo.Load(src, photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if img.Rect.Dx() != p.Width() || img.Rect.Dy() != p.Height() || img.Rect.Dx() > img.Rect.Dy() {
		t.Errorf("poster %v, the clip %dx%d", img.Rect, p.Width(), p.Height())
	}
	// Through photo.Decode, once registered.
	if err := p.Decode(); err == nil {
		t.Error("decoded a video's frame with no frame decoder")
	}
	f.RegisterPosters()
	defer photo.RegisterFrameDecoder(nil)
	if err := p.Decode(); err != nil || p.Image.Bounds() != img.Rect {
		t.Errorf("photo.Decode: %v %v", err, p.Image)
	}
}

// TestSearchWithoutFacesEncodesNothing: a clip with no face gets an empty
// plan and Mask writes nothing (the copy is then made without
// re-encoding); the frames searched are one in Stride and the last.
func TestSearchWithoutFacesEncodesNothing(t *testing.T) {
	f := need(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "pattern.mp4")
	if msg, err := exec.Command("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10",
		"-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", src).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, msg)
	}
	ctx := context.Background()
	s, err := f.Probe(ctx, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var searched []int
	dst := filepath.Join(dir, "out.mp4")
	p, err := Mask(ctx, f, src, s, dst, SearchOptions{
		Detect: detect.Options{Faces: true, Face: detect.FastFaceOptions}, Faces: redact.AllFaces, Style: redact.Solid,
		Stride: 4, Hold: 1, Found: func(i int, _ []detect.Face) { searched = append(searched, i) },
	}, DefaultEncode)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Empty() || len(p.Masks) != 10 || fmt.Sprint(searched) != "[0 4 8 9]" {
		t.Errorf("plan %+v, searched %v", p, searched)
	}
	if _, err := os.Stat(dst); err == nil {
		t.Error("a clip without faces was encoded")
	}
}

func TestPassthroughByVersion(t *testing.T) {
	for v, want := range map[string]string{"5.1.9-0+deb12u1": "-fps_mode", "7.1": "-fps_mode", "4.4.2-0ubuntu0.22.04.1": "-vsync",
		"5.0.3": "-vsync", "n6.0": "-fps_mode", "N-112345-gabcdef": "-fps_mode"} {
		if got := (&FFmpeg{Version: v}).passthrough()[0]; got != want {
			t.Errorf("%s: %s, want %s", v, got, want)
		}
	}
}
