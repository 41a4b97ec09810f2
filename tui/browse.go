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
	"github.com/sharesafe/sharesafe/words"
)

// item is one photo in the browse list.
type item struct {
	title, desc string
	index       int
}

func (i item) FilterValue() string { return i.title }
func (i item) Title() string       { return i.title }
func (i item) Description() string { return i.desc }

// browseModel is the list of photos, each with its badges.
type browseModel struct {
	list list.Model
	// refused is the photo whose review enter could not open (it cannot
	// be read): the status line says why until the next key.
	refused *photoState
	// notice is said on the status line until the next key.
	notice string
}

func newBrowse(s session) browseModel {
	d := list.NewDefaultDelegate()
	l := list.New(nil, d, s.width, s.height-2)
	l.Title = s.lang.T(words.AppTitle)
	l.SetShowHelp(false)      // the app's own help line is drawn below
	l.SetShowStatusBar(false) // and its own count, in the app's language
	l.DisableQuitKeybindings()
	return browseModel{list: l}
}

// setLang puts bubbles' list in the session's language.
func (b *browseModel) setLang(s session) tea.Cmd {
	b.list.Title = s.lang.T(words.AppTitle)
	b.list.SetStatusBarItemName(s.lang.T(words.AppPhotoOne), s.lang.T(words.AppPhotoMany))
	b.list.FilterInput.Prompt = s.lang.T(words.AppFilterPrompt)
	return b.setItems(s)
}

func (b *browseModel) setItems(s session) tea.Cmd {
	items := make([]list.Item, len(s.photos))
	for i := range s.photos {
		items[i] = s.itemFor(i)
	}
	return b.list.SetItems(items)
}

func (b *browseModel) refreshItem(s session, i int) tea.Cmd {
	return b.list.SetItem(i, s.itemFor(i))
}

// itemFor shows a photo's badges: faces, place, hidden copies, risk.
func (s session) itemFor(i int) item {
	p := s.photos[i]
	it := item{title: filepath.ToSlash(p.rel), index: i}
	switch {
	case p.err != nil:
		it.desc = s.st.warn.Render(cannotOpen(s.lang, p))
		return it
	case p.report == nil:
		it.desc = s.lang.T(words.AppChecking)
		return it
	}
	var badges []string
	if v := p.report.Video; v != nil {
		// A clip: what it is, and the still it goes with.
		badges = append(badges, s.lang.T(words.AppClip, v.Seconds))
		if p.pair != "" {
			badges = append(badges, s.lang.T(words.AppLiveClipOf, filepath.Base(p.pair)))
		}
	} else if f, ok := p.report.Find(detect.KindLivePhoto); ok {
		badges = append(badges, s.lang.T(words.AppLivePhoto, f.Detail))
	}
	if n := len(p.boxes); n > 0 {
		badges = append(badges, s.lang.N(n, words.AppFaceOne, words.AppFaceMany))
	}
	if p.kept == keptBack || p.edited {
		badges = append(badges, s.lang.T(words.AppYourMasks))
	}
	if f, ok := p.report.Find(detect.KindGPS); ok {
		badges = append(badges, s.lang.T(words.AppLocation)+s.lang.T(words.Colon)+s.place(f))
	} else if names := advise.NamedPlaces(*p.report); len(names) > 0 {
		// No position, but the file's words name a school or a town: a
		// place too (the place-named and school-named risks).
		badges = append(badges, s.lang.T(words.AppLocation)+s.lang.T(words.Colon)+strings.Join(names[:min(2, len(names))], ", "))
	}
	if p.report.Has(detect.KindThumbnail) || p.report.Has(detect.KindMPF) || p.report.Has(detect.KindMotionVideo) || p.report.Has(detect.KindTrailer) {
		badges = append(badges, s.lang.T(words.AppHidden))
	}
	if len(badges) == 0 {
		badges = append(badges, s.lang.T(words.AppNothingFound))
	}
	a := s.assess(p)
	// The same words as the review's "Risk if you share it …: very high".
	lvl := advise.LevelWords(a.Level, s.lang)
	it.desc = strings.Join(badges, " · ") + " · " + s.lang.T(words.AppRisk) + s.lang.T(words.Colon) + s.st.level[a.Level].Render(lvl)
	return it
}

