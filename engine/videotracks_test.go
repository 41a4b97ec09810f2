package engine

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/video"
)

// ffmpegForTest finds ffmpeg, or skips (fails under CI, which installs it).
func ffmpegForTest(t *testing.T) *video.FFmpeg {
	t.Helper()
	ff, err := video.Find()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return ff
}

// ffmpegRun runs ffmpeg (or ffprobe) and returns what it printed.
func ffmpegRun(t *testing.T, prog string, args ...string) string {
	t.Helper()
	var out, stderr bytes.Buffer
	cmd := exec.Command(prog, args...)
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v %s", prog, args, err, stderr.String())
	}
	return out.String()
}

// videoStreams is what ffprobe, the independent reader, says of a file's
// video streams: "WxH" each, in order.
func videoStreams(t *testing.T, path string, extra ...string) []string {
	t.Helper()
	args := append([]string{"-v", "error"}, extra...)
	args = append(args, "-select_streams", "v", "-show_entries", "stream=width,height", "-of", "csv=p=0:s=x", path)
	return strings.Fields(ffmpegRun(t, "ffprobe", args...))
}

// TestVideoOnlyTheShownTrackIsCopied: a clip with two video tracks, a blank
// one and one with faces. The copy keeps only the track players show (the
// first enabled one), which is the one searched: with the blank track
// shown, the copy is made without re-encoding and holds the blank track
// alone (ffprobe sees one video stream, of its size), with or without a
// face search; with the faces' track shown (the blank one disabled), its
// faces are found and masked, and the blank track is not in the copy.
// Before, both tracks were copied and the faces' track was never searched.
func TestVideoOnlyTheShownTrackIsCopied(t *testing.T) {
	ff := ffmpegForTest(t)
	dir := t.TempDir()
	blank, faces := filepath.Join(dir, "blank.mp4"), filepath.Join(dir, "faces.mp4")
	ffmpegRun(t, "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=blue:s=320x240:d=1:r=10",
		"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", blank)
	ffmpegRun(t, "ffmpeg", "-v", "error", "-y", "-loop", "1", "-framerate", "10", "-i", "../cmd/sharesafe/samples/1-tennis-club.jpg",
		"-t", "1", "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", faces)
	faceSize := videoStreams(t, faces)[0]
	both := filepath.Join(dir, "both.mp4")        // both enabled: the blank one shows
	facesShown := filepath.Join(dir, "shown.mp4") // the blank one disabled: the faces show
	ffmpegRun(t, "ffmpeg", "-v", "error", "-y", "-i", blank, "-i", faces, "-map", "0:v", "-map", "1:v", "-c", "copy", both)
	ffmpegRun(t, "ffmpeg", "-v", "error", "-y", "-i", blank, "-i", faces, "-map", "0:v", "-map", "1:v", "-c", "copy",
		"-disposition:v:0", "0", "-disposition:v:1", "default", facesShown)
	for _, p := range []string{both, facesShown} {
		if got := videoStreams(t, p); len(got) != 2 {
			t.Fatalf("%s: ffprobe sees %v", p, got)
		}
	}
	ins := []photo.Input{{Path: both, Rel: "both.mp4"}, {Path: facesShown, Rel: "shown.mp4"}}

	e := New(Settings{Detect: fast, Record: OpenRecord(t.TempDir()), FFmpeg: ff})
	rs := redactAll(t, e, ins, Dest{Dir: t.TempDir()}, WriteOptions{})
	for _, r := range rs {
		if !hasFinding(r, detect.WhatExtraVideo, "avc1") {
			t.Errorf("%s: no finding says a video track is left out", r.In.Rel)
		}
	}
	if r := rs[0]; r.Status != Written || r.Path != redact.PathLossless || r.Masked != 0 {
		t.Errorf("blank shown: %s %s %d %v", r.Status, r.Path, r.Masked, r.Err)
	} else if got := videoStreams(t, r.Output); len(got) != 1 || got[0] != "320x240" {
		t.Errorf("blank shown: the copy's video streams are %v, want the blank one alone", got)
	}
	if r := rs[1]; r.Status != Written || r.Path != redact.PathReencode || r.Masked < 3 {
		t.Errorf("faces shown: %s %s %d masked %v (the faces' track was not the one searched)", r.Status, r.Path, r.Masked, r.Err)
	} else if got := videoStreams(t, r.Output); len(got) != 1 || got[0] != faceSize {
		t.Errorf("faces shown: the copy's video streams are %v, want the faces' (%s), masked, alone", got, faceSize)
	}

	// --faces none: no search, and still only the shown track.
	e = New(Settings{Faces: redact.NoFaces, Record: OpenRecord(t.TempDir()), FFmpeg: ff})
	rs = redactAll(t, e, ins, Dest{Dir: t.TempDir()}, WriteOptions{})
	for i, want := range []string{"320x240", faceSize} {
		r := rs[i]
		if r.Status != Written || r.Path != redact.PathLossless {
			t.Errorf("--faces none %s: %s %s %v", r.In.Rel, r.Status, r.Path, r.Err)
		} else if got := videoStreams(t, r.Output); len(got) != 1 || got[0] != want {
			t.Errorf("--faces none %s: the copy's video streams are %v, want %s alone", r.In.Rel, got, want)
		}
	}
}

