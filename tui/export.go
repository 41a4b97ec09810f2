package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
)

type exportModel struct {
	input   textinput.Model
	bar     progress.Model
	running bool
	done    bool
	total   int
	lines   []string
	results chan engine.Result
}

func newExport(m Model) exportModel {
	in := textinput.New()
	in.SetValue(m.opt.ExportDir)
	in.CharLimit = 4096
	in.Width = 60
	bar := progress.New(progress.WithDefaultGradient(), progress.WithoutPercentage())
	return exportModel{input: in, bar: bar}
}

// exportResultMsg is one photo written (or failed).
type exportResultMsg struct{ r engine.Result }

// exportDoneMsg says every photo was handled.
type exportDoneMsg struct{}

func (m *Model) openExport() (tea.Model, tea.Cmd) {
	m.screen = exportScreen
	m.export.running, m.export.done, m.export.lines = false, false, nil
	m.export.input.Focus()
	m.export.input.Width = max(20, m.width-4)
	return *m, textinput.Blink
}

// start writes the safe copies of every checked photo, with the parent's
// masks, on a worker pool; results come back one message at a time.
func (e *exportModel) start(m *Model) tea.Cmd {
	dir := strings.TrimSpace(e.input.Value())
	var jobs []engine.Job
	for i, p := range m.photos {
		if p.report == nil {
			continue
		}
		plan := m.photos[i].plan()
		jobs = append(jobs, engine.Job{In: photo.Input{Path: p.path, Rel: p.rel}, Dst: filepath.Join(dir, p.rel), Plan: &plan})
	}
	e.running, e.done, e.total, e.lines = true, false, len(jobs), nil
	e.input.Blur()
	ch := make(chan engine.Result)
	e.results = ch
	go func() {
		defer close(ch)
		// The parent's masks are the plans: nothing is detected again.
		// Never overwrite: the folder chosen may hold other photos.
		eng := engine.New(engine.Settings{Faces: redact.NoFaces, Jobs: runtime.NumCPU()})
		eng.Redact(context.Background(), jobs, engine.WriteOptions{}, nil, func(r engine.Result) { ch <- r })
	}()
	return waitResult(ch)
}

func waitResult(ch chan engine.Result) tea.Cmd {
	return func() tea.Msg {
		r, ok := <-ch
		if !ok {
			return exportDoneMsg{}
		}
		return exportResultMsg{r}
	}
}

func (e exportModel) update(m *Model, msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case exportResultMsg:
		r := msg.r
		line := "✓ " + r.Output
		switch {
		case r.Status == engine.Exists:
			line = "• " + r.Output + " " + m.w.exportExists
		case r.Err != nil:
			line = "✗ " + r.In.Path + " " + m.w.exportFailed + ": " + r.Err.Error()
		default:
			for _, p := range m.photos {
				if p.path == r.In.Path {
					p.saved = r.Output
				}
			}
		}
		e.lines = append(e.lines, line)
		m.export = e
		return *m, waitResult(e.results)
	case exportDoneMsg:
		e.running, e.done = false, true
		m.export = e
		return *m, nil
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, m.keys.Back) && !e.running:
			m.screen = browseScreen
			m.export = e
			return *m, nil
		case msg.String() == "enter" && !e.running && !e.done:
			cmd := e.start(m)
			m.export = e
			return *m, cmd
		case e.done && key.Matches(msg, m.keys.Quit):
			return *m, tea.Quit
		case msg.String() == "enter" && e.done:
			m.screen = browseScreen
			m.export = e
			return *m, nil
		}
	}
	var cmd tea.Cmd
	if !e.running && !e.done {
		e.input, cmd = e.input.Update(msg)
	}
	m.export = e
	return *m, cmd
}

func (e exportModel) view(m *Model) string {
	var b strings.Builder
	b.WriteString(m.st.title.Render(m.w.exportTitle) + "\n\n")
	b.WriteString(m.w.exportAsk + "\n")
	b.WriteString(e.input.View() + "\n\n")
	if e.running || e.done {
		pct := 0.0
		if e.total > 0 {
			pct = float64(len(e.lines)) / float64(e.total)
		}
		e.bar.Width = max(10, m.width-12)
		b.WriteString(e.bar.ViewAs(pct) + fmt.Sprintf(" %d/%d\n", len(e.lines), e.total))
		if e.running {
			b.WriteString(m.w.exportRunning + "\n")
		}
		// The last results that fit.
		room := max(1, m.height-10)
		lines := e.lines
		if len(lines) > room {
			lines = lines[len(lines)-room:]
		}
		for _, l := range lines {
			b.WriteString(truncate(l, m.width) + "\n")
		}
		if e.done {
			b.WriteString("\n" + m.st.ok.Render(m.w.exportDone+" "+strings.TrimSpace(e.input.Value())) + "\n")
		}
	}
	b.WriteString("\n" + m.help.View(m.keys.exportHelp()))
	return b.String()
}
