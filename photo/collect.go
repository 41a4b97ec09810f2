package photo

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Input is one file to process, found from the paths a user gave.
type Input struct {
	// Path is the file's path.
	Path string
	// Rel is its path relative to the folder it was found in (its base
	// name when it was given as a file): outputs keep this structure.
	Rel string
}

// Collection is what Collect found.
type Collection struct {
	Inputs []Input
	// Skipped counts files in folders that are not photos, hidden files
	// and symbolic links, which are not followed.
	Skipped int
	// Backups counts the originals kept by in-place runs (FILE.orig),
	// never taken for photos.
	Backups int
	// Errors holds one error per path that could not be used.
	Errors []error
}

// OutputMark is the hidden file sharesafe leaves in a folder of safe copies:
// Collect never takes such a folder's files for photos.
const OutputMark = ".sharesafe-output"

// BackupExt ends the name of the copy of an original kept by an in-place
// run (IMG_1.jpg.orig): Collect never takes it for a photo.
const BackupExt = ".orig"

// HasPhotoExt reports whether a file name's extension says it is a photo.
func HasPhotoExt(name string) bool { return photoExt[strings.ToLower(filepath.Ext(name))] }

// HasVideoExt reports whether a file name's extension says it is a video
// (MP4, MOV, M4V, 3GP).
func HasVideoExt(name string) bool { return videoExt[strings.ToLower(filepath.Ext(name))] }

// Collect expands files and folders into the photos to process. Folders
// are walked recursively; hidden entries, folders of safe copies (marked
// with OutputMark) and in-place backups (FILE.orig) are skipped, symbolic
// links are not followed; a file is a photo when its extension or its first
// bytes say so.
// A path given by name is always an input (a bad one fails later, by name).
func Collect(paths []string) Collection {
	var c Collection
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			c.Errors = append(c.Errors, fmt.Errorf("%s: %w", root, unwrapPath(err)))
			continue
		}
		switch {
		case st.Mode().IsRegular():
			c.Inputs = append(c.Inputs, Input{Path: root, Rel: filepath.Base(root)})
		case st.IsDir():
			c.walk(root)
		default:
			c.Errors = append(c.Errors, fmt.Errorf("%s: not a file or a folder", root))
		}
	}
	return c
}

func (c *Collection) walk(root string) {
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			c.Errors = append(c.Errors, fmt.Errorf("%s: %w", path, unwrapPath(err)))
			return nil
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			c.Skipped++
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if _, err := os.Lstat(filepath.Join(path, OutputMark)); err == nil && path != root {
				c.Skipped++ // safe copies written by sharesafe
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), BackupExt) {
			c.Backups++ // an original kept by an in-place run
			return nil
		}
		if !d.Type().IsRegular() {
			c.Skipped++ // symbolic links, devices, sockets
			return nil
		}
		if !HasPhotoExt(path) && !sniffFile(path) {
			c.Skipped++
			return nil
		}
		// (A file that cannot be opened is an input: its error is reported
		// by name when it is read, not skipped in silence.)
		rel, err := filepath.Rel(root, path)
		if err != nil {
			rel = filepath.Base(path)
		}
		c.Inputs = append(c.Inputs, Input{Path: path, Rel: rel})
		return nil
	})
	if err != nil {
		c.Errors = append(c.Errors, fmt.Errorf("%s: %w", root, err))
	}
}

// sniffFile reports whether a file's first bytes announce a known photo
// format, or whether it cannot be read (then it is reported, not skipped).
// Videos are not taken yet.
func sniffFile(path string) bool {
	f, err := SniffPath(path)
	return err != nil || f != FormatUnknown && !f.IsVideo()
}

// SniffPath returns the format a file's first bytes announce.
func SniffPath(path string) (Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return FormatUnknown, err
	}
	defer f.Close()
	var head [16]byte
	n, _ := io.ReadFull(f, head[:])
	return Sniff(head[:n]), nil
}

// unwrapPath drops the *fs.PathError wrapper, whose path we print already.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
