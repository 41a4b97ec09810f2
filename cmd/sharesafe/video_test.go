package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/internal/oracle"
)

// videoFolder is a folder as a phone's camera roll holds it: the committed
// clips, an iPhone Live Photo (a JPEG still beside its clip), and an AVI
// sharesafe does not read.
func videoFolder(t *testing.T) string {
	t.Helper()
	in := t.TempDir()
	for _, n := range []string{"iphone-live.mov", "gopro-like.mp4", "phone.3gp", "camm.mp4"} {
		copyFile(t, filepath.Join("../../testdata/videos", n), filepath.Join(in, n))
	}
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(in, "iphone-live.jpg"))
	os.WriteFile(filepath.Join(in, "old.avi"), []byte("RIFF\x00\x00\x00\x00AVI LIST"), 0o644)
	return in
}

// noFFmpeg is an environment whose PATH holds no ffmpeg.
func noFFmpeg(t *testing.T) []string { return []string{"PATH=" + t.TempDir()} }

// TestVideosAreCheckedAndCleaned runs the real binary on a folder of clips:
// scan says each clip is a video, what it gives away and what it is, and
// the still of a Live Photo names its clip; redact --faces none copies
// every clip without ffmpeg (exiftool -ee3 finds nothing beyond the
// structure in the copies) and says how many videos it cleaned; without
// ffmpeg, redact with masks writes no clip, and each clip's line says how
// to install it (exit 1), while the still is written.
func TestVideosAreCheckedAndCleaned(t *testing.T) {
	in := videoFolder(t)
	env := append(noFFmpeg(t), "SHARESAFE_STATE="+t.TempDir())

	stdout, stderr, code := sharesafeEnv(t, env, "scan", in, "--json", "--detector", "fast")
	if code != 0 {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	kinds := map[string]string{}
	for _, r := range records(t, stdout) {
		name := filepath.Base(str(r, "path"))
		kinds[name] = str(r, "kind")
		switch {
		case name == "old.avi":
			if str(r, "reason") != "video" {
				t.Errorf("%s: %v", name, r)
			}
		case name == "iphone-live.jpg":
			if !strings.Contains(stdout, `"kind":"live_photo"`) {
				t.Errorf("the still does not name its clip")
			}
		default:
			v, _ := r["video"].(map[string]any)
			if v == nil || v["duration_s"].(float64) <= 0 || v["faces_checked"] != false {
				t.Errorf("%s: video %v", name, r["video"])
			}
		}
	}
	want := map[string]string{"iphone-live.mov": "video", "gopro-like.mp4": "video", "phone.3gp": "video", "camm.mp4": "video",
		"iphone-live.jpg": "photo", "old.avi": "video"}
	for k, v := range want {
		if kinds[k] != v {
			t.Errorf("%s: kind %q, want %q", k, kinds[k], v)
		}
	}

	out := filepath.Join(t.TempDir(), "safe")
	stdout, stderr, code = sharesafeEnv(t, env, "redact", in, "-o", out, "--faces", "none")
	if code != 0 || !strings.Contains(stdout, "5 copies written without their hidden information; faces not masked (--faces none). 4 videos cleaned.") {
		t.Fatalf("redact --faces none: exit %d: %s%s", code, stdout, stderr)
	}
	if oracle.Available() {
		var clips []string
		for _, n := range []string{"iphone-live.mov", "gopro-like.mp4", "phone.3gp", "camm.mp4"} {
			clips = append(clips, filepath.Join(out, n))
		}
		tags, err := oracle.VideoTagsOf(clips...)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range clips {
			if leaks := oracle.VideoLeaksIn(tags[c]); len(leaks) > 0 {
				t.Errorf("%s: exiftool finds %v", c, leaks)
			}
		}
	}

	out2 := filepath.Join(t.TempDir(), "safe")
	stdout, stderr, code = sharesafeEnv(t, env, "redact", in, "-o", out2, "--json", "--detector", "fast")
	if code != 1 {
		t.Errorf("redact without ffmpeg: exit %d, want 1", code)
	}
	for _, r := range records(t, stdout) {
		name := filepath.Base(str(r, "path"))
		switch want[name] {
		case "photo":
			if str(r, "status") != "written" {
				t.Errorf("%s: %v", name, r)
			}
		default:
			if name != "old.avi" && (str(r, "status") != "failed" || !strings.Contains(str(r, "error"), "apt install ffmpeg")) {
				t.Errorf("%s: %s %s", name, str(r, "status"), str(r, "error"))
			}
		}
	}
	entries, _ := os.ReadDir(out2)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if slices.ContainsFunc(names, func(n string) bool { return filepath.Ext(n) != ".jpg" && !strings.HasPrefix(n, ".") }) {
		t.Errorf("without ffmpeg, the output holds %v", names)
	}
	if !strings.Contains(stderr, "install ffmpeg") {
		t.Errorf("stderr does not say how to install ffmpeg:\n%s", stderr)
	}
}

// TestVideosWithFFmpeg: with ffmpeg, clips where no face shows are copied
// without re-encoding (their lines say lossless), --version names ffmpeg.
func TestVideosWithFFmpeg(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("ffmpeg is missing under CI: .ci/run installs it")
		}
		t.Skip("ffmpeg not installed")
	}
	stdout, _, _ := sharesafe(t, "--version")
	if !strings.Contains(stdout, "ffmpeg: ") || strings.Contains(stdout, "not found") {
		t.Errorf("--version: %s", stdout)
	}
	in := t.TempDir()
	for _, n := range []string{"camm.mp4", "phone.3gp"} {
		copyFile(t, filepath.Join("../../testdata/videos", n), filepath.Join(in, n))
	}
	stdout, stderr, code := sharesafe(t, "redact", in, "-o", filepath.Join(t.TempDir(), "safe"), "--json", "--detector", "fast")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, r := range records(t, stdout) {
		if str(r, "status") != "written" || str(r, "write_path") != "lossless" || str(r, "kind") != "video" {
			t.Errorf("%v", r)
		}
	}
}
