// Package archtest enforces the project's import rules (the README's
// Layout) with go list: imports go one way (cmd → tui → engine → {redact,
// advise, detect} → photo), charm packages only in tui and cmd, cobra only
// in cmd, image file formats only in photo, the development commands of
// dev/ never in the program, and no library package can open a network
// connection.
package archtest

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const mod = "github.com/sharesafe/sharesafe/"

// deps returns the packages a package depends on, transitively.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", mod+pkg).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	return strings.Fields(string(out))
}

// ours lists the project packages each package may depend on.
var ours = map[string][]string{
	"geo":            {}, // a leaf
	"words":          {}, // a leaf: every language's texts; detect does not know it
	"internal/nn":    {},
	"photo":          {"photo/jpegcoef"},
	"photo/jpegcoef": {},
	"detect":         {"photo", "photo/jpegcoef", "geo", "internal/nn"},
	"advise":         {"detect", "photo", "photo/jpegcoef", "geo", "internal/nn", "words"}, // detect.Report only; detect brings photo
	"redact":         {"detect", "photo", "photo/jpegcoef", "geo", "internal/pool", "internal/nn"},
	"video":          {"detect", "photo", "photo/jpegcoef", "redact", "geo", "internal/pool", "internal/nn"}, // ffmpeg's frames
	"engine":         {"detect", "photo", "photo/jpegcoef", "redact", "video", "geo", "internal/pool", "internal/nn"},
	"tui":            {"advise", "detect", "engine", "photo", "photo/jpegcoef", "redact", "video", "geo", "internal/pool", "internal/nn", "words"},
	"report":         {"advise", "detect", "photo", "photo/jpegcoef", "redact", "geo", "internal/pool", "internal/nn", "words"},
}

// TestTheProgramLeavesDevToolsOut: the measuring commands under dev/
// (faceeval, metacompare) are never part of the binary.
func TestTheProgramLeavesDevToolsOut(t *testing.T) {
	for _, d := range deps(t, "cmd/sharesafe") {
		if strings.HasPrefix(d, mod+"dev/") {
			t.Errorf("cmd/sharesafe depends on %s: dev/ holds development commands only", d)
		}
	}
}

func TestImportDirection(t *testing.T) {
	for pkg, allowed := range ours {
		ok := map[string]bool{pkg: true}
		for _, a := range allowed {
			ok[a] = true
		}
		for _, d := range deps(t, pkg) {
			if !strings.HasPrefix(d, mod) {
				continue
			}
			name := strings.TrimPrefix(d, mod)
			if !ok[name] {
				t.Errorf("%s depends on %s: imports must go cmd → tui → {redact, advise, detect} → photo", pkg, name)
			}
		}
	}
}

func TestNoNetworkInLibraryPackages(t *testing.T) {
	for pkg := range ours {
		for _, d := range deps(t, pkg) {
			// net/url and net/netip parse text and open nothing; "net" is
			// what every connection needs (net/http and the rest import it).
			if d == "net" || d == "crypto/tls" || strings.HasPrefix(d, "net/http") {
				t.Errorf("%s depends on %s: library packages must not reach the network", pkg, d)
			}
		}
	}
}

// TestHEIFIsTheOnlyNetLeaf checks the one exception: package heif links
// net only through wazero (WebAssembly socket calls, which need sockets the
// host configures; gen2brain/heic configures none), and only cmd imports it.
func TestHEIFIsTheOnlyNetLeaf(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}: {{join .Imports \" \"}}", mod+"heif").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		pkg, imports, _ := strings.Cut(line, ": ")
		for _, imp := range strings.Fields(imports) {
			if imp == "net" && !strings.HasPrefix(pkg, "github.com/tetratelabs/wazero") && !strings.HasPrefix(pkg, "net/") {
				t.Errorf("%s imports net", pkg)
			}
		}
	}
	for pkg := range ours {
		for _, d := range deps(t, pkg) {
			if d == mod+"heif" {
				t.Errorf("%s depends on heif: only cmd may", pkg)
			}
		}
	}
}

func TestFrameworksStayAtTheEdges(t *testing.T) {
	for pkg := range ours {
		for _, d := range deps(t, pkg) {
			if strings.HasPrefix(d, "github.com/spf13/cobra") {
				t.Errorf("%s depends on cobra: only cmd may", pkg)
			}
			if strings.HasPrefix(d, "github.com/charmbracelet/") && pkg != "tui" {
				t.Errorf("%s depends on %s: charm packages only in tui and cmd", pkg, d)
			}
		}
	}
}

// formatPackages are the packages that read or write the bytes of image
// files: codecs, the checksums and compression of PNG chunks, byte-order
// readers for segments and boxes.
var formatPackages = []string{
	"image/jpeg", "image/png", "image/gif", "golang.org/x/image/webp", "golang.org/x/image/tiff",
	"hash/crc32", "compress/zlib", "compress/flate", "encoding/binary",
}

// formatExceptions lists, per package, the format packages it may import
// and why.
var formatExceptions = map[string][]string{
	// The cascades of pigo are a model file, not an image file.
	"detect": {"encoding/binary"},
	// The place index is a data file of its own.
	"geo": {"encoding/binary"},
	// The model weights are a data file of their own.
	"internal/nn": {"encoding/binary"},
	// The HTML page embeds small JPEG previews of masked pixels: an
	// encoding of pixels, never a copy of a user's file.
	"report": {"image/jpeg"},
}

// TestOnlyPhotoKnowsFileFormats checks the claim of photo/doc.go: outside
// photo (and its DCT codec, photo/jpegcoef), no library package reads or
// writes the bytes of an image file. redact masks pixels and writes what
// photo encodes; it parses nothing.
func TestOnlyPhotoKnowsFileFormats(t *testing.T) {
	for pkg := range ours {
		if pkg == "photo" || strings.HasPrefix(pkg, "photo/") {
			continue
		}
		out, err := exec.Command("go", "list", "-f", "{{join .Imports \" \"}}", mod+pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		for _, imp := range strings.Fields(string(out)) {
			if slices.Contains(formatPackages, imp) && !slices.Contains(formatExceptions[pkg], imp) {
				t.Errorf("%s imports %s: image file formats live in package photo", pkg, imp)
			}
		}
	}
}
