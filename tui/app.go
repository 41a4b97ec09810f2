package tui

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/list"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
)

// Options configure the app.
type Options struct {
	Paths    []string
	Lang     advise.Lang
	Audience advise.Audience
	In       io.Reader
	Out      io.Writer // the app draws here (stderr: stdout stays for results)
}

// Run opens the app and returns when the user quits.
func Run(ctx context.Context, o Options) error {
	m := newModel(o)
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(o.In), tea.WithOutput(o.Out), tea.WithAltScreen())
	_, err := p.Run()
	return err
}

// item is one photo in the browse list.
type item struct {
	path   string
	report *detect.Report
	err    error
	level  advise.Level
}

func (i item) FilterValue() string { return i.path }
func (i item) Title() string       { return filepath.Base(i.path) }
func (i item) Description() string {
	switch {
	case i.err != nil:
		return "cannot read: " + i.err.Error()
	case i.report == nil:
		return "checking…"
	}
	return badges(*i.report) + "  risk: " + i.level.String()
}

func badges(r detect.Report) string {
	var b []string
	if n := len(r.Faces); n > 0 {
		b = append(b, fmt.Sprintf("%d face(s)", n))
	}
	if r.Has(detect.KindGPS) {
		b = append(b, "location")
	}
	if r.Has(detect.KindThumbnail) || r.Has(detect.KindMPF) || r.Has(detect.KindTrailer) || r.Has(detect.KindMotionVideo) {
		b = append(b, "hidden copies")
	}
	if len(b) == 0 {
		return "nothing found"
	}
	return strings.Join(b, " · ")
}

type scannedMsg struct {
	index  int
	report *detect.Report
	err    error
}

type model struct {
	opt     Options
	list    list.Model
	details viewport.Model
	showing bool
	width   int
	height  int
	errs    []error
}

func newModel(o Options) model {
	if o.Audience == "" {
		o.Audience = advise.Public
	}
	col := photo.Collect(o.Paths)
	items := make([]list.Item, len(col.Inputs))
	for i, in := range col.Inputs {
		items[i] = item{path: in.Path}
	}
	l := list.New(items, list.NewDefaultDelegate(), 80, 20)
	l.Title = "sharesafe: your photos"
	return model{opt: o, list: l, details: viewport.New(80, 20), errs: col.Errors}
}

// scan inspects one photo, off the UI loop.
func scan(i int, path string) tea.Cmd {
	return func() tea.Msg {
		p, err := photo.Open(path, photo.DefaultLimits)
		if err != nil {
			return scannedMsg{index: i, err: err}
		}
		r, err := detect.Inspect(p, detect.DefaultOptions)
		return scannedMsg{index: i, report: &r, err: err}
	}
}

func (m model) Init() tea.Cmd {
	var cmds []tea.Cmd
	for i, it := range m.list.Items() {
		cmds = append(cmds, scan(i, it.(item).path))
	}
	return tea.Sequence(cmds...)
}

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.list.SetSize(msg.Width, msg.Height)
		m.details.Width, m.details.Height = msg.Width, msg.Height-2
		return m, nil
	case scannedMsg:
		it := m.list.Items()[msg.index].(item)
		it.report, it.err = msg.report, msg.err
		if it.report != nil {
			it.level = advise.Assess(*it.report, m.opt.Audience, m.opt.Lang).Level
		}
		return m, m.list.SetItem(msg.index, it)
	case tea.KeyMsg:
		if msg.String() == "ctrl+c" {
			return m, tea.Quit
		}
		if m.showing {
			switch msg.String() {
			case "esc", "q", "backspace":
				m.showing = false
				return m, nil
			}
			var cmd tea.Cmd
			m.details, cmd = m.details.Update(msg)
			return m, cmd
		}
		if m.list.FilterState() != list.Filtering {
			switch msg.String() {
			case "q":
				return m, tea.Quit
			case "enter":
				if it, ok := m.list.SelectedItem().(item); ok && it.report != nil {
					m.details.SetContent(m.detailsText(it))
					m.details.GotoTop()
					m.showing = true
				}
				return m, nil
			}
		}
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	return m, cmd
}

func (m model) detailsText(it item) string {
	var b strings.Builder
	r := *it.report
	fmt.Fprintf(&b, "%s  (%d×%d)\n\n", it.path, r.Width, r.Height)
	fmt.Fprintf(&b, "Faces found: %d\n", len(r.Faces))
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "• %s\n", f.Label)
	}
	a := advise.Assess(r, m.opt.Audience, m.opt.Lang)
	fmt.Fprintf(&b, "\nIf shared with audience %q: %s\n", a.Audience, strings.ToUpper(a.Level.String()))
	for _, k := range a.Risks {
		fmt.Fprintf(&b, "\n[%s] %s\n  %s\n  → %s\n", k.Severity, k.Title, k.Why, k.Fix)
	}
	return b.String()
}

func (m model) View() string {
	if m.showing {
		return m.details.View() + "\n  esc: back · ↑/↓: scroll · ctrl+c: quit"
	}
	return m.list.View()
}
