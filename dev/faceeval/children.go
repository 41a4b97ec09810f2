package main

import (
	"encoding/json"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
)

// tally counts faces by label and, for unsure ones, by reason.
type tally struct {
	photos, faces int
	smallAdults   int // faces under detect.MinAgeFace labelled adult
	labels        map[string]int
	reasons       map[string]int
	// Of the faces whose box overlaps a labelled face's by at least 0.3
	// (IoU), and of the others: how many, and how many are unsure because
	// no second detector confirmed them (detect.ReasonUnconfirmed).
	labelled, labelledUnconfirmed int
	other, otherUnconfirmed       int
}

func (t tally) print(w io.Writer) {
	fmt.Fprintf(w, "%d faces in %d photos\n\n| label | faces | share |\n|---|---|---|\n", t.faces, t.photos)
	for _, l := range []string{detect.LabelChild, detect.LabelUnsure, detect.LabelAdult} {
		fmt.Fprintf(w, "| %s | %d | %.2f |\n", l, t.labels[l], ratio(t.labels[l], t.faces))
	}
	fmt.Fprintf(w, "\n| unsure because | faces |\n|---|---|\n")
	for _, r := range append([]string{""}, detect.UnsureReasons...) {
		if n := t.reasons[r]; n > 0 {
			name := r
			if r == "" {
				name = "its predicted age (between the cuts)"
			}
			fmt.Fprintf(w, "| %s | %d |\n", name, n)
		}
	}
	fmt.Fprintf(w, "\nunconfirmed (%s): %d of the %d faces on a labelled face, %d of the %d others\n",
		detect.ReasonUnconfirmed, t.labelledUnconfirmed, t.labelled, t.otherUnconfirmed, t.other)
}

// onLabelledFace reports whether box overlaps a labelled box [x, y, w, h]
// by an IoU of at least 0.3.
func onLabelledFace(box detect.Rect, labels [][4]float64) bool {
	a := box.R()
	for _, l := range labels {
		b := image.Rect(int(l[0]), int(l[1]), int(l[0]+l[2]), int(l[1]+l[3]))
		in := a.Intersect(b)
		i := float64(in.Dx() * in.Dy())
		if u := float64(a.Dx()*a.Dy()+b.Dx()*b.Dy()) - i; u > 0 && i/u >= 0.3 {
			return true
		}
	}
	return false
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// labelCounts runs detection (merged) and the age estimate on every photo
// of a truth.json folder and counts the labels.
func labelCounts(dir string, opt detect.FaceOptions) (tally, error) {
	t := tally{labels: map[string]int{}, reasons: map[string]int{}}
	var labels []truth
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		return t, err
	}
	if err := json.Unmarshal(b, &labels); err != nil {
		return t, fmt.Errorf("%s: %w", filepath.Join(dir, "truth.json"), err)
	}
	for _, l := range labels {
		p, err := photo.Open(filepath.Join(dir, l.File), photo.DefaultLimits)
		if err != nil {
			return t, err
		}
		faces, err := detect.Faces(p.Image, opt)
		if err != nil {
			return t, err
		}
		if err := detect.EstimateAges(p.Image, faces, 1); err != nil {
			return t, err
		}
		t.photos++
		for _, f := range faces {
			t.faces++
			t.labels[f.Label]++
			if min(f.Box[2], f.Box[3]) < detect.MinAgeFace && f.Label == detect.LabelAdult {
				t.smallAdults++
			}
			if f.Label == detect.LabelUnsure {
				t.reasons[f.Reason]++
			}
			un := f.Reason == detect.ReasonUnconfirmed
			if onLabelledFace(f.Box, l.Boxes) {
				t.labelled++
				t.labelledUnconfirmed += b2i(un)
			} else {
				t.other++
				t.otherUnconfirmed += b2i(un)
			}
		}
	}
	return t, nil
}

// childSet is a labels.json of real photos: each face's box and the age
// group judged by eye (child, teenager or adult). Files are relative to the
// labels file's folder.
type childSet []struct {
	File  string `json:"file"`
	Faces []struct {
		Box  [4]float64 `json:"box"`
		Age  string     `json:"age"`
		Note string     `json:"note,omitempty"`
	} `json:"faces"`
}

// childResult is what --faces children did to one labelled face.
type childResult struct {
	file, age, note string
	box             image.Rectangle
	found, masked   bool
	label, reason   string
	estimate        float64
}

