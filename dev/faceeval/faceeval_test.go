package main

import (
	"os"
	"testing"

	"github.com/sharesafe/sharesafe/detect"
)

// TestFacesCorpus runs the evaluation on ../shared/corpus/faces with the
// default settings and holds the figures docs/speed.md reports: the merged
// detectors mask at least 84% of the labelled faces (issue #14: no fewer
// than before it was made faster) at a mask precision of at least 0.95;
// pigo alone (upright and turned) still beats its README settings (recall
// 0.41 at precision 0.83, BASELINES.md); and every found face's mask
// contains its labelled box in at least 95% of cases.
func TestFacesCorpus(t *testing.T) {
	skipUnlessLong(t)
	dir := "../../../shared/corpus/faces"
	if raceEnabled {
		t.Skip("no concurrency here; skipped under the race detector")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/corpus/faces absent")
	}
	runs, _, err := detectAll(dir, detect.DefaultFaceOptions)
	if err != nil {
		t.Fatal(err)
	}
	s := score(runs, limitsOf(detect.DefaultFaceOptions))
	t.Logf("merged: R %.3f P %.3f masked %.3f mask precision %.3f contained %d/%d", s.recall[0], s.precision[0], s.masked, s.maskPrecision, s.contained, s.containedOf)
	if s.faces != 376 {
		t.Errorf("%d scored faces, want the 376 of BASELINES.md", s.faces)
	}
	if s.masked < 0.84 || s.maskPrecision < 0.95 {
		t.Errorf("merged: masked recall %.3f at mask precision %.3f, want at least 0.84 at 0.95", s.masked, s.maskPrecision)
	}
	if float64(s.contained) < 0.95*float64(s.containedOf) {
		t.Errorf("masks contain the labelled box of %d of %d found faces: under 95%%", s.contained, s.containedOf)
	}
	pigoOnly := detect.ThreeDetectorOptions
	pigoOnly.SSDSize, pigoOnly.Blaze, pigoOnly.Threshold = 0, false, 8
	pigoOnly.Angles = []float64{0, -11.25, 11.25}
	runs, _, err = detectAll(dir, pigoOnly)
	if err != nil {
		t.Fatal(err)
	}
	p := score(runs, limits{detect.DetectorPigo: 8})
	t.Logf("pigo alone at 8: R %.3f P %.3f", p.recall[0], p.precision[0])
	if p.recall[0] <= 0.41 || p.precision[0] < 0.83 {
		t.Errorf("pigo: recall %.2f precision %.2f: not better than pigo's README settings (0.41, 0.83)", p.recall[0], p.precision[0])
	}
}

// TestAgesCorpus runs the tool on ../shared/corpus/ages: the share of
// FairFace crops in which a face is found, and the child estimate at
// detect's cut points (docs/children.md). Long: SHARESAFE_LONG=1.
func TestAgesCorpus(t *testing.T) {
	skipUnlessLong(t)
	dir := "../../../shared/corpus/ages"
	if os.Getenv("SHARESAFE_LONG") == "" {
		t.Skip("long test: set SHARESAFE_LONG=1")
	}
	if raceEnabled {
		t.Skip("no concurrency here; skipped under the race detector")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/corpus/ages absent")
	}
	byAge, err := findCrops(dir, detect.DefaultFaceOptions)
	if err != nil {
		t.Fatal(err)
	}
	s := summarize(byAge)
	t.Logf("face found in %d of %d crops; 0-9 child %d/%d, masked %d/%d; 20+ not child %d/%d",
		s.found, s.total, s.kidsChild, s.kids, s.kidsMasked, s.kids, s.adultsNotChild, s.adults)
	if s.total != 270 || float64(s.found) < 0.98*float64(s.total) {
		t.Errorf("face found in %d of %d crops, under 98%%", s.found, s.total)
	}
	if ratio(s.kidsChild, s.kids) < agesKidsChild {
		t.Errorf("ages 0-9 labelled child: %d of %d, under %.2f", s.kidsChild, s.kids, agesKidsChild)
	}
	if ratio(s.kidsMasked, s.kids) < agesKidsMasked {
		t.Errorf("ages 0-9 masked by --faces children: %d of %d, under %.2f", s.kidsMasked, s.kids, agesKidsMasked)
	}
	if ratio(s.adultsNotChild, s.adults) < agesAdultsSpared {
		t.Errorf("ages 20+ not labelled child: %d of %d, under %.2f", s.adultsNotChild, s.adults, agesAdultsSpared)
	}
}

