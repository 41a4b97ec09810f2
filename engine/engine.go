// Package engine runs sharesafe's pipeline (open → inspect → plan → write)
// for every front end: the scan, redact and report commands and the review
// app. An option or a fix lands here once.
//
// Photos are checked on a pool of workers (all cores by default); the
// ordered runs (Scan, Redact) report in input order, the Queue reports as
// photos finish and lets the app move the photo the parent opens to the
// front. A context runs through everything: once it is cancelled no photo is
// started, nothing more is written, and the run returns within pool.Grace.
// Faces found are kept in a small cache (see Cache) so that nothing is
// detected twice.
package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/internal/pool"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/video"
)

// Settings are the choices a front end passes on, from its command line or
// the app.
type Settings struct {
	// Detect chooses the detectors; with Detect.Faces off, no face is
	// searched and no pixel decoded for it.
	Detect detect.Options
	// Faces chooses which faces get masks, and Style how.
	Faces redact.Faces
	Style redact.Style
	// Jobs is how many photos are processed at once (0: every core). Each
	// holds one decoded photo in memory.
	Jobs int
	// Limits bound what is read.
	Limits photo.Limits
	// Cache keeps faces found between runs (nil: no cache).
	Cache *Cache
	// Record keeps what made each safe copy and the names settled (nil:
	// nothing is remembered, so a file at an output path is never taken
	// for a copy, and names are settled within the run only).
	Record *Record
	// FFmpeg finds and masks faces in videos (nil: not installed; a clip
	// whose faces are to be masked then fails with ErrNoFFmpeg), and Video
	// tunes it.
	FFmpeg *video.FFmpeg
	Video  VideoSettings
	// Decisions, when set, are the parent's decisions made in the review
	// app: a photo decided there is masked as the app would save it
	// (Decided: the parent's masks, and the faces found since that Faces
	// chooses), in the parent's style unless StyleOverDecisions, and its
	// copy is the parent's (Made.Faces MadeByParent). Nil: the detector's
	// masks only.
	Decisions          *Decisions
	StyleOverDecisions bool
}

// Engine runs the pipeline with one set of Settings.
type Engine struct {
	s Settings
}

// New returns an engine. Zero Jobs means every core, zero Limits the
// default limits.
func New(s Settings) *Engine {
	if s.Jobs <= 0 {
		s.Jobs = runtime.NumCPU()
	}
	if s.Limits == (photo.Limits{}) {
		s.Limits = photo.DefaultLimits
	}
	if s.Faces == "" {
		s.Faces = redact.AllFaces
	}
	if s.Style == "" {
		s.Style = redact.Emoji
	}
	if s.Faces == redact.NoFaces {
		s.Detect.Faces = false
	}
	return &Engine{s: s}
}

// Checked is one photo checked.
type Checked struct {
	Input  photo.Input
	Report *detect.Report // nil when the photo could not be read
	// Hash is the ContentHash of the photo's bytes, as checked ("" when
	// they could not be read).
	Hash string
	// Cached says the faces came from the cache.
	Cached bool
	// Kept is what CheckOptions.Keep returned.
	Kept any
	Err  error
}

// CheckOptions say what a front end does with each photo besides checking it.
type CheckOptions struct {
	// Keep, when set, runs on the worker with the photo's pixels decoded
	// (pictures for a page, a thumbnail for the app); its result goes in
	// Checked.Kept. The pixels are dropped after.
	Keep func(p *photo.Photo, r detect.Report) any
	// Progress, when set, is told after each photo (from the caller's
	// goroutine in ordered runs).
	Progress func(Progress)
	// Started, when set, is told on the worker when input i is started.
	Started func(i int)
}

// pixels says what check does with a photo's pixels.
type pixels int

const (
	dropPixels    pixels = iota // decoded only for detection, then dropped
	needPixels                  // decoded, and kept
	keepIfDecoded               // kept if detection decoded them
)

