package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/sharesafe/sharesafe/engine"
)

func TestProgressLine(t *testing.T) {
	got := progressLine(engine.Progress{Done: 20, Total: 100, Rate: 2, Left: 40 * time.Second})
	if got != "20/100 photos · 2.0 per second · about 40 s left" {
		t.Errorf("line %q", got)
	}
	var b bytes.Buffer
	p := newProgress(&b)
	p.show(engine.Progress{Done: 1, Total: 3})
	if !strings.HasPrefix(b.String(), "\r\x1b[K") {
		t.Errorf("not redrawn in place: %q", b.String())
	}
	var none *progress
	none.show(engine.Progress{}) // a nil progress (not a TTY) draws nothing and does not panic
	none.done()
}

// A message printed while the progress line is shown starts on a clean
// line, and the progress line comes back after it ("…about 56 s
// left/tmp/photos/…" was seen).
func TestProgressIsClearedBeforeAMessage(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b)
	p.show(engine.Progress{Done: 1, Total: 3, Rate: 1, Left: 2 * time.Second})
	p.around(func() { b.WriteString("sharesafe: x.jpg: the file is empty\n") })
	want := "\r\x1b[K1/3 photos · 1.0 per second · about 2 s left\r\x1b[Ksharesafe: x.jpg: the file is empty\n\r\x1b[K1/3 photos"
	if !strings.HasPrefix(b.String(), want) {
		t.Errorf("got %q", b.String())
	}
	p.done()
	if !strings.HasSuffix(b.String(), "\r\x1b[K") {
		t.Errorf("not erased at the end: %q", b.String())
	}
}
