package engine

import "time"

// Progress is where a run stands: each front end draws it its own way (a
// line on a terminal, a bar in the app, a line of JSON).
type Progress struct {
	Done, Total int
	// Path is the photo just done ("" for an event about none).
	Path string
	// Elapsed is the time since the run started.
	Elapsed time.Duration
	// Rate is photos per second so far; Left the time left at that rate
	// (both zero before the first photo).
	Rate float64
	Left time.Duration
}

// Tracker counts the photos of a run and makes Progress events.
type Tracker struct {
	total, done int
	start       time.Time
	now         func() time.Time
}

// NewProgress starts counting a run of total photos.
func NewProgress(total int) *Tracker {
	return &Tracker{total: total, start: time.Now(), now: time.Now}
}

// Step counts one more photo done, the one at path, and returns the
// progress.
func (t *Tracker) Step(path string) Progress {
	t.done++
	p := t.Now()
	p.Path = path
	return p
}

// Now returns the progress without counting a photo.
func (t *Tracker) Now() Progress {
	p := Progress{Done: t.done, Total: t.total, Elapsed: t.now().Sub(t.start)}
	if s := p.Elapsed.Seconds(); s > 0 && t.done > 0 {
		p.Rate = float64(t.done) / s
		p.Left = time.Duration(float64(t.total-t.done) / p.Rate * float64(time.Second))
	}
	return p
}
