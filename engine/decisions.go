package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"image"
	"os"
	"path/filepath"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/redact"
)

// Decisions keeps what a parent decided for each photo in the review app:
// its masks (the detector's, turned on or off, moved or resized, and those
// the parent drew), the detector's faces the parent removed, and the mask
// style. The app records a decision as it is made and reads it back when a
// folder is opened again.
//
// A decision is keyed by the photo's content hash (ContentHash), so a photo
// renamed or moved keeps its masks, and a photo whose bytes changed finds
// none (its masks were drawn on other pixels): the app then shows the
// detector's masks and, from the index of paths (Changed), says that the
// photo changed since the parent's choices. The store lives in the user's
// state folder (DefaultStateDir), beside the record of the copies, never in
// a folder of safe copies; it holds boxes, a style and hashes, never a
// metadata value or a pixel, and a path only as its hash. Each entry is written
// atomically (a temporary file renamed), its format is versioned, and an
// entry that cannot be read, is not for that photo, or does not fit it is
// ignored (Damaged), never trusted.
type Decisions struct {
	dir string
}

// decisionFormat changes whenever a decision's meaning changes.
const decisionFormat = 1

// OpenDecisions returns the store of decisions in the state folder dir
// (created when first written).
func OpenDecisions(dir string) *Decisions { return &Decisions{dir: dir} }

// ContentHash is the key of a photo's bytes: their SHA-256, in hex.
func ContentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Who made a mask.
const (
	ByDetector = "detector" // found by a detector (perhaps turned off by the parent)
	ByParent   = "parent"   // drawn, moved or resized by the parent
)

// Decision is what the parent decided for one photo.
type Decision struct {
	Format int `json:"format"`
	// Photo is the photo's ContentHash.
	Photo string `json:"photo"`
	// Width and Height are the photo's upright size, in pixels.
	Width  int          `json:"width"`
	Height int          `json:"height"`
	Style  redact.Style `json:"style"`
	// Masks are the masks as the parent left them, in order.
	Masks []DecidedMask `json:"masks"`
	// Removed are the masks of the detector's faces the parent removed:
	// found again, they stay removed.
	Removed []detect.Rect `json:"removed,omitempty"`
}

// DecidedMask is one mask of a Decision.
type DecidedMask struct {
	// Box is the mask, in upright pixels.
	Box detect.Rect `json:"box"`
	// On says the mask is drawn in the safe copy.
	On bool `json:"on"`
	// By is ByDetector or ByParent.
	By string `json:"by"`
	// Found is the detector's mask of the face (before the parent moved
	// or resized it); zero for a mask the parent drew.
	Found detect.Rect `json:"found,omitzero"`
	// Detector, Label, Age and Reason are what the detector said of the
	// face, for a mask it found.
	Detector string   `json:"detector,omitempty"`
	Label    string   `json:"label,omitempty"`
	Age      *float64 `json:"age,omitempty"`
	Reason   string   `json:"reason,omitempty"`
}

// On is the number of masks drawn in the safe copy.
func (d Decision) On() int {
	n := 0
	for _, m := range d.Masks {
		if m.On {
			n++
		}
	}
	return n
}

// DecisionState says what the store holds for a photo.
type DecisionState int

// The states of a photo's decision.
const (
	NoDecision DecisionState = iota // the parent decided nothing for it yet
	Decided                         // the decision was read and fits the photo
	Damaged                         // an entry is there but cannot be trusted: ignored
)

// entryPath is where the decision for a content hash lives.
func (d *Decisions) entryPath(hash string) string {
	return filepath.Join(d.dir, "decisions", hash[:2], hash+".json")
}

// indexPath is where the content hash last decided for a path lives (the
// path is kept only as its hash).
func (d *Decisions) indexPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	h := ContentHash([]byte(path))
	return filepath.Join(d.dir, "decisions", "paths", h[:2], h+".json")
}

// Get returns the decision kept for the photo whose ContentHash is hash and
// whose upright size is w×h.
func (d *Decisions) Get(hash string, w, h int) (Decision, DecisionState) {
	if d == nil || len(hash) != sha256.Size*2 {
		return Decision{}, NoDecision
	}
	b, err := os.ReadFile(d.entryPath(hash))
	if errors.Is(err, os.ErrNotExist) {
		return Decision{}, NoDecision
	}
	var dec Decision
	if err != nil || json.Unmarshal(b, &dec) != nil || !dec.fits(hash, w, h) {
		return Decision{}, Damaged
	}
	return dec, Decided
}

