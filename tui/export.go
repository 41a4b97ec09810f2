package tui

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/words"
)

// exportModel is the export screen: the folder for the safe copies, then
// the copies written one by one.
//
// Saving writes a copy of every photo, as the screen shows it, or says why
// not. The photos not checked yet are checked first (waiting). The engine
// settles each copy's name and keeps the record of what made it: a copy
// there made from the same photo and the same masks is left as it is
// (unchanged), one of ours made otherwise is written again, and a file
// sharesafe did not write is never replaced without asking (inTheWay,
// asked once the others are written). The last line says "Done" only when
// every photo has its copy.
type exportModel struct {
	input   textinput.Model
	bar     progress.Model
	waiting bool // photos are being checked before anything is saved
	halted  bool // the parent stopped the writing (esc)
	sorting bool // the folder is being looked at
	running bool
	done    bool
	stopped bool
	total   int
	lines   []string
	results chan engine.Result
	cancel  context.CancelFunc

	// asking is set while the parent is asked whether the files in the
	// way (inTheWay: files sharesafe did not write where copies go) may
	// be replaced; work is the export it belongs to.
	asking   bool
	inTheWay []engine.Job
	work     *exportWork
	// refused says why the folder typed cannot hold the copies (it is, or
	// is inside, a folder of the photos).
	refused string

	jobs int // how many photos are written at once
	// clips are the settings a clip is written with: its faces are
	// searched in every frame (ffmpeg), never taken from the parent's
	// masks on its poster frame, which cannot be edited.
	clips engine.Settings
	// record is where the engine keeps what made each copy and settles
	// their names (nil: nothing kept).
	record *engine.Record
	// failed keeps the engine's error for each photo whose copy was not
	// written, by input path (shared: the model is copied by value): the
	// line says why in words, the error is kept for whoever needs the
	// details.
	failed map[string]error
}

// exportWork is one export: the copies to write and what the lines say.
type exportWork struct {
	dir string
	// jobs are the copies to write (the engine leaves alone those made
	// already from the same photo and masks).
	jobs []engine.Job
	// refused are the lines of the photos not written, said before any
	// copy is: unreadable, changed since they were checked, or their masks
	// fewer than the parent's last decision.
	refused []string
	keys    map[string]string // the plan (planKey) of each copy, by input path
	note    map[string]string // the line's ending, by input path
}

func newExport(dir string, jobs int, record *engine.Record) exportModel {
	in := textinput.New()
	in.SetValue(dir)
	in.CharLimit = 4096
	in.Width = 60
	bar := progress.New(progress.WithDefaultGradient(), progress.WithoutPercentage())
	return exportModel{input: in, bar: bar, jobs: jobs, record: record, failed: map[string]error{}}
}

// exportResultMsg is one photo written (or failed: why says why, in words).
type exportResultMsg struct {
	r   engine.Result
	why string
}

// exportDoneMsg says every photo was handled.
type exportDoneMsg struct{}

// exportSortedMsg carries the copies to write, sorted by what is in the
// folder already, or why nothing can be saved into the folder (refused,
// in words; err is the error behind it).
type exportSortedMsg struct {
	work    *exportWork
	refused string
	err     error
}

// setDir proposes another folder for the safe copies.
func (e *exportModel) setDir(dir string) { e.input.SetValue(dir) }

// open starts a new export: the folder is asked again.
func (e exportModel) open(width int) (exportModel, tea.Cmd) {
	e.waiting, e.sorting, e.running, e.done, e.stopped, e.lines = false, false, false, false, false, nil
	e.asking, e.work, e.inTheWay, e.halted = false, nil, nil, false
	e.input.Focus()
	e.input.Width = max(20, width-4)
	return e, textinput.Blink
}

// covers reports whether a plan draws every mask the parent's decision has
// on (same box): a copy never has fewer masks than the parent decided.
func covers(plan redact.Plan, d engine.Decision) bool {
	for _, m := range d.Masks {
		if !m.On {
			continue
		}
		found := false
		for _, k := range plan.Masks {
			found = found || k.Box == m.Box.R()
		}
		if !found {
			return false
		}
	}
	return true
}

