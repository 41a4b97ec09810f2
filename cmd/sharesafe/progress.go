package main

import (
	"fmt"
	"io"
	"time"
)

// progress draws "12/200 photos · 3.1 per second · about 1 min left" on a
// terminal, rewriting one line. A nil *progress draws nothing (not a TTY).
type progress struct {
	w     io.Writer
	total int
	count int
	start time.Time
	last  time.Time
	now   func() time.Time
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total, start: time.Now(), now: time.Now}
}

func (p *progress) step() {
	if p == nil {
		return
	}
	p.count++
	t := p.now()
	if t.Sub(p.last) < 100*time.Millisecond && p.count < p.total {
		return
	}
	p.last = t
	fmt.Fprintf(p.w, "\r\x1b[K%s", p.line(t))
}

func (p *progress) line(t time.Time) string {
	el := t.Sub(p.start).Seconds()
	if el <= 0 || p.count == 0 {
		return fmt.Sprintf("%d/%d photos", p.count, p.total)
	}
	rate := float64(p.count) / el
	left := time.Duration(float64(p.total-p.count) / rate * float64(time.Second))
	return fmt.Sprintf("%d/%d photos · %.1f per second · about %s left", p.count, p.total, rate, roundLeft(left))
}

func roundLeft(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()+0.5))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()+0.5))
	}
	return fmt.Sprintf("%.1f h", d.Hours())
}

// clear erases the progress line before another message is printed.
func (p *progress) clear() {
	if p != nil {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// done erases the progress line at the end of the run.
func (p *progress) done() { p.clear() }
