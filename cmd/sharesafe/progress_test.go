package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressLine(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, 100)
	start := p.start
	clock := start
	p.now = func() time.Time { return clock }
	for i := 0; i < 20; i++ {
		clock = clock.Add(500 * time.Millisecond)
		p.step()
	}
	if got := p.line(clock); got != "20/100 photos · 2.0 per second · about 40 s left" {
		t.Errorf("line %q", got)
	}
	if !strings.HasPrefix(b.String(), "\r\x1b[K") {
		t.Errorf("not redrawn in place: %q", b.String())
	}
	var none *progress
	none.step() // a nil progress (not a TTY) draws nothing and does not panic
	none.done()
}
