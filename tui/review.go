package tui

import (
	"fmt"
	"image"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/redact"
)

type reviewModel struct {
	index    int
	original bool
	advice   viewport.Model
	previews map[previewKey]string
	notice   string // said once at the top of the panel (after c)
	drag     drag
}

// drag is a mouse drag under way on the preview: moving a mask, or drawing
// a new one from a corner.
type drag struct {
	active bool
	moving bool            // a mask picked by the press is moved
	from   image.Point     // where the press was, in source pixels
	orig   image.Rectangle // the mask's box when the drag began
	drawn  bool            // a new mask was added by this drag
}

func newReview() reviewModel {
	return reviewModel{advice: viewport.New(40, 20), previews: map[previewKey]string{}}
}

// previewMsg carries a rendered preview.
type previewMsg struct {
	key  previewKey
	text string
}

func (m *Model) openReview(i int) (tea.Model, tea.Cmd) {
	if i < len(m.photos) && m.photos[i].report == nil && m.photos[i].err == nil {
		m.checks.bump(i) // the photo the parent opens is checked next
	}
	m.screen = reviewScreen
	m.review.index = i
	m.review.original = false
	m.review.notice = ""
	m.review.advice.GotoTop()
	return *m, m.review.refresh(m)
}

// layout splits the window: the preview on the left, the panel on the right.
func (m *Model) layout() (pw, ph, aw, ah int) {
	// title line, audience line, the hint bar or the full help
	ah = max(4, m.height-2-m.helpHeight(m.keys.reviewHelp()))
	aw = max(30, m.width*45/100)
	pw = max(10, m.width-aw-1)
	ph = ah
	return
}

// refresh recomputes the advice panel and asks for the preview, in a Cmd,
// unless it is cached.
func (r *reviewModel) refresh(m *Model) tea.Cmd {
	if m.screen != reviewScreen || r.index >= len(m.photos) {
		return nil
	}
	p := m.photos[r.index]
	pw, ph, aw, ah := m.layout()
	r.advice.Width, r.advice.Height = aw, ah
	r.advice.SetContent(m.panel(p, aw))
	if p.thumb == nil {
		return nil
	}
	k := previewKey{photo: r.index, w: pw, h: ph, original: r.original, state: fmt.Sprint(p.boxes, p.style, p.selected)}
	if _, ok := r.previews[k]; ok {
		return nil
	}
	thumb, scale, boxes, style, sel, orig, st := p.thumb, p.scale, append([]box(nil), p.boxes...), p.style, p.selected, r.original, m.st
	return func() tea.Msg {
		return previewMsg{key: k, text: renderPreview(thumb, scale, boxes, style, sel, orig, pw, ph, st)}
	}
}

// panel is the text beside the preview: the faces and the advice.
func (m *Model) panel(p *photoState, width int) string {
	var b strings.Builder
	wrap := m.st.r.NewStyle().Width(width - 1)
	if p.err != nil {
		return m.w.cannotRead + ": " + p.err.Error()
	}
	if p.report == nil {
		return m.w.checking
	}
	if m.review.notice != "" {
		b.WriteString(m.st.warn.Render(wrap.Render(m.review.notice)) + "\n\n")
	}
	b.WriteString(m.st.bold.Render(m.w.reviewFaces) + "\n")
	if len(p.boxes) == 0 {
		b.WriteString(wrap.Render(m.w.noFaces) + "\n")
	}
	for i, bx := range p.boxes {
		state := m.st.ok.Render(m.w.maskOn + " (" + m.w.style[string(p.style)] + ")")
		if !bx.on {
			state = m.st.warn.Render(m.w.maskOff)
		}
		who := faceWords(m.w, bx.label, bx.age, bx.reason) + m.st.dim.Render(" · "+bx.detector)
		if bx.manual {
			who = m.w.added
		}
		line := fmt.Sprintf("%d  %s  %s", i+1, state, who)
		if i == p.selected {
			line = m.st.selected.Render("▶ ") + line
		} else {
			line = "  " + line
		}
		b.WriteString(wrap.Render(line) + "\n")
	}
	a := m.assess(p)
	words := advise.WordsFor(m.opt.Lang)
	b.WriteString("\n" + m.st.level[a.Level].Render(wrap.Render(words.Risk(a.Audience, a.Level))) + "\n")
	for _, k := range a.Risks {
		b.WriteString("\n" + m.st.level[k.Severity].Render(wrap.Render("["+words.Tag[k.Severity]+"] "+k.Title)) + "\n")
		b.WriteString(wrap.Render(k.Why) + "\n")
		b.WriteString(wrap.Render("→ "+k.Fix) + "\n")
	}
	if len(p.report.Findings) > 0 {
		b.WriteString("\n" + m.st.bold.Render(words.WhatFileReveal) + "\n")
		for _, f := range p.report.Findings {
			b.WriteString(wrap.Render("• "+advise.FindingLabel(f, m.opt.Lang)) + "\n")
		}
	}
	if len(a.Help) > 0 {
		b.WriteString("\n" + m.st.bold.Render(words.Help) + "\n")
		for _, h := range a.Help {
			b.WriteString(wrap.Render("• "+h.Name+words.Colon+h.Where) + "\n")
		}
	}
	return b.String()
}