// sort is the command that settles, for every photo, the copy to write:
// the masks are read here, the folder and the record of copies in the
// command. A photo that cannot be read, that changed since it was checked,
// or whose masks are fewer than the parent's last decision kept (they
// could not be read back) gets its line and is not written.
func (e *exportModel) sort(s session) tea.Cmd {
	w := &exportWork{dir: strings.TrimSpace(e.input.Value()), keys: map[string]string{}, note: map[string]string{}}
	type copyOf struct {
		in    photo.Input
		plan  redact.Plan
		stamp fileStamp
		hash  string
		size  image.Point
	}
	var copies []copyOf
	for _, p := range s.photos {
		if p.err != nil {
			w.refused = append(w.refused, "✗ "+s.lang.T(words.AppCannotSave, photoName(photo.Input{Path: p.path, Rel: p.rel}), s.lang.T(p.why)))
			continue
		}
		if p.report == nil {
			continue // not checked: the export waits for every photo
		}
		plan := p.plan()
		copies = append(copies, copyOf{photo.Input{Path: p.path, Rel: p.rel}, plan, p.stamp, p.hash, image.Pt(p.report.Width, p.report.Height)})
		w.keys[p.path] = planKey(plan)
	}
	lang, rec, decisions := s.lang, e.record, s.edits.rec
	return func() tea.Msg {
		// The parent's last decisions are on disk before any copy is made.
		guard := decisions.flush() == nil
		var inputs []photo.Input
		var plans []redact.Plan
		for _, c := range copies {
			// A photo changed since it was checked is not written: the
			// masks were drawn on the photo as it was. (A photo gone is
			// left to the engine, which says so by name.)
			if st, err := os.Stat(c.in.Path); err == nil && c.stamp != (fileStamp{}) && stampOf(st) != c.stamp {
				w.refused = append(w.refused, "✗ "+lang.T(words.AppCannotSave, photoName(c.in), lang.T(words.AppWhyChanged)))
				continue
			}
			if dec, st := decisions.store.Get(c.hash, c.size.X, c.size.Y); guard && st == engine.Decided && !covers(c.plan, dec) {
				w.refused = append(w.refused, "✗ "+lang.T(words.AppCannotSave, photoName(c.in), lang.T(words.AppWhyFewerMasks)))
				continue
			}
			inputs = append(inputs, c.in)
			plans = append(plans, c.plan)
		}
		if len(inputs) == 0 {
			return exportSortedMsg{work: w}
		}
		// The engine settles every copy's name, for the whole save.
		jobs, err := engine.New(engine.Settings{Faces: redact.NoFaces, Record: rec}).Settle(inputs, engine.Dest{Dir: w.dir})
		if err != nil {
			return exportSortedMsg{refused: cannotSaveInto(lang, w.dir, err), err: err}
		}
		root, _ := filepath.Abs(w.dir)
		if r, err := filepath.EvalSymlinks(root); err == nil {
			root = r
		}
		for i := range jobs {
			if isClip(jobs[i].In.Path) {
				// A clip's masks are the faces found in its frames, never a
				// plan: without one, its copy is recorded as made by the
				// clips' settings, and a save that changes nothing leaves it
				// alone (with the app's empty plan it was encoded again on
				// every save, "with your latest masks"). Plan nil marks it
				// for the clips' engine (save).
				continue
			}
			plan := plans[i]
			jobs[i].Plan = &plan
			for _, c := range rec.CopiesOf(jobs[i].In.Path) {
				if c.Root != root {
					continue
				}
				// A copy of ours is there: if it is written, it is written
				// again with the masks shown, or, the masks the same, by
				// another version of sharesafe.
				w.note[jobs[i].In.Path] = lang.T(words.AppRewritten)
				if planKey(c.Plan()) == planKey(plan) {
					w.note[jobs[i].In.Path] = lang.T(words.AppRewrittenByVersion)
				}
			}
		}
		w.jobs = jobs
		// The folder is made and marked as one of safe copies, as redact
		// -o marks it (a later run over its parent never takes them for
		// photos), before anything is written: a folder that cannot be
		// written is said at once, and another can be typed.
		if err := engine.MarkOutput(w.dir); err != nil {
			return exportSortedMsg{refused: cannotSaveInto(lang, w.dir, err), err: err}
		}
		return exportSortedMsg{work: w}
	}
}