// fits reports whether a decision read back is ours, for this photo, and
// whole: the format, the hash and the size match, the style is known, and
// every box lies inside the photo.
func (dec Decision) fits(hash string, w, h int) bool {
	if dec.Format != decisionFormat || dec.Photo != hash || dec.Width != w || dec.Height != h || dec.Masks == nil {
		return false
	}
	known := false
	for _, s := range redact.Styles {
		known = known || s == dec.Style
	}
	if !known {
		return false
	}
	for _, m := range dec.Masks {
		if !fits(m.Box, w, h) || m.By != ByDetector && m.By != ByParent || m.Found != (detect.Rect{}) && !fits(m.Found, w, h) {
			return false
		}
	}
	for _, r := range dec.Removed {
		if !fits(r, w, h) {
			return false
		}
	}
	return true
}

// Put keeps the decision for the photo at path, replacing the one before,
// and notes that path now holds that content (Changed).
func (d *Decisions) Put(path string, dec Decision) error {
	if d == nil {
		return nil
	}
	dec.Format = decisionFormat
	if dec.Masks == nil {
		dec.Masks = []DecidedMask{}
	}
	if len(dec.Photo) != sha256.Size*2 || !dec.fits(dec.Photo, dec.Width, dec.Height) {
		return errors.New("engine: a decision that does not fit its photo is not kept")
	}
	b, err := json.Marshal(dec)
	if err != nil {
		return err
	}
	if err := d.writeEntry(d.entryPath(dec.Photo), b); err != nil {
		return err
	}
	idx, _ := json.Marshal(pathEntry{Format: decisionFormat, Photo: dec.Photo})
	return d.writeEntry(d.indexPath(path), idx)
}

// pathEntry is the index of a path: the content last decided for it.
type pathEntry struct {
	Format int    `json:"format"`
	Photo  string `json:"photo"`
}

// Changed reports whether the parent decided masks for the photo at path
// when it held other bytes: the photo changed since (edited, or replaced by
// another of the same name), so those masks do not apply to it.
func (d *Decisions) Changed(path, hash string) bool {
	if d == nil {
		return false
	}
	b, err := os.ReadFile(d.indexPath(path))
	if err != nil {
		return false
	}
	var e pathEntry
	if json.Unmarshal(b, &e) != nil || e.Format != decisionFormat || len(e.Photo) != sha256.Size*2 || e.Photo == hash {
		return false
	}
	_, err = os.Stat(d.entryPath(e.Photo))
	return err == nil
}

// writeEntry writes an entry of the store atomically (the record's
// writeAtomic: a temporary file of this process, synced, renamed), its
// folders readable by the user alone.
func (d *Decisions) writeEntry(dst string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	return writeAtomic(d.dir, dst, b, true)
}

// FromCopies returns the parent's decision kept in the record of copies
// for the photo at path whose ContentHash is hash and whose upright size
// is w×h: the masks of the newest copy made from these bytes with the
// parent's masks (Made.Faces MadeByParent), each the parent's or the
// detector's as recorded. The app falls back on it when the store of
// decisions holds none for the photo (its entry damaged or removed); it
// knows nothing of the masks the parent turned off or removed.
func FromCopies(r *Record, path, hash string, w, h int) (Decision, bool) {
	for _, c := range r.CopiesOf(path) {
		if c.Source.SHA256 != hash || c.Made.Faces != MadeByParent {
			continue
		}
		d := Decision{Format: decisionFormat, Photo: hash, Width: w, Height: h, Style: redact.Emoji, Masks: []DecidedMask{}}
		for i, m := range c.Masks {
			if i == 0 {
				d.Style = redact.Style(m.Style)
			}
			dm := DecidedMask{Box: detect.Rect(m.Box), On: true, By: ByDetector, Found: detect.Rect(m.Box)}
			if m.Parent {
				dm.By, dm.Found = ByParent, detect.Rect{}
			}
			d.Masks = append(d.Masks, dm)
		}
		if d.fits(hash, w, h) {
			return d, true
		}
	}
	return Decision{}, false
}

// SavedPlan returns the masks of the newest safe copy the record holds of
// the photo at path made from the bytes whose ContentHash is hash.
func SavedPlan(r *Record, path, hash string) (redact.Plan, bool) {
	for _, c := range r.CopiesOf(path) {
		if c.Source.SHA256 == hash {
			return c.Plan(), true
		}
	}
	return redact.Plan{}, false
}