// check reads and inspects one photo: metadata always, faces from the cache
// or the detectors. The pixels are decoded only when detection or px asks
// for them; the returned photo holds them as px says.
func (e *Engine) check(path string, px pixels) (*photo.Photo, detect.Report, bool, error) {
	pixels := px == needPixels
	p, err := photo.Load(path, e.s.Limits)
	if err != nil {
		return nil, detect.Report{}, false, err
	}
	opt := e.s.Detect
	var key string
	if opt.Faces && e.s.Cache != nil && p.Video == nil { // a video's bytes are not read whole
		key = CacheKey(p.Data, opt)
		if faces, ok := e.s.Cache.Get(key, p.Width(), p.Height()); ok {
			opt.Faces = false
			rep, err := detect.Inspect(p, opt)
			if err == nil && pixels {
				err = p.Decode()
			}
			rep.Faces = faces
			return p, rep, true, err
		}
	}
	rep, err := detect.Inspect(p, opt)
	if err != nil {
		return p, rep, false, err
	}
	if key != "" {
		e.s.Cache.Put(key, rep.Faces, p.Width(), p.Height())
	}
	if pixels && p.Image == nil {
		err = p.Decode()
		if p.Video != nil && errors.Is(err, photo.ErrNoFrameDecoder) {
			err = nil // no ffmpeg: a clip is shown without a picture
		}
	}
	if px == dropPixels {
		p.Image = nil
	}
	return p, rep, false, err
}

// checkOne is Check's work for one input, panics turned into errors.
func (e *Engine) checkOne(in photo.Input, o CheckOptions) (c Checked) {
	c.Input = in
	defer func() {
		if p := recover(); p != nil {
			c.Err = fmt.Errorf("%s: internal error: %v", in.Path, p)
		}
	}()
	px := dropPixels
	if o.Keep != nil {
		px = needPixels
	}
	p, rep, cached, err := e.check(in.Path, px)
	c.Cached = cached
	if p != nil {
		livePhoto(in, &rep)
		c.Report = &rep
		c.Hash = ContentHash(p.Data)
	}
	if err != nil {
		c.Err = err
		return c
	}
	if o.Keep != nil {
		c.Kept = o.Keep(p, rep)
	}
	return c
}

// Check checks the inputs on the engine's workers and calls report once per
// input, in input order, from the caller's goroutine. It returns
// ctx.Err() when it was cancelled (inputs not checked are not reported).
func (e *Engine) Check(ctx context.Context, inputs []photo.Input, o CheckOptions, report func(Checked)) error {
	prog := NewProgress(len(inputs))
	return pool.Ordered(ctx, len(inputs), e.s.Jobs, func(ctx context.Context, i int) Checked {
		if o.Started != nil {
			o.Started(i)
		}
		return e.checkOne(inputs[i], o)
	}, func(_ int, c Checked) {
		report(c)
		if o.Progress != nil {
			o.Progress(prog.Step(c.Input.Path))
		}
	})
}

// Queue checks the inputs in the background and hands each photo back as
// it finishes; Bump moves a photo to the front (the one the parent opens).
type Queue struct {
	q *pool.Queue[Checked]
}

// Start starts checking the inputs in the background.
func (e *Engine) Start(ctx context.Context, inputs []photo.Input, o CheckOptions) *Queue {
	return &Queue{pool.Start(ctx, len(inputs), e.s.Jobs, func(ctx context.Context, i int) Checked {
		if o.Started != nil {
			o.Started(i)
		}
		return e.checkOne(inputs[i], o)
	})}
}

// Next waits for the next photo checked; ok is false when every photo is
// done or the run was cancelled.
func (q *Queue) Next() (i int, c Checked, ok bool) {
	d, ok := <-q.q.Results()
	return d.Index, d.Value, ok
}

// Bump moves input i to the front of the queue, if it has not started.
func (q *Queue) Bump(i int) { q.q.Bump(i) }

