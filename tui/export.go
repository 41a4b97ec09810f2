package tui

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
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
type exportModel struct {
	input   textinput.Model
	bar     progress.Model
	sorting bool // the folder is being looked at
	running bool
	done    bool
	stopped bool
	total   int
	lines   []string
	results chan engine.Result
	cancel  context.CancelFunc

	// asking is set while the parent is asked whether copies made before
	// this session may be replaced; work is the export it waits on.
	asking bool
	work   *exportWork
	// refused says why the folder typed cannot hold the copies (it is, or
	// is inside, a folder of the photos).
	refused string

	jobs int // how many photos are written at once
	// record is where the engine keeps what made each copy and settles
	// their names (nil: nothing kept).
	record *engine.Record
	// written maps each safe copy this session wrote to the plan it was
	// written with (shared: the model is copied by value).
	written map[string]string
	// failed keeps the engine's error for each photo whose copy was not
	// written, by input path (shared, as written): the line says why in
	// words, the error is kept for whoever needs the details.
	failed map[string]error
}

// exportWork is one export, sorted by what is in the folder already.
type exportWork struct {
	dir string
	// fresh have nothing in the way; mine are copies this session wrote
	// whose masks changed since; earlier are files this session did not
	// write (replaced only if the parent says yes).
	fresh, mine, earlier []engine.Job
	unchanged            []string // copies this session wrote, masks unchanged
	changed              []string // the lines of photos changed since they were checked: not written
	keys                 map[string]string
	note                 map[string]string // the line's ending, by input path
}

func newExport(dir string, jobs int, record *engine.Record) exportModel {
	in := textinput.New()
	in.SetValue(dir)
	in.CharLimit = 4096
	in.Width = 60
	bar := progress.New(progress.WithDefaultGradient(), progress.WithoutPercentage())
	return exportModel{input: in, bar: bar, jobs: jobs, record: record, written: map[string]string{}, failed: map[string]error{}}
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
	e.sorting, e.running, e.done, e.stopped, e.lines = false, false, false, false, nil
	e.asking, e.work = false, nil
	e.input.Focus()
	e.input.Width = max(20, width-4)
	return e, textinput.Blink
}