// childrenRun detects faces and estimates ages on every photo of the set
// and matches each labelled face to the detected face overlapping it most
// (IoU at least 0.3); a face counts as masked when redact.PlanFor with
// --faces children masks at least half of it.
func childrenRun(path string) ([]childResult, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var set childSet
	if err := json.Unmarshal(b, &set); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []childResult
	for _, s := range set {
		file := filepath.Join(filepath.Dir(path), s.File)
		p, err := photo.Open(file, photo.DefaultLimits)
		if err != nil {
			return nil, err
		}
		faces, err := detect.Faces(p.Image, detect.DefaultFaceOptions)
		if err != nil {
			return nil, err
		}
		if err := detect.EstimateAges(p.Image, faces, 1); err != nil {
			return nil, err
		}
		plan := redact.PlanFor(detect.Report{Faces: faces}, redact.Children, redact.Style(""))
		var masks []image.Rectangle
		for _, m := range plan.Masks {
			masks = append(masks, m.Box)
		}
		for _, l := range s.Faces {
			r := childResult{file: s.File, age: l.Age, note: l.Note, box: rect(l.Box), estimate: -1}
			best := 0.3
			for _, f := range faces {
				if v := detect.IoU(f.Box.R(), r.box); v >= best {
					best, r.found, r.label, r.reason = v, true, f.Label, f.Reason
					if f.Age != nil {
						r.estimate = *f.Age
					}
				}
			}
			r.masked = covered(r.box, masks) >= 0.5
			out = append(out, r)
		}
	}
	return out, nil
}

// childrenReport prints, for each age group of the set, how many faces
// --faces children masks, and every child or teenager left visible.
func childrenReport(w io.Writer, path string) error {
	res, err := childrenRun(path)
	if err != nil {
		return err
	}
	type count struct{ faces, found, masked, child, unsure, adult int }
	by := map[string]*count{}
	for _, r := range res {
		c := by[r.age]
		if c == nil {
			c = &count{}
			by[r.age] = c
		}
		c.faces++
		if r.found {
			c.found++
			switch r.label {
			case detect.LabelChild:
				c.child++
			case detect.LabelUnsure:
				c.unsure++
			default:
				c.adult++
			}
		}
		if r.masked {
			c.masked++
		}
	}
	fmt.Fprintln(w, "| judged by eye | faces | found | child | unsure | adult | masked by --faces children |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, a := range []string{"child", "teenager", "adult"} {
		if c := by[a]; c != nil {
			fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d | %d (%.2f) |\n", a, c.faces, c.found, c.child, c.unsure, c.adult, c.masked, ratio(c.masked, c.faces))
		}
	}
	fmt.Fprintln(w, "\nwhy faces judged children or teenagers are unsure:")
	why := map[string]int{}
	for _, r := range res {
		if r.age != "adult" && r.found && r.label == detect.LabelUnsure {
			why[r.reason]++
		}
	}
	for _, k := range append([]string{""}, detect.UnsureReasons...) {
		if why[k] > 0 {
			name := k
			if k == "" {
				name = "predicted age between the cuts"
			}
			fmt.Fprintf(w, "- %s: %d\n", name, why[k])
		}
	}
	sort.SliceStable(res, func(i, j int) bool { return res[i].age < res[j].age })
	fmt.Fprintln(w, "\nevery labelled face:")
	fmt.Fprintln(w, "| photo | box | judged by eye | label | reason | estimate | masked |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, r := range res {
		label, est := "not found", "-"
		if r.found {
			label = r.label
			if r.estimate >= 0 {
				est = fmt.Sprintf("%.1f", r.estimate)
			}
		}
		fmt.Fprintf(w, "| %s | %v | %s | %s | %s | %s | %v |\n", filepath.Base(r.file), r.box, r.age, label, r.reason, est, r.masked)
	}
	fmt.Fprintln(w, "\nchildren and teenagers left visible:")
	for _, r := range res {
		if r.age == "adult" || r.masked {
			continue
		}
		miss := "not found by the detectors"
		if r.found {
			miss = fmt.Sprintf("labelled %s, estimate %.1f years", r.label, r.estimate)
		}
		fmt.Fprintf(w, "- %s %v (%s, %s): %s\n", filepath.Base(r.file), r.box, r.age, r.note, miss)
	}
	return nil
}