// Status says what happened to a photo in a redact run (the JSON contract's
// "status").
type Status string

// The statuses of a photo in a redact run.
const (
	// Written: a safe copy was written (or written again: the input, the
	// settings or the build changed since the copy there was made).
	Written Status = "written"
	// Exists: the safe copy there is the one the record says was made from
	// this input with these settings, byte for byte: left alone, nothing
	// read. In place, the photo is itself that copy.
	Exists Status = "exists"
	// Skipped: nothing was done with a file met (photo.Collect says why);
	// Redact never returns it.
	Skipped Status = "skipped"
	Failed  Status = "failed"
)

// Job is one photo to clean and where its safe copy goes, as Settle
// decided.
type Job struct {
	In photo.Input
	// Dst is where the copy most likely goes (the format, known once the
	// photo is read, may change it: see Names, and Result.Output).
	Dst string
	// Plan, when set, is the masks the parent chose (upright pixels): it
	// replaces the masks of the faces found, and nothing is detected.
	Plan *redact.Plan
	set  *settled
}

// Result is what a redact run did with one job.
type Result struct {
	Job
	Status Status
	// Output is the file written, or the one that existed already.
	Output string
	// Report is what detect found (nil when the photo was not read).
	Report *detect.Report
	// Masked counts the masks drawn.
	Masked int
	// Path is how the output was written: redact.PathLossless,
	// redact.PathDCT or redact.PathReencode.
	Path string
	// Backup is the copy of the original kept by an in-place run (this
	// run's or an earlier one's).
	Backup string
	// Decided says the copy has the masks the parent decided in the
	// review app (Settings.Decisions).
	Decided bool
	Err     error
}

// WriteOptions say what a redact run may replace.
type WriteOptions struct {
	// Overwrite replaces a file in the way that the record does not vouch
	// for, and writes every copy again. Without it, such a file is left
	// alone and its job fails with ErrInTheWay.
	Overwrite bool
	// Backup, in place, keeps each original as FILE.orig.
	Backup bool
}

// ErrInTheWay is the error (wrapped) of a job whose output path holds a
// file that sharesafe did not write, or that changed since: it is left
// alone unless WriteOptions.Overwrite says otherwise.
var ErrInTheWay = errors.New("a file sharesafe did not write is in the way")

// ErrOriginalGone is the error (wrapped) of a photo cleaned in place by an
// earlier run with other settings whose original is no longer kept: it
// cannot be made again and is left as it is.
var ErrOriginalGone = errors.New("cleaned in place earlier with other settings, and its original is no longer kept")

// Redact cleans the jobs (from Settle) on the engine's workers and calls
// report once per job, in job order, from the caller's goroutine. A job
// whose copy the record vouches for (this input, these settings, this
// exact copy) is Exists, decided before anything is read; a copy made with
// other settings is written again; a file in the way that sharesafe did
// not write fails the job (ErrInTheWay). Outputs are written atomically,
// so a run stopped at any point leaves only complete, verified files; its
// first act removes the temporary files of killed runs in the output
// folders, and when it is cancelled it returns only once no temporary file
// of its own is left. It returns ctx.Err() when it was cancelled.
func (e *Engine) Redact(ctx context.Context, jobs []Job, w WriteOptions, progress func(Progress), report func(Result)) error {
	jobs, err := e.settleLoose(jobs)
	if err != nil {
		return err
	}
	removeStaleTemps(jobs)
	prog := NewProgress(len(jobs))
	writing := newWriters()
	defer writing.close()
	return pool.Ordered(ctx, len(jobs), e.s.Jobs, func(ctx context.Context, i int) Result {
		return e.clean(ctx, jobs[i], w, writing)
	}, func(_ int, r Result) {
		if r.Err != nil && ctx.Err() != nil && errors.Is(r.Err, ctx.Err()) {
			return // stopped before its write: not done, not failed
		}
		report(r)
		if progress != nil {
			progress(prog.Step(r.In.Path))
		}
	})
}

