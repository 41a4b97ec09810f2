package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// chromium opens a page headless as the workshop machine would, with the
// flags that keep Chromium's own services quiet, and returns the DOM after
// load and the requests the page (not the browser) made, from the net log.
func chromium(t *testing.T, page, screenshot string) (dom string, requests []string) {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium missing under CI: .ci/run must install it")
		}
		t.Skip("chromium not installed (Debian: apt-get install chromium)")
	}
	dir := t.TempDir()
	netlog := filepath.Join(dir, "netlog.json")
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + filepath.Join(dir, "profile"), "--log-net-log=" + netlog, "--window-size=1280,1800", "--hide-scrollbars"}
	out, err := exec.Command(bin, append(args, "--dump-dom", "file://"+page)...).Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom: %v", err)
	}
	if screenshot != "" {
		if b, err := exec.Command(bin, append(args, "--screenshot="+screenshot, "file://"+page)...).CombinedOutput(); err != nil {
			t.Fatalf("chromium --screenshot: %v\n%s", err, b)
		}
	}
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int            `json:"type"`
			Params map[string]any `json:"params"`
		} `json:"events"`
	}
	b, err := os.ReadFile(netlog)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &log); err != nil {
		// Chromium may leave the last event unterminated: close the array.
		fixed := strings.TrimRight(string(b), ",\n ") + "]}"
		if err := json.Unmarshal([]byte(fixed), &log); err != nil {
			t.Fatalf("net log: %v", err)
		}
	}
	start := log.Constants.LogEventTypes["URL_REQUEST_START_JOB"]
	for _, e := range log.Events {
		if e.Type != start {
			continue
		}
		// Chromium's own services (updates, accounts, time) have no
		// origin; whatever a page asks for carries the page's.
		url, _ := e.Params["url"].(string)
		if init, _ := e.Params["initiator"].(string); url != "" && init != "not an origin" {
			requests = append(requests, url+" (from "+init+")")
		}
	}
	return string(out), requests
}

// TestReportInChromium writes the demo report, opens it in headless
// Chromium, checks its text, and checks that it made no request. A control
// page with one remote picture proves the request check can fail.
func TestReportInChromium(t *testing.T) {
	skipUnlessLong(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if _, stderr, code := sharesafe(t, "report", "--demo", "-o", page); code != 0 {
		t.Fatal(stderr)
	}
	shot := os.Getenv("SHARESAFE_SCREENSHOT")
	dom, reqs := chromium(t, page, shot)
	for _, want := range []string{"What your photos give away", "1-tennis-club.jpg", "near Lyon", "La Baule",
		"Found, and removed from the safe copy", "Where to get help", "A video hidden after the photo", "Before: the original", "After: the safe copy"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the page does not say %q", want)
		}
	}
	if n := strings.Count(dom, `<section class="photo" id=`); n != 4 {
		t.Errorf("%d photo sections, want 4", n)
	}
	if len(reqs) > 0 {
		t.Errorf("the page made requests: %v", reqs)
	}

	control := filepath.Join(dir, "control.html")
	os.WriteFile(control, []byte(`<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/pixel.png"></body></html>`), 0o644)
	if _, reqs := chromium(t, control, ""); len(reqs) == 0 {
		t.Error("the control page's remote picture was not seen: the request check cannot fail")
	}

	fr := filepath.Join(dir, "rapport.html")
	if _, stderr, code := sharesafe(t, "report", "--demo", "-o", fr, "--lang", "fr", "--audience", "friends"); code != 0 {
		t.Fatal(stderr)
	}
	b, _ := os.ReadFile(fr)
	for _, want := range []string{`lang="fr"`, "Trouvé, et retiré de la copie sûre", "près de Lyon", "partagée avec des amis"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the French page does not say %q", want)
		}
	}
}

// TestReportSaysWhenTheAppsMasksCannotBeRead: with no state folder (no
// $HOME, no $SHARESAFE_STATE) the page cannot show the masks a parent chose
// in the review app; it is still written, and stderr says so rather than
// falling back in silence.
func TestReportSaysWhenTheAppsMasksCannotBeRead(t *testing.T) {
	page := filepath.Join(t.TempDir(), "page.html")
	cmd := exec.Command(binary, "report", filepath.Join(fixtures, "school-gate.jpg"), "-o", page, "--detector", "fast")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "LANG=en_GB.UTF-8", "SHARESAFE_CACHE=" + t.TempDir()}
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, errb.String())
	}
	if !strings.Contains(errb.String(), "the masks you chose in the review app cannot be read") {
		t.Errorf("stderr does not say the app's masks are not on the page:\n%s", errb.String())
	}
	if _, err := os.Stat(page); err != nil {
		t.Errorf("no page: %v", err)
	}
}
