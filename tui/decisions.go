package tui

import (
	"fmt"
	"image"
	"strings"
	"sync"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/words"
)

// The parent's decisions: every edit of a photo's masks or style is
// recorded as it is made (engine.Decisions, in the user's state folder, on
// a goroutine of the recorder's), can be undone (u), and comes back when
// the folder is opened again.

// recorder writes the parent's decisions to the store as they are made.
// record only notes the latest decision for a photo (Update reads and
// writes nothing); a goroutine writes them, the latest one for each photo
// winning; flush waits until every decision noted is on disk.
type recorder struct {
	store   *engine.Decisions
	mu      sync.Mutex
	idle    *sync.Cond
	pending map[string]noted // by content hash
	busy    bool
	failed  error // the last write that failed, until one succeeds
}

// noted is a decision waiting to be written.
type noted struct {
	path string
	dec  engine.Decision
}

func newRecorder(store *engine.Decisions) *recorder {
	r := &recorder{store: store, pending: map[string]noted{}}
	r.idle = sync.NewCond(&r.mu)
	return r
}

// record notes the parent's latest decision for a photo; it is written on
// the recorder's goroutine.
func (r *recorder) record(path string, dec engine.Decision) {
	if r == nil || r.store == nil || dec.Photo == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pending[dec.Photo] = noted{path, dec}
	if !r.busy {
		r.busy = true
		go r.write()
	}
}

func (r *recorder) write() {
	r.mu.Lock()
	for len(r.pending) > 0 {
		batch := r.pending
		r.pending = map[string]noted{}
		r.mu.Unlock()
		var failed error
		for _, n := range batch {
			if err := r.store.Put(n.path, n.dec); err != nil {
				failed = err
			}
		}
		r.mu.Lock()
		r.failed = failed
	}
	r.busy = false
	r.idle.Broadcast()
	r.mu.Unlock()
}

// flush waits until every decision noted is written, and returns the
// error of the last write that failed, if the last writes did.
func (r *recorder) flush() error {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.busy {
		r.idle.Wait()
	}
	return r.failed
}

// notKept returns why the decisions could not be kept, if the last write
// failed (the app says so).
func (r *recorder) notKept() error {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed
}

// decision is what the parent decided for p, to record.
func (p *photoState) decision() engine.Decision {
	d := engine.Decision{Photo: p.hash, Style: p.style, Masks: []engine.DecidedMask{}}
	if p.report != nil {
		d.Width, d.Height = p.report.Width, p.report.Height
	}
	for _, b := range p.boxes {
		m := engine.DecidedMask{Box: detect.RectOf(b.r), On: b.on, By: engine.ByDetector,
			Found: detect.RectOf(b.found), Detector: b.detector, Label: b.label, Age: b.age, Reason: b.reason}
		if b.manual || b.moved() {
			m.By = engine.ByParent
		}
		if b.manual {
			m.Found = detect.Rect{}
		}
		d.Masks = append(d.Masks, m)
	}
	for _, r := range p.removed {
		d.Removed = append(d.Removed, detect.RectOf(r))
	}
	return d
}

// boxesFor are the masks of a photo checked (engine.Apply): the parent's
// decision when there is one, and the faces the detector finds that it
// does not hold (a face found since, by another detector, is masked too: a
// decision never unmasks a face it did not see). added counts those;
// decided is false when the decision is not the parent's after all.
func boxesFor(rep *detect.Report, dec engine.Decision, state engine.DecisionState, fromCopy bool) (boxes []box, removed []image.Rectangle, added int, decided bool) {
	a := engine.Apply(rep.Faces, dec, state, fromCopy)
	for _, m := range a.Masks {
		boxes = append(boxes, box{r: m.Box.R(), on: m.On, found: m.Found.R(), detector: m.Detector, label: m.Label, age: m.Age, reason: m.Reason,
			manual: m.Manual()})
	}
	for _, r := range a.Removed {
		removed = append(removed, r.R())
	}
	return boxes, removed, a.Added, a.Decided
}

// snapshot is what an edit may change in a photo: undo puts it back.
type snapshot struct {
	boxes    []box
	removed  []image.Rectangle
	style    redact.Style
	selected int
}

func (p *photoState) snapshot() snapshot {
	return snapshot{append([]box(nil), p.boxes...), append([]image.Rectangle(nil), p.removed...), p.style, p.selected}
}

// key tells two snapshots apart by what the safe copy or the decision
// holds (not by the mask picked).
func (s snapshot) key() string { return fmt.Sprint(s.boxes, s.removed, s.style) }

func (p *photoState) restore(s snapshot) {
	p.boxes, p.removed, p.style = s.boxes, s.removed, s.style
	p.selected = max(0, min(s.selected, len(p.boxes)-1))
}

// edit is one edit that u undoes: the photos it changed, as they were.
type edit struct {
	photos []int
	before []snapshot
}

