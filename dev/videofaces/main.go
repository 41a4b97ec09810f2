// Command videofaces measures faces in videos (docs/video.md): what each
// detector costs per frame, and how many of the faces that a search of
// every frame finds are masked when only one frame in k is searched
// (video.Mask's stride, with its tracking between searches).
//
//	go run ./dev/videofaces [-detector default|fast] [-strides 1,2,3,5,10] [-holds 0,1] CLIP...
//
// For each clip it first searches every frame (the reference: each face
// found on a frame, its detector box), then runs video.Mask at each stride
// and hold without encoding, and counts the reference faces whose box is
// covered (99% of its pixels or more) by the masks drawn on that frame.
package main

import (
	"context"
	"flag"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/video"
)

func main() {
	detector := flag.String("detector", "default", "default or fast (detect.FastFaceOptions)")
	strides := flag.String("strides", "1,2,3,5,10", "strides to measure")
	holds := flag.String("holds", "0,1", "holds to measure")
	jobs := flag.Int("jobs", 2, "frames searched at once")
	cost := flag.Int("cost", 0, "instead: the CPU time of each detector on this many frames of each clip")
	encode := flag.String("encode", "", "instead: mask each clip into this folder at the first stride and hold, encoding it (CPU and wall time, ffmpeg's included)")
	crf := flag.Int("crf", video.DefaultEncode.CRF, "with -encode: x264's CRF")
	preset := flag.String("preset", video.DefaultEncode.Preset, "with -encode: x264's preset")
	prof := flag.String("cpuprofile", "", "write a CPU profile of sharesafe's side")
	flag.Parse()
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			fail(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	ff, err := video.Find()
	if err != nil {
		fail(err)
	}
	opt := detect.Options{Faces: true, Face: detect.DefaultFaceOptions}
	if *detector == "fast" {
		opt.Face = detect.FastFaceOptions
	}
	if *encode != "" {
		for _, clip := range flag.Args() {
			encodeClip(ff, clip, *encode, opt, ints(*strides)[0], ints(*holds)[0], *jobs, video.EncodeOptions{CRF: *crf, Preset: *preset, Format: "mp4"})
		}
		return
	}
	if *cost > 0 {
		for _, clip := range flag.Args() {
			costs(ff, clip, *cost)
		}
		return
	}
	for _, clip := range flag.Args() {
		measure(ff, clip, opt, ints(*strides), ints(*holds), *jobs)
	}
}

func measure(ff *video.FFmpeg, clip string, opt detect.Options, strides, holds []int, jobs int) {
	ctx := context.Background()
	s, err := ff.Probe(ctx, clip, 0)
	if err != nil {
		fail(err)
	}
	fmt.Printf("%s: %dx%d, %.2f fps\n", clip, s.Width(), s.Height(), s.FPS)
	// The reference: every frame searched, one at a time (CPU per frame).
	ref := map[int][]image.Rectangle{}
	t0, c0 := time.Now(), cpu()
	r, err := video.Search(ctx, ff, clip, s, s.Frames, video.SearchOptions{
		Detect: opt, Faces: redact.AllFaces, Style: redact.Solid, Stride: 1, Hold: 0, Jobs: 1,
		Found: func(i int, faces []detect.Face) {
			for _, f := range faces {
				ref[i] = append(ref[i], f.Box.R())
			}
		},
	})
	if err != nil {
		fail(err)
	}
	wall, c := time.Since(t0), cpu()-c0
	n, frames := 0, len(r.Masks)
	for _, b := range ref {
		n += len(b)
	}
	fmt.Printf("  every frame searched: %d frames, %d faces found (%.2f a frame), %.0f CPU ms a frame (decoding included), %.1f s wall\n",
		frames, n, float64(n)/float64(frames), c.Seconds()*1000/float64(frames), wall.Seconds())
	for _, k := range strides {
		for _, hold := range holds {
			t0, c0 := time.Now(), cpu()
			r, err := video.Search(ctx, ff, clip, s, s.Frames, video.SearchOptions{
				Detect: opt, Faces: redact.AllFaces, Style: redact.Solid, Stride: k, Hold: hold, Jobs: jobs,
			})
			if err != nil {
				fail(err)
			}
			wall, c := time.Since(t0), cpu()-c0
			masks := map[int][]image.Rectangle{}
			for i := 0; i < frames; i++ {
				for _, m := range r.At(i) {
					masks[i] = append(masks[i], m.Box)
				}
			}
			covered, missedFrames := 0, map[int]bool{}
			var area, refArea float64
			for i, faces := range ref {
				for _, f := range faces {
					if coverage(f, masks[i]) >= 0.99 {
						covered++
					} else {
						missedFrames[i] = true
					}
				}
			}
			for _, m := range masks {
				for _, b := range m {
					area += float64(b.Dx() * b.Dy())
				}
			}
			for i := range ref {
				for _, b := range ref[i] {
					refArea += float64(b.Dx() * b.Dy())
				}
			}
			fmt.Printf("  stride %2d hold %d: %d searches, faces masked %d/%d (%.4f), frames with a face missed %d, mask area %.2fx the faces', %.0f CPU ms a frame, %.1f s wall\n",
				k, hold, r.Searched, covered, n, float64(covered)/float64(max(n, 1)), len(missedFrames),
				area/max(refArea, 1), c.Seconds()*1000/float64(frames), wall.Seconds())
		}
	}
}

// encodeClip masks a clip with encoding, as redact does, and says what
// it cost against the clip's duration.
func encodeClip(ff *video.FFmpeg, clip, dir string, opt detect.Options, stride, hold, jobs int, eo video.EncodeOptions) {
	ctx := context.Background()
	s, err := ff.Probe(ctx, clip, 0)
	if err != nil {
		fail(err)
	}
	dst := filepath.Join(dir, filepath.Base(clip))
	t0, c0, s0 := time.Now(), cpu(), selfCPU()
	r, err := video.Mask(ctx, ff, clip, s, dst, video.SearchOptions{
		Detect: opt, Faces: redact.AllFaces, Style: redact.Emoji, Stride: stride, Hold: hold, Jobs: jobs,
	}, eo)
	if err != nil {
		fail(err)
	}
	wall, c, self := time.Since(t0), cpu()-c0, selfCPU()-s0
	fmt.Printf("  sharesafe's own CPU %.1f s, ffmpeg's %.1f s\n", self.Seconds(), (c - self).Seconds())
	dur := float64(len(r.Masks)) / s.FPS
	fmt.Printf("%s: %dx%d %.2f fps, %.1f s; stride %d hold %d, CRF %d %s: %d searches, %.1f s wall (%.2fx real time), %.1f s CPU (%.2f CPU s a second of video), ffmpeg's included\n",
		clip, s.Width(), s.Height(), s.FPS, dur, stride, hold, eo.CRF, eo.Preset, r.Searched, wall.Seconds(), dur/wall.Seconds(),
		c.Seconds(), c.Seconds()/dur)
}

// detectors are the detector settings whose cost per frame is measured:
// each detector alone (at the default settings' sizes), the default
// (all three, merged) and the fast one.
func detectors() []struct {
	name string
	opt  detect.FaceOptions
} {
	d := detect.DefaultFaceOptions
	pigo := d
	pigo.SSDSize, pigo.Blaze = 0, false
	ssd := d
	ssd.Angles, ssd.Blaze = nil, false
	blaze := d
	blaze.Angles, blaze.SSDSize = nil, 0
	return []struct {
		name string
		opt  detect.FaceOptions
	}{
		{"pigo (grey copy 1600 px, upright)", pigo}, {"SSD (640-768 px)", ssd}, {"BlazeFace (256 px)", blaze},
		{"default (the three, merged)", d}, {"fast (pigo, threshold 5)", detect.FastFaceOptions},
	}
}

// costs decodes n frames of a clip (spread over it) and times each
// detector on them, one frame at a time on one goroutine.
func costs(ff *video.FFmpeg, clip string, n int) {
	ctx := context.Background()
	s, err := ff.Probe(ctx, clip, 0)
	if err != nil {
		fail(err)
	}
	dec, err := ff.Decode(ctx, clip, s)
	if err != nil {
		fail(err)
	}
	step := max(s.Frames/n, 1)
	var frames []*image.NRGBA
	for i := 0; len(frames) < n; i++ {
		img := image.NewNRGBA(image.Rect(0, 0, s.Width(), s.Height()))
		if dec.Next(img) != nil {
			break
		}
		if i%step == 0 {
			frames = append(frames, img)
		}
	}
	dec.Close()
	fmt.Printf("%s: %dx%d, %d frames\n", clip, s.Width(), s.Height(), len(frames))
	for _, d := range detectors() {
		c0 := cpu()
		found := 0
		for _, img := range frames {
			f, err := detect.Faces(img, d.opt)
			if err != nil {
				fail(err)
			}
			found += len(f)
		}
		fmt.Printf("  %-36s %6.0f CPU ms a frame, %.2f faces a frame\n", d.name,
			(cpu()-c0).Seconds()*1000/float64(len(frames)), float64(found)/float64(len(frames)))
	}
}

// coverage is the share of box's pixels (sampled every 2 px) inside one of
// the masks.
func coverage(box image.Rectangle, masks []image.Rectangle) float64 {
	in, all := 0, 0
	for y := box.Min.Y; y < box.Max.Y; y += 2 {
		for x := box.Min.X; x < box.Max.X; x += 2 {
			all++
			p := image.Pt(x, y)
			for _, m := range masks {
				if p.In(m) {
					in++
					break
				}
			}
		}
	}
	if all == 0 {
		return 1
	}
	return float64(in) / float64(all)
}

// selfCPU is the CPU time of this process.
func selfCPU() time.Duration {
	var self syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	return time.Duration(self.Utime.Nano() + self.Stime.Nano())
}

// cpu is the CPU time of this process and its finished children.
func cpu() time.Duration {
	var self, kids syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
	t := func(r syscall.Rusage) time.Duration {
		return time.Duration(r.Utime.Nano() + r.Stime.Nano())
	}
	return t(self) + t(kids)
}

func ints(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			fail(err)
		}
		out = append(out, v)
	}
	return out
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
