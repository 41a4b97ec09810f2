package video

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os/exec"
	"strconv"
	"strings"
)

// Decoder reads a clip's frames from ffmpeg, upright (ffmpeg applies the
// display matrix), one raw RGBA picture after the other.
type Decoder struct {
	cmd    *exec.Cmd
	out    io.ReadCloser
	r      *bufio.Reader
	w, h   int
	stderr bytes.Buffer
	n      int
}

// Decode starts decoding the video track s of a clip, every frame as
// it is presented (no frame dropped or repeated), at the size s says.
func (f *FFmpeg) Decode(ctx context.Context, path string, s Stream) (*Decoder, error) {
	return f.decode(ctx, path, s, "")
}

// decode is Decode through a filter (a selection of frames).
func (f *FFmpeg) decode(ctx context.Context, path string, s Stream, filter string) (*Decoder, error) {
	d := &Decoder{w: s.Width(), h: s.Height()}
	args := []string{"-v", "error", "-nostdin", "-i", path, "-map", "0:" + s.spec()}
	if filter != "" {
		args = append(args, "-vf", filter)
	}
	args = append(args, f.passthrough()...)
	d.cmd = exec.CommandContext(ctx, f.FFmpeg, append(args, "-f", "rawvideo", "-pix_fmt", "rgba", "pipe:1")...)
	d.cmd.Stderr = &d.stderr
	var err error
	if d.out, err = d.cmd.StdoutPipe(); err != nil {
		return nil, err
	}
	if err := d.cmd.Start(); err != nil {
		return nil, fmt.Errorf("ffmpeg: %w", err)
	}
	d.r = bufio.NewReaderSize(d.out, 1<<20)
	return d, nil
}

// Size is the size of the frames.
func (d *Decoder) Size() (int, int) { return d.w, d.h }

// Next reads the next frame into dst (its Pix must hold w x h pixels).
// It returns io.EOF after the last frame.
func (d *Decoder) Next(dst *image.NRGBA) error {
	n := d.w * d.h * 4
	if len(dst.Pix) < n {
		return fmt.Errorf("video: a frame buffer of %d bytes for %dx%d frames", len(dst.Pix), d.w, d.h)
	}
	_, err := io.ReadFull(d.r, dst.Pix[:n])
	switch {
	case err == io.EOF:
		return io.EOF
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("ffmpeg: frame %d cut short%s", d.n+1, d.errText())
	case err != nil:
		return err
	}
	d.n++
	return nil
}

func (d *Decoder) errText() string {
	if s := strings.TrimSpace(d.stderr.String()); s != "" {
		return ": " + s
	}
	return ""
}

// Close stops ffmpeg and reports whether it failed (after every frame was
// read, an error it printed is one).
func (d *Decoder) Close() error {
	d.out.Close()
	err := d.cmd.Wait()
	if err != nil {
		return fmt.Errorf("ffmpeg decoding: %v%s", err, d.errText())
	}
	if s := d.errText(); s != "" {
		return fmt.Errorf("ffmpeg decoding%s", s)
	}
	return nil
}

// EncodeOptions choose how masked frames are encoded.
type EncodeOptions struct {
	// CRF is libx264's constant rate factor (lower keeps more; 18 is
	// near transparent) and Preset its speed ("veryfast").
	CRF    int
	Preset string
	// Format is the container, "mp4" or "mov" (the original's).
	Format string
}

// DefaultEncode is H.264 at CRF 18 with the veryfast preset: see
// docs/video.md for what it keeps of the picture and what it costs.
var DefaultEncode = EncodeOptions{CRF: 18, Preset: "veryfast", Format: "mp4"}

// Encoder writes frames to ffmpeg, which encodes them (H.264, 4:2:0) and
// copies the sound of the original clip beside them, without its metadata.
type Encoder struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	w      *bufio.Writer
	fw, fh int
	stderr bytes.Buffer
}

