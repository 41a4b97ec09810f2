package redact

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sharesafe/sharesafe/photo"
)

// loadClip copies a committed clip into dir and loads it from there (its
// samples stay in the file).
func loadClip(t *testing.T, dir, name string) *photo.Photo {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../testdata/videos", name))
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, name)
	if err := os.WriteFile(src, b, 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := photo.Load(src, photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestWriteVideo: a clip's copy is written by WritePlan without masks,
// checked from disk, and nothing else is left in the folder; a second
// write finds it there; masks are refused on this path; the original is
// unchanged.
func TestWriteVideo(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	p := loadClip(t, in, "gopro-like.mp4")
	before, _ := os.ReadFile(p.Path)
	dst := filepath.Join(out, "gopro-like.mp4")
	got, how, err := WritePlan(p, Plan{}, dst, WriteOptions{})
	if err != nil || got != dst || how != PathLossless {
		t.Fatalf("%s %s %v", got, how, err)
	}
	f, _ := os.Open(dst)
	st, _ := f.Stat()
	err = photo.VerifyVideo(f, st.Size(), p)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("the folder holds %v", entries)
	}
	if _, _, err := WritePlan(p, Plan{}, dst, WriteOptions{}); !errors.Is(err, ErrExists) {
		t.Errorf("second write: %v", err)
	}
	if _, _, err := WritePlan(p, Plan{Masks: []Mask{{Style: Solid}}}, filepath.Join(out, "m.mp4"), WriteOptions{}); !errors.Is(err, ErrVideoMasks) {
		t.Errorf("masks: %v", err)
	}
	if _, _, err := WritePlan(p, Plan{}, p.Path, WriteOptions{Overwrite: true}); err == nil {
		t.Error("the original was overwritten without in-place")
	}
	if after, _ := os.ReadFile(p.Path); string(after) != string(before) {
		t.Error("the original changed")
	}
}

// TestWriteVideoOnAFullDiskLeavesNothing: a disk that fills up midway
// leaves no copy and no temporary file, and the error names the file.
func TestWriteVideoOnAFullDiskLeavesNothing(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	p := loadClip(t, in, "iphone-live.mov")
	old := createTemp
	defer func() { createTemp = old }()
	createTemp = func(d string) (tempFile, error) {
		f, err := os.CreateTemp(d, ".sharesafe-*.tmp")
		return &fullDisk{File: f, limit: 3000}, err
	}
	_, err := WriteVideo(p, filepath.Join(out, "clip.mov"), WriteOptions{})
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "iphone-live.mov") {
		t.Fatalf("got %v, want a no-space error naming the file", err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
}
