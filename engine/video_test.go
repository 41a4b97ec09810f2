package engine

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/sharesafe/sharesafe/internal/oracle"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/video"
)

// clips are committed clips (testdata/videos), as inputs.
func clips(t *testing.T, names ...string) []photo.Input {
	t.Helper()
	var ins []photo.Input
	for _, n := range names {
		ins = append(ins, photo.Input{Path: filepath.Join("../testdata/videos", n), Rel: n})
	}
	return ins
}

// TestVideoWithoutFFmpeg: with faces to mask and no ffmpeg, a clip fails
// with ErrNoFFmpeg and nothing is written; with --faces none it is copied
// without re-encoding (no ffmpeg needed), a copy the record vouches for on
// the next run.
func TestVideoWithoutFFmpeg(t *testing.T) {
	out := t.TempDir()
	rec := OpenRecord(t.TempDir())
	e := New(Settings{Detect: fast, Record: rec})
	for _, r := range redactAll(t, e, clips(t, "iphone-live.mov", "phone.3gp"), Dest{Dir: out}, WriteOptions{}) {
		if r.Status != Failed || !errors.Is(r.Err, ErrNoFFmpeg) || r.Report == nil || r.Report.Kind != "video" {
			t.Errorf("%s: %s %v", r.In.Path, r.Status, r.Err)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Fatalf("written without masks: %v", entries)
	}
	e = New(Settings{Faces: redact.NoFaces, Record: rec})
	for _, r := range redactAll(t, e, clips(t, "iphone-live.mov", "phone.3gp"), Dest{Dir: out}, WriteOptions{}) {
		if r.Status != Written || r.Path != redact.PathLossless || filepath.Ext(r.Output) != filepath.Ext(r.In.Path) {
			t.Fatalf("%s: %s %s %s %v", r.In.Path, r.Status, r.Path, r.Output, r.Err)
		}
		q, err := photo.Load(r.Output, photo.DefaultLimits)
		if err != nil || len(q.Video.Tags) > 0 {
			t.Errorf("%s: %v %v", r.Output, err, q.Video.Tags)
		}
	}
	for _, r := range redactAll(t, e, clips(t, "iphone-live.mov", "phone.3gp"), Dest{Dir: out}, WriteOptions{}) {
		if r.Status != Exists || r.Report != nil {
			t.Errorf("%s: %s on the rerun (read: %v)", r.In.Path, r.Status, r.Report != nil)
		}
	}
}

// TestVideoFaces: with ffmpeg, a clip where no face is found is copied
// without re-encoding, and a clip with faces is masked (encoded again),
// then cleaned and checked like any clip.
func TestVideoFaces(t *testing.T) {
	ff, err := video.Find()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	dir, out := t.TempDir(), t.TempDir()
	faces := filepath.Join(dir, "tennis.mov")
	if msg, err := exec.Command("ffmpeg", "-v", "error", "-y", "-loop", "1", "-framerate", "10", "-i", "../cmd/sharesafe/samples/1-tennis-club.jpg",
		"-t", "1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-metadata", "location=+48.8584+002.2945/", faces).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, msg)
	}
	ins := append(clips(t, "camm.mp4"), photo.Input{Path: faces, Rel: "tennis.mov"})
	e := New(Settings{Detect: fast, Record: OpenRecord(t.TempDir()), FFmpeg: ff})
	rs := redactAll(t, e, ins, Dest{Dir: out}, WriteOptions{})
	if r := rs[0]; r.Status != Written || r.Path != redact.PathLossless || r.Masked != 0 {
		t.Errorf("no face: %s %s %d %v", r.Status, r.Path, r.Masked, r.Err)
	}
	r := rs[1]
	if r.Status != Written || r.Path != redact.PathReencode || r.Masked < 3 || filepath.Ext(r.Output) != ".mov" {
		t.Fatalf("faces: %s %s %d %s %v", r.Status, r.Path, r.Masked, r.Output, r.Err)
	}
	q, err := photo.Load(r.Output, photo.DefaultLimits)
	if err != nil || q.Format != photo.FormatMOV || len(q.Video.Tags) > 0 || q.Video.Frames() != 10 {
		t.Errorf("%v %s %v %d frames", err, q.Format, q.Video.Tags, q.Video.Frames())
	}
	// The independent tools: exiftool finds nothing beyond the structure
	// (the original's place is gone), ffmpeg decodes every frame.
	if oracle.Available() {
		if leaks, err := oracle.VideoLeaks(r.Output); err != nil || len(leaks) > 0 {
			t.Errorf("exiftool: %v %v", err, leaks)
		}
	}
	if msg, err := exec.Command("ffmpeg", "-v", "error", "-i", r.Output, "-f", "null", "-").CombinedOutput(); err != nil || len(msg) > 0 {
		t.Errorf("ffmpeg decoding the copy: %v %s", err, msg)
	}
	entries, _ := os.ReadDir(out)
	for _, en := range entries {
		if en.Name() != "camm.mp4" && en.Name() != "tennis.mov" && en.Name() != photo.OutputMark {
			t.Errorf("left in the output folder: %s", en.Name())
		}
	}
}

// TestVideoPlanDoesNotSpareTheSearch: a plan without masks (the review
// app's, from a poster frame where no face shows) does not make a clip's
// copy without searching its frames: without ffmpeg it fails.
func TestVideoPlanDoesNotSpareTheSearch(t *testing.T) {
	e := New(Settings{Detect: fast})
	in := clips(t, "phone.3gp")[0]
	jobs, err := e.Settle([]photo.Input{in}, Dest{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	jobs[0].Plan = &redact.Plan{}
	var got []Result
	if err := e.Redact(context.Background(), jobs, WriteOptions{}, nil, func(r Result) { got = append(got, r) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Status != Failed || !errors.Is(got[0].Err, ErrNoFFmpeg) {
		t.Errorf("%+v", got)
	}
}