// begin saves into the folder typed: once every photo is checked, the
// copies are sorted (sort).
func (e *exportModel) begin(s session) tea.Cmd {
	dir := strings.TrimSpace(e.input.Value())
	if p := engine.FolderHolding(dir, s.opened); p != "" {
		e.refused = s.lang.T(words.AppExportInside, dir, p)
		return nil
	}
	if p := engine.InputInside(dir, s.opened); p != "" {
		e.refused = s.lang.T(words.AppExportHolds, dir, p)
		return nil
	}
	e.refused = ""
	e.input.Blur()
	if s.pending > 0 || s.finding {
		e.waiting = true // the root sorts once the last photo is checked
		return nil
	}
	return e.sortNow(s)
}

// sortNow sorts the copies to write.
func (e *exportModel) sortNow(s session) tea.Cmd {
	e.waiting, e.sorting = false, true
	return e.sort(s)
}

// checked is told that a photo was checked: the export waiting for the
// photos not checked yet sorts the copies once every one is.
func (e *exportModel) checked(s session) tea.Cmd {
	if !e.waiting || s.pending > 0 || s.finding {
		return nil
	}
	return e.sortNow(s)
}

// sorted starts writing, or says why the folder cannot hold the copies and
// asks for another.
func (e *exportModel) sorted(s session, msg exportSortedMsg) tea.Cmd {
	e.sorting, e.work = false, msg.work
	if msg.refused != "" {
		e.refused = msg.refused
		e.input.Focus()
		return textinput.Blink
	}
	e.running, e.done, e.stopped = true, false, false
	e.total = len(e.work.refused) + len(e.work.jobs)
	e.lines = append([]string(nil), e.work.refused...)
	return e.write(s, e.work.jobs, false)
}

// answer takes the parent's y or n about the files in the way: y replaces
// them, n leaves them, each line saying so.
func (e *exportModel) answer(s session, yes bool) tea.Cmd {
	e.asking = false
	jobs := e.inTheWay
	e.inTheWay = nil
	if yes {
		for _, j := range jobs {
			e.work.note[j.In.Path] = s.lang.T(words.AppReplaced)
		}
		e.running, e.done = true, false
		return e.write(s, jobs, true)
	}
	for _, j := range jobs {
		e.lines = append(e.lines, "✗ "+s.lang.T(words.AppCannotSaveCopy, photoName(j.In), e.work.dir, s.lang.T(words.AppWhyKeptTheirs, j.Dst)))
	}
	e.done, e.stopped = true, false
	return nil
}

// write writes the safe copies of jobs with the parent's masks, on a
// worker pool; results come back one message at a time. Only the files in
// the way that the parent agreed to replace are written with Overwrite.
func (e *exportModel) write(s session, jobs []engine.Job, overwrite bool) tea.Cmd {
	ch := make(chan engine.Result)
	e.results = ch
	life, n, lang, rec, dir, clips := s.life, e.jobs, s.lang, e.record, e.work.dir, e.clips
	if len(jobs) == 0 || !life.begin() {
		close(ch)
		return waitResult(ch, lang)
	}
	ctx, cancel := context.WithCancel(life.ctx)
	e.cancel = cancel
	go func() {
		defer life.work.Done()
		defer close(ch)
		defer cancel()
		send := func(r engine.Result) {
			select {
			case ch <- r:
			case <-ctx.Done():
			}
		}
		// The folder was marked when it was looked at; it is marked again
		// in case it went in the meantime.
		if err := engine.MarkOutput(dir); err != nil {
			for _, j := range jobs {
				send(engine.Result{Job: j, Status: engine.Failed, Err: err})
			}
			return
		}
		// The parent's masks are the plans: nothing is detected again. A
		// clip's faces are searched in every frame (package video).
		var stills, videos []engine.Job
		for _, j := range jobs {
			if j.Plan == nil { // a clip (sort)
				videos = append(videos, j)
			} else {
				stills = append(stills, j)
			}
		}
		eng := engine.New(engine.Settings{Faces: redact.NoFaces, Jobs: n, Record: rec})
		eng.Redact(ctx, stills, engine.WriteOptions{Overwrite: overwrite}, nil, send)
		if len(videos) > 0 && ctx.Err() == nil {
			set := clips
			set.Faces, set.Style, set.Jobs, set.Record = redact.AllFaces, redact.Emoji, n, rec
			if !set.Detect.Faces {
				set.Detect = inspectOptions
			}
			engine.New(set).Redact(ctx, videos, engine.WriteOptions{Overwrite: overwrite}, nil, send)
		}
	}()
	return waitResult(ch, lang)
}

