package redact

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/internal/pool"
	"github.com/sharesafe/sharesafe/photo"
)

// Job is one photo to clean and where its safe copy goes.
type Job struct {
	In photo.Input
	// Dst is the output path (its extension may change with the format).
	Dst string
	// Plan, when set, is the masks the user chose (boxes in upright pixels):
	// it replaces the masks of the detected faces.
	Plan *Plan
}

// Result is what happened to one job.
type Result struct {
	Job
	// Output is the file written ("" when none).
	Output string
	// Report is what detect found (nil when the photo could not be read).
	Report *detect.Report
	// Masked counts the masks drawn.
	Masked int
	// Path is how the output was written: PathLossless, PathDCT or
	// PathReencode.
	Path string
	// Existed is set when the output was there already and left alone.
	Existed bool
	// Backup is the copy of the original kept by an in-place run.
	Backup string
	Err    error
}

// BatchOptions configure a batch run.
type BatchOptions struct {
	// Workers is how many photos are processed at once (each holds one
	// decoded photo in memory).
	Workers int
	Faces   Faces
	Style   Style
	Detect  detect.Options
	Write   WriteOptions
	// Backup keeps FILE.orig beside each original overwritten in place.
	Backup bool
	// Limits bound what is read.
	Limits photo.Limits
}

// ErrInterrupted is returned by Batch when its context was cancelled before
// every job ran. The jobs not started have no result.
var ErrInterrupted = errors.New("interrupted")

// Batch cleans the jobs on a pool of workers and calls report once per job,
// in job order, from one goroutine. Outputs are written atomically, so a run
// stopped at any point leaves only complete, verified files; temporary files
// left by a run that was killed are removed from the output folders first.
func Batch(ctx context.Context, jobs []Job, opt BatchOptions, report func(Result)) error {
	removeStaleTemps(jobs)
	err := pool.Ordered(ctx, len(jobs), opt.Workers,
		func(i int) Result { return cleanOne(jobs[i], opt) },
		func(_ int, r Result) { report(r) })
	if err != nil {
		return ErrInterrupted
	}
	return nil
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

// cleanOne reads, inspects, masks and writes one photo.
func cleanOne(j Job, opt BatchOptions) (r Result) {
	r.Job = j
	defer func() {
		if p := recover(); p != nil {
			r.Err = fmt.Errorf("%s: internal error: %v", j.In.Path, p)
		}
	}()
	p, err := photo.Load(j.In.Path, opt.Limits)
	if err != nil {
		r.Err = err
		return r
	}
	det := opt.Detect
	det.Faces = opt.Faces != NoFaces
	rep, err := detect.Inspect(p, det)
	if err != nil {
		r.Err = err
		return r
	}
	r.Report = &rep
	plan := PlanFor(rep, opt.Faces, opt.Style)
	if j.Plan != nil {
		plan = *j.Plan
		if len(plan.Masks) > 0 && p.Image == nil {
			if err := p.Decode(); err != nil {
				r.Err = err
				return r
			}
		}
	}
	if p.Format == photo.FormatJPEG || len(plan.Masks) == 0 {
		p.Image = nil // the write path reads the coefficients or the file
	}
	if err := os.MkdirAll(filepath.Dir(j.Dst), 0o755); err != nil {
		r.Err = err
		return r
	}
	if opt.Write.InPlace && opt.Backup {
		r.Backup = j.In.Path + ".orig"
		if err := backup(j.In.Path, r.Backup); err != nil {
			r.Err = err
			r.Backup = ""
			return r
		}
	}
	out, how, err := WritePlan(p, plan, j.Dst, opt.Write)
	if err != nil && r.Backup != "" {
		os.Remove(r.Backup) // the original was not touched: no backup needed
		r.Backup = ""
	}
	if errors.Is(err, ErrExists) {
		r.Existed = true
		r.Output = out
		return r
	}
	if err != nil {
		r.Err = err
		return r
	}
	r.Output, r.Masked, r.Path = out, len(plan.Masks), how
	if opt.Write.InPlace && out != j.In.Path && r.Backup != "" {
		// The format changed (HEIC became JPEG): the original is in the
		// backup, so the file it replaced goes.
		if err := os.Remove(j.In.Path); err != nil {
			r.Err = fmt.Errorf("%s: written to %s, but the original could not be removed: %w", j.In.Path, out, err)
		}
	}
	return r
}

// backup copies an original to path, refusing to replace an existing file.
func backup(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("%s: cannot keep a backup: %w", src, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return fmt.Errorf("%s: backup: %w", src, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	return out.Close()
}

// NeutralName returns a name that says nothing of date or device:
// photo-0001.jpg for the first photo of a run.
func NeutralName(rel string, index int) string {
	dir := filepath.Dir(rel)
	ext := strings.ToLower(filepath.Ext(rel))
	if ext == ".jpeg" || ext == ".jpe" {
		ext = ".jpg"
	}
	return filepath.Join(dir, fmt.Sprintf("photo-%04d%s", index+1, ext))
}
