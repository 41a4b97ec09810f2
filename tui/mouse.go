package tui

import (
	"image"

	tea "github.com/charmbracelet/bubbletea"
)

// previewFit is the preview pixels per thumbnail pixel when a thumbnail of
// that size is drawn in w x h cells (two pixels a cell, upright).
func previewFit(size image.Point, w, h int) float64 {
	return min(float64(w)/float64(size.X), float64(2*h)/float64(size.Y))
}

// sourcePoint is the photo pixel under a cell of the screen, and whether
// the cell is on the photo. The preview starts on the line after the title.
func (s session) sourcePoint(p *photoState, x, y int) (image.Point, bool) {
	if !p.small.ok() || p.report == nil {
		return image.Point{}, false
	}
	pw, ph, _, _ := s.layout()
	k := p.scale * previewFit(p.small.size, pw, ph)
	if k <= 0 || x >= pw || y < 1 || y > ph {
		return image.Point{}, false
	}
	pt := image.Pt(int((float64(x)+0.5)/k), int((float64(2*(y-1))+1)/k))
	w, h := size(p)
	return pt, pt.X < w && pt.Y < h
}

// mouse: a click picks the mask under it and a drag moves it; a drag on
// the photo outside every mask draws a new one; the wheel scrolls the
// advice.
func (r reviewModel) mouse(s session, msg tea.MouseMsg) (reviewModel, tea.Cmd) {
	if tea.MouseEvent(msg).IsWheel() {
		var cmd tea.Cmd
		r.advice, cmd = r.advice.Update(msg)
		return r, cmd
	}
	p := s.photos[r.index]
	pt, on := s.sourcePoint(p, msg.X, msg.Y)
	switch {
	case msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft && on:
		r.notice = ""
		r.drag = drag{active: true, from: pt, before: p.snapshot()}
		if i := boxAt(p, pt); i >= 0 {
			p.selected = i
			r.drag.moving, r.drag.orig = true, p.boxes[i].r
		}
	case msg.Action == tea.MouseActionMotion && r.drag.active:
		if !on {
			w, h := size(p)
			pt = image.Pt(clamp(pt.X, 0, w), clamp(pt.Y, 0, h))
		}
		if r.drag.moving {
			if p.selected < len(p.boxes) {
				p.boxes[p.selected].r = inside(p, r.drag.orig.Add(pt.Sub(r.drag.from)))
			}
			break
		}
		box := image.Rectangle{Min: r.drag.from, Max: pt}.Canon()
		w, h := size(p)
		if !r.drag.drawn {
			if min(box.Dx(), box.Dy()) < max(4, max(w, h)/100) {
				break // too small yet: a click, not a drag
			}
			p.boxes = append(p.boxes, box0(box))
			p.selected = len(p.boxes) - 1
			r.drag.drawn = true
		}
		p.boxes[p.selected].r = box.Intersect(image.Rect(0, 0, w, h))
	case msg.Action == tea.MouseActionRelease:
		if r.drag.active {
			s.edited(r.index, r.drag.before, true) // the whole drag, undone at once
		}
		r.drag = drag{}
	default:
		return r, nil
	}
	if r.drag.active {
		// Recorded as it is made; undone whole when it ends.
		s.edited(r.index, r.drag.before, false)
	}
	return r, r.refresh(s)
}

// box0 is a mask drawn by the parent.
func box0(r image.Rectangle) box { return box{r: r, on: true, manual: true} }

// boxAt is the smallest mask under a photo pixel, or -1.
func boxAt(p *photoState, pt image.Point) int {
	best := -1
	for i, b := range p.boxes {
		if pt.In(b.r) && (best < 0 || b.r.Dx()*b.r.Dy() < p.boxes[best].r.Dx()*p.boxes[best].r.Dy()) {
			best = i
		}
	}
	return best
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