// settleLoose settles the jobs a caller made without Settle, from their
// Dst: each in Dst's folder, under Dst's name.
func (e *Engine) settleLoose(jobs []Job) ([]Job, error) {
	var loose []int
	for i, j := range jobs {
		if j.set == nil {
			loose = append(loose, i)
		}
	}
	if len(loose) == 0 {
		return jobs, nil
	}
	jobs = slices.Clone(jobs)
	for _, i := range loose {
		j := jobs[i]
		if j.Dst == "" {
			return nil, ErrNotSettled
		}
		in := photo.Input{Path: j.In.Path, Rel: filepath.Base(j.Dst)}
		s, err := e.Settle([]photo.Input{in}, Dest{Dir: filepath.Dir(j.Dst)})
		if err != nil {
			return nil, err
		}
		s[0].In, s[0].Plan = j.In, j.Plan
		jobs[i] = s[0]
	}
	return jobs, nil
}

// made is what a job's copy is made with.
func (e *Engine) made(j Job) Made {
	m := Made{Build: version()}
	switch {
	case j.Plan != nil:
		m.Faces = MadeByParent
	case e.s.Faces == redact.NoFaces:
		m.Faces = string(redact.NoFaces)
	default:
		m.Faces, m.Style = string(e.s.Faces), string(e.s.Style)
		m.Detector = digest("detector", fmt.Sprintf("%#v %#v", e.s.Detect, e.videoSettings()))
	}
	return m
}

// sameMaking reports whether a copy recorded was made as job j's would be:
// the same settings and build (a build that cannot be identified never
// matches), and for the parent's masks, the same masks.
func (e *Engine) sameMaking(c *Copy, j Job) bool {
	m := e.made(j)
	if c.Made != m || m.Build == "" {
		return false
	}
	return j.Plan == nil || sameDrawing(c.Masks, MasksOf(*j.Plan))
}

// current reports, before anything is read, whether the copy of a job is
// there as the record says: made from this input's bytes, with these
// settings, and the file at its name holds the bytes written.
func (e *Engine) current(j Job) bool {
	c := j.set.entry
	if c.Output == "" || !e.sameMaking(c, j) || !slices.Contains(slices.Collect(maps.Values(c.Names)), c.Output) {
		return false
	}
	return holds(j.In.Path, c.Source) && holds(j.set.path(c.Output), c.Sum) && !e.mayDecide(j, c)
}

// mayDecide reports whether the parent's decision may apply to job j
// (its copy c made from the bytes it holds): the photo must then be read
// to know its masks (Decided).
func (e *Engine) mayDecide(j Job, c *Copy) bool {
	return j.Plan == nil && mayHold(e.s.Decisions, e.s.Record, j.In.Path, c.Source.SHA256)
}

// Decided returns the masks of the photo at path (read: p, and its report
// rep) when the parent decided them in the review app (Settings.Decisions),
// as the app applies them when it saves (Apply, PlanOf); false when the
// parent decided nothing for it, or Decisions is nil.
func (e *Engine) Decided(path string, p *photo.Photo, rep detect.Report) (redact.Plan, bool) {
	if e.s.Decisions == nil || p == nil || p.Data == nil || p.Video != nil {
		return redact.Plan{}, false
	}
	dec, st, fromCopy := KeptDecision(e.s.Decisions, e.s.Record, path, ContentHash(p.Data), rep.Width, rep.Height)
	if st != Decided {
		return redact.Plan{}, false
	}
	// The faces found since the decision are masked as Faces chooses.
	var faces []detect.Face
	for _, m := range redact.PlanFor(rep, e.s.Faces, e.s.Style).Masks {
		faces = append(faces, rep.Faces[m.Design])
	}
	a := Apply(faces, dec, st, fromCopy)
	if !a.Decided {
		return redact.Plan{}, false
	}
	style := dec.Style
	if e.s.StyleOverDecisions {
		style = e.s.Style
	}
	return PlanOf(a.Masks, style), true
}

