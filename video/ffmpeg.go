// Package video does with ffmpeg what pure Go does not do for a video: it
// decodes the frames (faces are searched on them; a poster frame is shown)
// and encodes them again with the faces masked. ffmpeg is optional: Find
// says whether it is installed, and which version. A clip without masks
// never comes here: package photo copies it without re-encoding.
//
// ffmpeg runs as a separate process, its frames passed through pipes as
// raw RGBA pixels; nothing else of this package opens a file but the
// temporary output it hands to redact.WriteVideo, which cleans and checks
// it like any video.
package video

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"os/exec"
	"strconv"
	"strings"
	"sync"

	"github.com/sharesafe/sharesafe/photo"
)

// ErrNoFFmpeg is returned (wrapped) when ffmpeg is not installed.
var ErrNoFFmpeg = errors.New("ffmpeg is not installed")

// FFmpeg is an ffmpeg installation: the ffmpeg and ffprobe programs.
type FFmpeg struct {
	FFmpeg, FFprobe string
	// Version is what ffmpeg -version says of itself ("5.1.9-0+deb12u1").
	Version string

	h264 func() bool
}

// H264 says whether it has the libx264 encoder (asked once).
func (f *FFmpeg) H264() bool { return f.h264() }

// Find looks for ffmpeg and ffprobe on the PATH and asks ffmpeg its
// version. Its error wraps ErrNoFFmpeg when either is missing or does not
// run.
func Find() (*FFmpeg, error) {
	ff, err := exec.LookPath("ffmpeg")
	if err != nil {
		return nil, fmt.Errorf("%w (not on the PATH)", ErrNoFFmpeg)
	}
	fp, err := exec.LookPath("ffprobe")
	if err != nil {
		return nil, fmt.Errorf("%w (ffprobe, which comes with it, is not on the PATH)", ErrNoFFmpeg)
	}
	out, err := exec.Command(ff, "-hide_banner", "-version").Output()
	if err != nil {
		return nil, fmt.Errorf("%w (%s -version: %v)", ErrNoFFmpeg, ff, err)
	}
	f := &FFmpeg{FFmpeg: ff, FFprobe: fp, Version: parseVersion(string(out))}
	f.h264 = sync.OnceValue(func() bool {
		enc, err := exec.Command(ff, "-hide_banner", "-encoders").Output()
		return err == nil && bytes.Contains(enc, []byte(" libx264 "))
	})
	return f, nil
}

// parseVersion reads "ffmpeg version 5.1.9-0+deb12u1 Copyright..." .
func parseVersion(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	f := strings.Fields(line)
	for i, w := range f {
		if w == "version" && i+1 < len(f) {
			return f[i+1]
		}
	}
	return strings.TrimSpace(line)
}

// passthrough are the arguments that pass every frame through as it is
// timed, none dropped or repeated: -fps_mode since ffmpeg 5.1, -vsync
// before (deprecated since).
func (f *FFmpeg) passthrough() []string {
	var major, minor int
	n, _ := fmt.Sscanf(strings.TrimPrefix(f.Version, "n"), "%d.%d", &major, &minor)
	if n >= 1 && major >= 0 && (major < 5 || major == 5 && minor < 1) {
		return []string{"-vsync", "passthrough"}
	}
	return []string{"-fps_mode", "passthrough"} // 5.1 and later, and builds from git (N-...)
}

// String names the installation as --version shows it.
func (f *FFmpeg) String() string {
	if f == nil {
		return "not installed"
	}
	return "ffmpeg " + f.Version + " (" + f.FFmpeg + ")"
}

