package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/sharesafe/sharesafe/internal/oracle"
)

// TestHEICWithoutCgoOffline builds sharesafe with CGO_ENABLED=0 and cleans
// a corpus HEIC photo with it, inside a network namespace with no network
// when the machine allows one (root, unshare): HEIC support needs neither
// cgo nor a connection.
func TestHEICWithoutCgoOffline(t *testing.T) {
	skipUnlessLong(t)
	in := filepath.Join(corpusMeta, "immich", "formats__heic__IMG_2682.heic")
	if _, err := os.Stat(in); err != nil {
		t.Skip("corpus absent")
	}
	oracle.Require(t)
	bin := filepath.Join(t.TempDir(), "sharesafe-nocgo")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 build: %v\n%s", err, out)
	}
	out := t.TempDir()
	args := []string{bin, "redact", in, "-o", out}
	if os.Geteuid() == 0 {
		if _, err := exec.LookPath("unshare"); err == nil && exec.Command("unshare", "-n", "true").Run() == nil {
			args = append([]string{"unshare", "-n"}, args...)
			t.Log("running with no network (unshare -n)")
		}
	}
	if b, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, b)
	}
	// Detection decoded the picture (WebAssembly, no cgo); the copy stays a
	// HEIC when no face is masked, and becomes a JPEG when one is.
	written, _ := filepath.Glob(filepath.Join(out, "formats__heic__IMG_2682.*"))
	if len(written) != 1 {
		t.Fatalf("outputs %v, want one safe copy", written)
	}
	jpg := written[0]
	leaks, err := oracle.Leaks(jpg)
	if err != nil {
		t.Fatal(err)
	}
	if len(leaks) > 0 {
		t.Errorf("leaks: %v", leaks)
	}
	tags, _ := oracle.Tags(jpg)
	if !oracle.HasICC(tags) {
		t.Error("colour profile not carried over")
	}
}
