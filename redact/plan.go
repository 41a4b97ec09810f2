package redact

import (
	"fmt"

	"github.com/sharesafe/sharesafe/detect"
)

// Faces chooses which detected faces get a mask.
type Faces string

// The face selections of `--faces`.
const (
	AllFaces Faces = "all"      // every face
	Children Faces = "children" // likely children and every face whose age is unsure
	NoFaces  Faces = "none"     // metadata only
)

// ParseFaces checks a face selection.
func ParseFaces(s string) (Faces, error) {
	switch Faces(s) {
	case AllFaces, Children, NoFaces:
		return Faces(s), nil
	}
	return "", fmt.Errorf("unknown face selection %q (choose all, children or none)", s)
}

// PlanFor returns the masks for the faces of a report.
func PlanFor(r detect.Report, which Faces, style Style) Plan {
	var p Plan
	for i, f := range r.Faces {
		if which == NoFaces || (which == Children && f.Label == detect.LabelAdult) {
			continue
		}
		p.Masks = append(p.Masks, Mask{Box: f.Mask.R(), Style: style, Design: i})
	}
	return p
}
