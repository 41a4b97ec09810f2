package engine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"time"
)

// Decision is a parent's decisions for one photo in the review app, kept
// in the record as they are made (not only when copies are saved): the
// masks, each marked as the detector's or the parent's, and the photo's
// mask style. It is keyed by the photo's bytes (FileSum.SHA256, from
// SumFile): a photo moved or renamed keeps its decisions, and a photo
// changed since is a new photo with none (its masks were drawn on the old
// pixels).
type Decision struct {
	Format int    `json:"format"`
	Photo  string `json:"photo"` // the SHA-256 of the photo's bytes
	Path   string `json:"path"`  // where the photo was when decided
	Style  string `json:"style,omitempty"`
	// Masks are every mask the photo's copy is to have, the detector's
	// kept included; an empty list means the parent removed them all.
	Masks []Mask    `json:"masks"`
	When  time.Time `json:"when"`
}

// SumFile returns the SHA-256 and stamp of a file's bytes: the key of a
// Decision.
func SumFile(path string) (FileSum, error) { return sumFile(path) }

func (r *Record) decisionPath(sum string) string {
	return filepath.Join(r.dir, "decisions", sum[:2], sum+".json")
}

// Decision returns the parent's decisions for the photo whose bytes have
// this SHA-256; an entry that cannot be read or is not that photo's is
// ignored.
func (r *Record) Decision(sum string) (Decision, bool) {
	if r == nil || len(sum) != 64 {
		return Decision{}, false
	}
	b, err := os.ReadFile(r.decisionPath(sum))
	if err != nil {
		return Decision{}, false
	}
	var d Decision
	if json.Unmarshal(b, &d) != nil || d.Format != recordFormat || d.Photo != sum || d.Masks == nil {
		return Decision{}, false
	}
	for _, m := range d.Masks {
		if m.Box[2] <= 0 || m.Box[3] <= 0 {
			return Decision{}, false
		}
	}
	return d, true
}

// SaveDecision keeps the parent's decisions for d.Photo, replacing those
// kept before (atomically: a crash leaves the old ones or the new ones).
func (r *Record) SaveDecision(d Decision) error {
	if r == nil {
		return nil
	}
	if len(d.Photo) != 64 {
		return os.ErrInvalid
	}
	d.Format = recordFormat
	if d.Masks == nil {
		d.Masks = []Mask{}
	}
	if d.When.IsZero() {
		d.When = time.Now().UTC()
	}
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return r.writeFile(r.decisionPath(d.Photo), b, false)
}

// ForgetDecision drops the parent's decisions for a photo (back to the
// detector's masks).
func (r *Record) ForgetDecision(sum string) error {
	if r == nil || len(sum) != 64 {
		return nil
	}
	err := os.Remove(r.decisionPath(sum))
	if os.IsNotExist(err) {
		return nil
	}
	return err
}
