package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"

	"github.com/sharesafe/sharesafe/detect"
)

// Cache keeps the faces found in a photo so that reopening a folder, or
// running report after scan, detects nothing twice. An entry is keyed by the
// file's content hash and the detector settings and version, and holds face
// boxes, ages and labels only: never a metadata value, a place or a pixel.
// An entry that cannot be read, is not ours, or does not fit the photo is
// ignored (and replaced), never trusted.
type Cache struct {
	dir string
}

// cacheFormat changes whenever an entry's meaning changes.
const cacheFormat = 1

// CacheDirEnv names the environment variable that moves the cache.
const CacheDirEnv = "SHARESAFE_CACHE"

// DefaultCacheDir is $SHARESAFE_CACHE, or "sharesafe" in the user's cache
// folder (os.UserCacheDir: ~/.cache on Linux, ~/Library/Caches on macOS,
// %LocalAppData% on Windows).
func DefaultCacheDir(getenv func(string) string) (string, error) {
	if d := getenv(CacheDirEnv); d != "" {
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache folder: %w", err)
	}
	return filepath.Join(d, "sharesafe"), nil
}

// OpenCache returns the cache in dir (created when first written). Its
// first act is to remove the temporary files that runs killed while
// writing an entry left there.
func OpenCache(dir string) *Cache {
	removeDeadTemps(dir)
	return &Cache{dir: dir}
}

// release is the version a release build was stamped with at link time
// (GoReleaser: -X github.com/sharesafe/sharesafe/engine.release=1.2.0; see
// .goreleaser.yaml); empty in other builds.
var release string

// Release returns the version this build was stamped with ("" when it was
// not): what --version says and what keys the face cache.
func Release() string { return release }

// version identifies this build, so that a new build never trusts the
// faces an older one found: the stamped release (with its revision), a
// release's module version, or a clean VCS revision; a build with none
// (built with -buildvcs=false, from a copy without .git, or from a tree
// with changes) is known by the SHA-256 of its own executable. Empty when
// none can be had: the cache is then not used.
var version = sync.OnceValue(func() string {
	bi, _ := debug.ReadBuildInfo()
	return buildIdentity(bi, release, executableSum)
})

// buildIdentity returns what identifies a build (version), stamped being
// the version it was stamped with; exeSum gives the executable's SHA-256
// when neither the stamp nor the build information identify it.
func buildIdentity(bi *debug.BuildInfo, stamped string, exeSum func() (string, error)) string {
	if bi != nil || stamped != "" {
		var rev, modified string
		if bi != nil {
			for _, s := range bi.Settings {
				switch s.Key {
				case "vcs.revision":
					rev = s.Value
				case "vcs.modified":
					modified = s.Value
				}
			}
		}
		if stamped != "" && modified != "true" {
			// A snapshot's version can repeat ("1.2.1-snapshot"): the
			// revision, when known, tells two apart.
			if rev != "" {
				return "release " + stamped + " rev " + rev
			}
			return "release " + stamped
		}
		if bi == nil {
			return exeIdentity(exeSum)
		}
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		if rev != "" && modified == "false" {
			return "rev " + rev
		}
	}
	return exeIdentity(exeSum)
}

// exeIdentity is the executable's SHA-256 as an identity, "" when it
// cannot be read.
func exeIdentity(exeSum func() (string, error)) string {
	sum, err := exeSum()
	if err != nil {
		return ""
	}
	return "exe " + sum
}

// executableSum is the SHA-256 of the running program's file.
func executableSum() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// CacheKey is the key of a photo's faces: its bytes, the detector settings,
// and this build; empty (nothing kept, nothing read) when the build cannot
// be identified.
func CacheKey(data []byte, opt detect.Options) string {
	v := version()
	if v == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "sharesafe faces %d\x00%s\x00%#v\x00", cacheFormat, v, opt)
	sum := sha256.Sum256(data)
	h.Write(sum[:])
	return hex.EncodeToString(h.Sum(nil))
}

// entry is one cached photo.
type entry struct {
	Format int           `json:"format"`
	Key    string        `json:"key"`
	Width  int           `json:"width"`
	Height int           `json:"height"`
	Faces  []detect.Face `json:"faces"`
}

func (c *Cache) path(key string) string {
	return filepath.Join(c.dir, "faces", key[:2], key+".json")
}

// Get returns the faces kept for key, for a photo of w×h upright pixels.
func (c *Cache) Get(key string, w, h int) ([]detect.Face, bool) {
	if c == nil || len(key) < 2 {
		return nil, false
	}
	b, err := os.ReadFile(c.path(key))
	if err != nil {
		return nil, false
	}
	var e entry
	if json.Unmarshal(b, &e) != nil || e.Format != cacheFormat || e.Key != key || e.Width != w || e.Height != h || e.Faces == nil {
		return nil, false
	}
	for _, f := range e.Faces {
		if !fits(f.Box, w, h) || !fits(f.Mask, w, h) ||
			(f.Label != detect.LabelChild && f.Label != detect.LabelUnsure && f.Label != detect.LabelAdult) {
			return nil, false
		}
	}
	return e.Faces, true
}

// fits reports whether a box lies inside a w×h picture and is not empty.
func fits(r detect.Rect, w, h int) bool {
	return r[0] >= 0 && r[1] >= 0 && r[2] > 0 && r[3] > 0 && r[0]+r[2] <= w && r[1]+r[3] <= h
}

// Put keeps the faces found for key. A cache that cannot be written is not
// an error: the faces are found again next time.
func (c *Cache) Put(key string, faces []detect.Face, w, h int) {
	if c == nil || len(key) < 2 {
		return
	}
	_ = c.put(key, faces, w, h)
}

func (c *Cache) put(key string, faces []detect.Face, w, h int) error {
	if faces == nil {
		faces = []detect.Face{}
	}
	b, err := json.Marshal(entry{Format: cacheFormat, Key: key, Width: w, Height: h, Faces: faces})
	if err != nil {
		return err
	}
	dst := c.path(key)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	return writeAtomic(c.dir, dst, b, false)
}