// place says where a GPS finding is, in the app's language ("near Lyon
// (2 km), France", "près de Lyon (2 km), France").
func (s session) place(f detect.Finding) string {
	if f.Lat != nil && f.Lon != nil {
		if d, err := advise.PlaceWords(*f.Lat, *f.Lon, s.lang); err == nil {
			return d
		}
	}
	return f.Value
}

// update: enter opens the review of the photo picked, e the export, o the
// folder picker, a changes the audience; other keys move in the list or
// filter it.
func (b browseModel) update(s session, msg tea.Msg) (browseModel, tea.Cmd) {
	if _, ok := msg.(tea.KeyMsg); ok {
		b.refused, b.notice = nil, ""
	}
	if k, ok := msg.(tea.KeyMsg); ok && b.list.FilterState() != list.Filtering {
		switch {
		case key.Matches(k, s.keys.Quit):
			return b, send(quitMsg{})
		case key.Matches(k, s.keys.StyleEvery):
			return b, send(styleForAllMsg{style: nextStyle(s.styleOfAll())})
		case key.Matches(k, s.keys.Undo):
			switch i := s.undoLast(); {
			case i < 0:
				b.notice = s.lang.T(words.AppNothingToUndo)
			default:
				b.notice = s.lang.T(words.AppUndone)
				b.list.Select(i)
			}
			return b, b.setItems(s)
		case key.Matches(k, s.keys.Open):
			if it, ok := b.list.SelectedItem().(item); ok {
				if p := s.photos[it.index]; p.err != nil {
					b.refused = p // nothing to review: the line says why
					return b, nil
				}
				return b, send(openReviewMsg{index: it.index})
			}
			return b, nil
		case key.Matches(k, s.keys.Audience):
			return b, send(nextAudienceMsg{})
		case key.Matches(k, s.keys.Export):
			if len(s.photos) == 0 {
				b.notice = s.lang.T(words.AppNothingToSave)
				if s.finding {
					b.notice = s.lang.T(words.AppChecking) // the photos are being looked for
				}
				return b, nil
			}
			return b, send(openExportMsg{})
		case key.Matches(k, s.keys.Folder):
			return b, send(openPickerMsg{})
		}
	}
	var cmd tea.Cmd
	b.list, cmd = b.list.Update(msg)
	return b, cmd
}

func (b browseModel) view(s session) string {
	status := fmt.Sprintf("%d %s", len(b.list.VisibleItems()), s.lang.T(words.AppPhotoMany))
	if len(b.list.VisibleItems()) == 1 {
		status = "1 " + s.lang.T(words.AppPhotoOne)
	}
	if n := len(b.list.Items()) - len(b.list.VisibleItems()); n > 0 {
		status += fmt.Sprintf(" (%d %s)", n, s.lang.T(words.AppFiltered))
	}
	if s.pending > 0 {
		status += " · " + s.lang.T(words.AppLeft, s.pending)
	}
	if len(s.missing) > 0 && len(s.photos) > 0 {
		status = s.lang.T(words.AppMissing) + " " + strings.Join(s.missing, ", ") + " · " + status
	}
	aud := s.st.dim.Render(truncate(status+" · "+s.keys.Audience.Help().Desc+s.lang.T(words.Colon)+audienceName(s.lang, s.audience), s.width))
	if b.refused != nil {
		aud = s.st.warn.Render(truncate(cannotOpen(s.lang, b.refused), s.width))
	}
	if b.notice != "" {
		aud = s.st.warn.Render(truncate(b.notice, s.width))
	}
	help := s.helpView(s.keys.browseHelp())
	// The list gives up the lines the full help takes: the title stays.
	b.list.SetSize(s.width, max(3, s.height-1-lipgloss.Height(help)))
	body := b.list.View()
	if len(s.photos) == 0 {
		// While the photos are looked for, the list says it is checking.
		empty := s.lang.T(words.AppNoPhotos)
		if s.finding {
			empty = s.lang.T(words.AppChecking)
		}
		body = s.st.title.Render(s.lang.T(words.AppTitle)) + "\n\n" + empty
		for _, p := range s.missing {
			body += "\n" + s.st.warn.Render(s.lang.T(words.AppMissing)) + " " + p
		}
		body = lipgloss.NewStyle().Height(max(3, s.height-1-lipgloss.Height(help))).Render(body)
	}
	return body + "\n" + aud + "\n" + help
}