// waitResult waits for the next photo written, and says in lang why it
// was not, if it was not.
func waitResult(ch chan engine.Result, lang advise.Lang) tea.Cmd {
	return func() tea.Msg {
		r, ok := <-ch
		if !ok {
			releaseMemory() // the copies decoded whole photos
			return exportDoneMsg{}
		}
		msg := exportResultMsg{r: r}
		if r.Err != nil && !errors.Is(r.Err, engine.ErrInTheWay) {
			msg.why = cannotSave(lang, r.Job, r.Err)
		}
		return msg
	}
}

// update: enter saves into the folder typed, y or n answers the question
// about earlier copies, esc stops the copies being written or goes back.
func (e exportModel) update(s session, msg tea.Msg) (exportModel, tea.Cmd) {
	switch msg := msg.(type) {
	case exportResultMsg:
		r := msg.r
		var line string
		switch {
		case errors.Is(r.Err, engine.ErrInTheWay):
			// A file sharesafe did not write: asked about once the others
			// are written.
			e.inTheWay = append(e.inTheWay, r.Job)
			return e, waitResult(e.results, s.lang)
		case r.Err != nil:
			line = "✗ " + msg.why
			e.failed[r.In.Path] = r.Err
		case r.Status == engine.Exists:
			line = "• " + r.Output + " " + s.lang.T(words.AppUnchanged)
		default:
			line = "✓ " + r.Output
			if n := e.work.note[r.In.Path]; n != "" {
				line += " " + n
			}
		}
		if r.Err == nil {
			for _, p := range s.photos {
				if p.path == r.In.Path {
					p.saved, p.savedKey = r.Output, e.work.keys[r.In.Path]
				}
				if p.pair == r.In.Path && p.ownMasksOffClip() {
					// A Live Photo's clip: the masks the parent drew on its
					// still are not in it. Said under the line, whole.
					line += "\n" + s.lang.T(words.AppClipNotYourMasks, filepath.Base(p.path))
				}
			}
		}
		e.lines = append(e.lines, line)
		return e, waitResult(e.results, s.lang)
	case exportDoneMsg:
		e.running = false
		if len(e.inTheWay) > 0 && !e.halted {
			e.asking = true // the files in the way: replace them?
			return e, nil
		}
		e.done = true
		e.stopped = len(e.lines) < e.total
		return e, nil
	case exportSortedMsg:
		cmd := e.sorted(s, msg)
		return e, cmd
	case tea.KeyMsg:
		switch {
		case e.sorting: // the folder is being looked at: no key yet
		case e.waiting && key.Matches(msg, s.keys.Back):
			e.waiting = false // not saved: the folder can be typed again
			e.input.Focus()
			return e, textinput.Blink
		case e.waiting:
		case e.asking && key.Matches(msg, s.keys.Yes):
			cmd := e.answer(s, true)
			return e, cmd
		case e.asking && (key.Matches(msg, s.keys.No) || key.Matches(msg, s.keys.Back)):
			cmd := e.answer(s, false)
			return e, cmd
		case e.asking:
		case key.Matches(msg, s.keys.Back) && e.running:
			e.cancel() // stop: the photos being written finish, whole
			e.halted = true
		case key.Matches(msg, s.keys.Back):
			return e, send(backToBrowseMsg{})
		case msg.String() == "enter" && !e.running && !e.done:
			cmd := e.begin(s)
			return e, cmd
		case (e.done || e.running) && key.Matches(msg, s.keys.Quit):
			return e, send(quitMsg{})
		case msg.String() == "enter" && e.done:
			return e, send(backToBrowseMsg{})
		}
	}
	var cmd tea.Cmd
	if !e.waiting && !e.sorting && !e.running && !e.done && !e.asking {
		if _, typed := msg.(tea.KeyMsg); typed {
			e.refused = "" // a new folder is being typed
		}
		e.input, cmd = e.input.Update(msg)
	}
	return e, cmd
}

