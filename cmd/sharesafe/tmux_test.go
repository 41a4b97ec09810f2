package main

import (
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/words"
)

// TestReviewAppInTmux drives the real binary in tmux, as a parent would:
// open the photo with a location, turn its mask off and on, add a box,
// choose solid masks, change the audience, export; then add a second box,
// move it to the left edge and save again (the copy is rewritten, not
// "left alone"); switch to French and open the full help (the title
// stays); quit; then checks the safe copy carries both edits.
func TestReviewAppInTmux(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "photos")
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(in, "school-gate.jpg"))
	out := filepath.Join(dir, "safe")
	session := "sharesafe-test-" + filepath.Base(dir)
	tmux := func(args ...string) string {
		t.Helper()
		b, err := tmuxIn(session, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v: %s", args, err, b)
		}
		return string(b)
	}
	tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30",
		"env", "LANG=en_GB.UTF-8", "TERM=xterm-256color", "SHARESAFE_STATE="+filepath.Join(dir, "state"), binary, in)
	defer tmuxIn(session, "kill-server").Run()
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
	wait("(masks: emoji)")
	keys("n")
	wait("added by you")
	keys("m", "m", "m")
	wait("(masks: solid)")
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
	keys("Enter") // back to the list
	wait("who will see it")
	keys("Enter")
	wait("added by you")
	keys("n")
	for i := 0; i < 30; i++ {
		keys("Left")
	}
	wait("3  masked  added by you")
	keys("e")
	wait("Folder for the safe copies")
	keys("Enter")
	wait("saved again with your latest masks")
	wait("Done. Your safe copies are in")
	keys("Enter")
	wait("who will see it")
	for _, l := range words.Langs() { // L goes round the languages, English first
		if l == words.French {
			break
		}
		keys("L")
	}
	wait("vérifiez vos photos")
	keys("?")
	wait("autres touches")
	if first := strings.SplitN(screen, "\n", 2)[0]; !strings.Contains(first, "sharesafe") {
		t.Errorf("the full help pushed the title off the screen:\n%s", screen)
	}
	keys("q")

	got := filepath.Join(out, "school-gate.jpg")
	b, err := os.ReadFile(got)
	if err != nil {
		t.Fatalf("no safe copy: %v", err)
	}
	if err := photo.Verify(b); err != nil {
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
	// The second edit: the app's new mask (a fifth of the shorter side
	// wide, 1.2 times as tall, in the middle) moved to the left edge.
	w, h := rep.Width, rep.Height
	side := max(8, min(w, h)/5)
	second := image.Rect(0, h/2-side*6/10, side, h/2+side*6/10).Inset(4)
	assertCovered(t, dst.Image, second, false)
}

// TestReviewAppHintsInTmux: at 80×24 the hint bar of the list and of the
// review ends with "? more keys", and the full help leaves the title on
// the screen.
func TestReviewAppHintsInTmux(t *testing.T) {
	needTmux(t)
	session := "sharesafe-hints-" + filepath.Base(t.TempDir())
	if b, err := tmuxIn(session, "new-session", "-d", "-s", session, "-x", "80", "-y", "24",
		"env", "LANG=en_GB.UTF-8", "TERM=xterm-256color", binary, filepath.Join(fixtures, "school-gate.jpg")).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	defer tmuxIn(session, "kill-server").Run()
	screen := ""
	wait := func(ok func(lines []string) bool, what string) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			b, _ := tmuxIn(session, "capture-pane", "-p", "-t", session).Output()
			screen = string(b)
			if ok(strings.Split(strings.TrimRight(screen, "\n"), "\n")) {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("waited for %s; the screen shows:\n%s", what, screen)
	}
	keys := func(k ...string) { tmuxIn(session, append([]string{"send-keys", "-t", session}, k...)...).Run() }
	endsWithMore := func(lines []string) bool {
		return strings.HasSuffix(strings.TrimRight(lines[len(lines)-1], " "), "? more keys") && !strings.Contains(screen, "checking")
	}
	wait(endsWithMore, "the list's hint bar ending with ? more keys")
	keys("Enter")
	wait(func(l []string) bool { return endsWithMore(l) && strings.Contains(screen, "Faces (tab") }, "the review's hint bar ending with ? more keys")
	keys("?")
	wait(func(l []string) bool { return strings.Contains(screen, "shift+↑↓←→") }, "the full help")
	if !strings.HasPrefix(screen, "sharesafe") {
		t.Errorf("the full help pushed the title off:\n%s", screen)
	}
	keys("q")
}

