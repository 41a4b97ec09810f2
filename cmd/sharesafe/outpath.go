package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/sharesafe/sharesafe/words"
)

// Output paths are checked before any photo is read, so that a typo costs
// nothing: a page whose folder is missing, a folder given where the page
// goes, a file given where the safe copies go, a place nobody can write.
// Each is a usage error (exit 2), said in the run's language with the
// path and the fix.

// pagePath is the page's file name as it will be written: with ".html"
// when it has no ".html" or ".htm" of its own.
func pagePath(out string) string {
	ext := strings.ToLower(filepath.Ext(out))
	if ext == ".html" || ext == ".htm" {
		return out
	}
	return out + ".html"
}

// checkPageOutput returns the page's path (pagePath of out), or refuses a
// page that cannot be written: a folder given as -o (or at the page's
// name), its folder missing, or a place that cannot be written.
func checkPageOutput(lang words.Lang, out string) (string, error) {
	page := pagePath(out)
	for _, p := range []string{out, page} {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return "", usagef("%s", lang.T(words.CLIOutputIsFolder, p, filepath.Join(p, "report.html")))
		}
	}
	return page, checkPageFolder(lang, page)
}

// checkPageFolder refuses a page whose folder is missing or is a file, or
// that cannot be written.
func checkPageFolder(lang words.Lang, page string) error {
	dir := filepath.Dir(page)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, syscall.ENOTDIR):
		return usagef("%s", lang.T(words.CLIOutputNotFolder, fileInTheWay(dir), page))
	case errors.Is(err, fs.ErrNotExist):
		return usagef("%s", lang.T(words.CLIOutputNoFolder, dir, page))
	case err == nil && !st.IsDir():
		return usagef("%s", lang.T(words.CLIOutputNotFolder, dir, page))
	case err != nil:
		return usagef("%s", lang.T(words.CLIOutputNotWritable, page))
	}
	if !canWrite(dir) || !canOpenForWriting(page) {
		return usagef("%s", lang.T(words.CLIOutputNotWritable, page))
	}
	return nil
}

// checkFolderOutput refuses a folder of safe copies that cannot be made or
// written: a file at its name or above it, or a place that cannot be
// written. A folder that does not exist yet is made by redact.
func checkFolderOutput(lang words.Lang, dir string) error {
	d := dir
	for {
		st, err := os.Stat(d)
		if err == nil {
			if !st.IsDir() {
				return usagef("%s", lang.T(words.CLIOutputIsFile, d, dir))
			}
			if !canWrite(d) {
				return usagef("%s", lang.T(words.CLIOutputNotWritable, dir))
			}
			return nil
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return usagef("%s", lang.T(words.CLIOutputNotWritable, dir))
		}
		up := filepath.Dir(d)
		if up == d {
			return nil
		}
		d = up
	}
}

// canWrite reports whether a new file can be made in the folder dir: it
// makes one, empty and hidden, and removes it.
func canWrite(dir string) bool {
	f, err := os.CreateTemp(dir, ".sharesafe-check-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}

// canOpenForWriting reports whether an existing file can be replaced (a
// page that does not exist yet can, when its folder can be written).
func canOpenForWriting(path string) bool {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return true
	}
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// fileInTheWay is the file nearest above path that is not a folder (path
// itself when none is found).
func fileInTheWay(path string) string {
	for d := path; filepath.Dir(d) != d; d = filepath.Dir(d) {
		if st, err := os.Stat(d); err == nil && !st.IsDir() {
			return d
		}
	}
	return path
}