// The figures TestAgesCorpus holds (docs/children.md): 53 of 60 children
// aged 0-9 labelled child, 56 of 60 masked, 177 of 180 adults not labelled
// child (defaultAgeRecipe and the cuts of detect, chosen on the other 270
// crops of the FairFace sample: every crop here is held out). The issue's
// 0.98 of adults is reached; its 0.94 of children is not, and cannot be
// under its own rules: three children are in profile (unsure, never child)
// and one crop labelled 3-9 shows an adult, so at most 56 of 60 (0.933).
const (
	agesKidsChild    = 0.883
	agesKidsMasked   = 0.933
	agesAdultsSpared = 0.983
)

// TestChildrenSet runs --faces children on the real photos of
// testdata/children (faces of ../shared/corpus/faces labelled by eye) and
// holds what docs/children.md reports.
func TestChildrenSet(t *testing.T) {
	if raceEnabled {
		t.Skip("no concurrency here; skipped under the race detector")
	}
	if _, err := os.Stat("../../../shared/corpus/faces"); err != nil {
		t.Skip("../shared/corpus/faces absent")
	}
	res, err := childrenRun("../../testdata/children/labels.json")
	if err != nil {
		t.Fatal(err)
	}
	masked := map[string]int{}
	total := map[string]int{}
	adults := 0 // children labelled adult
	for _, r := range res {
		total[r.age]++
		if r.masked {
			masked[r.age]++
		}
		if r.age == "child" && r.found && r.label == detect.LabelAdult {
			adults++
			t.Logf("%s %v: a child labelled adult (estimate %.1f)", r.file, r.box, r.estimate)
		}
	}
	if adults > childrenLabelledAdult {
		t.Errorf("%d children labelled adult, want at most %d", adults, childrenLabelledAdult)
	}
	t.Logf("masked: children %d/%d, teenagers %d/%d, adults %d/%d", masked["child"], total["child"],
		masked["teenager"], total["teenager"], masked["adult"], total["adult"])
	if total["child"] != 20 || total["teenager"] != 12 || total["adult"] != 5 {
		t.Fatalf("labels: %v, want 20 children, 12 teenagers, 5 adults", total)
	}
	if masked["child"] < childrenMasked {
		t.Errorf("--faces children masks %d of 20 children, want at least %d", masked["child"], childrenMasked)
	}
}

// childrenMasked is how many of the 20 children of testdata/children
// --faces children masks, and childrenLabelledAdult how many children found
// are labelled adult: docs/children.md.
const (
	childrenMasked        = 18
	childrenLabelledAdult = 0
)

// TestFacesCorpusLabels labels the faces of ../shared/corpus/faces: every
// face too small to judge is unsure, and every unsure face says why.
// Long: SHARESAFE_LONG=1.
func TestFacesCorpusLabels(t *testing.T) {
	skipUnlessLong(t)
	if raceEnabled {
		t.Skip("no concurrency here; skipped under the race detector")
	}
	dir := "../../../shared/corpus/faces"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/corpus/faces absent")
	}
	tl, err := labelCounts(dir, detect.DefaultFaceOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d faces: %v; unsure because %v", tl.faces, tl.labels, tl.reasons)
	if tl.labels[detect.LabelChild]+tl.labels[detect.LabelUnsure]+tl.labels[detect.LabelAdult] != tl.faces {
		t.Errorf("faces without a label: %v of %d", tl.labels, tl.faces)
	}
	if tl.smallAdults > 0 {
		t.Errorf("%d faces under %d px labelled adult", tl.smallAdults, detect.MinAgeFace)
	}
}

// skipUnlessLong skips a corpus sweep unless SHARESAFE_LONG is set: `go
// test ./...` stays fast; .ci/run sets it.
func skipUnlessLong(t *testing.T) {
	t.Helper()
	if os.Getenv("SHARESAFE_LONG") == "" {
		t.Skip("long test: set SHARESAFE_LONG=1 (as .ci/run does)")
	}
}
