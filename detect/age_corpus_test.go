package detect

import (
	"encoding/json"
	"fmt"
	"image"
	"image/draw"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/disintegration/imaging"

	"github.com/sharesafe/sharesafe/photo"
)

// The age-labelled crops (docs/children.md): the development crops, where
// every cut is chosen, and ../shared/corpus/ages, held out: reported, never
// used to choose.
const (
	// agesDir is the FairFace crops of the shared corpus (age groups only).
	agesDir = "../../shared/corpus/ages"
	// ageDevDefault is where scripts/age-dev-data.sh puts the development
	// crops (UTKFace, exact ages); SHARESAFE_AGE_DEV names another folder.
	ageDevDefault = "../../shared/devdata/utkface"
)

// ageDevDir is the folder of the development crops.
func ageDevDir() string {
	if d := os.Getenv("SHARESAFE_AGE_DEV"); d != "" {
		return d
	}
	return ageDevDefault
}

// ageDevPad is the share of a development crop's side added on each side
// before detection, its edge pixels repeated: UTKFace's crops are cut
// tight around the face (BlazeFace's box touches their edges), while a
// photo has a margin around every face.
const ageDevPad = 0.25

// ageCase is one crop with the face found nearest its centre.
type ageCase struct {
	dir, file, group string
	years            int     // exact age; -1 when only the group is known
	dev              bool    // a development crop
	pad              float64 // ageDevPad for development crops
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

// The groups the targets are about: children 0-9, teenagers 10-17 (10-19
// where only FairFace's group is known), adults 20 and over, 30 and over.
func (c ageCase) low() int {
	if c.years >= 0 {
		return c.years
	}
	return ageGroupLow(c.group)
}
func (c ageCase) kid() bool { return c.low() < 10 }
func (c ageCase) teen() bool {
	if c.years >= 0 {
		return c.years >= 10 && c.years <= 17
	}
	return c.group == "10-19"
}
func (c ageCase) adult20() bool { return c.low() >= 20 }
func (c ageCase) adult30() bool { return c.low() >= 30 }

// isKid and isAdult are the groups the AUC compares.
func isKid(g string) bool   { return ageGroupLow(g) < 10 }
func isAdult(g string) bool { return ageGroupLow(g) >= 20 }

// image opens the case's crop, padded when it is a development crop.
func (c ageCase) image(t *testing.T) image.Image {
	t.Helper()
	p, err := photo.Open(filepath.Join(c.dir, c.file), photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if c.pad > 0 {
		return padEdge(p.Image, c.pad)
	}
	return p.Image
}

// padEdge adds frac of img's width on each side, repeating its edge pixels.
func padEdge(img image.Image, frac float64) image.Image {
	b := img.Bounds()
	p := int(math.Round(frac * float64(b.Dx())))
	src := imaging.Clone(img)
	out := image.NewNRGBA(image.Rect(0, 0, b.Dx()+2*p, b.Dy()+2*p))
	for y := range out.Rect.Dy() {
		sy := min(max(y-p, 0), b.Dy()-1)
		for x := range out.Rect.Dx() {
			sx := min(max(x-p, 0), b.Dx()-1)
			copy(out.Pix[out.PixOffset(x, y):][:4], src.Pix[src.PixOffset(sx, sy):][:4])
		}
	}
	return out
}

// loadAgeCases detects faces (default options) in every crop of the
// development folder (when present: scripts/age-dev-data.sh) and of
// corpus/ages (when present), and keeps in each the one nearest the
// crop's centre (centredFace). Detection runs on every core; the faces
// found can be kept between runs in the file SHARESAFE_AGE_CACHE names.
func loadAgeCases(t *testing.T) []ageCase {
	t.Helper()
	type truth struct {
		Filename string `json:"filename"`
		Age      string `json:"age"`
		Years    *int   `json:"years"`
	}
	var cases []ageCase
	for _, set := range []struct {
		dir string
		dev bool
	}{{ageDevDir(), true}, {agesDir, false}} {
		b, err := os.ReadFile(filepath.Join(set.dir, "ground_truth.json"))
		if err != nil {
			t.Logf("%s: no ground_truth.json (%v)", set.dir, err)
			continue
		}
		var gt []truth
		if err := json.Unmarshal(b, &gt); err != nil {
			t.Fatal(err)
		}
		sort.Slice(gt, func(i, j int) bool { return gt[i].Filename < gt[j].Filename })
		for _, g := range gt {
			c := ageCase{dir: set.dir, file: g.Filename, group: g.Age, years: -1, dev: set.dev}
			if g.Years != nil {
				c.years = *g.Years
			}
			if set.dev {
				c.pad = ageDevPad
			}
			cases = append(cases, c)
		}
	}
	type cached struct {
		Found   bool
		Face    Face
		PigoBox Rect
		KP      *Keypoints
	}
	key := func(c ageCase) string { return filepath.Base(c.dir) + "/" + c.file }
	cache := map[string]cached{}
	cacheFile := os.Getenv("SHARESAFE_AGE_CACHE")
	if cacheFile != "" {
		if b, err := os.ReadFile(cacheFile); err == nil {
			if err := json.Unmarshal(b, &cache); err != nil {
				t.Fatal(err)
			}
		}
	}
	var mu sync.Mutex
	parallel(len(cases), func(i int) {
		c := &cases[i]
		mu.Lock()
		k, ok := cache[key(*c)]
		mu.Unlock()
		if ok {
			c.found, c.face = k.Found, k.Face
			c.face.pigoBox, c.face.kp = k.PigoBox, jsonKP(k.KP, false)
			return
		}
		img := c.image(t)
		faces, err := Faces(img, DefaultFaceOptions)
		if err != nil {
			t.Error(err)
			return
		}
		if len(faces) > 0 {
			c.found, c.face = true, centredFace(faces, img.Bounds())
		}
		mu.Lock()
		cache[key(*c)] = cached{c.found, c.face, c.face.pigoBox, jsonKP(c.face.kp, true)}
		mu.Unlock()
	})
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

// jsonKP returns a copy of kp whose missing points (NaN: YuNet has no
// ears) are math.MaxFloat64, which JSON can hold, or back.
func jsonKP(kp *Keypoints, out bool) *Keypoints {
	if kp == nil {
		return nil
	}
	c := *kp
	for i := range c {
		for j := range c[i] {
			if out && math.IsNaN(c[i][j]) {
				c[i][j] = math.MaxFloat64
			} else if !out && c[i][j] == math.MaxFloat64 {
				c[i][j] = math.NaN()
			}
		}
	}
	return &c
}

// parallel runs f(0) ... f(n-1) on every core.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
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

// measureAges runs the recipe on every case's face. With side > 0, the
// crop is first shrunk (area-averaged) so that the face box's shorter side
// is side pixels, the face's boxes and keypoints with it; the face keeps
// its full-size box for labelFor's size check, so that `small` does not
// hide what the estimate does at that size.
func measureAges(t *testing.T, cases []ageCase, rc ageRecipe, side int) []ageCase {
	t.Helper()
	net, err := loadAgeNet()
	if err != nil {
		t.Fatal(err)
	}
	out := append([]ageCase(nil), cases...)
	parallel(len(out), func(i int) {
		c := &out[i]
		if !c.found {
			return
		}
		img, f := c.image(t), c.face
		if side > 0 {
			var ok bool
			if img, f, ok = smallFace(t, img, f, side); !ok {
				c.found = false
				return
			}
			// labelFor sees the small face's score (low_score) and the
			// full-size box (`small` aside).
			c.face.Score, c.face.Detector = f.Score, f.Detector
		}
		facts, err := ageMeasure(img, f, net, rc)
		if err != nil {
			t.Error(err)
			return
		}
		// confirmFace runs where ageEstimate runs it (confirmIfNeeded),
		// the size check on the full-size box (c.face).
		probe := facts
		probe.confirmed = true
		if _, r := labelFor(c.face, probe, rc); r == "" || r == ReasonMaybeTeen {
			if facts.confirmed, err = confirmFace(img, f); err != nil {
				t.Error(err)
			}
		}
		c.facts = facts
	})
	return out
}

// smallFace shrinks the crop so that the face's box is side pixels
// (shrinkFace), lays it at the centre of a 640x640 grey picture, and
// detects the faces there again (default options, as a group photo's small
// faces are found): it returns the picture and the face found there whose
// box overlaps the shrunk face's most (IoU at least 0.3), with its own box,
// score and landmarks, or false when none is.
func smallFace(t *testing.T, img image.Image, f Face, side int) (image.Image, Face, bool) {
	small, g := shrinkFace(img, f, float64(side)/float64(min(f.Box[2], f.Box[3])))
	const n = 640
	canvas := image.NewNRGBA(image.Rect(0, 0, n, n))
	for i := range canvas.Pix {
		canvas.Pix[i] = 128
		if i%4 == 3 {
			canvas.Pix[i] = 255
		}
	}
	b := small.Bounds()
	off := image.Pt((n-b.Dx())/2, (n-b.Dy())/2)
	draw.Draw(canvas, b.Add(off).Sub(b.Min), small, b.Min, draw.Src)
	want := g.Box.R().Add(off)
	faces, err := Faces(canvas, DefaultFaceOptions)
	if err != nil {
		t.Error(err)
		return nil, Face{}, false
	}
	best, bestIoU := -1, 0.3
	for i, h := range faces {
		r := h.Box.R()
		in := r.Intersect(want)
		a := float64(in.Dx() * in.Dy())
		if u := float64(r.Dx()*r.Dy()+want.Dx()*want.Dy()) - a; u > 0 && a/u >= bestIoU {
			best, bestIoU = i, a/u
		}
	}
	if best < 0 {
		return nil, Face{}, false
	}
	return canvas, faces[best], true
}

// shrinkFace scales img by k (area-averaged) and the face's boxes and
// keypoints with it.
func shrinkFace(img image.Image, f Face, k float64) (image.Image, Face) {
	b := img.Bounds()
	w, h := max(1, int(math.Round(float64(b.Dx())*k))), max(1, int(math.Round(float64(b.Dy())*k)))
	small := imaging.Resize(img, w, h, imaging.Box)
	kx, ky := float64(w)/float64(b.Dx()), float64(h)/float64(b.Dy())
	scale := func(r Rect) Rect {
		if r == (Rect{}) {
			return r
		}
		return RectOf(rectF(float64(r[0]-b.Min.X)*kx, float64(r[1]-b.Min.Y)*ky,
			float64(r[0]+r[2]-b.Min.X)*kx, float64(r[1]+r[3]-b.Min.Y)*ky))
	}
	g := f
	g.Box, g.Mask, g.pigoBox = scale(f.Box), scale(f.Mask), scale(f.pigoBox)
	if f.kp != nil {
		kp := *f.kp
		for i := range kp {
			kp[i] = [2]float64{(kp[i][0] - float64(b.Min.X)) * kx, (kp[i][1] - float64(b.Min.Y)) * ky}
		}
		g.kp = &kp
	}
	return small, g
}

// roundAge is the age as ageEstimate keeps it (tenths of years).
func roundAge(a float64) float64 { return math.Round(max(a, 0)*10) / 10 }

// reasonOf is the reason labelFor finds to be unsure of the face other than
// its predicted age ("" for none).
func reasonOf(c ageCase, rc ageRecipe) string {
	_, r := labelFor(c.face, c.facts, rc)
	if r == ReasonMaybeTeen {
		return ""
	}
	return r
}

// labelAt labels a case at the cuts child and adult.
func labelAt(c ageCase, rc ageRecipe, child, adult float64) string {
	if reasonOf(c, rc) != "" {
		return LabelUnsure
	}
	switch a := roundAge(c.facts.age); {
	case a < child:
		return LabelChild
	case a < adult:
		return LabelUnsure
	}
	return LabelAdult
}

// ageTally counts, among the faces found in one set, what the targets are
// about.
type ageTally struct {
	total, found              int
	kids, kidsChild           int // 0-9, labelled child
	kidsMasked                int // 0-9, not labelled adult
	teens, teensMasked        int // 10-17 (10-19), not labelled adult
	adults20, adults20NotKid  int // 20+, not labelled child
	adults30, adults30Visible int // 30+, labelled adult
	reasons                   map[string]int
}

func tallyAt(cases []ageCase, dev bool, rc ageRecipe, child, adult float64) ageTally {
	w := ageTally{reasons: map[string]int{}}
	for _, c := range cases {
		if c.dev != dev {
			continue
		}
		w.total++
		if !c.found {
			continue
		}
		w.found++
		if r := reasonOf(c, rc); r != "" {
			w.reasons[r]++
		}
		l := labelAt(c, rc, child, adult)
		if c.kid() {
			w.kids++
			w.kidsChild += one(l == LabelChild)
			w.kidsMasked += one(l != LabelAdult)
		}
		if c.teen() {
			w.teens++
			w.teensMasked += one(l != LabelAdult)
		}
		if c.adult20() {
			w.adults20++
			w.adults20NotKid += one(l != LabelChild)
		}
		if c.adult30() {
			w.adults30++
			w.adults30Visible += one(l == LabelAdult)
		}
	}
	return w
}

func one(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ratio(n, d int) float64 { return float64(n) / float64(max(d, 1)) }

// The targets of issue 27 on the development crops: 0-9 labelled child,
// 20+ not labelled child, 10-17 masked by --faces children, 30+ left
// visible.
const (
	targetKidsChild      = 0.95
	targetAdultsNotChild = 0.98
	targetTeensMasked    = 0.90
	targetAdults30       = 0.85
)

// misses lists the targets a tally misses ("" when it meets them all).
func (w ageTally) misses() string {
	var m []string
	if ratio(w.kidsChild, w.kids) < targetKidsChild {
		m = append(m, fmt.Sprintf("0-9 child %d/%d", w.kidsChild, w.kids))
	}
	if ratio(w.adults20NotKid, w.adults20) < targetAdultsNotChild {
		m = append(m, fmt.Sprintf("20+ not child %d/%d", w.adults20NotKid, w.adults20))
	}
	if ratio(w.teensMasked, w.teens) < targetTeensMasked {
		m = append(m, fmt.Sprintf("10-17 masked %d/%d", w.teensMasked, w.teens))
	}
	if ratio(w.adults30Visible, w.adults30) < targetAdults30 {
		m = append(m, fmt.Sprintf("30+ visible %d/%d", w.adults30Visible, w.adults30))
	}
	return strings.Join(m, ", ")
}

func (w ageTally) String() string {
	return fmt.Sprintf("%d/%d (%.3f) | %d/%d | %d/%d (%.3f) | %d/%d (%.3f) | %d/%d (%.3f)",
		w.kidsChild, w.kids, ratio(w.kidsChild, w.kids), w.kidsMasked, w.kids,
		w.teensMasked, w.teens, ratio(w.teensMasked, w.teens),
		w.adults20NotKid, w.adults20, ratio(w.adults20NotKid, w.adults20),
		w.adults30Visible, w.adults30, ratio(w.adults30Visible, w.adults30))
}

// chooseCuts chooses the two cuts on the development crops
// (docs/children.md), measured at one or more face sizes (each a
// measureAges of the same cases), each target taken at its worst over
// the sizes:
//   - child: the largest cut (tenths of years) at which at least 0.98 of
//     the adults 20+ found are not labelled child;
//   - adult: among the cuts at which at least 0.90 of the teenagers 10-17
//     found are masked and at least 0.85 of the adults 30+ found are left
//     visible, the one whose smaller margin over those two targets is
//     largest (the larger cut on a tie: the one that masks more); when no
//     cut meets both, the smallest that masks 0.90 of the teenagers.
func chooseCuts(rc ageRecipe, sizes ...[]ageCase) (child, adult float64) {
	worst := func(c, a float64) (notKid, teens, adults30 float64) {
		notKid, teens, adults30 = 1, 1, 1
		for _, m := range sizes {
			w := tallyAt(m, true, rc, c, a)
			notKid = min(notKid, ratio(w.adults20NotKid, w.adults20))
			teens = min(teens, ratio(w.teensMasked, w.teens))
			adults30 = min(adults30, ratio(w.adults30Visible, w.adults30))
		}
		return
	}
	for cut := 5.0; cut <= 40; cut += 0.1 {
		c := math.Round(cut*10) / 10
		if notKid, _, _ := worst(c, c); notKid >= targetAdultsNotChild {
			child = c
		}
	}
	best, bestMargin := -1.0, math.Inf(-1)
	first := -1.0
	for cut := child; cut <= 70; cut += 0.1 {
		c := math.Round(cut*10) / 10
		_, t, a := worst(child, c)
		teens, adults := t-targetTeensMasked, a-targetAdults30
		if teens >= 0 && first < 0 {
			first = c
		}
		if teens >= 0 && adults >= 0 && min(teens, adults) >= bestMargin {
			best, bestMargin = c, min(teens, adults)
		}
	}
	if best < 0 {
		best = first
	}
	return child, best
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

// setAUC is aucOf on the found faces of one set, the young group against
// the old one.
func setAUC(cases []ageCase, dev bool, young, old func(ageCase) bool) float64 {
	var y, o []float64
	for _, c := range cases {
		if c.dev != dev || !c.found || !c.facts.ok {
			continue
		}
		if young(c) {
			y = append(y, c.facts.age)
		} else if old(c) {
			o = append(o, c.facts.age)
		}
	}
	return aucOf(y, o)
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
	{"68 landmarks, 3 eye distances centred on the eyes, flipped", ageRecipe{eyes: true, rerun: true, flip: true, landmarks: true, frame: cropFrame{3, 0, true}}},
	{"the detector's own eyes (YuNet's landmarks; BlazeFace's only on its region when the detector has none), 2.5u 0.3u below, youngest of the crop and its mirror", ageRecipe{eyes: true, flip: true, youngest: true}},
	{"BlazeFace eyes, 2.75 eye distances centred, 0.1 above and below, flipped", ageRecipe{eyes: true, rerun: true, flip: true, frame: cropFrame{2.75, 0, true}, also: [2]cropFrame{{2.75, -0.1, true}, {2.75, 0.1, true}}}},
	{"BlazeFace eyes, 2.75 eye distances centred on the eyes, youngest of the crop and its mirror", ageRecipe{eyes: true, rerun: true, flip: true, youngest: true, frame: cropFrame{2.75, 0, true}}},
	{"BlazeFace eyes, 2.5u 0.3u below, youngest of the crop and its mirror", ageRecipe{eyes: true, rerun: true, flip: true, youngest: true}},
	{"BlazeFace eyes, 2.75 eye distances centred, 0.1 above and below, youngest of six views", ageRecipe{eyes: true, rerun: true, flip: true, youngest: true, frame: cropFrame{2.75, 0, true}, also: [2]cropFrame{{2.75, -0.1, true}, {2.75, 0.1, true}}}},
	{"BlazeFace eyes, 2.5u 0.3u below, youngest of the crop and its mirror, mean with faceres (3.5 eye distances 0.25 below, flipped)", ageRecipe{eyes: true, rerun: true, flip: true, youngest: true, second: true}},
}

// TestAgeRecipes prints, for each crop recipe, the two cuts chosen on the
// development crops (chooseCuts) and the figures there and on the held-out
// corpus/ages at those cuts (docs/children.md). It measures and prints;
// TestAgeCutsOnDev holds the shipped figures:
//
//	SHARESAFE_AGE_RECIPES=1 go test ./detect -run TestAgeRecipes -v -timeout 3h
//
// SHARESAFE_AGE_ONLY=regexp measures the recipes whose name matches.
func TestAgeRecipes(t *testing.T) {
	if os.Getenv("SHARESAFE_AGE_RECIPES") == "" {
		t.Skip("a measurement: set SHARESAFE_AGE_RECIPES=1")
	}
	cases := loadAgeCases(t)
	only, err := regexp.Compile(os.Getenv("SHARESAFE_AGE_ONLY"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	defer func() {
		t.Log("| crop | AUC dev 0-9/20+ | AUC dev 10-17/30+ | AUC ages 0-9/20+ | child under | adult from | dev: 0-9 child | 0-9 masked | 10-17 masked | 20+ not child | 30+ visible | corpus/ages: 0-9 child | 0-9 masked | 10-19 masked | 20+ not child | 30+ visible |")
		t.Log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
		for _, r := range rows {
			t.Log(r)
		}
	}()
	for _, r := range ageRecipes {
		if !only.MatchString(r.name) {
			continue
		}
		m := measureAges(t, cases, r.rc, 0)
		child, adult := chooseCuts(r.rc, m)
		dev, held := tallyAt(m, true, r.rc, child, adult), tallyAt(m, false, r.rc, child, adult)
		teen := func(c ageCase) bool { return c.teen() }
		rows = append(rows, fmt.Sprintf("| %s | %.4f | %.4f | %.4f | %.1f | %.1f | %v | %v |", r.name,
			setAUC(m, true, ageCase.kid, ageCase.adult20), setAUC(m, true, teen, ageCase.adult30), setAUC(m, false, ageCase.kid, ageCase.adult20),
			child, adult, dev, held))
		t.Log(rows[len(rows)-1])
		if r.rc == defaultAgeRecipe {
			logCutSweep(t, m, r.rc, child, adult)
		}
	}
}

// logCutSweep prints the figures of the development crops and of
// corpus/ages at other cuts than the ones chosen.
func logCutSweep(t *testing.T, m []ageCase, rc ageRecipe, child, adult float64) {
	t.Log("child cut (adult cut as chosen) | dev: 0-9 child | 0-9 masked | 10-17 masked | 20+ not child | 30+ visible | corpus/ages: 0-9 child | 0-9 masked | 10-19 masked | 20+ not child | 30+ visible")
	for _, c := range []float64{10, 12, 13, child, 15, 15.7, 17} {
		t.Logf("| %.1f | %v | %v |", c, tallyAt(m, true, rc, c, max(c, adult)), tallyAt(m, false, rc, c, max(c, adult)))
	}
	t.Log("adult cut (child cut as chosen) | dev: ... | corpus/ages: ...")
	for _, a := range []float64{child, 15.7, 18, 20, 22, 24, adult, 26, 28, 30, 35} {
		t.Logf("| %.1f | %v | %v |", a, tallyAt(m, true, rc, child, max(a, child)), tallyAt(m, false, rc, child, max(a, child)))
	}
}

// TestAgeSmallFaces prints, for development faces shrunk to a box of 16 to
// 64 px (and found again by the default detector on a 640x640 grey
// picture), what the shipped recipe and cuts give there, `small` aside;
// then, for each size S, the cuts chooseCuts chooses on the faces at full
// size and at every size measured from S up, and the targets they miss at
// any of those sizes. MinAgeFace is the smallest S where they miss none
// (docs/children.md).
//
//	SHARESAFE_AGE_RECIPES=1 go test ./detect -run TestAgeSmallFaces -v -timeout 3h
//
// SHARESAFE_AGE_SIZES=24,32 measures those sizes only.
func TestAgeSmallFaces(t *testing.T) {
	if os.Getenv("SHARESAFE_AGE_RECIPES") == "" {
		t.Skip("a measurement: set SHARESAFE_AGE_RECIPES=1")
	}
	cases := loadAgeCases(t)
	rc := defaultAgeRecipe
	full := measureAges(t, cases, rc, 0)
	sides := []int{16, 20, 24, 28, 32, 36, 40, 44, 48, 56, 64}
	if v := os.Getenv("SHARESAFE_AGE_SIZES"); v != "" {
		sides = nil
		for _, f := range strings.Split(v, ",") {
			var n int
			fmt.Sscan(f, &n)
			sides = append(sides, n)
		}
	}
	sort.Ints(sides)
	t.Log("| face box | faces found again | shipped cuts: 0-9 child | 0-9 masked | 10-17 masked | 20+ not child | 30+ visible | unsure for a reason (small aside) |")
	t.Log("|---|---|---|---|---|---|---|---|")
	w := tallyAt(full, true, rc, ChildUnder, AdultFrom)
	t.Logf("| full size | %d/%d | %v | %v |", w.found, w.total, w, w.reasons)
	measured := make([][]ageCase, len(sides))
	for i, side := range sides {
		measured[i] = measureAges(t, cases, rc, side)
		w := tallyAt(measured[i], true, rc, ChildUnder, AdultFrom)
		t.Logf("| %d px | %d/%d | %v | %v |", side, w.found, w.total, w, w.reasons)
	}
	t.Log("| small line S | cuts chosen on full size and every size from S | targets missed at full size or any size from S |")
	t.Log("|---|---|---|")
	for i, side := range sides {
		sets := append([][]ageCase{full}, measured[i:]...)
		c, a := chooseCuts(rc, sets...)
		var miss []string
		for j, m := range sets {
			if ms := tallyAt(m, true, rc, c, a).misses(); ms != "" {
				name := "full size"
				if j > 0 {
					name = fmt.Sprint(sides[i+j-1], " px")
				}
				miss = append(miss, name+": "+ms)
			}
		}
		t.Logf("| %d px | %.1f, %.1f | %s |", side, c, a, strings.Join(miss, "; "))
	}
}

// TestAgeCutsOnDev holds the shipped recipe and cuts on the development
// crops: they meet the four targets on the faces at full size and on the
// faces shrunk to MinAgeFace (TestAgeSmallFaces chose both the line and
// the cuts, over every size from the line up); corpus/ages, held out, is
// reported. Long (SHARESAFE_LONG=1), and only where the development crops
// are (scripts/age-dev-data.sh).
func TestAgeCutsOnDev(t *testing.T) {
	if os.Getenv("SHARESAFE_LONG") == "" {
		t.Skip("long test: set SHARESAFE_LONG=1")
	}
	if _, err := os.Stat(filepath.Join(ageDevDir(), "ground_truth.json")); err != nil {
		t.Skip("no development crops: scripts/age-dev-data.sh")
	}
	cases := loadAgeCases(t)
	m := measureAges(t, cases, defaultAgeRecipe, 0)
	small := measureAges(t, cases, defaultAgeRecipe, MinAgeFace)
	child, adult := chooseCuts(defaultAgeRecipe, m, small)
	t.Logf("cuts chooseCuts chooses on the faces at full size and at %d px: %.1f and %.1f (shipped %.1f and %.1f, chosen from %d px up)", MinAgeFace, child, adult, ChildUnder, AdultFrom, MinAgeFace)
	dev := tallyAt(m, true, defaultAgeRecipe, ChildUnder, AdultFrom)
	t.Logf("development crops, faces found %d/%d: 0-9 child | 0-9 masked | 10-17 masked | 20+ not child | 30+ visible: %v; unsure %v", dev.found, dev.total, dev, dev.reasons)
	if ms := dev.misses(); ms != "" {
		t.Errorf("development crops miss: %s", ms)
	}
	if dev.found < dev.total*98/100 {
		t.Errorf("a face found in %d of %d development crops", dev.found, dev.total)
	}
	s := tallyAt(small, true, defaultAgeRecipe, ChildUnder, AdultFrom)
	t.Logf("development faces shrunk to %d px, found again %d/%d: %v; unsure %v", MinAgeFace, s.found, s.total, s, s.reasons)
	if ms := s.misses(); ms != "" {
		t.Errorf("development faces shrunk to MinAgeFace (%d px) miss: %s", MinAgeFace, ms)
	}
	held := tallyAt(m, false, defaultAgeRecipe, ChildUnder, AdultFrom)
	t.Logf("corpus/ages (held out), faces found %d/%d: 0-9 child | 0-9 masked | 10-19 masked | 20+ not child | 30+ visible: %v; unsure %v", held.found, held.total, held, held.reasons)
}

// TestUnconfirmedCost counts the faces of the age crops, all of them
// people's, that confirmFace does not confirm: what the check against
// faces that are not people's costs (docs/children.md). Long.
func TestUnconfirmedCost(t *testing.T) {
	if os.Getenv("SHARESAFE_LONG") == "" {
		t.Skip("long test: set SHARESAFE_LONG=1")
	}
	cases := loadAgeCases(t)
	if len(cases) == 0 {
		t.Skip("no age crops")
	}
	var mu sync.Mutex
	n, un := map[bool]int{}, map[bool]int{}
	byDet := map[string]int{}
	parallel(len(cases), func(i int) {
		c := cases[i]
		if !c.found {
			return
		}
		ok, err := confirmFace(c.image(t), c.face)
		if err != nil {
			t.Error(err)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		n[c.dev]++
		byDet[c.face.Detector]++
		if !ok {
			un[c.dev]++
			t.Logf("unconfirmed: %s %s (%s %v %.2f)", c.file, c.group, c.face.Detector, c.face.Box, c.face.Score)
		}
	})
	t.Logf("unconfirmed: development %d of %d faces, corpus/ages %d of %d; faces by detector %v", un[true], n[true], un[false], n[false], byDet)
	// The check's cost is judged on the development crops (at most 1% of
	// true faces: 3 of 1,461 measured); corpus/ages is held out and only
	// guarded against getting worse than measured (9 of 270, 3.3%, on
	// 2026-12-08: docs/children.md says both).
	if n[true] == 0 {
		t.Logf("no development crops (scripts/age-dev-data.sh): their 1%% bound is not checked")
	} else if float64(un[true]) > 0.01*float64(n[true]) {
		t.Errorf("development crops: %d of %d true faces unconfirmed, over 1%%", un[true], n[true])
	}
	if float64(un[false]) > 0.04*float64(n[false]) {
		t.Errorf("corpus/ages: %d of %d true faces unconfirmed, over 4%% (9 of 270 measured)", un[false], n[false])
	}
}
