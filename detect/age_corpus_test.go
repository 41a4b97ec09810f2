package detect

import (
	"encoding/json"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/photo"
)

// agesDir is the FairFace crops of the shared corpus.
const agesDir = "../../shared/corpus/ages"

// ageCase is one crop of agesDir with the face found nearest its centre.
type ageCase struct {
	dir, file, group string
	dev              bool // the half the thresholds are chosen on
	found            bool
	face             Face
	facts            ageFacts
}

// ageGroupLow is the lower bound of an age group ("3-9" -> 3, "70+" -> 70).
func ageGroupLow(g string) int {
	var n int
	fmt.Sscanf(strings.TrimRight(strings.SplitN(g, "-", 2)[0], "+"), "%d", &n)
	return n
}

// loadAgeCases detects faces in every crop of agesDir (default options) and
// keeps the one nearest the crop's centre (centredFace); the crops of each
// age group alternate between the development half and the test half in
// file order. When SHARESAFE_AGE_DEV names a folder of more FairFace crops
// (with its ground_truth.json; docs/children.md says where they come
// from), its crops that are not in agesDir are the development set and
// every crop of agesDir is held out.
func loadAgeCases(t *testing.T) []ageCase {
	t.Helper()
	type truth struct {
		Filename string `json:"filename"`
		Age      string `json:"age"`
	}
	read := func(dir string) []truth {
		b, err := os.ReadFile(filepath.Join(dir, "ground_truth.json"))
		if err != nil && dir == agesDir {
			t.Skip("../shared/corpus/ages absent")
		} else if err != nil {
			t.Fatalf("SHARESAFE_AGE_DEV: %v", err)
		}
		var gt []truth
		if err := json.Unmarshal(b, &gt); err != nil {
			t.Fatal(err)
		}
		sort.Slice(gt, func(i, j int) bool { return gt[i].Filename < gt[j].Filename })
		return gt
	}
	type source struct {
		dir string
		truth
		dev bool
	}
	var all []source
	devDir := os.Getenv("SHARESAFE_AGE_DEV")
	seen := map[string]int{}
	inCorpus := map[string]bool{}
	for _, g := range read(agesDir) {
		inCorpus[g.Filename] = true
		all = append(all, source{agesDir, g, devDir == "" && seen[g.Age]%2 == 0})
		seen[g.Age]++
	}
	if devDir != "" {
		for _, g := range read(devDir) {
			if !inCorpus[g.Filename] {
				all = append(all, source{devDir, g, true})
			}
		}
	}
	// Detection takes minutes; SHARESAFE_AGE_CACHE names a file that keeps
	// the faces found between runs.
	type cached struct {
		Found   bool
		Face    Face
		PigoBox Rect
		KP      *Keypoints
	}
	cache := map[string]cached{}
	cacheFile := os.Getenv("SHARESAFE_AGE_CACHE")
	if cacheFile != "" {
		if b, err := os.ReadFile(cacheFile); err == nil {
			if err := json.Unmarshal(b, &cache); err != nil {
				t.Fatal(err)
			}
		}
	}
	var cases []ageCase
	for _, g := range all {
		c := ageCase{dir: g.dir, file: g.Filename, group: g.Age, dev: g.dev}
		if k, ok := cache[g.Filename]; ok {
			c.found, c.face = k.Found, k.Face
			c.face.pigoBox, c.face.kp = k.PigoBox, k.KP
			cases = append(cases, c)
			continue
		}
		p, err := photo.Open(filepath.Join(g.dir, g.Filename), photo.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		faces, err := Faces(p.Image, DefaultFaceOptions)
		if err != nil {
			t.Fatal(err)
		}
		if len(faces) > 0 {
			c.found, c.face = true, centredFace(faces, p.Image.Bounds())
		}
		cache[g.Filename] = cached{c.found, c.face, c.face.pigoBox, c.face.kp}
		cases = append(cases, c)
	}
	if cacheFile != "" {
		b, err := json.Marshal(cache)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(cacheFile, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return cases
}

// centredFace returns the face whose box centre is nearest the centre of
// the crop: FairFace crops are cut around the labelled face (its box and a
// margin), so when a crop holds two faces (a baby in his mother's arms) the
// labelled one is the centred one, not always the largest.
func centredFace(faces []Face, b image.Rectangle) Face {
	cx, cy := float64(b.Min.X+b.Max.X)/2, float64(b.Min.Y+b.Max.Y)/2
	best, bestD := 0, math.Inf(1)
	for i, f := range faces {
		dx := float64(f.Box[0]) + float64(f.Box[2])/2 - cx
		dy := float64(f.Box[1]) + float64(f.Box[3])/2 - cy
		if d := dx*dx + dy*dy; d < bestD {
			best, bestD = i, d
		}
	}
	return faces[best]
}

// measureAges runs the recipe on every case's face.
func measureAges(t *testing.T, cases []ageCase, rc ageRecipe) []ageCase {
	t.Helper()
	net, err := loadAgeNet()
	if err != nil {
		t.Fatal(err)
	}
	out := append([]ageCase(nil), cases...)
	for i := range out {
		if !out[i].found {
			continue
		}
		p, err := photo.Open(filepath.Join(out[i].dir, out[i].file), photo.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if out[i].facts, err = ageMeasure(p.Image, out[i].face, net, rc); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// ageFigures are the figures of one recipe.
type ageFigures struct {
	found, total   int
	auc            float64 // children 0-9 against adults 20+, all found faces
	aucDev, aucTst float64 // the same on each half
	cut            float64 // child cut chosen on the development half
	sens, spec     float64 // on the test half at that cut
	allSens, allSp float64 // on both halves
	reasons        map[string]int
}

// isKid and isAdult are the groups the figures compare.
func isKid(g string) bool   { return ageGroupLow(g) < 10 }
func isAdult(g string) bool { return ageGroupLow(g) >= 20 }

// childCut returns the largest cut (in tenths of years) at which at least
// 0.98 of the development half's adults are predicted at least that old.
func childCut(cases []ageCase) float64 {
	var adults []float64
	for _, c := range cases {
		if c.dev && c.found && c.facts.ok && isAdult(c.group) {
			adults = append(adults, c.facts.age)
		}
	}
	best := 0.0
	for cut := 5.0; cut <= 30; cut += 0.1 {
		spared := 0
		for _, a := range adults {
			if a >= cut {
				spared++
			}
		}
		if float64(spared) >= 0.98*float64(len(adults)) {
			best = math.Round(cut*10) / 10
		}
	}
	return best
}

// figures scores cases labelled with the child cut: a face is labelled
// child when labelFor finds no reason to be unsure and its age is under the
// cut.
func figures(cases []ageCase, rc ageRecipe, cut float64) ageFigures {
	f := ageFigures{total: len(cases), cut: cut, reasons: map[string]int{}}
	var kidAges, adultAges []float64
	var kid, kidChild, adult, adultOK [2]int // [test, dev]
	for _, c := range cases {
		if !c.found {
			continue
		}
		f.found++
		_, reason := labelFor(c.face, c.facts, rc)
		if reason != "" {
			f.reasons[reason]++
		}
		child := reason == "" && c.facts.age < cut
		h := 0
		if c.dev {
			h = 1
		}
		switch {
		case isKid(c.group):
			kidAges = append(kidAges, c.facts.age)
			kid[h]++
			if child {
				kidChild[h]++
			}
		case isAdult(c.group):
			adultAges = append(adultAges, c.facts.age)
			adult[h]++
			if !child {
				adultOK[h]++
			}
		}
	}
	f.auc = aucOf(kidAges, adultAges)
	f.aucDev, f.aucTst = halfAUC(cases, true), halfAUC(cases, false)
	f.sens = float64(kidChild[0]) / float64(max(1, kid[0]))
	f.spec = float64(adultOK[0]) / float64(max(1, adult[0]))
	f.allSens = float64(kidChild[0]+kidChild[1]) / float64(max(1, kid[0]+kid[1]))
	f.allSp = float64(adultOK[0]+adultOK[1]) / float64(max(1, adult[0]+adult[1]))
	return f
}

// adultCut returns the smallest cut (in tenths of years), at least child,
// at which at least 0.98 of the development half's children 0-9 are masked
// by --faces children: labelled child or unsure, for their predicted age
// (under the cut) or for a reason.
func adultCut(cases []ageCase, rc ageRecipe, child float64) float64 {
	var kids []float64 // predicted ages of the children no reason masks
	n := 0
	for _, c := range cases {
		if !c.dev || !c.found || !isKid(c.group) {
			continue
		}
		n++
		if _, reason := labelFor(c.face, c.facts, rc); reason == "" {
			kids = append(kids, c.facts.age)
		}
	}
	for cut := child; cut <= 60; cut += 0.1 {
		masked := n - len(kids)
		for _, a := range kids {
			if a < cut {
				masked++
			}
		}
		if float64(masked) >= 0.98*float64(n) {
			return math.Round(cut*10) / 10
		}
	}
	return 60
}

// threeWay are the figures of one half with a child cut and an adult cut:
// children 0-9 labelled child and masked (child or unsure), adults 20+ not
// labelled child and labelled adult.
type threeWay struct{ kids, kidsChild, kidsMasked, adults, adultsNotChild, adultsAdult int }

func threeWayOf(cases []ageCase, rc ageRecipe, child, adult float64, dev bool) threeWay {
	var w threeWay
	for _, c := range cases {
		if c.dev != dev || !c.found {
			continue
		}
		_, reason := labelFor(c.face, c.facts, rc)
		isChild := reason == "" && c.facts.age < child
		isAdultLabel := reason == "" && c.facts.age >= adult
		switch {
		case isKid(c.group):
			w.kids++
			if isChild {
				w.kidsChild++
			}
			if !isAdultLabel {
				w.kidsMasked++
			}
		case isAdult(c.group):
			w.adults++
			if !isChild {
				w.adultsNotChild++
			}
			if isAdultLabel {
				w.adultsAdult++
			}
		}
	}
	return w
}

func (w threeWay) String() string {
	return fmt.Sprintf("%d/%d | %d/%d | %d/%d | %d/%d", w.kidsChild, w.kids, w.kidsMasked, w.kids, w.adultsNotChild, w.adults, w.adultsAdult, w.adults)
}

// aucOf is the share of (child, adult) pairs in which the child is
// predicted younger (ties count half).
func aucOf(kidAges, adultAges []float64) float64 {
	pairs := 0.0
	for _, k := range kidAges {
		for _, a := range adultAges {
			switch {
			case k < a:
				pairs++
			case k == a:
				pairs += 0.5
			}
		}
	}
	return pairs / float64(max(1, len(kidAges)*len(adultAges)))
}

// halfAUC is aucOf on the found faces of one half.
func halfAUC(cases []ageCase, dev bool) float64 {
	var kids, adults []float64
	for _, c := range cases {
		if c.dev != dev || !c.found || !c.facts.ok {
			continue
		}
		if isKid(c.group) {
			kids = append(kids, c.facts.age)
		} else if isAdult(c.group) {
			adults = append(adults, c.facts.age)
		}
	}
	return aucOf(kids, adults)
}

// ageRecipes are the recipes TestAgeRecipes measures.
var ageRecipes = []struct {
	name string
	rc   ageRecipe
}{
	{"box (before)", ageRecipe{}},
	{"box, flipped", ageRecipe{flip: true}},
	{"eyes, keypoints of the whole photo", ageRecipe{eyes: true}},
	{"eyes, keypoints of the whole photo, flipped", ageRecipe{eyes: true, flip: true}},
	{"eyes, BlazeFace on the face's region", ageRecipe{eyes: true, rerun: true}},
	{"eyes, BlazeFace on the region, flipped", ageRecipe{eyes: true, rerun: true, flip: true}},
	{"BlazeFace eyes, 2.5 eye distances centred on the eyes, flipped", ageRecipe{eyes: true, rerun: true, flip: true, frame: cropFrame{2.5, 0, true}}},
	{"BlazeFace eyes, 2.75 eye distances centred on the eyes, flipped", ageRecipe{eyes: true, rerun: true, flip: true, frame: cropFrame{2.75, 0, true}}},
	{"BlazeFace eyes, 3 eye distances centred on the eyes, flipped", ageRecipe{eyes: true, rerun: true, flip: true, frame: cropFrame{3, 0, true}}},
	{"68 landmarks, 2.5u 0.3u below, flipped", ageRecipe{eyes: true, rerun: true, flip: true, landmarks: true}},
	{"68 landmarks, 2.5 eye distances centred on the eyes, flipped", ageRecipe{eyes: true, rerun: true, flip: true, landmarks: true, frame: cropFrame{2.5, 0, true}}},
	{"68 landmarks, 2.75 eye distances centred on the eyes, flipped", ageRecipe{eyes: true, rerun: true, flip: true, landmarks: true, frame: cropFrame{2.75, 0, true}}},
	{"68 landmarks, 3 eye distances centred on the eyes, flipped", ageRecipe{eyes: true, rerun: true, flip: true, landmarks: true, frame: cropFrame{3, 0, true}}},
	{"68 landmarks, 3 eye distances 0.3 below, flipped", ageRecipe{eyes: true, rerun: true, flip: true, landmarks: true, frame: cropFrame{3, 0.3, true}}},
	{"BlazeFace eyes of the whole photo, 2.75 eye distances centred on the eyes, flipped", ageRecipe{eyes: true, flip: true, frame: cropFrame{2.75, 0, true}}},
	{"BlazeFace eyes, 2.5, 2.75 and 3 eye distances centred on the eyes, flipped", ageRecipe{eyes: true, rerun: true, flip: true, frame: cropFrame{2.75, 0, true}, also: [2]cropFrame{{2.5, 0, true}, {3, 0, true}}}},
	{"BlazeFace eyes, 2.75 eye distances centred, 0.1 above and below, flipped", ageRecipe{eyes: true, rerun: true, flip: true, frame: cropFrame{2.75, 0, true}, also: [2]cropFrame{{2.75, -0.1, true}, {2.75, 0.1, true}}}},
	{"68 landmarks, 2.5u 0.3u below and 3 eye distances centred, flipped", ageRecipe{eyes: true, rerun: true, flip: true, landmarks: true, also: [2]cropFrame{{3, 0, true}}}},
	{"BlazeFace eyes, 2.75 eye distances centred on the eyes, youngest of the crop and its mirror", ageRecipe{eyes: true, rerun: true, flip: true, youngest: true, frame: cropFrame{2.75, 0, true}}},
	{"BlazeFace eyes, 2.5u 0.3u below, youngest of the crop and its mirror", ageRecipe{eyes: true, rerun: true, flip: true, youngest: true}},
	{"BlazeFace eyes, 2.75 eye distances centred, 0.1 above and below, youngest of six views", ageRecipe{eyes: true, rerun: true, flip: true, youngest: true, frame: cropFrame{2.75, 0, true}, also: [2]cropFrame{{2.75, -0.1, true}, {2.75, 0.1, true}}}},
	{"BlazeFace eyes, 2.5, 2.75 and 3 eye distances, youngest of six views", ageRecipe{eyes: true, rerun: true, flip: true, youngest: true, frame: cropFrame{2.75, 0, true}, also: [2]cropFrame{{2.5, 0, true}, {3, 0, true}}}},
	{"BlazeFace eyes, 2.5u 0.3u below, youngest of the crop and its mirror, mean with faceres (3.5 eye distances 0.25 below, flipped)", ageRecipe{eyes: true, rerun: true, flip: true, youngest: true, second: true}},
	{"BlazeFace eyes, 2.75 eye distances centred on the eyes, flipped, mean with faceres (3.5 eye distances 0.25 below, flipped)", ageRecipe{eyes: true, rerun: true, flip: true, frame: cropFrame{2.75, 0, true}, second: true}},
}

// TestAgeRecipes prints, for each crop recipe, the figures on
// ../shared/corpus/ages that chose defaultAgeRecipe (docs/children.md).
// It measures and prints; it holds nothing (TestAgesCorpus in
// dev/faceeval holds the figures), so CI does not run it:
// SHARESAFE_AGE_RECIPES=1 go test ./detect -run TestAgeRecipes -v
func TestAgeRecipes(t *testing.T) {
	if os.Getenv("SHARESAFE_AGE_RECIPES") == "" {
		t.Skip("a measurement: set SHARESAFE_AGE_RECIPES=1")
	}
	cases := loadAgeCases(t)
	t.Log("| crop | found | AUC dev | AUC test | AUC all | child cut (dev) | 0-9 child (test) | 20+ not child (test) | 0-9 child (all) | 20+ not child (all) | unsure reasons |")
	t.Log("|---|---|---|---|---|---|---|---|---|---|---|")
	var threeWays []string
	defer func() {
		t.Log("Three-way cuts chosen on the development half (child: 0.98 of its adults older; adult: 0.98 of its children 0-9 masked):")
		t.Log("| crop | child under | adult from | dev: 0-9 child | 0-9 masked | 20+ not child | 20+ adult | test: 0-9 child | 0-9 masked | 20+ not child | 20+ adult |")
		t.Log("|---|---|---|---|---|---|---|---|---|---|---|")
		for _, l := range threeWays {
			t.Log(l)
		}
	}()
	only, err := regexp.Compile(os.Getenv("SHARESAFE_AGE_ONLY")) // recipes whose name matches
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range ageRecipes {
		if os.Getenv("SHARESAFE_AGE_DEFAULT_ONLY") != "" && r.rc != defaultAgeRecipe || !only.MatchString(r.name) {
			continue
		}
		m := measureAges(t, cases, r.rc)
		f := figures(m, r.rc, childCut(m))
		t.Logf("| %s | %d/%d | %.4f | %.4f | %.4f | %.1f | %.2f | %.2f | %.2f | %.2f | %v |", r.name, f.found, f.total, f.aucDev, f.aucTst, f.auc, f.cut, f.sens, f.spec, f.allSens, f.allSp, f.reasons)
		ac := adultCut(m, r.rc, f.cut)
		threeWays = append(threeWays, fmt.Sprintf("| %s | %.1f | %.1f | %v | %v |", r.name, f.cut, ac,
			threeWayOf(m, r.rc, f.cut, ac, true), threeWayOf(m, r.rc, f.cut, ac, false)))
		if r.rc == defaultAgeRecipe {
			var turns, sharps []float64
			for _, c := range m {
				if c.found {
					turns = append(turns, c.facts.turn)
					sharps = append(sharps, c.facts.sharp)
				}
			}
			sort.Float64s(turns)
			sort.Float64s(sharps)
			q := func(x []float64, p float64) float64 { return x[min(len(x)-1, int(p*float64(len(x))))] }
			t.Logf("turn: median %.2f, 0.95 %.2f, 0.99 %.2f, max %.2f; sharpness: min %.2f, 0.01 %.2f, 0.05 %.2f, median %.2f",
				q(turns, 0.5), q(turns, 0.95), q(turns, 0.99), turns[len(turns)-1], sharps[0], q(sharps, 0.01), q(sharps, 0.05), q(sharps, 0.5))
			t.Log("with the shipped cut points (child under ChildUnder, adult from AdultFrom):")
			t.Log("| age group | crops | found | child | unsure | adult | unsure because |")
			t.Log("|---|---|---|---|---|---|---|")
			groups := map[string]*[5]int{}
			why := map[string]map[string]int{}
			var order []string
			for _, c := range m {
				g := groups[c.group]
				if g == nil {
					g = &[5]int{}
					groups[c.group] = g
					why[c.group] = map[string]int{}
					order = append(order, c.group)
				}
				g[0]++
				if !c.found {
					continue
				}
				g[1]++
				label, reason := labelFor(c.face, c.facts, r.rc)
				switch label {
				case LabelChild:
					g[2]++
				case LabelUnsure:
					g[3]++
					if reason == "" {
						reason = "age"
					}
					why[c.group][reason]++
				default:
					g[4]++
				}
			}
			sort.Slice(order, func(i, j int) bool { return ageGroupLow(order[i]) < ageGroupLow(order[j]) })
			for _, o := range order {
				g := groups[o]
				t.Logf("| %s | %d | %d | %d | %d | %d | %v |", o, g[0], g[1], g[2], g[3], g[4], why[o])
			}
			t.Log("| adult from | dev 0-9 adult | dev 10-19 adult | dev 20+ adult | all 0-9 adult | all 10-19 adult | all 20+ adult |")
			for _, from := range []float64{18, 20, 22, 25, 30} {
				var n, k [2][3]int // [dev?][kids, teens, adults]: faces, labelled adult
				for _, c := range m {
					if !c.found {
						continue
					}
					g := 2
					if isKid(c.group) {
						g = 0
					} else if !isAdult(c.group) {
						g = 1
					}
					h := 0
					if c.dev {
						h = 1
					}
					n[h][g]++
					if _, reason := labelFor(c.face, c.facts, r.rc); reason == "" && c.facts.age >= from {
						k[h][g]++
					}
				}
				sh := func(h, g int) float64 { return float64(k[h][g]) / float64(max(1, n[h][g])) }
				sa := func(g int) float64 { return float64(k[0][g]+k[1][g]) / float64(max(1, n[0][g]+n[1][g])) }
				t.Logf("| %g | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |", from, sh(1, 0), sh(1, 1), sh(1, 2), sa(0), sa(1), sa(2))
			}
			for _, c := range m {
				if c.found && isKid(c.group) {
					t.Logf("kid %s %s age %.1f score %.2f %s turn %.2f sharp %.1f kp %v", c.file, c.group, c.facts.age, c.face.Score, c.face.Detector, c.facts.turn, c.facts.sharp, c.facts.keypoint)
				}
			}
		}
	}
}
