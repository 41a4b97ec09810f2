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
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/internal/pool"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
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

// check reads and inspects one photo: metadata always, faces from the cache
// or the detectors. The pixels are decoded only when detection or pixels
// asks for them; the returned photo holds them when pixels is set.
func (e *Engine) check(path string, pixels bool) (*photo.Photo, detect.Report, bool, error) {
	p, err := photo.Load(path, e.s.Limits)
	if err != nil {
		return nil, detect.Report{}, false, err
	}
	opt := e.s.Detect
	var key string
	if opt.Faces && e.s.Cache != nil {
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
	}
	if !pixels {
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
	p, rep, cached, err := e.check(in.Path, o.Keep != nil)
	c.Cached = cached
	if p != nil {
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
			o.Progress(prog.Step())
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
	Written Status = "written" // a safe copy was written
	Exists  Status = "exists"  // the safe copy was there already: left alone
	Skipped Status = "skipped" // nothing to do (cleaned in place already)
	Failed  Status = "failed"
)

// Job is one photo to clean and where its safe copy goes.
type Job struct {
	In photo.Input
	// Dst is the output path (its extension changes with the format).
	Dst string
	// Plan, when set, is the masks the parent chose (upright pixels): it
	// replaces the masks of the faces found.
	Plan *redact.Plan
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
	// Backup is the copy of the original kept by an in-place run (for a
	// photo Skipped, the one an earlier run kept).
	Backup string
	Err    error
}

// WriteOptions say where safe copies may go.
type WriteOptions struct {
	// Overwrite replaces safe copies that exist already.
	Overwrite bool
	// InPlace replaces the originals; Backup keeps FILE.orig beside each.
	InPlace, Backup bool
}

// Redact cleans the jobs on the engine's workers and calls report once per
// job, in job order, from the caller's goroutine. Outputs are written
// atomically, so a run stopped at any point leaves only complete, verified
// files; temporary files a killed run left in the output folders are
// removed first. It returns ctx.Err() when it was cancelled.
func (e *Engine) Redact(ctx context.Context, jobs []Job, w WriteOptions, progress func(Progress), report func(Result)) error {
	removeStaleTemps(jobs)
	prog := NewProgress(len(jobs))
	return pool.Ordered(ctx, len(jobs), e.s.Jobs, func(ctx context.Context, i int) Result {
		return e.clean(ctx, jobs[i], w)
	}, func(_ int, r Result) {
		if r.Err != nil && ctx.Err() != nil && errors.Is(r.Err, ctx.Err()) {
			return // stopped before its write: not done, not failed
		}
		report(r)
		if progress != nil {
			progress(prog.Step())
		}
	})
}

// done reports, before anything is read, whether a job has nothing to do:
// its safe copy exists, or it was cleaned in place already.
func (e *Engine) done(j Job, w WriteOptions) (Result, bool) {
	r := Result{Job: j}
	if w.InPlace {
		if j.Plan == nil && cleanedInPlace(j.In.Path) {
			r.Status, r.Backup = Skipped, j.In.Path+".orig"
			return r, true
		}
		return r, false
	}
	if w.Overwrite {
		return r, false
	}
	if out := e.likelyOutput(j); out != "" {
		if _, err := os.Lstat(out); err == nil {
			r.Status, r.Output = Exists, out
			return r, true
		}
	}
	return r, false
}

// clean reads, inspects, masks and writes one job.
func (e *Engine) clean(ctx context.Context, j Job, w WriteOptions) (r Result) {
	if r, ok := e.done(j, w); ok {
		return r
	}
	r.Job = j
	defer func() {
		if p := recover(); p != nil {
			r.Err = fmt.Errorf("%s: internal error: %v", j.In.Path, p)
		}
		if r.Err != nil {
			r.Status = Failed
		}
	}()
	p, rep, _, err := e.check(j.In.Path, false)
	if p != nil {
		r.Report = &rep
	}
	if err != nil {
		r.Err = err
		return r
	}
	plan := redact.PlanFor(rep, e.s.Faces, e.s.Style)
	if j.Plan != nil {
		plan = *j.Plan
	}
	if len(plan.Masks) > 0 && p.Format != photo.FormatJPEG {
		// A masked JPEG is changed in the DCT domain, without decoding.
		if err := p.Decode(); err != nil {
			r.Err = err
			return r
		}
	}
	if err := ctx.Err(); err != nil {
		r.Err = err // stopped: nothing more is written
		return r
	}
	if err := os.MkdirAll(filepath.Dir(j.Dst), 0o755); err != nil {
		r.Err = err
		return r
	}
	if w.InPlace && w.Backup {
		r.Backup = j.In.Path + ".orig"
		if err := redact.Backup(j.In.Path, r.Backup); err != nil {
			r.Err, r.Backup = err, ""
			return r
		}
	}
	out, how, err := redact.WritePlan(p, plan, j.Dst, redact.WriteOptions{Overwrite: w.Overwrite, InPlace: w.InPlace})
	if err != nil && r.Backup != "" {
		os.Remove(r.Backup) // the original was not touched: no backup needed
		r.Backup = ""
	}
	if errors.Is(err, redact.ErrExists) {
		r.Status, r.Output = Exists, out
		return r
	}
	if err != nil {
		r.Err = err
		return r
	}
	r.Status, r.Output, r.Masked, r.Path = Written, out, len(plan.Masks), how
	if w.InPlace && out != j.In.Path && r.Backup != "" {
		// The format changed (HEIC became JPEG): the original is in the
		// backup, so the file it replaced goes.
		if err := os.Remove(j.In.Path); err != nil {
			r.Err = fmt.Errorf("%s: written to %s, but the original could not be removed: %w", j.In.Path, out, err)
		}
	}
	return r
}

// likelyOutput is the name the safe copy of a job will have, from the
// first bytes of the input ("" when that cannot be told before the photo is
// read, or the bytes cannot be read: the job then fails by name).
func (e *Engine) likelyOutput(j Job) string {
	f, err := photo.SniffPath(j.In.Path)
	if err != nil {
		return ""
	}
	faces := e.s.Detect.Faces || j.Plan != nil && len(j.Plan.Masks) > 0
	out, ok := photo.LikelyFormat(f, faces)
	if !ok {
		return ""
	}
	return redact.OutputName(j.Dst, f, out)
}

// cleanedInPlace reports whether path was cleaned in place by an earlier
// run: its backup path.orig exists and differs from it. (A backup equal to
// the file is what a run stopped between the backup and the write leaves:
// that photo is cleaned again.)
func cleanedInPlace(path string) bool {
	a, err := os.Stat(path + ".orig")
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	if err != nil {
		return false
	}
	if a.Size() != b.Size() {
		return true
	}
	same, err := redact.SameBytes(path, path+".orig")
	return err == nil && !same
}

// removeStaleTemps deletes the temporary files an earlier, killed run left
// in the output folders (hidden, named .sharesafe-*.tmp: only ours).
func removeStaleTemps(jobs []Job) {
	dirs := map[string]bool{}
	for _, j := range jobs {
		dirs[filepath.Dir(j.Dst)] = true
	}
	for d := range dirs {
		stale, _ := filepath.Glob(filepath.Join(d, ".sharesafe-*.tmp"))
		for _, f := range stale {
			os.Remove(f)
		}
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
	o, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	out, outErr := os.Stat(o)
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			continue
		}
		if !st.IsDir() {
			if f := filepath.Dir(p); outErr == nil && out.IsDir() && sameDir(out, f) {
				return o // named in full: "." would say little
			}
			continue
		}
		in, err := filepath.Abs(p)
		if err != nil {
			continue
		}
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