// TestMissingPathExits2: "sharesafe /nonexistent" names the path and exits
// with 2 instead of opening the app on an empty list.
func TestMissingPathExits2(t *testing.T) {
	_, stderr, code := sharesafe(t, "/nonexistent")
	if code != exitUsage || !strings.Contains(stderr, "/nonexistent: no such file or folder") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestDemoInTmux runs "sharesafe demo" with no arguments in a terminal: the
// review app opens on the built-in samples.
func TestDemoInTmux(t *testing.T) {
	needTmux(t)
	session := "sharesafe-demo-" + filepath.Base(t.TempDir())
	if b, err := tmuxIn(session, "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
		"env", "LANG=en_GB.UTF-8", binary, "demo").CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	defer tmuxIn(session, "kill-server").Run()
	deadline := time.Now().Add(30 * time.Second)
	screen := ""
	for time.Now().Before(deadline) {
		b, _ := tmuxIn(session, "capture-pane", "-p", "-t", session).Output()
		screen = string(b)
		if strings.Contains(screen, "4-cat-burst.jpg") && strings.Contains(screen, "near Lyon") && !strings.Contains(screen, "checking") {
			tmuxIn(session, "send-keys", "-t", session, "q").Run()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the demo did not show its samples:\n%s", screen)
}

// needTmux skips a test without tmux (and fails it under CI, which must
// install it).
func needTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux missing under CI: .ci/run must install it")
		}
		t.Skip("tmux not installed")
	}
}

