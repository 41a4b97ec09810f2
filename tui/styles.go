package tui

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/sharesafe/sharesafe/advise"
)

// styles are built on one lipgloss renderer, so the colour profile (and
// NO_COLOR, TERM=dumb) is decided once, for the app's own output.
type styles struct {
	r                            *lipgloss.Renderer
	plain                        bool // no colour: previews become text boxes
	title, dim, bold, box, panel lipgloss.Style
	selected, warn, ok           lipgloss.Style
	level                        map[advise.Level]lipgloss.Style
}

func newStyles(w io.Writer, profile *termenv.Profile) styles {
	r := lipgloss.NewRenderer(w)
	if profile != nil {
		r.SetColorProfile(*profile)
	}
	c := func(col string) lipgloss.Style { return r.NewStyle().Foreground(lipgloss.Color(col)).Bold(true) }
	return styles{
		r:        r,
		plain:    r.ColorProfile() == termenv.Ascii,
		title:    r.NewStyle().Bold(true).Foreground(lipgloss.Color("12")),
		dim:      r.NewStyle().Faint(true),
		bold:     r.NewStyle().Bold(true),
		box:      r.NewStyle().Border(lipgloss.NormalBorder()),
		panel:    r.NewStyle().PaddingLeft(1),
		selected: c("11"),
		warn:     c("9"),
		ok:       c("10"),
		level: map[advise.Level]lipgloss.Style{
			advise.Info: c("8"), advise.Low: c("6"), advise.Medium: c("3"), advise.High: c("9"), advise.Critical: c("1"),
		},
	}
}
