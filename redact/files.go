package redact

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Backup copies an original to dst, refusing to replace an existing file,
// unless that file holds the same bytes already (a run stopped between the
// backup and the write left it).
func Backup(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if os.IsExist(err) {
		if same, _ := SameBytes(src, dst); same {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("%s: cannot keep a backup: %w", src, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return fmt.Errorf("%s: backup: %w", src, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}

// SameBytes reports whether two files hold the same bytes.
func SameBytes(a, b string) (bool, error) {
	fa, err := os.Open(a)
	if err != nil {
		return false, err
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false, err
	}
	defer fb.Close()
	ba, bb := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, ea := io.ReadFull(fa, ba)
		nb, eb := io.ReadFull(fb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false, nil
		}
		if ea != nil || eb != nil {
			if (ea == io.EOF || ea == io.ErrUnexpectedEOF) && (eb == io.EOF || eb == io.ErrUnexpectedEOF) {
				return true, nil
			}
			if ea != nil && ea != io.EOF && ea != io.ErrUnexpectedEOF {
				return false, ea
			}
			return false, eb
		}
	}
}

// NeutralName returns a name that says nothing of date or device:
// photo-0001.jpg for the first photo of a run.
func NeutralName(rel string, index int) string {
	dir := filepath.Dir(rel)
	ext := strings.ToLower(filepath.Ext(rel))
	if ext == ".jpeg" || ext == ".jpe" {
		ext = ".jpg"
	}
	return filepath.Join(dir, fmt.Sprintf("photo-%04d%s", index+1, ext))
}
