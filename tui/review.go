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
	"github.com/sharesafe/sharesafe/words"
)

// reviewModel is the review of one photo: its preview, the faces and the
// advice, and the parent's edits of the masks.
type reviewModel struct {
	index    int
	original bool
	advice   viewport.Model
	previews map[previewKey]string
	notice   string // said once at the top of the panel (after c)
	drag     drag
	content  string // the panel's text, as last drawn
	// adviceHead is the advice's first line ("Risk if you share it…"),
	// where the advice key scrolls the panel to.
	adviceHead string
}

// drag is a mouse drag under way on the preview: moving a mask, or drawing
// a new one from a corner.
type drag struct {
	active bool
	moving bool            // a mask picked by the press is moved
	from   image.Point     // where the press was, in source pixels
	orig   image.Rectangle // the mask's box when the drag began
	drawn  bool            // a new mask was added by this drag
	before snapshot        // the photo before the drag (undo)
}

func newReview() reviewModel {
	return reviewModel{advice: viewport.New(40, 20), previews: map[previewKey]string{}}
}

// previewMsg carries a rendered preview.
type previewMsg struct {
	key  previewKey
	text string
}

// keep stores a preview drawn. Only the photo shown keeps its pictures,
// and at most maxPreviews of them.
func (r *reviewModel) keep(msg previewMsg) {
	if len(r.previews) >= maxPreviews {
		for k := range r.previews {
			if k.photo != msg.key.photo || k.state != msg.key.last().state {
				delete(r.previews, k)
			}
		}
	}
	r.previews[msg.key] = msg.text
	r.previews[msg.key.last()] = msg.text
}

// open shows photo i, masked, the advice from its top; notice is said at
// the top of the panel.
func (r reviewModel) open(s session, i int, notice string) (reviewModel, tea.Cmd) {
	r.index = i
	r.original = false
	r.notice = notice
	r.advice.GotoTop()
	return r, r.refresh(s)
}

// layout splits the window: the preview on the left, the panel on the right.
func (s session) layout() (pw, ph, aw, ah int) {
	// title line, audience line, the hint bar or the full help
	ah = max(4, s.height-2-s.helpHeight(s.keys.reviewHelp())) // a clip's help is no taller
	aw = max(30, s.width*45/100)
	pw = max(10, s.width-aw-1)
	ph = ah
	return
}

// refresh recomputes the advice panel and asks for the preview, in a Cmd,
// unless it is cached.
func (r *reviewModel) refresh(s session) tea.Cmd {
	if r.index >= len(s.photos) {
		return nil
	}
	p := s.photos[r.index]
	pw, ph, aw, ah := s.layout()
	r.advice.Width, r.advice.Height = aw, ah
	content := r.panel(s, p, aw)
	r.content = content
	if p.report != nil && p.err == nil {
		a := s.assess(p)
		r.adviceHead = s.lang.T(words.RiskIf, advise.AudienceWords(a.Audience, s.lang), advise.LevelWords(a.Level, s.lang))
	}
	r.advice.SetContent(content)
	r.showSelected(content)
	if !p.small.ok() {
		return nil
	}
	k := previewKey{photo: r.index, w: pw, h: ph, original: r.original, state: fmt.Sprint(p.boxes, p.style, p.selected)}
	if _, ok := r.previews[k]; ok {
		return nil
	}
	if p.thumb == nil {
		return decodeThumb(p) // the preview is drawn once it is decoded
	}
	s.thumbs.use(p)
	thumb, scale, boxes, style, sel, orig, st := p.thumb, p.scale, append([]box(nil), p.boxes...), p.style, p.selected, r.original, s.st
	return func() tea.Msg {
		return previewMsg{key: k, text: renderPreview(thumb, scale, boxes, style, sel, orig, pw, ph, st)}
	}
}

// toAdvice scrolls the panel to the advice (its first line, "Risk if
// you share it…"), or back to its top when the advice is already there.
func (r *reviewModel) toAdvice() {
	mark := []rune(r.adviceHead)
	mark = mark[:min(12, len(mark))]
	for i, line := range strings.Split(r.content, "\n") {
		if len(mark) > 0 && strings.Contains(line, string(mark)) {
			if r.advice.YOffset == i {
				r.advice.GotoTop()
			} else {
				r.advice.SetYOffset(i)
			}
			return
		}
	}
}

