package main

import (
	"bytes"
	"crypto/sha256"
	enc "encoding/binary"
	"hash/crc32"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/sharesafe/sharesafe/photo"
)

// pngBomb is a tiny PNG whose header declares w x h pixels.
func pngBomb(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	enc.BigEndian.PutUint32(ihdr[0:], w)
	enc.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	b := []byte("\x89PNG\r\n\x1a\n")
	b = append(b, pngChunk("IHDR", ihdr)...)
	b = append(b, pngChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(b, pngChunk("IEND", nil)...)
}

// pngChunk is one PNG chunk: its length, type, data and CRC.
func pngChunk(typ string, data []byte) []byte {
	b := enc.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(b, typ...)
	b = append(b, data...)
	return enc.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
}

// jpegBomb is a JPEG whose frame header declares 65000 x 65000 pixels.
func jpegBomb() []byte {
	return []byte{0xFF, 0xD8,
		0xFF, 0xC0, 0x00, 0x11, 0x08, 0xFD, 0xE8, 0xFD, 0xE8, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
		0xFF, 0xD9}
}

// TestHostileBatch feeds a batch of broken and hostile files among good
// ones: one line per bad file naming it, the good ones written, exit 1,
// inputs unchanged, memory bounded.
func TestHostileBatch(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	good, _ := os.ReadFile(filepath.Join(fixtures, "school-gate.jpg"))
	files := map[string][]byte{
		"good.jpg":           good,
		"bomb.png":           pngBomb(100_000, 100_000),
		"bomb.jpg":           jpegBomb(),
		"truncated.jpg":      good[:len(good)/3],
		"empty.jpg":          {},
		"jpeg-named.png":     good, // wrong extension, readable: cleaned, its copy a .jpg
		"text-named.jpg":     []byte("these are not the pixels you are looking for"),
		"sub/also-good.jpeg": good,
	}
	for name, b := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(in, name)), 0o755)
		os.WriteFile(filepath.Join(in, name), b, 0o644)
	}
	os.MkdirAll(filepath.Join(in, "folder.jpg"), 0o755)  // a folder with a photo's name: walked, empty
	syscall.Mkfifo(filepath.Join(in, "pipe.jpg"), 0o644) // not a regular file: skipped, never opened
	loop := filepath.Join(in, "loop.jpg")
	os.Symlink(loop, loop)
	before := hashTree(t, in)

	// /proc/self/mem is a file whose reads fail (root can read any file whose
	// permissions say no, so chmod cannot make one).
	// Peak memory through GNU time: a child started straight from this
	// (large) test process would inherit its memory high-water mark in
	// ru_maxrss, as Linux keeps it across clone and exec.
	gnuTime := "/usr/bin/time"
	if _, err := os.Stat(gnuTime); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("GNU time missing under CI: .ci/run must install it")
		}
		t.Skip("GNU time (/usr/bin/time) not installed")
	}
	rssFile := filepath.Join(t.TempDir(), "rss")
	cmd := exec.Command(gnuTime, "-f", "%M", "-o", rssFile, binary, "redact", in, "/dev/null", loop, "/proc/self/mem", "-o", out, "--json", "--jobs", "2")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want 1\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if sum := lines[len(lines)-1]; !strings.HasPrefix(sum, "sharesafe: 3 safe copies written.") || !strings.Contains(sum, " 8 failed") {
		t.Errorf("the last line is not the summary: %s", sum)
	} else {
		lines = lines[:len(lines)-1]
	}
	bad := []string{"bomb.png", "bomb.jpg", "truncated.jpg", "empty.jpg", "text-named.jpg", "/dev/null", "loop.jpg", "/proc/self/mem"}
	if len(lines) != len(bad) {
		t.Errorf("%d error lines for %d bad inputs:\n%s", len(lines), len(bad), stderr.String())
	}
	for _, b := range bad {
		n := 0
		for _, l := range lines {
			if strings.Contains(l, b) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s named on %d lines, want 1", b, n)
		}
	}
	for _, w := range []string{"good.jpg", "jpeg-named.jpg", "sub/also-good.jpeg"} {
		b, err := os.ReadFile(filepath.Join(out, w))
		if err != nil {
			t.Errorf("%s not written: %v", w, err)
			continue
		}
		if err := photo.Verify(b); err != nil {
			t.Errorf("%s: %v", w, err)
		}
	}
	after := hashTree(t, in)
	for name, h := range before {
		if after[name] != h {
			t.Errorf("input %s changed", name)
		}
	}
	rb, err := os.ReadFile(rssFile)
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(rb))
	rss, err := strconv.Atoi(fields[len(fields)-1]) // KiB
	if err != nil {
		t.Fatalf("GNU time said %q", rb)
	}
	t.Logf("peak memory of the batch: %d MiB", rss/1024)
	// The bound is what proves the bombs are refused before decoding (the
	// PNG alone would take 40 GB), and holds issue #27's 300 MB for
	// thorough detection on the three good photos with two jobs (YuNet,
	// the heap kept under memoryLimit: about 160-220 MB on a 2-core Linux
	// machine; the three detectors before peaked at 420-480 MiB).
	if rss > 300*1000*1000/1024 {
		t.Errorf("peak memory %d MiB with a decompression bomb in the batch", rss/1024)
	}
}