func (e exportModel) view(s session) string {
	var b strings.Builder
	b.WriteString(s.st.title.Render(s.lang.T(words.AppExportTitle)) + "\n\n")
	b.WriteString(s.lang.T(words.AppExportAsk) + "\n")
	b.WriteString(e.input.View() + "\n\n")
	// What went wrong is wrapped, not cut: its end says what to do.
	wrap := s.st.r.NewStyle()
	if s.width > 1 {
		wrap = wrap.Width(s.width - 1)
	}
	if e.refused != "" {
		b.WriteString(s.st.warn.Render(wrap.Render(e.refused)) + "\n\n")
	}
	if e.asking {
		ask := s.lang.N(len(e.inTheWay), words.AppConfirmOne, words.AppConfirm)
		b.WriteString(s.st.warn.Render(wrap.Render(ask)) + "\n")
		for _, j := range e.inTheWay[:min(len(e.inTheWay), max(1, s.height-10))] {
			b.WriteString(truncate("  "+j.Dst, s.width) + "\n")
		}
		b.WriteString("\n" + s.helpView(s.keys.confirmHelp()))
		return b.String()
	}
	if e.waiting {
		checked := len(s.photos) - s.pending
		pct := 0.0
		if len(s.photos) > 0 {
			pct = float64(checked) / float64(len(s.photos))
		}
		e.bar.Width = max(10, s.width-12)
		b.WriteString(e.bar.ViewAs(pct) + fmt.Sprintf(" %d/%d\n", checked, len(s.photos)))
		b.WriteString(wrap.Render(s.lang.N(s.pending, words.AppCheckingFirstOne, words.AppCheckingFirstMany)) + "\n")
	}
	if e.running || e.done {
		pct := 0.0
		if e.total > 0 {
			pct = float64(len(e.lines)) / float64(e.total)
		}
		e.bar.Width = max(10, s.width-12)
		b.WriteString(e.bar.ViewAs(pct) + fmt.Sprintf(" %d/%d\n", len(e.lines), e.total))
		if e.running {
			b.WriteString(s.lang.T(words.AppExportRunning) + "\n")
		}
		// The last results that fit; a copy not written is said whole, and
		// so is a warning under a copy's line (after its first "\n").
		room := max(1, s.height-10)
		var lines []string
		indent := s.st.r.NewStyle().PaddingLeft(2)
		if s.width > 3 {
			indent = indent.Width(s.width - 1)
		}
		for _, l := range e.lines {
			if strings.HasPrefix(l, "✗") {
				for _, w := range strings.Split(wrap.Render(l), "\n") {
					lines = append(lines, strings.TrimRight(w, " "))
				}
				continue
			}
			l, warning, warned := strings.Cut(l, "\n")
			lines = append(lines, truncate(l, s.width))
			if warned {
				for _, w := range strings.Split(indent.Render(warning), "\n") {
					lines = append(lines, s.st.warn.Render(strings.TrimRight(w, " ")))
				}
			}
		}
		if len(lines) > room {
			lines = lines[len(lines)-room:]
		}
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		switch {
		case e.done && e.stopped:
			b.WriteString("\n" + s.st.warn.Render(s.lang.T(words.AppStopped)) + "\n")
		case e.done && e.notSaved() > 0 && e.notSaved() == e.total:
			b.WriteString("\n" + s.st.warn.Render(wrap.Render(s.lang.N(e.notSaved(), words.AppExportNoneSavedOne, words.AppExportNoneSavedMany))) + "\n")
		case e.done && e.notSaved() > 0:
			b.WriteString("\n" + s.st.warn.Render(wrap.Render(s.lang.N(e.notSaved(), words.AppExportDonePartlyOne, words.AppExportDonePartlyMany, strings.TrimSpace(e.input.Value())))) + "\n")
		case e.done:
			b.WriteString("\n" + s.st.ok.Render(s.lang.T(words.AppExportDone)+" "+strings.TrimSpace(e.input.Value())) + "\n")
		}
	}
	b.WriteString("\n" + s.helpView(s.keys.exportHelp(e)))
	return b.String()
}

// notSaved is how many copies were not written: the ✗ lines, whatever
// refused them (the engine, a photo that cannot be read or changed since
// it was checked, a file in the way the parent kept).
func (e exportModel) notSaved() int {
	n := 0
	for _, l := range e.lines {
		if strings.HasPrefix(l, "✗") {
			n++
		}
	}
	return n
}

// isClip reports whether the file at path is a video clip (sniffed).
func isClip(path string) bool {
	f, err := photo.SniffPath(path)
	return err == nil && f.IsVideo()
}
