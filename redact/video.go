package redact

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/sharesafe/sharesafe/photo"
)

// ErrVideoMasks is returned (wrapped) when masks are asked of a video on a
// path that cannot draw them (the frames are re-encoded by ffmpeg: package
// video).
var ErrVideoMasks = errors.New("masks in a video are drawn by ffmpeg")

// VideoCopy is the safe copy of a video, written to a hidden temporary
// file and checked, not yet in place: Commit renames it, Discard removes
// it.
type VideoCopy struct {
	tmp string
	// Size and SHA256 are the copy's.
	Size   int64
	SHA256 string
}

// PrepareVideo writes the safe copy of the video p, without re-encoding
// (photo.CleanVideo: its picture and sound samples byte for byte, in a
// movie written from an allowlist), to a hidden temporary file in dir,
// syncs it, reads it back and checks it (photo.VerifyVideo: nothing beyond
// the allowlist, every sample the original's). On any error nothing is
// left.
func PrepareVideo(p *photo.Photo, dir string) (_ *VideoCopy, err error) {
	f, err := createTemp(dir)
	if err != nil {
		return nil, err
	}
	c := &VideoCopy{tmp: f.Name()}
	defer func() {
		if err != nil {
			f.Close()
			c.Discard()
		}
	}()
	h := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<20)
	n, err := photo.CleanVideo(p, w)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.Path, err)
	}
	if err = f.Sync(); err != nil {
		return nil, err
	}
	if err = f.Close(); err != nil {
		return nil, err
	}
	back, err := os.Open(c.tmp)
	if err != nil {
		return nil, err
	}
	err = photo.VerifyVideo(back, n, p)
	back.Close()
	if err != nil {
		return nil, fmt.Errorf("refused: %w", err)
	}
	c.Size, c.SHA256 = n, hex.EncodeToString(h.Sum(nil))
	return c, nil
}

// Commit puts the copy at dst, readable as mode says: a file there is
// replaced only when overwrite is set.
func (c *VideoCopy) Commit(dst string, overwrite bool, mode os.FileMode) error {
	if !overwrite {
		if _, err := os.Lstat(dst); err == nil {
			c.Discard()
			return fmt.Errorf("%s: %w", dst, ErrExists)
		}
	}
	if err := os.Chmod(c.tmp, mode.Perm()); err != nil {
		c.Discard()
		return fmt.Errorf("%s: %w", dst, err)
	}
	if err := os.Rename(c.tmp, dst); err != nil {
		c.Discard()
		return fmt.Errorf("%s: %w", dst, err)
	}
	DoneTemp(c.tmp)
	return nil
}

// Discard removes the copy.
func (c *VideoCopy) Discard() {
	os.Remove(c.tmp)
	DoneTemp(c.tmp)
}

// WriteVideo writes the safe copy of the video p to dst (PrepareVideo in
// dst's folder, then Commit). On any error nothing is left at dst.
func WriteVideo(p *photo.Photo, dst string, opt WriteOptions) (string, error) {
	if sameFile(p.Path, dst) && !opt.InPlace {
		return "", fmt.Errorf("%s: output is the input file itself: refusing to overwrite an original", dst)
	}
	if !opt.Overwrite && !sameFile(p.Path, dst) {
		if _, err := os.Lstat(dst); err == nil {
			return "", fmt.Errorf("%s: %w", dst, ErrExists)
		}
	}
	c, err := PrepareVideo(p, filepath.Dir(dst))
	if err != nil {
		return "", fmt.Errorf("%s: %w", dst, err)
	}
	return dst, c.Commit(dst, true, 0o644)
}
