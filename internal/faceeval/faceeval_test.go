package main

import (
	"os"
	"testing"

	"github.com/sharesafe/sharesafe/detect"
)

// TestFacesCorpus runs the evaluation on ../shared/corpus/faces with the
// default settings and holds the figures the README reports: they beat
// pigo's README settings (recall 0.41 at precision 0.83, BASELINES.md) on
// recall at no worse precision, and every found face's mask contains its
// labelled box in at least 95% of cases.
func TestFacesCorpus(t *testing.T) {
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
	s := score(runs, detect.DefaultFaceOptions.Threshold)
	t.Logf("R %.3f P %.3f masked %.3f mask precision %.3f contained %d/%d", s.recall[0], s.precision[0], s.masked, s.maskPrecision, s.contained, s.containedOf)
	if s.faces != 376 {
		t.Errorf("%d scored faces, want the 376 of BASELINES.md", s.faces)
	}
	if s.recall[0] <= 0.41 || s.precision[0] < 0.83 {
		t.Errorf("recall %.2f precision %.2f: not better than pigo's README settings (0.41, 0.83)", s.recall[0], s.precision[0])
	}
	if float64(s.contained) < 0.95*float64(s.containedOf) {
		t.Errorf("masks contain the labelled box of %d of %d found faces: under 95%%", s.contained, s.containedOf)
	}
	if s.maskPrecision < 0.95 {
		t.Errorf("mask precision %.2f, under 0.95", s.maskPrecision)
	}
}

// TestAgesCorpus runs the tool on ../shared/corpus/ages: the share of
// FairFace crops in which a face is found, and the child estimate at the
// under-13 threshold (the README's figures).
func TestAgesCorpus(t *testing.T) {
	dir := "../../../shared/corpus/ages"
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
	t.Logf("face found in %d of %d crops; sensitivity 0-9 %d/%d; specificity 20+ %d/%d", s.found, s.total, s.kidsChild, s.kids, s.adultsNotChild, s.adults)
	if s.total != 270 || float64(s.found) < 0.65*float64(s.total) {
		t.Errorf("face found in %d of %d crops", s.found, s.total)
	}
	if ratio(s.kidsChild, s.kids) < 0.9 {
		t.Errorf("sensitivity for ages 0-9: %d of %d, under 0.9", s.kidsChild, s.kids)
	}
	if ratio(s.adultsNotChild, s.adults) < 0.97 {
		t.Errorf("specificity for ages 20+: %d of %d, under 0.97", s.adultsNotChild, s.adults)
	}
}
