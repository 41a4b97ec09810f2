package tui

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sharesafe/sharesafe/detect"
)

// item is one photo in the browse list.
type item struct {
	title, desc string
	index       int
}

func (i item) FilterValue() string { return i.title }
func (i item) Title() string       { return i.title }
func (i item) Description() string { return i.desc }

type browseModel struct {
	list list.Model
}

func newBrowse(m Model) browseModel {
	d := list.NewDefaultDelegate()
	l := list.New(nil, d, m.width, m.height-2)
	l.Title = m.w.title
	l.SetShowHelp(false) // the app's own help line is drawn below
	l.DisableQuitKeybindings()
	return browseModel{list: l}
}

func (b *browseModel) setItems(m *Model) {
	items := make([]list.Item, len(m.photos))
	for i := range m.photos {
		items[i] = m.itemFor(i)
	}
	b.list.SetItems(items)
}

func (b *browseModel) refreshItem(m *Model, i int) tea.Cmd {
	return b.list.SetItem(i, m.itemFor(i))
}

// itemFor shows a photo's badges: faces, place, hidden copies, risk.
func (m *Model) itemFor(i int) item {
	p := m.photos[i]
	it := item{title: filepath.ToSlash(p.rel), index: i}
	switch {
	case p.err != nil:
		it.desc = m.w.cannotRead + ": " + p.err.Error()
		return it
	case p.report == nil:
		it.desc = m.w.checking
		return it
	}
	var badges []string
	if n := len(p.boxes); n > 0 {
		badges = append(badges, fmt.Sprintf("%d %s", n, m.w.faces))
	}
	if f, ok := p.report.Find(detect.KindGPS); ok {
		place := f.Place
		if place == "" {
			place = f.Value
		}
		badges = append(badges, m.w.location+": "+place)
	}
	if p.report.Has(detect.KindThumbnail) || p.report.Has(detect.KindMPF) || p.report.Has(detect.KindMotionVideo) || p.report.Has(detect.KindTrailer) {
		badges = append(badges, m.w.hidden)
	}
	if len(badges) == 0 {
		badges = append(badges, m.w.nothingFound)
	}
	a := m.assess(p)
	it.desc = strings.Join(badges, " · ") + " · " + m.w.risk + ": " + m.st.level[a.Level].Render(a.Level.String())
	return it
}

func (b browseModel) update(m *Model, msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && b.list.FilterState() != list.Filtering {
		switch {
		case key.Matches(k, m.keys.Quit):
			return *m, tea.Quit
		case key.Matches(k, m.keys.Open):
			if it, ok := b.list.SelectedItem().(item); ok {
				return m.openReview(it.index)
			}
			return *m, nil
		case key.Matches(k, m.keys.Audience):
			m.nextAudience()
			b.setItems(m)
			m.browse = b
			return *m, nil
		case key.Matches(k, m.keys.Export):
			return m.openExport()
		case key.Matches(k, m.keys.Folder):
			m.screen = pickerScreen
			return *m, m.picker.Init()
		}
	}
	var cmd tea.Cmd
	b.list, cmd = b.list.Update(msg)
	m.browse = b
	return *m, cmd
}

func (b browseModel) view(m *Model) string {
	aud := m.st.dim.Render(fmt.Sprintf("%s: %s", m.keys.Audience.Help().Desc, m.w.audience[m.audience]))
	body := b.list.View()
	if len(m.photos) == 0 {
		body = m.st.title.Render(m.w.title) + "\n\n" + m.w.noPhotos
	}
	return body + "\n" + aud + "\n" + m.help.View(m.keys.browseHelp())
}
