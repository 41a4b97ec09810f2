package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
)

// TestReviewAppInTmux drives the real binary in tmux, as a parent would:
// open the photo with a location, turn its mask off and on, add a box,
// choose solid masks, change the audience, export, quit; then checks the
// safe copy.
func TestReviewAppInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux missing under CI: .ci/run must install it")
		}
		t.Skip("tmux not installed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "photos")
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(in, "school-gate.jpg"))
	out := filepath.Join(dir, "safe")
	session := "sharesafe-test-" + filepath.Base(dir)
	tmux := func(args ...string) string {
		t.Helper()
		b, err := exec.Command("tmux", args...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v: %s", args, err, b)
		}
		return string(b)
	}
	tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30",
		"env", "LANG=en_GB.UTF-8", "TERM=xterm-256color", binary, in)
	defer exec.Command("tmux", "kill-session", "-t", session).Run()
	screen := ""
	wait := func(s string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			screen = tmux("capture-pane", "-p", "-t", session)
			if strings.Contains(screen, s) {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("waited for %q; the screen shows:\n%s", s, screen)
	}
	keys := func(k ...string) { tmux(append([]string{"send-keys", "-t", session}, k...)...) }

	wait("risk: very high")
	keys("Enter")
	wait("Faces (tab to pick one)")
	keys("Space")
	wait("NOT masked")
	keys("Space")
	wait("masked (emoji)")
	keys("n")
	wait("added by you")
	keys("m", "m", "m")
	wait("masked (solid)")
	keys("a")
	wait("share it with friends")
	if os.Getenv("SHARESAFE_CAPTURE") != "" {
		os.WriteFile(os.Getenv("SHARESAFE_CAPTURE"), []byte(screen), 0o644)
	}
	keys("e")
	wait("Folder for the safe copies")
	keys("C-u")
	keys("-l", out)
	keys("Enter")
	wait("Done. Your safe copies are in")
	keys("q")

	got := filepath.Join(out, "school-gate.jpg")
	b, err := os.ReadFile(got)
	if err != nil {
		t.Fatalf("no safe copy: %v", err)
	}
	if err := redact.Verify(b); err != nil {
		t.Errorf("safe copy not clean: %v", err)
	}
	src, _ := photo.Open(filepath.Join(in, "school-gate.jpg"), photo.DefaultLimits)
	rep, _ := detect.Inspect(src, detect.DefaultOptions)
	dst, err := photo.Open(got, photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Faces {
		assertCovered(t, dst.Image, f.Box.R(), false)
	}
}

// TestDemoInTmux runs "sharesafe demo" with no arguments in a terminal: the
// review app opens on the built-in samples.
func TestDemoInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux missing under CI: .ci/run must install it")
		}
		t.Skip("tmux not installed")
	}
	session := "sharesafe-demo-" + filepath.Base(t.TempDir())
	if b, err := exec.Command("tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
		"env", "LANG=en_GB.UTF-8", binary, "demo").CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	defer exec.Command("tmux", "kill-session", "-t", session).Run()
	deadline := time.Now().Add(30 * time.Second)
	screen := ""
	for time.Now().Before(deadline) {
		b, _ := exec.Command("tmux", "capture-pane", "-p", "-t", session).Output()
		screen = string(b)
		if strings.Contains(screen, "4-cat-burst.jpg") && strings.Contains(screen, "near Lyon") && !strings.Contains(screen, "checking") {
			exec.Command("tmux", "send-keys", "-t", session, "q").Run()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the demo did not show its samples:\n%s", screen)
}