// showSelected scrolls the panel so that the selected face's line (the one
// marked ▶, and the line it may wrap onto) is in view: on a small terminal
// the list of faces is longer than the panel, and space must never toggle
// a face the parent cannot see.
func (r *reviewModel) showSelected(content string) {
	for i, line := range strings.Split(content, "\n") {
		if !strings.Contains(line, "▶ ") {
			continue
		}
		switch {
		case i < r.advice.YOffset:
			r.advice.SetYOffset(i)
		case i+2 > r.advice.YOffset+r.advice.Height:
			r.advice.SetYOffset(i + 2 - r.advice.Height)
		}
		return
	}
}

// panel is the text beside the preview: the faces and the advice.
func (r reviewModel) panel(s session, p *photoState, width int) string {
	var b strings.Builder
	wrap := s.st.r.NewStyle().Width(width - 1)
	if p.err != nil {
		return cannotOpen(s.lang, p)
	}
	if p.report == nil {
		return s.lang.T(words.AppChecking)
	}
	if r.notice != "" {
		b.WriteString(s.st.warn.Render(wrap.Render(r.notice)) + "\n\n")
	}
	if kept := keptWords(s, p); kept != "" {
		b.WriteString(s.st.warn.Render(wrap.Render(kept)) + "\n\n")
	}
	if s.credit != nil {
		if c, ok := s.credit(filepath.Base(p.path), string(s.lang)); ok {
			b.WriteString(s.st.dim.Render(wrap.Render(s.lang.T(words.ReportPhoto)+s.lang.T(words.Colon)+c)) + "\n\n")
		}
	}
	// One short line a face, that a projector's 120x35 does not wrap: the
	// mask's style once above, the detector, the age guess and the reason
	// on the details key (d).
	if v := p.report.Video; v != nil {
		// A clip: its faces are searched in every frame when it is saved;
		// what is shown is one frame, and its masks cannot be edited.
		sound := s.lang.T(words.ClipSilent)
		if v.Audio {
			sound = s.lang.T(words.ClipSound)
		}
		b.WriteString(wrap.Render(s.st.bold.Render(s.lang.T(words.AppClipTitle, v.Seconds, sound))) + "\n")
		if v.FacesChecked {
			b.WriteString(wrap.Render(s.lang.T(words.AppClipMasks)) + "\n")
			b.WriteString(s.st.dim.Render(wrap.Render(s.lang.N(len(p.boxes), words.ClipFacesOne, words.ClipFacesMany, v.FrameAt))) + "\n")
		} else {
			b.WriteString(s.st.warn.Render(wrap.Render(s.lang.T(words.AppClipNoFFmpeg))) + "\n")
		}
		return b.String() + r.advicePart(s, p, wrap)
	}
	b.WriteString(wrap.Render(s.st.bold.Render(s.lang.T(words.AppReviewFaces))+" "+s.st.dim.Render(s.lang.T(words.AppMaskStyle, styleName(s.lang, string(p.style))))) + "\n")
	if len(p.boxes) == 0 {
		b.WriteString(wrap.Render(s.lang.T(words.AppNoFaces)) + "\n")
	}
	for i, bx := range p.boxes {
		state := s.st.ok.Render(s.lang.T(words.AppMaskOn))
		if !bx.on {
			state = s.st.warn.Render(s.lang.T(words.AppMaskOff))
		}
		who := faceWords(s.lang, bx.label, bx.age, bx.reason, s.details)
		if s.details {
			who += s.st.dim.Render(" · " + bx.detector)
		}
		switch {
		case bx.manual:
			who = s.lang.T(words.AppAdded)
		case bx.moved():
			who = faceWords(s.lang, bx.label, bx.age, bx.reason, s.details) + " · " + s.lang.T(words.AppMovedByYou)
		}
		line := fmt.Sprintf("%d  %s  %s", i+1, state, who)
		if i == p.selected {
			line = s.st.selected.Render("▶ ") + line
		} else {
			line = "  " + line
		}
		b.WriteString(wrap.Render(line) + "\n")
	}
	if s.details && len(p.boxes) > 0 {
		b.WriteString(s.st.dim.Render(wrap.Render(s.lang.T(words.AppAgeWorth))) + "\n")
	}
	if p.ownMasksOffClip() {
		b.WriteString("\n" + s.st.warn.Render(wrap.Render(s.lang.T(words.AppOwnMasksPhotoOnly, filepath.Base(p.pair)))) + "\n")
	}
	return b.String() + r.advicePart(s, p, wrap)
}