// Stream is what ffprobe says of a clip's video track (the one players
// show, photo.VideoLayout.ShownVideo): the size of its decoded frames
// (before the display matrix turns them), the turn, the frame rate and the
// number of frames.
type Stream struct {
	// Track is the track's ID (0: ffmpeg's first video stream). Every
	// ffmpeg command of a clip maps this track, and no other: it is the
	// one a copy keeps.
	Track                   uint32
	CodedWidth, CodedHeight int
	// Rotation is the turn players apply, in degrees anticlockwise as
	// ffprobe reports it (-90: a quarter turn clockwise).
	Rotation int
	// FPS is the average frame rate; Frames the number of frames (0 when
	// the container does not say).
	FPS    float64
	Frames int
	// Start is when the first frame shows, in seconds (a clip's sound may
	// start before its picture): the masked copy's picture starts then too.
	Start float64
}

// spec is the stream specifier of the track, for -map and -select_streams.
func (s Stream) spec() string {
	if s.Track == 0 {
		return "v:0"
	}
	return "i:" + strconv.FormatUint(uint64(s.Track), 10)
}

// Width and Height are the size of a frame as ffmpeg decodes it, turned
// upright (ffmpeg applies the display matrix).
func (s Stream) Width() int {
	if s.Rotation%180 != 0 {
		return s.CodedHeight
	}
	return s.CodedWidth
}

// Height: see Width.
func (s Stream) Height() int {
	if s.Rotation%180 != 0 {
		return s.CodedWidth
	}
	return s.CodedHeight
}

// Probe asks ffprobe about a clip's video track of ID track (0: its first
// video stream).
func (f *FFmpeg) Probe(ctx context.Context, path string, track uint32) (Stream, error) {
	sel := Stream{Track: track}.spec()
	out, err := exec.CommandContext(ctx, f.FFprobe, "-v", "error", "-select_streams", sel,
		"-show_entries", "stream=width,height,avg_frame_rate,nb_frames,start_time:stream_side_data=rotation",
		"-of", "json", "--", path).Output()
	if err != nil {
		return Stream{}, fmt.Errorf("ffprobe %s: %w%s", path, err, stderrOf(err))
	}
	var res struct {
		Streams []struct {
			Width, Height int
			AvgFrameRate  string `json:"avg_frame_rate"`
			NbFrames      string `json:"nb_frames"`
			StartTime     string `json:"start_time"`
			SideData      []struct {
				Rotation int `json:"rotation"`
			} `json:"side_data_list"`
		} `json:"streams"`
	}
	if err := json.Unmarshal(out, &res); err != nil || len(res.Streams) == 0 {
		return Stream{}, fmt.Errorf("ffprobe %s: no video stream", path)
	}
	st := res.Streams[0]
	s := Stream{Track: track, CodedWidth: st.Width, CodedHeight: st.Height}
	for _, sd := range st.SideData {
		s.Rotation = sd.Rotation
	}
	if num, den, ok := strings.Cut(st.AvgFrameRate, "/"); ok {
		n, _ := strconv.ParseFloat(num, 64)
		d, _ := strconv.ParseFloat(den, 64)
		if d > 0 {
			s.FPS = n / d
		}
	}
	s.Frames, _ = strconv.Atoi(st.NbFrames)
	if t, err := strconv.ParseFloat(st.StartTime, 64); err == nil && t > 0 && t < 1e6 {
		s.Start = t
	}
	if s.CodedWidth <= 0 || s.CodedHeight <= 0 {
		return Stream{}, fmt.Errorf("ffprobe %s: the video stream has no size", path)
	}
	return s, nil
}

// stderrOf returns what a failed command wrote on stderr, if captured.
func stderrOf(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) && len(ee.Stderr) > 0 {
		return ": " + strings.TrimSpace(string(ee.Stderr))
	}
	return ""
}

// RegisterPosters makes photo.Decode give a video's poster frame, decoded
// by this ffmpeg: the report and the review app show it.
func (f *FFmpeg) RegisterPosters() {
	photo.RegisterFrameDecoder(func(path string, track uint32) (image.Image, error) {
		return f.Poster(context.Background(), path, track, photo.PosterAt)
	})
}
