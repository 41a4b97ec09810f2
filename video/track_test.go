package video

import (
	"image"
	"testing"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/redact"
)

func face(x, y, s int, label string) detect.Face {
	r := detect.RectOf(image.Rect(x, y, x+s, y+s))
	return detect.Face{Box: r, Mask: r, Label: label}
}

func boxes(ms []redact.Mask) []image.Rectangle {
	var out []image.Rectangle
	for _, m := range ms {
		out = append(out, m.Box)
	}
	return out
}

// TestTrackerBridgesSearches: a face moving between two searches is
// masked over the box that holds both its places (so every place between);
// a face missed by one search is held where it was; a new face is masked
// from the frame after the last search; with children only, an adult
// stays visible; designs stay with their face.
func TestTrackerBridgesSearches(t *testing.T) {
	tr := &tracker{hold: 1, style: redact.Emoji, faces: redact.AllFaces}
	between, at := tr.next([]detect.Face{face(0, 0, 10, "child")})
	if len(between) != 1 || at[0].Box != image.Rect(0, 0, 10, 10) {
		t.Fatalf("first: %v %v", boxes(between), boxes(at))
	}
	// It moves by 6 px: between, the box holding both places.
	between, at = tr.next([]detect.Face{face(6, 0, 10, "child")})
	if between[0].Box != image.Rect(0, 0, 16, 10) || at[0].Box != image.Rect(6, 0, 16, 10) {
		t.Fatalf("moved: %v %v", boxes(between), boxes(at))
	}
	design := at[0].Design
	// Missed once: held where it was; a new face far away appears.
	between, at = tr.next([]detect.Face{face(100, 100, 10, "adult")})
	if len(between) != 2 || between[0].Box != image.Rect(6, 0, 16, 10) || between[0].Design != design {
		t.Fatalf("held: %v", between)
	}
	// Missed twice: gone; the new face stays.
	between, _ = tr.next([]detect.Face{face(101, 100, 10, "adult")})
	if len(between) != 1 || between[0].Box.Min.X != 100 {
		t.Fatalf("dropped: %v", boxes(between))
	}

	kids := &tracker{hold: 1, style: redact.Solid, faces: redact.Children}
	_, at = kids.next([]detect.Face{face(0, 0, 10, "child"), face(50, 0, 10, "adult")})
	if len(at) != 1 || at[0].Box.Min.X != 0 {
		t.Errorf("children only: %v", boxes(at))
	}
}
