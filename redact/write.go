package redact

import (
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/sharesafe/sharesafe/photo"
)

// ErrExists is returned (wrapped) when the output file exists already and
// overwriting was not asked for.
var ErrExists = errors.New("output exists already")

// WriteOptions control how a safe copy is written.
type WriteOptions struct {
	// Overwrite replaces an existing output. An input is never overwritten
	// through this: see InPlace.
	Overwrite bool
	// InPlace allows dst to be the input file itself (the caller keeps a
	// backup when the user asked for one).
	InPlace bool
}

// Encode returns the bytes of the safe copy of p. When masked is nil the
// pixels are unchanged and the file is rewritten losslessly (photo.Clean);
// when that cannot be, or masked (upright pixels) is given, the pixels are
// encoded afresh (photo.Encode), with the orientation baked in. Either way
// the output is built from an allowlist: the pixels, the colour profile
// and, on the lossless path, an orientation tag; nothing else of the
// source. The output format is the source's, except where Go has no
// encoder (photo.Encode says which).
func Encode(p *photo.Photo, masked image.Image) ([]byte, photo.Format, error) {
	b, f, _, err := encode(p, masked)
	return b, f, err
}

// encode is Encode that also returns the path taken: PathLossless or
// PathReencode.
func encode(p *photo.Photo, masked image.Image) ([]byte, photo.Format, string, error) {
	if masked == nil {
		b, f, err := photo.Clean(p)
		if !errors.Is(err, photo.ErrNotCleanable) {
			return b, f, PathLossless, err
		}
		if err := p.Decode(); err != nil {
			return nil, "", "", err
		}
		masked = p.Image
	}
	b, f, err := photo.Encode(p, masked)
	return b, f, PathReencode, err
}

// Write encodes the safe copy of p (masked pixels, or nil for unchanged
// pixels) and writes it to dst atomically: a temporary file in dst's
// folder, synced, re-read and verified, then renamed. On any error nothing
// is left at dst and the temporary file is removed. When the output format
// differs from the input's (HEIC becomes JPEG), dst's extension is changed
// to match; Write returns the path written.
func Write(p *photo.Photo, masked image.Image, dst string, opt WriteOptions) (string, error) {
	data, f, err := Encode(p, masked)
	if err != nil {
		return "", fmt.Errorf("%s: %w", p.Path, err)
	}
	return writeOutput(p, data, f, dst, opt)
}

// WritePlan is Write for a plan of masks (boxes in upright pixels) rather
// than masked pixels: a masked JPEG is changed in the DCT domain, block by
// block (see EncodePlan). It returns the path written and the write path
// taken (PathLossless, PathDCT or PathReencode).
func WritePlan(p *photo.Photo, plan Plan, dst string, opt WriteOptions) (string, string, error) {
	if p.Format.IsVideo() {
		if len(plan.Masks) > 0 {
			return "", "", fmt.Errorf("%s: %w", p.Path, ErrVideoMasks)
		}
		out, err := WriteVideo(p, dst, opt)
		return out, PathLossless, err
	}
	data, f, how, err := EncodePlan(p, plan)
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", p.Path, err)
	}
	out, err := writeOutput(p, data, f, dst, opt)
	return out, how, err
}

func writeOutput(p *photo.Photo, data []byte, f photo.Format, dst string, opt WriteOptions) (string, error) {
	dst = OutputName(dst, p.Format, f)
	inPlace := sameFile(p.Path, dst)
	if inPlace && !opt.InPlace {
		return "", fmt.Errorf("%s: output is the input file itself: refusing to overwrite an original", dst)
	}
	// In place, only the input itself may be replaced: when the format
	// changes (IMG_1.heic -> IMG_1.jpg), an existing IMG_1.jpg is another
	// photo and is left alone unless Overwrite says otherwise.
	return dst, WriteFile(dst, data, opt.Overwrite || inPlace && opt.InPlace)
}

// OutputName changes a path's extension when the format changes.
func OutputName(path string, in, out photo.Format) string {
	if in == out {
		return path
	}
	return strings.TrimSuffix(path, filepath.Ext(path)) + photo.Ext(out)
}

func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(sa, sb)
}

// tempFile is what WriteFile needs of a temporary file.
type tempFile interface {
	Write([]byte) (int, error)
	Sync() error
	Close() error
	Name() string
}

// TempPattern is the name of every temporary file sharesafe makes beside a
// file it writes (a safe copy, a backup): hidden, with the writing
// process's id, so that a later run can tell the files of a run that was
// killed (its process is gone) from those of a run still going.
func TempPattern() string { return fmt.Sprintf(".sharesafe-%d-*.tmp", os.Getpid()) }

// createTemp makes the temporary file of an output; tests replace it to
// simulate a full disk.
var createTemp = func(dir string) (tempFile, error) { return CreateTemp(dir) }

// temps are the temporary files this process is writing; once Quit has
// run, no other is made.
var temps = struct {
	sync.Mutex
	files  map[string]bool
	closed bool
}{files: map[string]bool{}}

// ErrQuitting is the error of a write asked for while the process ends.
var ErrQuitting = errors.New("sharesafe is quitting: nothing more is written")

// CreateTemp makes a temporary file in dir (named by TempPattern) and keeps
// its name until DoneTemp, so that Quit can remove it.
func CreateTemp(dir string) (*os.File, error) {
	temps.Lock()
	defer temps.Unlock()
	if temps.closed {
		return nil, ErrQuitting
	}
	f, err := os.CreateTemp(dir, TempPattern())
	if err == nil {
		temps.files[f.Name()] = true
	}
	return f, err
}

// DoneTemp forgets a temporary file renamed into place or removed.
func DoneTemp(name string) {
	temps.Lock()
	defer temps.Unlock()
	delete(temps.files, name)
}

// Quit removes every temporary file this process is writing and lets no
// other be made: called as the process ends.
func Quit() {
	temps.Lock()
	defer temps.Unlock()
	temps.closed = true
	for f := range temps.files {
		os.Remove(f)
	}
	clear(temps.files)
}

// WriteFile writes an image file atomically after verifying, from the bytes
// on disk, that it carries nothing outside the allowlist. The file is
// readable by all (0644).
func WriteFile(dst string, data []byte, overwrite bool) error {
	return WriteFileMode(dst, data, overwrite, 0o644)
}

// WriteFileMode is WriteFile with the file's permissions (an in-place copy
// keeps the original's).
func WriteFileMode(dst string, data []byte, overwrite bool, mode os.FileMode) (err error) {
	if !overwrite {
		if _, err := os.Lstat(dst); err == nil {
			return fmt.Errorf("%s: %w", dst, ErrExists)
		}
	}
	f, err := createTemp(filepath.Dir(dst))
	if err != nil {
		return fmt.Errorf("%s: %w", dst, err)
	}
	tmp := f.Name()
	defer DoneTemp(tmp)
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("%s: %w", dst, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("%s: %w", dst, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("%s: %w", dst, err)
	}
	back, err := os.ReadFile(tmp)
	if err != nil {
		return fmt.Errorf("%s: %w", dst, err)
	}
	if err = photo.Verify(back); err != nil {
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
