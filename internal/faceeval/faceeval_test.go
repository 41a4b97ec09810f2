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
// FairFace crops in which a face is found.
func TestAgesCorpus(t *testing.T) {
	dir := "../../../shared/corpus/ages"
	if raceEnabled {
		t.Skip("no concurrency here; skipped under the race detector")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/corpus/ages absent")
	}
	found, byAge, err := findCrops(dir, detect.DefaultFaceOptions)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, c := range byAge {
		total += c[1]
	}
	t.Logf("face found in %d of %d crops", found, total)
	if total != 270 || float64(found) < 0.65*float64(total) {
		t.Errorf("face found in %d of %d crops", found, total)
	}
}