// Encode starts encoding frames of w x h pixels at fps frames a second,
// the first shown at start seconds, to dst, with the sound streams of the
// clip audio (none when it has none).
// ffmpeg writes no metadata of its own (bitexact, no encoder SEI in the
// picture, no tags, no chapters); the caller cleans and checks the result
// like any video (redact.WriteVideo) before it becomes a safe copy.
func (f *FFmpeg) Encode(ctx context.Context, dst, audio string, w, h int, fps, start float64, o EncodeOptions) (*Encoder, error) {
	if !f.H264() {
		return nil, fmt.Errorf("this ffmpeg has no H.264 encoder (libx264)")
	}
	e := &Encoder{fw: w, fh: h}
	args := []string{"-v", "error", "-nostdin", "-y"}
	if start > 0 {
		args = append(args, "-itsoffset", strconv.FormatFloat(start, 'f', 6, 64))
	}
	args = append(args, "-f", "rawvideo", "-pix_fmt", "rgba", "-s", fmt.Sprintf("%dx%d", w, h),
		"-framerate", strconv.FormatFloat(fps, 'f', 6, 64), "-i", "pipe:0")
	if audio != "" {
		args = append(args, "-i", audio, "-map", "1:a?", "-c:a", "copy")
	}
	args = append(args, "-map", "0:v:0")
	args = append(args, f.passthrough()...)
	args = append(args, "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
		"-c:v", "libx264", "-preset", o.Preset, "-crf", strconv.Itoa(o.CRF), "-pix_fmt", "yuv420p",
		"-bsf:v", "filter_units=remove_types=6", // no SEI: x264 writes its settings there
		"-map_metadata", "-1", "-map_chapters", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact",
		"-flags:a", "+bitexact", "-movflags", "+faststart", "-f", o.Format, dst)
	e.cmd = exec.CommandContext(ctx, f.FFmpeg, args...)
	e.cmd.Stderr = &e.stderr
	var err error
	if e.in, err = e.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	if err := e.cmd.Start(); err != nil {
		return nil, fmt.Errorf("ffmpeg: %w", err)
	}
	e.w = bufio.NewWriterSize(e.in, 1<<20)
	return e, nil
}

// Write sends one frame.
func (e *Encoder) Write(img *image.NRGBA) error {
	b := img.Bounds()
	if b.Dx() != e.fw || b.Dy() != e.fh {
		return fmt.Errorf("video: a %dx%d frame for a %dx%d encoder", b.Dx(), b.Dy(), e.fw, e.fh)
	}
	for y := 0; y < e.fh; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+e.fw*4]
		if _, err := e.w.Write(row); err != nil {
			return fmt.Errorf("ffmpeg encoding: %v%s", err, strings.TrimSpace(e.stderr.String()))
		}
	}
	return nil
}

// Close ends the stream and waits for ffmpeg to finish the file.
func (e *Encoder) Close() error {
	err := e.w.Flush()
	if cerr := e.in.Close(); err == nil {
		err = cerr
	}
	if werr := e.cmd.Wait(); werr != nil || err != nil {
		return fmt.Errorf("ffmpeg encoding: %v%s", errors.Join(err, werr), stderrText(&e.stderr))
	}
	return nil
}

// Abort stops ffmpeg without finishing the file.
func (e *Encoder) Abort() {
	e.in.Close()
	if e.cmd.Process != nil {
		e.cmd.Process.Kill()
	}
	e.cmd.Wait()
}

func stderrText(b *bytes.Buffer) string {
	if s := strings.TrimSpace(b.String()); s != "" {
		return ": " + s
	}
	return ""
}

// Poster decodes one frame of a clip's video track (its ID; 0: the first
// video stream), upright, at second at (or the first frame when the clip
// is shorter).
func (f *FFmpeg) Poster(ctx context.Context, path string, track uint32, at float64) (*image.NRGBA, error) {
	s, err := f.Probe(ctx, path, track)
	if err != nil {
		return nil, err
	}
	img := image.NewNRGBA(image.Rect(0, 0, s.Width(), s.Height()))
	for _, seek := range []float64{at, 0} {
		var stderr bytes.Buffer
		cmd := exec.CommandContext(ctx, f.FFmpeg, "-v", "error", "-nostdin", "-ss", strconv.FormatFloat(seek, 'f', 3, 64),
			"-i", path, "-map", "0:"+s.spec(), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", "pipe:1")
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err == nil && len(out) == len(img.Pix) {
			copy(img.Pix, out)
			return img, nil
		}
		if err != nil && seek == 0 {
			return nil, fmt.Errorf("ffmpeg: %v%s", err, stderrText(&stderr))
		}
	}
	return nil, fmt.Errorf("ffmpeg gave no frame of %s", path)
}