// madeAlready reports, once a photo is read and the parent's masks are
// known (j.Plan), whether its copy is there as the record says: made from
// these bytes (data, read from src), as job j's would be, and the file
// holds the bytes written (in place, the photo is that copy).
func (e *Engine) madeAlready(j Job, src string, data []byte, w WriteOptions) bool {
	s, c := j.set, j.set.entry
	if c.Output == "" || !e.sameMaking(c, j) || c.Source.SHA256 != ContentHash(data) {
		return false
	}
	if s.copyOf {
		return src != j.In.Path && strings.EqualFold(c.Output, filepath.Base(s.abs)) && holds(j.In.Path, c.Sum)
	}
	return !s.inPlace && !w.Overwrite && slices.Contains(slices.Collect(maps.Values(c.Names)), c.Output) && holds(s.path(c.Output), c.Sum)
}

// ours reports whether the file at name (in the job's output folder) is a
// copy the record vouches for: the last one written, or the one before it
// while that was being replaced.
func (s *settled) ours(name string) bool {
	c, p := s.entry, s.path(name)
	return strings.EqualFold(c.Output, name) && holds(p, c.Sum) ||
		c.Prev != nil && strings.EqualFold(c.Prev.Output, name) && holds(p, c.Prev.Sum)
}

// vouched reports whether the file at name is a copy the record vouches
// for, reading the job's entry again from disk when the one read at the
// start does not: another run over the same output folder may have written
// it since (two runs at once said "a file sharesafe did not write is in
// the way" of each other's copies). The entry read again replaces the
// job's only when it keeps the names settled.
func (s *settled) vouched(name string) bool {
	if s.ours(name) {
		return true
	}
	fresh := s.rec.reread(s.entry)
	if fresh == nil || !maps.Equal(fresh.Names, s.entry.Names) {
		return false
	}
	s.entry = fresh
	return s.ours(name)
}

// earlier is the copy of the job on disk that the record vouches for, if
// any: the last one written, or the one before it (a run was killed while
// replacing it).
func (s *settled) earlier() *Earlier {
	c := s.entry
	switch {
	case c.Output != "" && holds(s.path(c.Output), c.Sum):
		return &Earlier{c.Output, c.Sum}
	case c.Prev != nil && holds(s.path(c.Prev.Output), c.Prev.Sum):
		return c.Prev
	}
	return nil
}

// finish ends what a run killed after writing a copy left undone: the
// copy before it, at another name, is removed (it may show a face now
// masked), and the record forgets it.
func (s *settled) finish() {
	c := s.entry
	if c.Prev == nil {
		return
	}
	if !strings.EqualFold(c.Prev.Output, c.Output) && holds(s.path(c.Prev.Output), c.Prev.Sum) {
		os.Remove(s.path(c.Prev.Output))
	}
	c.Prev = nil
	if s.rec != nil {
		s.rec.saveEntry(c, false)
	}
}