// advicePart is the panel's advice: the risks, what the file reveals and
// where to get help.
func (r reviewModel) advicePart(s session, p *photoState, wrap lipgloss.Style) string {
	var b strings.Builder
	a := s.assess(p)
	l := s.lang
	risk := l.T(words.RiskIf, advise.AudienceWords(a.Audience, l), advise.LevelWords(a.Level, l))
	b.WriteString("\n" + s.st.level[a.Level].Render(wrap.Render(risk)) + "\n")
	for _, k := range a.Risks {
		b.WriteString("\n" + s.st.level[k.Severity].Render(wrap.Render("["+advise.TagWords(k.Severity, l)+"] "+k.Title)) + "\n")
		b.WriteString(wrap.Render(k.Why) + "\n")
		b.WriteString(wrap.Render("→ "+k.Fix) + "\n")
	}
	if len(p.report.Findings) > 0 {
		b.WriteString("\n" + s.st.bold.Render(l.T(words.WhatFileReveal)) + "\n")
		for _, f := range p.report.Findings {
			b.WriteString(wrap.Render("• "+advise.FindingLabel(f, s.lang)) + "\n")
		}
	}
	if len(a.Help) > 0 {
		b.WriteString("\n" + s.st.bold.Render(l.T(words.HelpTitle)) + "\n")
		for _, h := range a.Help {
			b.WriteString(wrap.Render("• "+h.Name+l.T(words.Colon)+h.Where) + "\n")
		}
	}
	return b.String()
}

// update: the keys and the mouse edit the masks of the photo shown; esc
// goes back to the list, e to the export, a changes the audience.
func (r reviewModel) update(s session, msg tea.Msg) (reviewModel, tea.Cmd) {
	if mm, ok := msg.(tea.MouseMsg); ok {
		return r.mouse(s, mm)
	}
	k, isKey := msg.(tea.KeyMsg)
	if !isKey {
		var cmd tea.Cmd
		r.advice, cmd = r.advice.Update(msg)
		return r, cmd
	}
	p := s.photos[r.index]
	keys := s.keys
	r.notice = ""
	before := p.snapshot()
	switch {
	case key.Matches(k, keys.Quit):
		return r, send(quitMsg{})
	case key.Matches(k, keys.NextPhoto), key.Matches(k, keys.PrevPhoto):
		step := 1
		if key.Matches(k, keys.PrevPhoto) {
			step = -1
		}
		if i := s.nextPhoto(r.index, step); i >= 0 {
			return r, send(openReviewMsg{index: i})
		}
		r.notice = s.lang.T(words.AppLastPhoto)
		if step < 0 {
			r.notice = s.lang.T(words.AppFirstPhoto)
		}
	case key.Matches(k, keys.Undo):
		switch i := s.undoLast(); {
		case i < 0:
			r.notice = s.lang.T(words.AppNothingToUndo)
		case i != r.index:
			return r, send(openReviewMsg{index: i, notice: s.lang.T(words.AppUndone)})
		default:
			r.notice = s.lang.T(words.AppUndone)
		}
		return r, r.refresh(s) // not an edit to undo
	case key.Matches(k, keys.Back):
		return r, send(backToBrowseMsg{})
	case key.Matches(k, keys.Export):
		return r, send(openExportMsg{})
	case key.Matches(k, keys.Audience):
		return r, send(nextAudienceMsg{}) // the root redraws the advice
	case key.Matches(k, keys.Original):
		r.original = !r.original
	case key.Matches(k, keys.Scroll):
		var cmd tea.Cmd
		r.advice, cmd = r.advice.Update(msg)
		return r, cmd
	case key.Matches(k, keys.Advice):
		// The advice at the top of the panel, or back to the faces: on a
		// small screen (80x24) the advice is under the list of faces.
		r.toAdvice()
		return r, nil
	case key.Matches(k, keys.Details):
		return r, send(detailsMsg{}) // the root redraws the panel
	case p.report == nil:
		// still being checked: no mask to edit yet
	case p.report.Video != nil && editsMasks(keys, k):
		// A clip's masks follow its faces frame by frame (package video).
		r.notice = s.lang.T(words.AppClipMasksFixed)
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
		r.notice = s.lang.T(words.AppChildrenDone)
	case key.Matches(k, keys.Style):
		p.style = nextStyle(p.style)
	case key.Matches(k, keys.StyleAll):
		s.styleForAll(p.style)
		r.notice = s.lang.T(words.AppStyleForAll, styleName(s.lang, string(p.style)))
	case key.Matches(k, keys.Add):
		p.boxes = append(p.boxes, newBox(p))
		p.selected = len(p.boxes) - 1
	case key.Matches(k, keys.Delete):
		if p.selected < len(p.boxes) {
			if b := p.boxes[p.selected]; !b.manual {
				p.removed = append(p.removed, b.found) // found again, it stays removed
			}
			p.boxes = append(p.boxes[:p.selected], p.boxes[p.selected+1:]...)
			p.selected = max(0, min(p.selected, len(p.boxes)-1))
		}
	default:
		if d, ok := moves(keys, k); ok && p.selected < len(p.boxes) {
			p.boxes[p.selected].r = adjust(p, p.boxes[p.selected].r, d)
		}
	}
	s.edited(r.index, before, true)
	return r, r.refresh(s)
}

