package report

import (
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// lookChromium finds headless Chromium, or skips the test.
func lookChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH")
	return ""
}

// chromiumFlags keep Chromium offline and out of the user's profile.
func chromiumFlags(t *testing.T) []string {
	return []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + t.TempDir()}
}

// printPDF prints an HTML file to PDF, as a browser's "Print" does (A4,
// from the page's @page rule; no header or footer).
func printPDF(t *testing.T, chromium, in, out string) {
	t.Helper()
	args := append(chromiumFlags(t), "--no-pdf-header-footer", "--print-to-pdf="+out, "file://"+in)
	if b, err := exec.Command(chromium, args...).CombinedOutput(); err != nil {
		t.Fatalf("chromium --print-to-pdf: %v\n%s", err, b)
	}
}

// pdfPages counts a PDF's pages with pdfinfo (poppler-utils), or skips.
func pdfPages(t *testing.T, pdf string) int {
	t.Helper()
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("no pdfinfo on PATH (poppler-utils)")
	}
	b, err := exec.Command("pdfinfo", pdf).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v\n%s", pdf, err, b)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("pdfinfo %s: no page count in\n%s", pdf, b)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