// clean reads, inspects, masks and writes one job, unless its copy is
// current.
func (e *Engine) clean(ctx context.Context, j Job, w WriteOptions, writing *writers) (r Result) {
	r.Job = j
	defer func() {
		if p := recover(); p != nil {
			r.Err = fmt.Errorf("%s: internal error: %v", j.In.Path, p)
		}
		if r.Err != nil {
			r.Status = Failed
		}
	}()
	s := j.set
	if s.copyOf {
		// In place, the photo is an earlier run's copy.
		c := s.entry
		if e.sameMaking(c, j) && strings.EqualFold(c.Output, filepath.Base(s.abs)) && holds(j.In.Path, c.Sum) && !e.mayDecide(j, c) {
			s.finish()
			r.Status, r.Output = Exists, j.In.Path
			if c.Backup != "" && fileExists(c.Backup) {
				r.Backup = c.Backup
			}
			return r
		}
		if c.Backup == "" || !holds(c.Backup, c.Source) {
			r.Err = fmt.Errorf("%s: %w", j.In.Path, ErrOriginalGone)
			return r
		}
		// Made again from the original kept, with this run's settings.
		return e.write(ctx, j, c.Backup, w, writing)
	}
	if !s.inPlace && !w.Overwrite && e.current(j) {
		s.finish()
		r.Status, r.Output = Exists, s.path(s.entry.Output)
		return r
	}
	if !s.inPlace && !w.Overwrite {
		// A file in the way is said before the photo is read, when the
		// copy's format is sure.
		faces := e.s.Detect.Faces || j.Plan != nil && len(j.Plan.Masks) > 0
		if f, ok := photo.LikelyFormat(s.formats[0], faces); ok && len(photo.OutputFormats(f)) > 0 {
			if n, ok := s.entry.Names[f]; ok && fileExists(s.path(n)) && !s.ours(n) {
				if !s.vouched(n) {
					r.Err = fmt.Errorf("%s: %w", s.path(n), ErrInTheWay)
					return r
				}
				if e.current(j) {
					// Written meanwhile by another run, as this one would.
					s.finish()
					r.Status, r.Output = Exists, s.path(s.entry.Output)
					return r
				}
			}
		}
	}
	return e.write(ctx, j, j.In.Path, w, writing)
}