// reviewHelp is the review's keys: without the mask keys for a clip.
func (s session) reviewHelp(p *photoState) helpKeys {
	if p.report != nil && p.report.Video != nil {
		return s.keys.clipHelp()
	}
	return s.keys.reviewHelp()
}

// editsMasks reports whether a key changes the masks or their style.
func editsMasks(keys keyMap, k tea.KeyMsg) bool {
	for _, b := range []key.Binding{keys.Next, keys.Prev, keys.Toggle, keys.Children, keys.Style, keys.StyleAll, keys.Add, keys.Delete} {
		if key.Matches(k, b) {
			return true
		}
	}
	_, moved := moves(keys, k)
	return moved
}

// nextPhoto is the photo after (step 1) or before (step -1) photo i that
// can be reviewed (a file that cannot be read is passed over), or -1.
func (s session) nextPhoto(i, step int) int {
	for j := i + step; j >= 0 && j < len(s.photos); j += step {
		if s.photos[j].err == nil {
			return j
		}
	}
	return -1
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

func (r reviewModel) view(s session) string {
	p := s.photos[r.index]
	pw, ph, _, _ := s.layout()
	title := fmt.Sprintf("%s  %d/%d  %s", s.lang.T(words.AppTitle), r.index+1, len(s.photos), filepath.Base(p.path))
	help := s.helpView(s.reviewHelp(p))
	if s.height-2-lipgloss.Height(help) < 4 {
		// The full help takes the screen (? again hides it).
		return s.st.title.Render(truncate(title, s.width)) + "\n" + help
	}
	mode := s.lang.T(words.AppMasked)
	if r.original {
		mode = s.st.warn.Render(s.lang.T(words.AppOriginal))
	}
	var left string
	if p.small.ok() {
		k := previewKey{photo: r.index, w: pw, h: ph, original: r.original, state: fmt.Sprint(p.boxes, p.style, p.selected)}
		left = r.previews[k]
		if left == "" {
			// While the new picture is drawn (a mask moved), the last one
			// stays: no blank between two key presses.
			left = r.previews[k.last()]
		}
		if left == "" {
			left = s.lang.T(words.AppChecking)
		}
	} else if p.err == nil {
		left = s.lang.T(words.AppChecking)
	}
	left = lipgloss.NewStyle().Width(pw).Height(ph).Render(left)
	body := lipgloss.JoinHorizontal(lipgloss.Top, left, " ", r.advice.View())
	aud := s.st.dim.Render(truncate(mode+" · "+s.keys.Audience.Help().Desc+s.lang.T(words.Colon)+audienceName(s.lang, s.audience), s.width))
	return s.st.title.Render(truncate(title, s.width)) + "\n" + body + "\n" + aud + "\n" + help
}

func truncate(s string, w int) string {
	r := []rune(s)
	if len(r) > w && w > 1 {
		return string(r[:w-1]) + "…"
	}
	return s
}
