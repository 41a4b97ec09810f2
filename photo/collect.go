package photo

import (
	"errors"
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
	// Pair is the other half of a Live Photo (the clip of a still, the
	// still of a clip: LivePairs), when it is an input too.
	Pair string
}

// Collection is what Collect found: every regular, non-hidden file met is
// either an input or a skip, and every path that could not be used an
// error.
type Collection struct {
	Inputs []Input
	// Skips are the files met that are not processed, each with why, in
	// the order met.
	Skips []Skip
	// Errors holds one *PathError per path that could not be used.
	Errors []error
}

// Reason says why a file met is not processed (the JSON lines' "reason").
type Reason string

// The reasons a file met is skipped.
const (
	// NotAPhoto: a file whose name and first bytes say no photo format
	// (or a device, pipe or socket, never opened).
	NotAPhoto Reason = "not_a_photo"
	// Video: a video sharesafe does not read (AVI, Matroska, WebM, MPEG;
	// by its name or its first bytes). MP4, MOV, M4V and 3GP clips are
	// inputs.
	Video Reason = "video"
	// Link: a symbolic link inside a folder (links are not followed).
	Link Reason = "link"
	// Duplicate: a file met before under another path (the same file by
	// identity: given twice, inside a folder given too, a hard link).
	Duplicate Reason = "duplicate"
	// Backup: an original kept by an in-place run (FILE.orig).
	Backup Reason = "backup"
)

// Skip is a file met and not processed.
type Skip struct {
	Path   string
	Reason Reason
}

// PathError is an error about a path given or met, which it keeps (a
// missing path is still named in the output).
type PathError struct {
	Path string
	Err  error
}

func (e *PathError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *PathError) Unwrap() error { return e.Err }

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

// otherVideoExt lists the extensions of the videos sharesafe does not
// read (those it reads are in the table of formats: videoExt).
var otherVideoExt = map[string]bool{
	".avi": true, ".mkv": true, ".webm": true, ".mts": true, ".m2ts": true, ".wmv": true, ".mpg": true, ".mpeg": true,
}

// collector is Collect's state: what was found, and the files met so far
// (by size, then identity) to tell a file met twice.
type collector struct {
	Collection
	seen map[int64][]os.FileInfo
}

// Collect expands files and folders into the photos to process. Folders
// are walked recursively; hidden entries and folders of safe copies (marked
// with OutputMark) are passed over without a word; every other regular file
// is an input or a Skip with its reason (in-place backups, videos, files
// that are not photos, symbolic links, which are not followed, and a file
// met before). A file is a photo when its extension or its first bytes say
// so. A path given by name is an input unless it is a video or met before
// (a bad one fails later, by name); a path that cannot be used is an error
// that keeps it.
func Collect(paths []string) Collection {
	c := collector{seen: map[int64][]os.FileInfo{}}
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			c.Errors = append(c.Errors, &PathError{root, unwrapPath(err)})
			continue
		}
		switch {
		case st.Mode().IsRegular():
			switch {
			case c.metBefore(st):
				c.skip(root, Duplicate)
			case !HasPhotoExt(root) && isVideo(root):
				c.skip(root, Video)
			default:
				c.Inputs = append(c.Inputs, Input{Path: root, Rel: filepath.Base(root)})
			}
		case st.IsDir():
			c.walk(root)
		default:
			c.Errors = append(c.Errors, &PathError{root, errors.New("not a file or a folder")})
		}
	}
	for a, b := range LivePairs(c.Inputs) {
		c.Inputs[a].Pair = c.Inputs[b].Path
	}
	return c.Collection
}

func (c *collector) skip(path string, r Reason) { c.Skips = append(c.Skips, Skip{path, r}) }

// metBefore reports whether the file st was met already, and remembers it.
func (c *collector) metBefore(st os.FileInfo) bool {
	for _, o := range c.seen[st.Size()] {
		if os.SameFile(o, st) {
			return true
		}
	}
	c.seen[st.Size()] = append(c.seen[st.Size()], st)
	return false
}

func (c *collector) walk(root string) {
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			c.Errors = append(c.Errors, &PathError{path, unwrapPath(err)})
			return nil
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil // hidden: not the user's photos
		}
		if d.IsDir() {
			if _, err := os.Lstat(filepath.Join(path, OutputMark)); err == nil && path != root {
				return fs.SkipDir // safe copies written by sharesafe
			}
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			c.skip(path, Link)
			return nil
		case !d.Type().IsRegular():
			c.skip(path, NotAPhoto) // a device, pipe or socket: never opened
			return nil
		case strings.HasSuffix(d.Name(), BackupExt):
			c.skip(path, Backup) // an original kept by an in-place run
			return nil
		}
		if st, err := d.Info(); err == nil && c.metBefore(st) {
			c.skip(path, Duplicate)
			return nil
		}
		if !HasPhotoExt(path) && !HasVideoExt(path) {
			f, err := SniffPath(path)
			switch {
			case err == nil && f == FormatUnknown && isVideo(path):
				c.skip(path, Video)
				return nil
			case err == nil && f == FormatUnknown:
				c.skip(path, NotAPhoto)
				return nil
			}
			// (A file that cannot be opened is an input: its error is
			// reported by name when it is read, not skipped in silence.)
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			rel = filepath.Base(path)
		}
		c.Inputs = append(c.Inputs, Input{Path: path, Rel: rel})
		return nil
	})
	if err != nil {
		c.Errors = append(c.Errors, &PathError{root, err})
	}
}

// isVideo reports whether a file is a video sharesafe does not read, by
// its extension or its first bytes (an ISO media or QuickTime file whose
// brand is neither a photo's nor a video's sharesafe reads, AVI, Matroska
// or WebM). The videos it reads (MP4, MOV, M4V, 3GP) are inputs.
func isVideo(path string) bool {
	if otherVideoExt[strings.ToLower(filepath.Ext(path))] {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [12]byte
	n, _ := io.ReadFull(f, b[:])
	h := b[:n]
	if Sniff(h) != FormatUnknown {
		return false
	}
	return len(h) >= 8 && (string(h[4:8]) == "ftyp" || string(h[4:8]) == "moov" || string(h[4:8]) == "mdat") ||
		len(h) >= 12 && string(h[:4]) == "RIFF" && string(h[8:12]) == "AVI " ||
		len(h) >= 4 && string(h[:4]) == "\x1a\x45\xdf\xa3"
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