// write makes the copy of job j from the photo at src (the input, or in
// place the original an earlier run kept) and records it: the record says
// what the copy will be before it is renamed into place, so that a run
// killed at any point leaves files the next run knows.
func (e *Engine) write(ctx context.Context, j Job, src string, w WriteOptions, writing *writers) (r Result) {
	r.Job = j
	s := j.set
	before, _ := os.Stat(src)
	p, rep, _, err := e.check(src, keepIfDecoded)
	if p != nil {
		livePhoto(j.In, &rep)
		r.Report = &rep
		r.Report.Path = j.In.Path
	}
	if err != nil {
		r.Err = err
		return r
	}
	after, _ := os.Stat(src)
	plan := redact.PlanFor(rep, e.s.Faces, e.s.Style)
	if j.Plan != nil {
		plan = *j.Plan
	} else if dp, ok := e.Decided(j.In.Path, p, rep); ok {
		// The parent's masks from the review app: the copy is theirs.
		plan, j.Plan, r.Decided = dp, &dp, true
		r.Job = j
		if e.madeAlready(j, src, p.Data, w) {
			s.finish()
			r.Status, r.Output = Exists, s.path(s.entry.Output)
			if s.copyOf {
				r.Output = j.In.Path
				if c := s.entry; c.Backup != "" && fileExists(c.Backup) {
					r.Backup = c.Backup
				}
			}
			return r
		}
	}
	var (
		out    output
		how    string
		masked int
	)
	if p.Video != nil {
		// A clip's faces are those of all its frames (package video).
		p.Image, plan = nil, redact.Plan{}
		if out, how, masked, err = e.videoCopy(ctx, j, p); err != nil {
			r.Err = err
			return r
		}
	} else {
		switch {
		case len(plan.Masks) == 0 || p.Format == photo.FormatJPEG:
			// A masked JPEG is changed in the DCT domain, without
			// decoding; a copy without masks is rewritten from the file's
			// bytes.
			p.Image = nil
		case p.Image == nil:
			if err := p.Decode(); err != nil {
				r.Err = err
				return r
			}
		}
		data, f, h, err := redact.EncodePlan(p, plan)
		if err != nil {
			r.Err = fmt.Errorf("%s: %w", j.In.Path, err)
			return r
		}
		out, how, masked = &photoOutput{data, f}, h, len(plan.Masks)
	}
	f := out.format()
	name, ok := s.entry.Names[f]
	if !ok {
		r.Err = fmt.Errorf("%s: no name was settled for a %s copy", j.In.Path, f)
		return r
	}
	dst := s.path(name)
	redo := src != j.In.Path // in place, from the original kept
	switch {
	case sameFile(dst, j.In.Path) && !s.inPlace:
		r.Err = fmt.Errorf("%s: output is the input file itself: refusing to overwrite an original", dst)
		return r
	case !fileExists(dst), w.Overwrite, s.vouched(name), s.inPlace && sameFile(dst, j.In.Path):
	default:
		r.Err = fmt.Errorf("%s: %w", dst, ErrInTheWay)
		return r
	}
	mode := os.FileMode(0o644)
	if s.inPlace && before != nil {
		mode = before.Mode().Perm() // the original's
	}
	if !writing.start() {
		r.Err = context.Canceled // the run has returned: nothing more is written
		return r
	}
	defer writing.done()
	if err := ctx.Err(); err != nil {
		r.Err = err // stopped: nothing more is written
		return r
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		r.Err = err
		return r
	}
	if s.inPlace && !redo && w.Backup {
		r.Backup = j.In.Path + photo.BackupExt
		if err := redact.Backup(j.In.Path, r.Backup); err != nil {
			r.Err, r.Backup = err, ""
			return r
		}
	}
	sum, err := out.prepare(ctx, filepath.Dir(dst))
	if err != nil {
		out.discard()
		r.Err = err
		if r.Backup != "" && !s.entry.keeps(r.Backup) {
			os.Remove(r.Backup) // the original was not touched: no backup needed
			r.Backup = ""
		}
		return r
	}
	c := s.entry
	next := *c
	next.Output, next.Made, next.Masks, next.When = name, e.made(j), MasksOf(plan), time.Now().UTC()
	next.Sum, next.Prev = sum, s.earlier()
	if !redo {
		if p.Video != nil {
			next.Source = videoSource(src)
		} else {
			next.Source = sumBytes(p.Data, before, after)
		}
	}
	if r.Backup != "" {
		next.Backup = realPath(r.Backup)
	}
	if s.rec != nil {
		if err := s.rec.save(&next); err != nil {
			out.discard()
			r.Err = fmt.Errorf("%s: %w", j.In.Path, &RecordError{s.rec.dir, err})
			return r
		}
	}
	if err := out.put(dst, mode); err != nil {
		r.Err = err
		if s.rec != nil {
			s.rec.save(c) // nothing was written: the record says so again
		}
		if r.Backup != "" && !c.keeps(r.Backup) {
			os.Remove(r.Backup) // the original was not touched: no backup needed
			r.Backup = ""
		}
		return r
	}
	r.Status, r.Output, r.Masked, r.Path = Written, dst, masked, how
	if st, err := os.Stat(dst); err == nil && st.Size() == next.Sum.Size {
		next.Sum.Stamp = stampOf(st)
	}
	*c = next
	if prev := c.Prev; prev != nil && !strings.EqualFold(prev.Output, name) && holds(s.path(prev.Output), prev.Sum) {
		// The copy changed format (masks on a HEIC): the copy before, at
		// its other name, goes (it may show a face now masked).
		os.Remove(s.path(prev.Output))
	}
	c.Prev = nil
	if s.inPlace && !sameFile(dst, j.In.Path) && fileExists(j.In.Path) && (redo || r.Backup != "" || !w.Backup) {
		// The format changed (HEIC became JPEG): the original is in the
		// backup (or was not to be kept), so the file it replaced goes.
		if err := os.Remove(j.In.Path); err != nil {
			r.Err = fmt.Errorf("%s: written to %s, but the original could not be removed: %w", j.In.Path, dst, err)
		}
	}
	if redo {
		r.Backup = src
	}
	if s.rec != nil {
		s.rec.saveEntry(c, false) // the copy's stamp, for cheap reruns
	}
	return r
}

