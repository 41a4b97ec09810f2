package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/words"
)

func TestProgressLine(t *testing.T) {
	for _, c := range []struct {
		lang words.Lang
		e    engine.Progress
		want string
	}{
		{words.English, engine.Progress{Done: 20, Total: 100, Rate: 2, Left: 40 * time.Second}, "20/100 photos · 2.0 per second · about 40 s left"},
		{words.French, engine.Progress{Done: 3, Total: 24, Rate: 1.2, Left: 18 * time.Second}, "3/24 photos · 1,2 par seconde · encore 18\u202fs environ"},
		{words.French, engine.Progress{Done: 3, Total: 240, Rate: 0.5, Left: 8 * time.Minute}, "3/240 photos · 0,5 par seconde · encore 8\u202fmin environ"},
		{words.French, engine.Progress{Done: 3, Total: 24000, Rate: 1.5, Left: 5 * time.Hour}, "3/24\u202f000 photos · 1,5 par seconde · encore 5,0\u202fh environ"},
		{words.French, engine.Progress{Done: 0, Total: 24}, "0/24 photos"},
	} {
		if got := progressLine(c.e, c.lang); got != c.want {
			t.Errorf("%s: line %q, want %q", c.lang, got, c.want)
		}
	}
	var b bytes.Buffer
	p := newProgress(&b, words.English)
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
	p := newProgress(&b, words.English)
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
