// Package archtest enforces the import rules of ../shared/STYLE.md with
// go list: imports go one way (cmd → tui → engine → {redact, advise,
// detect} → photo), charm packages only in tui and cmd, cobra only in cmd, and no
// library package can open a network connection.
package archtest

import (
	"os/exec"
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
	"photo":          {},
	"photo/jpegcoef": {"photo"},
	"detect":         {"photo", "geo", "internal/nn"},
	"advise":         {"detect", "photo", "geo", "internal/nn", "words"}, // detect.Report only; detect brings photo
	"redact":         {"detect", "photo", "photo/jpegcoef", "geo", "internal/pool", "internal/nn"},
	"engine":         {"detect", "photo", "photo/jpegcoef", "redact", "geo", "internal/pool", "internal/nn"},
	"tui":            {"advise", "detect", "engine", "photo", "photo/jpegcoef", "redact", "geo", "internal/pool", "internal/nn", "words"},
	"report":         {"advise", "detect", "photo", "photo/jpegcoef", "redact", "geo", "internal/pool", "internal/nn", "words"},
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