// writers counts the jobs writing (a copy, a backup, an entry), so that a
// run that is stopped returns only once none is under way, leaving no
// temporary file; once it has returned, no job starts writing.
type writers struct {
	mu     sync.Mutex
	n      int
	closed bool
	idle   *sync.Cond
}

func newWriters() *writers {
	w := &writers{}
	w.idle = sync.NewCond(&w.mu)
	return w
}

// start counts one more job writing; false once the run has returned.
func (w *writers) start() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return false
	}
	w.n++
	return true
}

func (w *writers) done() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.n--
	if w.n == 0 {
		w.idle.Broadcast()
	}
}

// close lets no job start writing and waits for those writing.
func (w *writers) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	for w.n > 0 {
		w.idle.Wait()
	}
}

// keeps reports whether backup is the original an earlier run kept (then
// it is never removed).
func (c *Copy) keeps(backup string) bool { return c.Backup != "" && c.Backup == realPath(backup) }

func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// removeStaleTemps deletes the temporary files that earlier, killed runs
// left in the output folders (hidden, named .sharesafe-PID-*.tmp: only
// ours, and only of processes that are gone).
func removeStaleTemps(jobs []Job) {
	dirs := map[string]bool{}
	for _, j := range jobs {
		for _, n := range append(j.Names(), j.Dst) {
			dirs[filepath.Dir(n)] = true
		}
	}
	for d := range dirs {
		removeDeadTemps(d)
	}
}

// FolderHolding returns the folder of photos that an output folder dir must
// stay out of ("" for none): a folder of paths that is dir or holds it, or
// the folder of a file of paths when that is dir itself. Safe copies
// written there would mix with the photos (and, under another name or
// format, could take an original's name), and marking it as output would
// hide the photos from a later run over its parent. A folder inside a
// file's folder is fine: "redact IMG_1.jpg -o safe/" keeps them apart.
func FolderHolding(dir string, paths []string) string {
	o := realPath(dir)
	named, err := filepath.Abs(dir)
	if err != nil {
		named = o
	}
	out, outErr := os.Stat(o)
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			continue
		}
		if !st.IsDir() {
			if f := filepath.Dir(p); outErr == nil && out.IsDir() && sameDir(out, f) {
				return named // named in full: "." would say little
			}
			continue
		}
		in := realPath(p)
		if rel, err := filepath.Rel(in, o); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
			return p
		}
	}
	return ""
}

// InputInside returns the first of paths (a photo or a folder of photos)
// that an output folder dir holds, at any depth ("" for none; a folder not
// made yet holds nothing). Safe copies written there would land among the
// photos' folders, where --overwrite could replace a photo of the same
// name, and marking dir as output would hide the photos from a later run
// over its parent. Callers check FolderHolding first: a photo's own folder
// holds it too.
func InputInside(dir string, paths []string) string {
	o, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	out, err := os.Stat(o)
	if err != nil || !out.IsDir() {
		return ""
	}
	for _, p := range paths {
		in, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if _, err := os.Stat(in); err != nil {
			continue
		}
		for d := filepath.Dir(in); ; d = filepath.Dir(d) {
			if sameDir(out, d) {
				return p
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	return ""
}

// sameDir reports whether folder path is the folder out (by identity, not
// by name: a symbolic link or another case of the same name is the same).
func sameDir(out os.FileInfo, path string) bool {
	st, err := os.Stat(path)
	return err == nil && os.SameFile(out, st)
}

// MarkOutput creates dir, if needed, and marks it as a folder of safe
// copies (photo.OutputMark), so that a later run over its parent never
// takes them for photos to clean.
func MarkOutput(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	mark := filepath.Join(dir, photo.OutputMark)
	if _, err := os.Lstat(mark); err == nil {
		return nil
	}
	return os.WriteFile(mark, []byte("This folder holds safe copies written by sharesafe; sharesafe does not read it as photos.\n"), 0o644)
}