func (r reviewModel) update(m *Model, msg tea.Msg) (tea.Model, tea.Cmd) {
	if mm, ok := msg.(tea.MouseMsg); ok {
		return r.mouse(m, mm)
	}
	k, isKey := msg.(tea.KeyMsg)
	if !isKey {
		var cmd tea.Cmd
		r.advice, cmd = r.advice.Update(msg)
		m.review = r
		return *m, cmd
	}
	p := m.photos[r.index]
	keys := m.keys
	r.notice = ""
	switch {
	case key.Matches(k, keys.Quit):
		return m.quit()
	case key.Matches(k, keys.Back):
		m.screen = browseScreen
		m.review = r
		m.browse.setItems(m) // the audience or the masks may have changed
		return *m, nil
	case key.Matches(k, keys.Export):
		m.review = r
		return m.openExport()
	case key.Matches(k, keys.Audience):
		m.nextAudience()
	case key.Matches(k, keys.Original):
		r.original = !r.original
	case key.Matches(k, keys.Scroll):
		var cmd tea.Cmd
		r.advice, cmd = r.advice.Update(msg)
		m.review = r
		return *m, cmd
	case p.report == nil:
		// still being checked: no mask to edit yet
	case key.Matches(k, keys.Next):
		if len(p.boxes) > 0 {
			p.selected = (p.selected + 1) % len(p.boxes)
		}
	case key.Matches(k, keys.Prev):
		if len(p.boxes) > 0 {
			p.selected = (p.selected + len(p.boxes) - 1) % len(p.boxes)
		}
	case key.Matches(k, keys.Toggle):
		if p.selected < len(p.boxes) {
			p.boxes[p.selected].on = !p.boxes[p.selected].on
		}
	case key.Matches(k, keys.Children):
		maskChildren(p)
		r.notice = m.w.childrenDone
	case key.Matches(k, keys.Style):
		p.style = nextStyle(p.style)
	case key.Matches(k, keys.Add):
		p.boxes = append(p.boxes, newBox(p))
		p.selected = len(p.boxes) - 1
	case key.Matches(k, keys.Delete):
		if p.selected < len(p.boxes) {
			p.boxes = append(p.boxes[:p.selected], p.boxes[p.selected+1:]...)
			p.selected = max(0, min(p.selected, len(p.boxes)-1))
		}
	default:
		if d, ok := moves(keys, k); ok && p.selected < len(p.boxes) {
			p.boxes[p.selected].r = adjust(p, p.boxes[p.selected].r, d)
		}
	}
	m.review = r
	return *m, m.review.refresh(m)
}

// maskChildren masks every face that is likely a child or can't tell and
// unmasks adults, as redact.PlanFor does for --faces children; masks drawn
// by the parent stay on.
func maskChildren(p *photoState) {
	for i, b := range p.boxes {
		p.boxes[i].on = b.manual || b.label != detect.LabelAdult
	}
}

func nextStyle(s redact.Style) redact.Style {
	for i, x := range redact.Styles {
		if x == s {
			return redact.Styles[(i+1)%len(redact.Styles)]
		}
	}
	return redact.Emoji
}

// size returns a photo's upright size in source pixels.
func size(p *photoState) (int, int) {
	return p.report.Width, p.report.Height
}