// hashTree hashes every regular file under dir (never opening pipes or
// following links).
func hashTree(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	h := map[string][32]byte{}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			h[path] = sha256.Sum256(b)
		}
		return nil
	})
	if len(h) == 0 {
		t.Fatal("nothing hashed")
	}
	return h
}

// TestFullDiskLeavesNoPartialOutput writes into a 100 KiB tmpfs (in a
// private mount namespace: needs root and unshare): the photos that fit are
// complete, the others fail with a clear line, and nothing partial is left.
func TestFullDiskLeavesNoPartialOutput(t *testing.T) {
	if os.Geteuid() != 0 || exec.Command("unshare", "-m", "true").Run() != nil {
		t.Skip("needs root and unshare -m to mount a small tmpfs")
	}
	dir := t.TempDir()
	in, mnt, keep := filepath.Join(dir, "in"), filepath.Join(dir, "mnt"), filepath.Join(dir, "keep")
	os.MkdirAll(mnt, 0o755)
	os.MkdirAll(keep, 0o755)
	for _, name := range []string{"a.jpg", "b.jpg", "c.jpg", "d.jpg"} {
		copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(in, name))
	}
	script := `mount -t tmpfs -o size=100k tmpfs "$2" || exit 99
"$1" redact "$3" -o "$2" --jobs 1 --faces none 2>"$4/stderr"; echo $? > "$4/code"
cp -a "$2"/. "$4"/out/`
	os.MkdirAll(filepath.Join(keep, "out"), 0o755)
	if b, err := exec.Command("unshare", "-m", "sh", "-c", script, "sh", binary, mnt, in, keep).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	code, _ := os.ReadFile(filepath.Join(keep, "code"))
	stderr, _ := os.ReadFile(filepath.Join(keep, "stderr"))
	if strings.TrimSpace(string(code)) != "1" || !strings.Contains(string(stderr), "no space left on device") {
		t.Errorf("exit %s, stderr:\n%s", code, stderr)
	}
	entries, _ := os.ReadDir(filepath.Join(keep, "out"))
	entries = slices.DeleteFunc(entries, func(e os.DirEntry) bool { return e.Name() == photo.OutputMark })
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("partial temporary file left: %s", e.Name())
			continue
		}
		b, _ := os.ReadFile(filepath.Join(keep, "out", e.Name()))
		if err := photo.Verify(b); err != nil || !bytes.HasSuffix(b, []byte{0xFF, 0xD9}) {
			t.Errorf("%s is incomplete: %v", e.Name(), err)
		}
	}
	if len(entries) == 0 || len(entries) == 4 {
		t.Errorf("%d outputs: the disk was not filled midway", len(entries))
	}
	t.Logf("%d of 4 written before the disk was full", len(entries))
}

// TestOfflineCommands runs scan, redact and report with no network at all
// (a network namespace of their own), when the machine allows it.
func TestOfflineCommands(t *testing.T) {
	if os.Geteuid() != 0 || exec.Command("unshare", "-n", "true").Run() != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI runs as root: unshare -n should work")
		}
		t.Skip("needs root and unshare -n")
	}
	dir := t.TempDir()
	for _, args := range [][]string{
		{"scan", "--json", fixtures},
		{"redact", fixtures, "-o", filepath.Join(dir, "safe")},
		{"report", "--demo", "-o", filepath.Join(dir, "r.html")},
	} {
		out, err := exec.Command("unshare", append([]string{"-n", binary}, args...)...).CombinedOutput()
		if err != nil {
			t.Errorf("offline %v: %v\n%s", args, err, out)
		}
	}
}

// TestEscapeCodesInNamesAreShown: a file named with a terminal's escape
// codes ("erase the line, go to its start") cannot erase or forge a line:
// its name is printed with its control characters made visible.
func TestEscapeCodesInNamesAreShown(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	bad := "c\x1b[2K\x1b[1Gd.jpg"
	if err := os.WriteFile(filepath.Join(in, bad), []byte("x"), 0o644); err != nil {
		t.Skip("this file system refuses the name")
	}
	copyFile(t, filepath.Join(fixtures, "drawing.png"), filepath.Join(in, "ok\x1b[31m.png"))
	stdout, stderr, code := sharesafe(t, "redact", in, "-o", out, "--detector", "fast", "--progress", "none")
	if code != 1 {
		t.Errorf("exit %d, want 1 (one damaged file)", code)
	}
	for name, text := range map[string]string{"stdout": stdout, "stderr": stderr} {
		if strings.ContainsRune(text, 0x1b) {
			t.Errorf("%s carries an escape code: %q", name, text)
		}
	}
	if !strings.Contains(stderr, `c\x1b[2K\x1b[1Gd.jpg`) {
		t.Errorf("stderr does not show the name with its escapes made visible: %q", stderr)
	}
}