// edits are the session's edits, shared by the copies of the model: the
// ones u undoes, the recorder that keeps them, the style set for every
// photo.
type edits struct {
	undo []edit
	rec  *recorder
	// style is the style set for every photo (s in the list, M in the
	// review), for the photos checked after; "" until one is set.
	style redact.Style
}

// maxUndo is how many edits u can undo.
const maxUndo = 500

// edited notes that photo i changed from before (if it did): the edit can
// be undone and the photo's decision is recorded. A drag under way records
// each step but is undone whole (undoable only when it ends).
func (s session) edited(i int, before snapshot, undoable bool) bool {
	p := s.photos[i]
	if p.snapshot().key() == before.key() {
		return false
	}
	if undoable {
		s.edits.push(edit{photos: []int{i}, before: []snapshot{before}})
	}
	p.edited = true
	s.edits.rec.record(p.path, p.decision())
	return true
}

func (e *edits) push(x edit) {
	e.undo = append(e.undo, x)
	if len(e.undo) > maxUndo {
		e.undo = append([]edit(nil), e.undo[len(e.undo)-maxUndo:]...)
	}
}

// undoLast undoes the last edit and records the photos it changed; it
// returns the photo the edit was on (the first, for an edit of every
// photo), or -1 when there is nothing to undo.
func (s session) undoLast() int {
	if len(s.edits.undo) == 0 {
		return -1
	}
	x := s.edits.undo[len(s.edits.undo)-1]
	s.edits.undo = s.edits.undo[:len(s.edits.undo)-1]
	for k, i := range x.photos {
		if i >= len(s.photos) {
			continue
		}
		p := s.photos[i]
		p.restore(x.before[k])
		p.edited = true
		s.edits.rec.record(p.path, p.decision())
	}
	return x.photos[0]
}

// styleForAll sets style on every photo checked, and on those checked
// after; one edit, undone whole.
func (s session) styleForAll(style redact.Style) {
	var x edit
	for i, p := range s.photos {
		if p.report == nil || p.style == style {
			continue
		}
		x.photos = append(x.photos, i)
		x.before = append(x.before, p.snapshot())
		p.style = style
		p.edited = true
		s.edits.rec.record(p.path, p.decision())
	}
	s.edits.style = style
	if len(x.photos) > 0 {
		s.edits.push(x)
	}
}

// unsaved counts the photos whose masks or style the parent changed since
// their safe copy was last written (or that have none yet).
func (s session) unsaved() int {
	n := 0
	for _, p := range s.photos {
		if p.edited && p.report != nil && planKey(p.plan()) != p.savedKey {
			n++
		}
	}
	return n
}

// restore gives a photo just checked its masks: the parent's decision of
// an earlier session when there is one (the masks they drew or moved
// marked as theirs), else the detector's. A style set for every photo in
// this session wins over the one kept.
func (s session) restore(p *photoState, msg scannedMsg) {
	var decided bool
	p.boxes, p.removed, p.foundSince, decided = boxesFor(p.report, msg.dec, msg.state, msg.fromCopy)
	p.selected, p.kept, p.savedKey = 0, keptNone, msg.saved
	switch {
	case decided:
		// Changes not in a safe copy yet, if the last one was made
		// otherwise (unsaved).
		p.kept, p.style, p.edited = keptBack, msg.dec.Style, true
	case msg.state == engine.Damaged:
		p.kept = keptDamaged
	case msg.changed:
		p.kept = keptChanged
	}
	if st := s.edits.style; st != "" && p.style != st {
		p.style = st
		p.edited = true
		s.edits.rec.record(p.path, p.decision())
	} else if p.foundSince > 0 {
		s.edits.rec.record(p.path, p.decision())
	}
}

// styleOfAll is the style the photos share: the one set for every photo,
// else the first photo's.
func (s session) styleOfAll() redact.Style {
	if s.edits.style != "" {
		return s.edits.style
	}
	for _, p := range s.photos {
		if p.report != nil {
			return p.style
		}
	}
	return redact.Emoji
}

// keptWords says, at the top of a photo's review, what came back of the
// parent's earlier choices, and when they cannot be kept ("" for nothing
// to say).
func keptWords(s session, p *photoState) string {
	var out []string
	if s.edits.rec.notKept() != nil {
		out = append(out, s.lang.T(words.AppDecisionsNotKept))
	}
	switch p.kept {
	case keptBack:
		k := s.lang.T(words.AppKeptBack)
		if p.foundSince > 0 {
			k += " " + s.lang.N(p.foundSince, words.AppFoundSinceOne, words.AppFoundSinceMany)
		}
		out = append(out, k)
	case keptChanged:
		out = append(out, s.lang.T(words.AppKeptChanged))
	case keptDamaged:
		out = append(out, s.lang.T(words.AppKeptDamaged))
	}
	return strings.Join(out, "\n\n")
}