// Applied is a photo's masks once the parent's kept decision is applied to
// what the detector found (Apply): the review app shows them, and a safe
// copy made by the app or by the command line is drawn with them.
type Applied struct {
	// Masks are every mask, in order, those turned off included.
	Masks []DecidedMask
	// Removed are the detector's faces the parent removed.
	Removed []detect.Rect
	// Added counts the faces found that the decision did not hold
	// (masked: a decision never unmasks a face it did not see).
	Added int
	// Decided says the parent's decision is applied; false: the masks are
	// the detector's.
	Decided bool
}

// Manual reports whether the parent drew the mask (not moved one the
// detector found).
func (m DecidedMask) Manual() bool { return m.By == ByParent && m.Found == (detect.Rect{}) }

// Apply returns the masks of a photo whose faces found are faces, given
// the parent's decision dec in the state Get (or KeptDecision) returned:
// the decision's masks when there is one, and the faces found that it does
// not hold. A decision that came from the record of copies (fromCopy) and
// holds nothing the parent changed (the detector's masks, in emoji, no
// face found since) is not the parent's: Decided is false.
func Apply(faces []detect.Face, dec Decision, state DecisionState, fromCopy bool) Applied {
	decided := state == Decided
	var a Applied
	if decided {
		a.Masks = append(a.Masks, dec.Masks...)
		a.Removed = append(a.Removed, dec.Removed...)
	}
	for _, f := range faces {
		r := f.Mask.R()
		known := false
		for _, m := range a.Masks {
			known = known || !m.Manual() && sameFace(m.Found.R(), r)
		}
		for _, x := range a.Removed {
			known = known || sameFace(x.R(), r)
		}
		if known {
			continue
		}
		a.Masks = append(a.Masks, DecidedMask{Box: f.Mask, On: true, By: ByDetector, Found: f.Mask,
			Detector: f.Detector, Label: f.Label, Age: f.Age, Reason: f.Reason})
		if decided {
			a.Added++
		}
	}
	if decided && fromCopy && dec.Style == redact.Emoji && a.Added == 0 && !anyParent(a.Masks) {
		// A copy saved with the detector's masks as they were: nothing
		// the parent decided.
		decided = false
	}
	a.Decided = decided
	return a
}

// anyParent reports whether a mask was drawn, moved or resized by the
// parent.
func anyParent(masks []DecidedMask) bool {
	for _, m := range masks {
		if m.Box != m.Found {
			return true
		}
	}
	return false
}

// sameFace reports whether two boxes are the same face: they overlap by
// half or more of their union.
func sameFace(a, b image.Rectangle) bool {
	in := a.Intersect(b)
	if in.Empty() {
		return false
	}
	ia := in.Dx() * in.Dy()
	union := a.Dx()*a.Dy() + b.Dx()*b.Dy() - ia
	return 2*ia >= union
}

// PlanOf returns the plan a safe copy is drawn with: the masks turned on,
// in style, each with the design of its place among masks; a mask the
// parent drew, moved or resized is marked theirs.
func PlanOf(masks []DecidedMask, style redact.Style) redact.Plan {
	var plan redact.Plan
	for i, m := range masks {
		if m.On {
			plan.Masks = append(plan.Masks, redact.Mask{Box: m.Box.R(), Style: style, Design: i, Parent: m.Box != m.Found})
		}
	}
	return plan
}

// KeptDecision returns the parent's decision for the photo at path whose
// ContentHash is hash and whose upright size is w×h, as the review app
// finds it when it opens the photo: the store's, else (the store has none
// that can be read) the one the record of copies keeps (FromCopies, and
// fromCopy is true).
func KeptDecision(store *Decisions, rec *Record, path, hash string, w, h int) (dec Decision, state DecisionState, fromCopy bool) {
	dec, state = store.Get(hash, w, h)
	if state != Decided && store != nil {
		if d, ok := FromCopies(rec, path, hash, w, h); ok {
			return d, Decided, true
		}
	}
	return dec, state, false
}

// mayHold reports, without reading the photo, whether a decision may be
// kept for the photo at path whose ContentHash is hash: the store has an
// entry for it, or the record a copy of it made with the parent's masks.
func mayHold(store *Decisions, rec *Record, path, hash string) bool {
	if store == nil || len(hash) != sha256.Size*2 {
		return false
	}
	if _, err := os.Stat(store.entryPath(hash)); err == nil {
		return true
	}
	for _, c := range rec.CopiesOf(path) {
		if c.Source.SHA256 == hash && c.Made.Faces == MadeByParent {
			return true
		}
	}
	return false
}
