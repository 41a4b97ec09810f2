package tui

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/geo"
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
	l.SetShowHelp(false)      // the app's own help line is drawn below
	l.SetShowStatusBar(false) // and its own count, in the app's language
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
		badges = append(badges, m.w.location+": "+m.place(f))
	}
	if p.report.Has(detect.KindThumbnail) || p.report.Has(detect.KindMPF) || p.report.Has(detect.KindMotionVideo) || p.report.Has(detect.KindTrailer) {
		badges = append(badges, m.w.hidden)
	}
	if len(badges) == 0 {
		badges = append(badges, m.w.nothingFound)
	}
	a := m.assess(p)
	// The same words as the review's "Risk if you share it …: very high".
	lvl := advise.WordsFor(m.opt.Lang).Level[a.Level]
	it.desc = strings.Join(badges, " · ") + " · " + m.w.risk + advise.WordsFor(m.opt.Lang).Colon + m.st.level[a.Level].Render(lvl)
	return it
}

// place says where a GPS finding is, in the app's language ("near Lyon
// (2 km), France", "près de Lyon (2 km), France").
func (m *Model) place(f detect.Finding) string {
	if f.Lat != nil && f.Lon != nil {
		if s, err := geo.Describe(*f.Lat, *f.Lon, string(m.opt.Lang)); err == nil {
			return s
		}
	}
	if f.Place != "" && m.opt.Lang == advise.English {
		return f.Place
	}
	return f.Value
}

func (b browseModel) update(m *Model, msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && b.list.FilterState() != list.Filtering {
		switch {
		case key.Matches(k, m.keys.Quit):
			return m.quit()
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
	status := fmt.Sprintf("%d %s", len(b.list.VisibleItems()), m.w.photoMany)
	if len(b.list.VisibleItems()) == 1 {
		status = "1 " + m.w.photoOne
	}
	if n := len(b.list.Items()) - len(b.list.VisibleItems()); n > 0 {
		status += fmt.Sprintf(" (%d %s)", n, m.w.filtered)
	}
	if m.pending > 0 {
		status += " · " + fmt.Sprintf(m.w.left, m.pending)
	}
	if len(m.opt.Missing) > 0 && len(m.photos) > 0 {
		status = m.w.missing + " " + strings.Join(m.opt.Missing, ", ") + " · " + status
	}
	aud := m.st.dim.Render(truncate(status+" · "+m.keys.Audience.Help().Desc+advise.WordsFor(m.opt.Lang).Colon+m.w.audience[m.audience], m.width))
	help := m.helpView(m.keys.browseHelp())
	// The list gives up the lines the full help takes: the title stays.
	b.list.SetSize(m.width, max(3, m.height-1-lipgloss.Height(help)))
	body := b.list.View()
	if len(m.photos) == 0 {
		body = m.st.title.Render(m.w.title) + "\n\n" + m.w.noPhotos
		for _, p := range m.opt.Missing {
			body += "\n" + m.st.warn.Render(m.w.missing) + " " + p
		}
		body = lipgloss.NewStyle().Height(max(3, m.height-1-lipgloss.Height(help))).Render(body)
	}
	return body + "\n" + aud + "\n" + help
}