// sort is the command that decides, for each checked photo, what saving
// does: write a new copy, rewrite a copy this session wrote from other
// masks, leave alone a copy written from the same masks, or ask before
// replacing a file this session did not write. Saving always leaves on
// disk what the screen shows, or says why not. The masks and the copies
// this session wrote are read here; the folder is looked at in the
// command.
func (e *exportModel) sort(s session) tea.Cmd {
	w := &exportWork{dir: strings.TrimSpace(e.input.Value()), keys: map[string]string{}, note: map[string]string{}}
	// copyOf is a safe copy to write, the names it may have, and the one
	// of them this session wrote, with the masks it was written from.
	type copyOf struct {
		job       engine.Job
		names     []string
		mine, key string
		stamp     fileStamp
	}
	var copies []copyOf
	var inputs []photo.Input
	for _, p := range s.photos {
		if p.report == nil {
			continue
		}
		plan := p.plan()
		in := photo.Input{Path: p.path, Rel: p.rel}
		copies = append(copies, copyOf{job: engine.Job{In: in, Plan: &plan}, stamp: p.stamp})
		inputs = append(inputs, in)
		w.keys[p.path] = planKey(plan)
	}
	written := maps.Clone(e.written)
	rewritten, lang, rec := s.lang.T(words.AppRewritten), s.lang, e.record
	return func() tea.Msg {
		// The engine settles every copy's names, for the whole save.
		jobs, err := engine.New(engine.Settings{Faces: redact.NoFaces, Record: rec}).Settle(inputs, engine.Dest{Dir: w.dir})
		if err != nil {
			return exportSortedMsg{refused: cannotSaveInto(lang, w.dir, err), err: err}
		}
		for i := range copies {
			c := &copies[i]
			plan := c.job.Plan
			c.job = jobs[i]
			c.job.Plan = plan
			c.names = c.job.Names()
			for _, n := range c.names {
				if k, ok := written[n]; ok {
					c.mine, c.key = n, k
				}
			}
		}
		for _, c := range copies {
			j, path, there := c.job, c.job.In.Path, ""
			// A photo changed since it was checked is not written: the
			// masks were drawn on the photo as it was. (A photo gone is
			// left to the engine, which says so by name.)
			if st, err := os.Stat(path); err == nil && c.stamp != (fileStamp{}) && stampOf(st) != c.stamp {
				w.changed = append(w.changed, "✗ "+lang.T(words.AppCannotSave, photoName(c.job.In), lang.T(words.AppWhyChanged)))
				continue
			}
			for _, n := range c.names {
				if _, err := os.Stat(n); err == nil {
					there = n
					break
				}
			}
			switch {
			case c.mine != "" && there == c.mine && c.key == w.keys[path]:
				w.unchanged = append(w.unchanged, c.mine)
			case c.mine != "" && there == c.mine:
				w.mine = append(w.mine, j)
				w.note[path] = rewritten
			case there != "":
				w.earlier = append(w.earlier, j)
			default:
				w.fresh = append(w.fresh, j)
			}
		}
		// The folder is made and marked as one of safe copies, as redact
		// -o marks it (a later run over its parent never takes them for
		// photos), before anything is asked: a folder that cannot be
		// written is said at once, and another can be typed.
		if len(w.fresh)+len(w.mine)+len(w.earlier) > 0 {
			if err := engine.MarkOutput(w.dir); err != nil {
				return exportSortedMsg{refused: cannotSaveInto(lang, w.dir, err), err: err}
			}
		}
		return exportSortedMsg{work: w}
	}
}

// begin sorts the copies to write by what is in the folder already.
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
	e.sorting = true
	return e.sort(s)
}

// sorted asks about earlier copies, or starts writing, or says why the
// folder cannot hold the copies and asks for another.
func (e *exportModel) sorted(s session, msg exportSortedMsg) tea.Cmd {
	e.sorting, e.work = false, msg.work
	if msg.refused != "" {
		e.refused = msg.refused
		e.input.Focus()
		return textinput.Blink
	}
	if len(e.work.earlier) > 0 {
		e.asking = true
		return nil
	}
	return e.start(s)
}

// answer takes the parent's y or n about earlier copies.
func (e *exportModel) answer(s session, yes bool) tea.Cmd {
	e.asking = false
	if yes {
		for _, j := range e.work.earlier {
			e.work.note[j.In.Path] = s.lang.T(words.AppReplaced)
		}
		e.work.mine = append(e.work.mine, e.work.earlier...)
	} else {
		e.work.fresh = append(e.work.fresh, e.work.earlier...)
	}
	e.work.earlier = nil
	return e.start(s)
}