// newBox is a head-sized mask in the middle of the photo.
func newBox(p *photoState) box {
	w, h := size(p)
	s := max(8, min(w, h)/5)
	r := image.Rect(w/2-s/2, h/2-s*6/10, w/2+s/2, h/2+s*6/10)
	return box{r: r.Intersect(image.Rect(0, 0, w, h)), on: true, manual: true}
}

// delta is a move (dx, dy) or a resize (dw, dh), as a share of the step.
type delta struct{ dx, dy, dw, dh int }

func moves(k keyMap, msg tea.KeyMsg) (delta, bool) {
	switch {
	case key.Matches(msg, k.Up):
		return delta{dy: -1}, true
	case key.Matches(msg, k.Down):
		return delta{dy: 1}, true
	case key.Matches(msg, k.Left):
		return delta{dx: -1}, true
	case key.Matches(msg, k.Right):
		return delta{dx: 1}, true
	case key.Matches(msg, k.Wider):
		return delta{dw: 1}, true
	case key.Matches(msg, k.Narrower):
		return delta{dw: -1}, true
	case key.Matches(msg, k.Taller):
		return delta{dh: 1}, true
	case key.Matches(msg, k.Shorter):
		return delta{dh: -1}, true
	}
	return delta{}, false
}

// adjust moves or resizes a box by 2% of the photo's longer side a key
// press, keeping it inside the photo and at least 4 steps wide.
func adjust(p *photoState, r image.Rectangle, d delta) image.Rectangle {
	w, h := size(p)
	step := max(2, max(w, h)/50)
	r = r.Add(image.Pt(d.dx*step, d.dy*step))
	r.Max.X += d.dw * step
	r.Max.Y += d.dh * step
	if r.Dx() < 2*step {
		r.Max.X = r.Min.X + 2*step
	}
	if r.Dy() < 2*step {
		r.Max.Y = r.Min.Y + 2*step
	}
	return inside(p, r)
}

// inside slides a box back inside the photo.
func inside(p *photoState, r image.Rectangle) image.Rectangle {
	w, h := size(p)
	if r.Min.X < 0 {
		r = r.Add(image.Pt(-r.Min.X, 0))
	}
	if r.Min.Y < 0 {
		r = r.Add(image.Pt(0, -r.Min.Y))
	}
	if r.Max.X > w {
		r = r.Add(image.Pt(w-r.Max.X, 0))
	}
	if r.Max.Y > h {
		r = r.Add(image.Pt(0, h-r.Max.Y))
	}
	return r.Intersect(image.Rect(0, 0, w, h))
}

func (r reviewModel) view(m *Model) string {
	p := m.photos[r.index]
	pw, ph, _, _ := m.layout()
	title := fmt.Sprintf("%s  %d/%d  %s", m.w.title, r.index+1, len(m.photos), filepath.Base(p.path))
	help := m.helpView(m.keys.reviewHelp())
	if m.height-2-lipgloss.Height(help) < 4 {
		// The full help takes the screen (? again hides it).
		return m.st.title.Render(truncate(title, m.width)) + "\n" + help
	}
	mode := m.w.masked
	if r.original {
		mode = m.st.warn.Render(m.w.original)
	}
	var left string
	if p.thumb != nil {
		k := previewKey{photo: r.index, w: pw, h: ph, original: r.original, state: fmt.Sprint(p.boxes, p.style, p.selected)}
		left = r.previews[k]
		if left == "" {
			// While the new picture is drawn (a mask moved), the last one
			// stays: no blank between two key presses.
			left = r.previews[k.last()]
		}
		if left == "" {
			left = m.w.checking
		}
	} else if p.err == nil {
		left = m.w.checking
	}
	left = lipgloss.NewStyle().Width(pw).Height(ph).Render(left)
	body := lipgloss.JoinHorizontal(lipgloss.Top, left, " ", r.advice.View())
	aud := m.st.dim.Render(truncate(mode+" · "+m.keys.Audience.Help().Desc+advise.WordsFor(m.opt.Lang).Colon+m.w.audience[m.audience], m.width))
	return m.st.title.Render(truncate(title, m.width)) + "\n" + body + "\n" + aud + "\n" + help
}

func truncate(s string, w int) string {
	r := []rune(s)
	if len(r) > w && w > 1 {
		return string(r[:w-1]) + "…"
	}
	return s
}
