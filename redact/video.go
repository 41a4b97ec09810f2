package redact

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sharesafe/sharesafe/photo"
)

// ErrVideoMasks is returned (wrapped) when masks are asked of a video on a
// path that cannot draw them (the frames are re-encoded by ffmpeg,
// elsewhere).
var ErrVideoMasks = errors.New("masks in a video are drawn by ffmpeg")

// WriteVideo writes the safe copy of the video p to dst, without
// re-encoding (photo.CleanVideo: its picture and sound samples byte for
// byte, in a movie written from an allowlist), atomically: streamed to a
// hidden temporary file in dst's folder, synced, read back and checked
// (photo.VerifyVideo: nothing beyond the allowlist, every sample the
// original's), then renamed. On any error nothing is left at dst.
func WriteVideo(p *photo.Photo, dst string, opt WriteOptions) (string, error) {
	return dst, writeVideo(p, dst, opt, 0o644)
}

func writeVideo(p *photo.Photo, dst string, opt WriteOptions, mode os.FileMode) (err error) {
	inPlace := sameFile(p.Path, dst)
	if inPlace && !opt.InPlace {
		return fmt.Errorf("%s: output is the input file itself: refusing to overwrite an original", dst)
	}
	if !opt.Overwrite && !inPlace {
		if _, err := os.Lstat(dst); err == nil {
			return fmt.Errorf("%s: %w", dst, ErrExists)
		}
	}
	f, err := createTemp(filepath.Dir(dst))
	if err != nil {
		return fmt.Errorf("%s: %w", dst, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	n, err := photo.CleanVideo(p, w)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return fmt.Errorf("%s: %w", p.Path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("%s: %w", dst, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("%s: %w", dst, err)
	}
	back, err := os.Open(tmp)
	if err != nil {
		return fmt.Errorf("%s: %w", dst, err)
	}
	err = photo.VerifyVideo(back, n, p)
	back.Close()
	if err != nil {
		return fmt.Errorf("%s: refused: %w", dst, err)
	}
	if err = os.Chmod(tmp, mode.Perm()); err != nil {
		return fmt.Errorf("%s: %w", dst, err)
	}
	if err = os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("%s: %w", dst, err)
	}
	return nil
}