// hasFinding reports whether a result's report has a finding of what, with
// detail.
func hasFinding(r Result, what, detail string) bool {
	if r.Report == nil {
		return false
	}
	for _, f := range r.Report.Findings {
		if f.What == what && f.Detail == detail {
			return true
		}
	}
	return false
}

// hiddenClip makes a 4 s grey clip whose first second shows a face, then
// cuts it at 1.5 s without re-encoding (ffmpeg -ss -c copy, one keyframe
// for the whole clip): the samples of the face stay in the file, hidden by
// its edit list.
func hiddenClip(t *testing.T, dir string) string {
	t.Helper()
	full, cut := filepath.Join(dir, "full.mp4"), filepath.Join(dir, "trimmed.mp4")
	ffmpegRun(t, "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=gray:s=320x180:d=4:r=25",
		"-loop", "1", "-t", "1", "-i", "../cmd/sharesafe/samples/1-tennis-club.jpg",
		"-filter_complex", "[1]scale=200:-2[f];[0][f]overlay=60:10:enable='lt(t,1)'",
		"-c:v", "libx264", "-preset", "ultrafast", "-g", "200", "-pix_fmt", "yuv420p", full)
	ffmpegRun(t, "ffmpeg", "-v", "error", "-y", "-ss", "1.5", "-i", full, "-c", "copy", cut)
	return cut
}

// frameCount is ffprobe's count of a file's decoded frames (with
// -ignore_editlist 1: every sample stored, shown or not).
func frameCount(t *testing.T, path string, ignoreEdits bool) int {
	t.Helper()
	args := []string{"-v", "error"}
	if ignoreEdits {
		args = append(args, "-ignore_editlist", "1")
	}
	args = append(args, "-select_streams", "v:0", "-count_frames", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path)
	n, err := strconv.Atoi(strings.TrimSpace(ffmpegRun(t, "ffprobe", args...)))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// firstStoredFrameIsGrey decodes the first sample stored (edit list
// ignored) as grey levels and reports whether it is the plain grey
// background: no face on it.
func firstStoredFrameIsGrey(t *testing.T, path string) bool {
	t.Helper()
	out := ffmpegRun(t, "ffmpeg", "-v", "error", "-ignore_editlist", "1", "-i", path, "-map", "0:v:0", "-frames:v", "1",
		"-f", "rawvideo", "-pix_fmt", "gray", "pipe:1")
	if len(out) == 0 {
		t.Fatal("no frame")
	}
	for _, v := range []byte(out) {
		if v < 110 || v > 146 {
			return false
		}
	}
	return true
}

// TestVideoHiddenFramesAreNotCopied: a clip cut without re-encoding keeps,
// hidden by its edit list, samples that players and the face search skip
// (here a face). Its copy is encoded again, with or without a face search,
// and holds only the frames shown: ffprobe counts as many samples in the
// copy, edit list ignored, as frames shown in the original, and the first
// sample stored is the grey background. The report counts the frames
// shown. Without ffmpeg the clip is not written. Before, the copy was made
// without re-encoding and the face was its first sample.
func TestVideoHiddenFramesAreNotCopied(t *testing.T) {
	ff := ffmpegForTest(t)
	cut := hiddenClip(t, t.TempDir())
	shown, stored := frameCount(t, cut, false), frameCount(t, cut, true)
	if shown >= stored || firstStoredFrameIsGrey(t, cut) {
		t.Fatalf("the test clip hides nothing: %d shown of %d stored", shown, stored)
	}
	in := []photo.Input{{Path: cut, Rel: "trimmed.mp4"}}
	for _, faces := range []redact.Faces{redact.AllFaces, redact.NoFaces} {
		e := New(Settings{Detect: fast, Faces: faces, Record: OpenRecord(t.TempDir()), FFmpeg: ff})
		r := redactAll(t, e, in, Dest{Dir: t.TempDir()}, WriteOptions{})[0]
		if r.Status != Written || r.Path != redact.PathReencode {
			t.Errorf("faces %s: %s %s %v", faces, r.Status, r.Path, r.Err)
			continue
		}
		if r.Report == nil || r.Report.Video == nil || r.Report.Video.Frames != int64(shown) {
			t.Errorf("faces %s: the report's frames are not the %d shown: %+v", faces, shown, r.Report.Video)
		}
		if !hasFinding(r, detect.WhatHiddenFrames, strconv.Itoa(stored-shown)) {
			t.Errorf("faces %s: no finding says %d hidden frames are left out", faces, stored-shown)
		}
		if n := frameCount(t, r.Output, true); n != shown {
			t.Errorf("faces %s: the copy stores %d frames, %d were shown", faces, n, shown)
		}
		if !firstStoredFrameIsGrey(t, r.Output) {
			t.Errorf("faces %s: the copy's first stored frame is not the grey background", faces)
		}
	}
	for _, c := range []struct {
		faces redact.Faces
		err   error
	}{{redact.AllFaces, ErrNoFFmpeg}, {redact.NoFaces, ErrHiddenFrames}} {
		e := New(Settings{Detect: fast, Faces: c.faces, Record: OpenRecord(t.TempDir())})
		r := redactAll(t, e, in, Dest{Dir: t.TempDir()}, WriteOptions{})[0]
		if r.Status != Failed || !errors.Is(r.Err, c.err) {
			t.Errorf("no ffmpeg, faces %s: %s %v", c.faces, r.Status, r.Err)
		}
	}
}