// start writes the safe copies of every checked photo, with the parent's
// masks, on a worker pool; results come back one message at a time. The
// copies to replace are written with Overwrite, the others without: a file
// that appeared in the meantime is left alone and the line says so.
func (e *exportModel) start(s session) tea.Cmd {
	w := e.work
	e.running, e.done, e.stopped = true, false, false
	e.total = len(w.unchanged) + len(w.changed) + len(w.mine) + len(w.fresh)
	e.lines = nil
	for _, out := range w.unchanged {
		e.lines = append(e.lines, "• "+out+" "+s.lang.T(words.AppUnchanged))
	}
	e.lines = append(e.lines, w.changed...)
	ch := make(chan engine.Result)
	e.results = ch
	life, jobs, lang, rec := s.life, e.jobs, s.lang, e.record
	if !life.begin() {
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
		if len(w.mine)+len(w.fresh) > 0 {
			if err := engine.MarkOutput(w.dir); err != nil {
				for _, j := range append(append([]engine.Job(nil), w.mine...), w.fresh...) {
					send(engine.Result{Job: j, Status: engine.Failed, Err: err})
				}
				return
			}
		}
		for _, g := range []struct {
			jobs      []engine.Job
			overwrite bool
		}{{w.mine, true}, {w.fresh, false}} {
			if len(g.jobs) == 0 || ctx.Err() != nil {
				continue
			}
			// The parent's masks are the plans: nothing is detected again.
			// Only copies this session wrote, or the parent agreed to
			// replace, are overwritten: the folder may hold other photos.
			eng := engine.New(engine.Settings{Faces: redact.NoFaces, Jobs: jobs, Record: rec})
			eng.Redact(ctx, g.jobs, engine.WriteOptions{Overwrite: g.overwrite}, nil, send)
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
		if errors.Is(r.Err, engine.ErrInTheWay) {
			// A file this session did not write, the parent said to
			// leave alone: the line says it is there, left alone.
			r.Status, r.Output, r.Err = engine.Exists, r.Dst, nil
		}
		msg := exportResultMsg{r: r}
		if r.Err != nil && r.Status != engine.Exists {
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
		line := "✓ " + r.Output
		switch {
		case r.Status == engine.Exists:
			line = "• " + r.Output + " " + s.lang.T(words.AppExportExists)
		case r.Err != nil:
			line = "✗ " + msg.why
			e.failed[r.In.Path] = r.Err
		default:
			if n := e.work.note[r.In.Path]; n != "" {
				line += " " + n
			}
			e.written[r.Output] = e.work.keys[r.In.Path]
			for _, p := range s.photos {
				if p.path == r.In.Path {
					p.saved, p.savedKey = r.Output, e.work.keys[r.In.Path]
				}
			}
		}
		e.lines = append(e.lines, line)
		return e, waitResult(e.results, s.lang)
	case exportDoneMsg:
		e.running, e.done = false, true
		e.stopped = len(e.lines) < e.total
		return e, nil
	case exportSortedMsg:
		cmd := e.sorted(s, msg)
		return e, cmd
	case tea.KeyMsg:
		switch {
		case e.sorting: // the folder is being looked at: no key yet
		case e.asking && key.Matches(msg, s.keys.Yes):
			cmd := e.answer(s, true)
			return e, cmd
		case e.asking && (key.Matches(msg, s.keys.No) || key.Matches(msg, s.keys.Back)):
			cmd := e.answer(s, false)
			return e, cmd
		case e.asking:
		case key.Matches(msg, s.keys.Back) && e.running:
			e.cancel() // stop: the photos being written finish, whole
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
	if !e.sorting && !e.running && !e.done && !e.asking {
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
		ask := s.lang.T(words.AppConfirm, len(e.work.earlier))
		if len(e.work.earlier) == 1 {
			ask = s.lang.T(words.AppConfirmOne)
		}
		b.WriteString(s.st.warn.Render(ask) + "\n")
		for _, j := range e.work.earlier[:min(len(e.work.earlier), max(1, s.height-9))] {
			b.WriteString(truncate("  "+j.Dst, s.width) + "\n")
		}
		b.WriteString("\n" + s.helpView(s.keys.confirmHelp()))
		return b.String()
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
		// The last results that fit; a copy not written is said whole.
		room := max(1, s.height-10)
		var lines []string
		for _, l := range e.lines {
			if strings.HasPrefix(l, "✗") {
				for _, w := range strings.Split(wrap.Render(l), "\n") {
					lines = append(lines, strings.TrimRight(w, " "))
				}
				continue
			}
			lines = append(lines, truncate(l, s.width))
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
// refused them (the engine, or a photo changed since it was checked).
func (e exportModel) notSaved() int {
	n := 0
	for _, l := range e.lines {
		if strings.HasPrefix(l, "✗") {
			n++
		}
	}
	return n
}
