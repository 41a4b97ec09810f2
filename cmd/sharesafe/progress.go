package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/words"
)

// progress draws "12/200 photos · 3.1 per second · about 1 min left" on a
// terminal, rewriting one line. A nil *progress draws nothing (not a TTY).
//
// With --progress json, every event is one JSON object per line instead
// (for a program that drives sharesafe and draws its own bar).
type progress struct {
	w     io.Writer
	lang  words.Lang
	json  bool
	shown string // the line on screen, "" when cleared
	last  time.Time
	now   func() time.Time
}

func newProgress(w io.Writer, lang words.Lang) *progress {
	return &progress{w: w, lang: lang, now: time.Now}
}

// show draws where the run stands, at most ten times a second.
func (p *progress) show(e engine.Progress) {
	if p == nil {
		return
	}
	if p.json {
		path, _ := json.Marshal(e.Path)
		fmt.Fprintf(p.w, `{"done":%d,"total":%d,"path":%s,"elapsed_s":%.2f,"rate":%.3f,"left_s":%.1f}`+"\n",
			e.Done, e.Total, path, e.Elapsed.Seconds(), e.Rate, e.Left.Seconds())
		return
	}
	t := p.now()
	if t.Sub(p.last) < 100*time.Millisecond && e.Done < e.Total {
		return
	}
	p.last = t
	p.shown = progressLine(e, p.lang)
	fmt.Fprintf(p.w, "\r\x1b[K%s", p.shown)
}

// progressLine says where a run stands, in a language.
func progressLine(e engine.Progress, lang words.Lang) string {
	if e.Rate <= 0 {
		return lang.T(words.ProgressDone, e.Done, e.Total)
	}
	return lang.T(words.ProgressRate, e.Done, e.Total, e.Rate, roundLeft(e.Left, lang))
}

func roundLeft(d time.Duration, lang words.Lang) string {
	switch {
	case d < time.Minute:
		return lang.T(words.DurationSeconds, int(d.Seconds()+0.5))
	case d < time.Hour:
		return lang.T(words.DurationMinutes, int(d.Minutes()+0.5))
	}
	return lang.T(words.DurationHours, d.Hours())
}

// around erases the progress line, runs print (another message on the same
// terminal), and draws the line again.
func (p *progress) around(print func()) {
	if p == nil || p.shown == "" {
		print()
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
	print()
	fmt.Fprintf(p.w, "\r\x1b[K%s", p.shown)
}

// done erases the progress line at the end of the run.
func (p *progress) done() {
	if p != nil && p.shown != "" {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = ""
	}
}
