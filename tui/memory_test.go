package tui

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/internal/fixtures"
)

// drive opens the app on dir at w×h and runs it as bubbletea would until
// every photo is checked: each command's messages go back to the model.
func drive(tb testing.TB, dir string, w, h int) Model {
	tb.Helper()
	m := New(Options{Paths: []string{dir}, Lang: advise.English, Out: io.Discard, Profile: &ascii, ExportDir: tb.TempDir()})
	tb.Cleanup(m.Close)
	var tm tea.Model = m
	tm, _ = tm.Update(m.Init()())
	next := tm.(Model).checks.current().next()
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: w, Height: h})
	for range tm.(Model).photos {
		tm, _ = tm.Update(next())
	}
	next() // none left: the memory the checks took is given back
	return tm.(Model)
}

// TestMemoryIsBounded: after reviewing every photo of a folder, only
// keepDecoded thumbnails are decoded and only the photo shown keeps its
// pictures drawn; each photo keeps a small JPEG of itself, not its pixels.
func TestMemoryIsBounded(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 10; i++ {
		copyPhoto(t, filepath.Join(photos, "drawing.png"), filepath.Join(dir, fmt.Sprintf("%02d.png", i)))
	}
	m := drive(t, dir, 120, 40)
	m = press(t, m, "enter")
	for i := 0; i < 12; i++ {
		m = press(t, m, "right", "n", ">") // pictures of every state drawn, then the next photo
	}
	decoded := 0
	for _, p := range m.photos {
		if p.thumb != nil {
			decoded++
		}
		if n := len(p.small.jpeg); n == 0 || n > 100<<10 {
			t.Errorf("%s keeps a thumbnail of %d bytes", p.rel, n)
		}
	}
	if decoded > keepDecoded {
		t.Errorf("%d thumbnails decoded, want at most %d", decoded, keepDecoded)
	}
	if len(m.review.previews) > maxPreviews+2 {
		t.Errorf("%d pictures drawn are kept, want at most %d", len(m.review.previews), maxPreviews+2)
	}
	for k := range m.review.previews {
		if k.photo != m.review.index && len(m.review.previews) > maxPreviews {
			t.Errorf("a picture of photo %d is kept while photo %d is shown", k.photo, m.review.index)
		}
	}
}

// BenchmarkIdleMemory measures what the app holds once idle: it checks N
// photos of 12 megapixels (SHARESAFE_MEM_N, default 200; generated, or
// those of SHARESAFE_MEM_PHOTOS) with the thorough detectors on two jobs,
// reviews ten of them, goes back to the list, and reports the Go heap in
// use after a collection and the resident memory of the process
// (/proc/self/status) in MB.
//
//	go test ./tui -run '^$' -bench IdleMemory -benchtime 1x -timeout 60m
func BenchmarkIdleMemory(b *testing.B) {
	dir := os.Getenv("SHARESAFE_MEM_PHOTOS")
	if dir == "" {
		n := 200
		if v, err := strconv.Atoi(os.Getenv("SHARESAFE_MEM_N")); err == nil {
			n = v
		}
		dir = b.TempDir()
		src, err := os.ReadFile(filepath.Join(photos, "astronaut.png"))
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < n; i++ {
			jpg, err := fixtures.TwelveMP(src, i)
			if err != nil {
				b.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("IMG_%04d.jpg", i)), jpg, 0o644)
		}
	}
	saved := inspectOptions
	inspectOptions = detect.DefaultOptions
	defer func() { inspectOptions = saved }()
	for b.Loop() {
		m := New(Options{Paths: []string{dir}, Lang: advise.English, Out: io.Discard, Profile: &ascii, ExportDir: b.TempDir()})
		m.opt.Engine.Jobs = 2
		var tm tea.Model = m
		tm, _ = tm.Update(m.Init()())
		next := tm.(Model).checks.current().next()
		tm, _ = tm.Update(tea.WindowSizeMsg{Width: 120, Height: 35})
		for range tm.(Model).photos {
			tm, _ = tm.Update(next())
		}
		next() // none left: the memory the checks took is given back
		mm := press(b, tm.(Model), "enter")
		for i := 0; i < 10; i++ {
			mm = press(b, mm, "n", ">")
		}
		mm = press(b, mm, "esc")
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
		b.ReportMetric(rssMB(), "rss-MB")
		b.ReportMetric(float64(len(mm.photos)), "photos")
		mm.Close()
	}
}

// rssMB is the resident memory of this process, in MB (0 when it cannot
// be read).
func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	m := regexp.MustCompile(`VmRSS:\s+(\d+) kB`).FindSubmatch(b)
	if m == nil {
		return 0
	}
	kb, _ := strconv.Atoi(string(m[1]))
	return float64(kb) / 1024
}
