package redact

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Backup copies an original to dst, with its permissions and times,
// refusing to replace an existing file, unless that file holds the same
// bytes already (a run stopped between the backup and the write left it).
// The copy is written to a temporary file beside dst (TempPattern), synced,
// then linked into place, so dst is never a partial copy.
func Backup(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return err
	}
	if _, err := os.Lstat(dst); err == nil {
		if same, _ := SameBytes(src, dst); same {
			return nil
		}
		return fmt.Errorf("%s: cannot keep a backup: %s exists already", src, dst)
	}
	out, err := CreateTemp(filepath.Dir(dst))
	if err != nil {
		return fmt.Errorf("%s: cannot keep a backup: %w", src, err)
	}
	tmp := out.Name()
	defer DoneTemp(tmp)
	defer func() {
		if err != nil {
			out.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = io.Copy(out, in); err != nil {
		return fmt.Errorf("%s: backup: %w", src, err)
	}
	if err = out.Sync(); err != nil {
		return fmt.Errorf("%s: backup: %w", src, err)
	}
	if err = out.Close(); err != nil {
		return fmt.Errorf("%s: backup: %w", src, err)
	}
	if err = os.Chmod(tmp, st.Mode().Perm()); err != nil {
		return fmt.Errorf("%s: backup: %w", src, err)
	}
	_ = os.Chtimes(tmp, st.ModTime(), st.ModTime())
	// A link never replaces a file that appeared meanwhile; where links
	// cannot be made (some USB disks), the rename follows a last check.
	if lerr := os.Link(tmp, dst); lerr == nil {
		os.Remove(tmp)
		return nil
	} else if os.IsExist(lerr) {
		err = fmt.Errorf("%s: cannot keep a backup: %s exists already", src, dst)
		return err
	}
	if _, lerr := os.Lstat(dst); lerr == nil {
		err = fmt.Errorf("%s: cannot keep a backup: %s exists already", src, dst)
		return err
	}
	if err = os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("%s: backup: %w", src, err)
	}
	return nil
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