// TestUnreadablePhotosInTmux opens the app, as a parent would, on a folder
// holding a good photo, a text file named .jpg and a JPEG cut short, in
// English and in French: the list names each bad file in one kind line,
// enter on one says it again and opens nothing, and the good photo still
// opens.
func TestUnreadablePhotosInTmux(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(dir, "b-good.jpg"))
	os.WriteFile(filepath.Join(dir, "a-holiday.jpg"), []byte("this is not a photo\n"), 0o644)
	b, _ := os.ReadFile(filepath.Join(fixtures, "school-gate.jpg"))
	os.WriteFile(filepath.Join(dir, "c-cut.jpg"), b[:len(b)/2], 0o644)
	for _, c := range []struct{ lang, holiday, cut, review string }{
		{"en_GB.UTF-8", "Can't open a-holiday.jpg: the file is damaged or not a photo.", "Can't open c-cut.jpg: the file is damaged or not a photo.", "Faces (tab"},
		{"fr_FR.UTF-8", "Impossible d'ouvrir a-holiday.jpg\u202f: le fichier est abîmé ou ce n'est pas une photo.", "Impossible d'ouvrir c-cut.jpg\u202f: le fichier est abîmé ou ce n'est pas une photo.", "Visages (Tab"},
	} {
		session := "sharesafe-unreadable-" + c.lang[:2] + "-" + filepath.Base(dir)
		if b, err := tmuxIn(session, "new-session", "-d", "-s", session, "-x", "110", "-y", "30",
			"env", "LANG="+c.lang, "TERM=xterm-256color", binary, "--detector", "fast", dir).CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		defer tmuxIn(session, "kill-server").Run()
		screen := ""
		wait := func(ok func() bool, what string) {
			t.Helper()
			deadline := time.Now().Add(30 * time.Second)
			for time.Now().Before(deadline) {
				b, _ := tmuxIn(session, "capture-pane", "-p", "-t", session).Output()
				if screen = string(b); ok() {
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
			t.Fatalf("%s: waited for %s; the screen shows:\n%s", c.lang, what, screen)
		}
		keys := func(k ...string) { tmuxIn(session, append([]string{"send-keys", "-t", session}, k...)...).Run() }
		statusSays := func(s string) func() bool {
			return func() bool {
				lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
				return len(lines) > 1 && strings.TrimSpace(lines[len(lines)-2]) == s
			}
		}
		wait(func() bool { return strings.Contains(screen, c.holiday) && strings.Contains(screen, c.cut) }, "the two kind lines")
		for _, raw := range []string{"photo:", dir, "JPEG", "scan data"} {
			if strings.Contains(screen, raw) {
				t.Errorf("%s: the list shows %q:\n%s", c.lang, raw, screen)
			}
		}
		keys("Enter") // a-holiday.jpg is first
		wait(statusSays(c.holiday), "the status line saying why")
		keys("Down")
		wait(func() bool { return !statusSays(c.holiday)() }, "the message gone after the next key")
		keys("Enter") // b-good.jpg
		wait(func() bool { return strings.Contains(screen, c.review) }, "the review of the good photo")
		keys("Escape")
		wait(func() bool { return strings.Contains(screen, c.cut) }, "the list again")
		keys("Down")
		keys("Enter") // c-cut.jpg
		wait(statusSays(c.cut), "the status line saying why, for the cut JPEG")
		keys("q")
	}
}

// tmuxIn runs tmux on a server of its own, named after the test's session:
// tests never share a server with each other or with a person's tmux, so
// one test's server shutting down never meets the next test's first command
// ("server exited unexpectedly").
func tmuxIn(session string, args ...string) *exec.Cmd {
	return exec.Command("tmux", append([]string{"-L", session}, args...)...)
}

// TestReviewAppKeepsDecisionsInTmux drives the real binary as the parent
// of issue 25: a mask drawn over a face the detector missed and moved,
// the photo set to pixelate; q asks before quitting (the change is in no
// safe copy), e saves from the question; q then quits at once. Reopened,
// the list says "your masks", the review has the mask back, marked as
// the parent's; saving again leaves the copy unchanged (not rewritten);
// ctrl+c after another change asks, and a second ctrl+c quits. The copy
// on disk has the mask drawn by hand.
func TestReviewAppKeepsDecisionsInTmux(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "photos")
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(in, "school-gate.jpg"))
	copyFile(t, filepath.Join(fixtures, "rotated.jpg"), filepath.Join(in, "rotated.jpg"))
	out := filepath.Join(dir, "safe")
	session := "sharesafe-keep-" + filepath.Base(dir)
	screen := ""
	var wait func(string)
	keys := func(k ...string) { tmuxIn(session, append([]string{"send-keys", "-t", session}, k...)...).Run() }
	open := func() {
		t.Helper()
		if b, err := tmuxIn(session, "new-session", "-d", "-s", session, "-x", "120", "-y", "35",
			"env", "LANG=en_GB.UTF-8", "TERM=xterm-256color", "SHARESAFE_STATE="+filepath.Join(dir, "state"),
			binary, "--detector", "fast", in).CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
	}
	wait = func(s string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			b, _ := tmuxIn(session, "capture-pane", "-p", "-t", session).Output()
			screen = string(b)
			if strings.Contains(screen, s) {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("waited for %q; the screen shows:\n%s", s, screen)
	}
	gone := func() {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if tmuxIn(session, "has-session", "-t", session).Run() != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatal("the app did not quit")
	}
	defer tmuxIn(session, "kill-server").Run()

	open()
	wait("2 photos")
	wait("risk: very high")
	keys("Down", "Enter") // school-gate.jpg
	wait("Faces (tab to pick one)")
	keys("n")
	wait("added by you")
	for i := 0; i < 6; i++ {
		keys("Left")
	}
	keys("m", "m")
	wait("(masks: pixels)")
	keys("q")
	wait("Quit anyway?")
	if !strings.Contains(screen, "The changes you made to 1 photo are not in a safe copy yet.") {
		t.Errorf("the question does not say what is not saved:\n%s", screen)
	}
	keys("e")
	wait("Folder for the safe copies")
	keys("C-u")
	keys("-l", out)
	keys("Enter")
	wait("Done. Your safe copies are in")
	keys("q") // everything is saved: quits at once
	gone()

	open()
	wait("your masks")
	keys("Down", "Enter")
	wait("style for this photo are back")
	if !strings.Contains(screen, "added by you") || !strings.Contains(screen, "(masks: pixels)") {
		t.Errorf("reopened, the review lacks the parent's mask:\n%s", screen)
	}
	before, err := os.Stat(filepath.Join(out, "school-gate.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	keys("e")
	wait("Folder for the safe copies")
	keys("C-u")
	keys("-l", out)
	keys("Enter")
	wait("Done. Your safe copies are in")
	if !strings.Contains(screen, "school-gate.jpg unchanged since it was saved") {
		t.Errorf("saved again with nothing changed:\n%s", screen)
	}
	if after, _ := os.Stat(filepath.Join(out, "school-gate.jpg")); !after.ModTime().Equal(before.ModTime()) {
		t.Error("the copy was rewritten though nothing changed")
	}
	keys("Enter") // the list
	wait("who will see it")
	keys("Enter")
	wait("style for this photo are back")
	keys("Space") // a change not saved
	wait("NOT masked")
	keys("C-c")
	wait("Quit anyway?")
	keys("C-c")
	gone()

	// The copy: the mask drawn by hand (in the middle, moved left by six
	// steps of 2% of the longer side) is pixelated, not the photo.
	src, _ := photo.Open(filepath.Join(in, "school-gate.jpg"), photo.DefaultLimits)
	dst, err := photo.Open(filepath.Join(out, "school-gate.jpg"), photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	w, h := src.Image.Bounds().Dx(), src.Image.Bounds().Dy()
	side, step := max(8, min(w, h)/5), max(2, max(w, h)/50)
	hand := image.Rect(w/2-side/2-6*step, h/2-side*6/10, w/2+side/2-6*step, h/2+side*6/10).Inset(2)
	same := 0
	for y := hand.Min.Y; y < hand.Max.Y; y++ {
		for x := hand.Min.X; x < hand.Max.X; x++ {
			if src.Image.At(x, y) == dst.Image.At(x, y) {
				same++
			}
		}
	}
	if same > hand.Dx()*hand.Dy()/4 {
		t.Errorf("the hand mask %v is not drawn in the copy: %d of %d pixels as in the photo", hand, same, hand.Dx()*hand.Dy())
	}
}
