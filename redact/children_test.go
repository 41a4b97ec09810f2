package redact

import (
	"testing"

	"github.com/sharesafe/sharesafe/detect"
)

// TestChildrenMasksChildAndUnsure: --faces children masks every face
// labelled child or unsure, whatever the reason it is unsure, and leaves
// only adults visible.
func TestChildrenMasksChildAndUnsure(t *testing.T) {
	r := detect.Report{}
	faces := []detect.Face{{Label: detect.LabelChild}, {Label: detect.LabelAdult}}
	for _, why := range detect.UnsureReasons {
		faces = append(faces, detect.Face{Label: detect.LabelUnsure, Reason: why})
	}
	for i := range faces {
		faces[i].Mask = detect.Rect{10 * i, 0, 8, 8}
	}
	r.Faces = faces
	p := PlanFor(r, Children, Style(""))
	masked := map[int]bool{}
	for _, m := range p.Masks {
		masked[m.Design] = true
	}
	for i, f := range faces {
		if want := f.Label != detect.LabelAdult; masked[i] != want {
			t.Errorf("face %d (%s, %q): masked %v, want %v", i, f.Label, f.Reason, masked[i], want)
		}
	}
}
