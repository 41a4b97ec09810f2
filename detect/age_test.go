package detect

import (
	"image"
	"image/draw"
	"math"
	"testing"

	"github.com/sharesafe/sharesafe/photo"
)

// shrink returns img scaled down by an integer factor (box average).
func shrink(img image.Image, k int) *image.RGBA {
	src := image.NewRGBA(img.Bounds())
	draw.Draw(src, src.Rect, img, img.Bounds().Min, draw.Src)
	b := src.Rect
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()/k, b.Dy()/k))
	for y := range out.Rect.Dy() {
		for x := range out.Rect.Dx() {
			for c := range 4 {
				sum := 0
				for dy := range k {
					for dx := range k {
						sum += int(src.Pix[src.PixOffset(x*k+dx, y*k+dy)+c])
					}
				}
				out.Pix[out.PixOffset(x, y)+c] = uint8(sum / (k * k))
			}
		}
	}
	return out
}

// blur returns img blurred by a box of side 2r+1 (three passes).
func blur(img image.Image, r int) *image.RGBA {
	cur := image.NewRGBA(img.Bounds())
	draw.Draw(cur, cur.Rect, img, img.Bounds().Min, draw.Src)
	for range 3 {
		next := image.NewRGBA(cur.Rect)
		for y := range cur.Rect.Dy() {
			for x := range cur.Rect.Dx() {
				for c := range 4 {
					sum, n := 0, 0
					for d := -r; d <= r; d++ {
						if xx := x + d; xx >= 0 && xx < cur.Rect.Dx() {
							sum += int(cur.Pix[cur.PixOffset(xx, y)+c])
							n++
						}
					}
					next.Pix[next.PixOffset(x, y)+c] = uint8(sum / n)
				}
			}
		}
		for y := range cur.Rect.Dy() {
			for x := range cur.Rect.Dx() {
				for c := range 4 {
					sum, n := 0, 0
					for d := -r; d <= r; d++ {
						if yy := y + d; yy >= 0 && yy < cur.Rect.Dy() {
							sum += int(next.Pix[next.PixOffset(x, yy)+c])
							n++
						}
					}
					cur.Pix[cur.PixOffset(x, y)+c] = uint8(sum / n)
				}
			}
		}
	}
	return cur
}

// TestUnsureReasons shows that an estimate that cannot be trusted gives
// LabelUnsure with its reason, never LabelAdult: the astronaut (an adult
// woman, labelled adult when seen well) when her face is small, blurred,
// found with a low score, or where BlazeFace finds no eyes.
func TestUnsureReasons(t *testing.T) {
	img := open(t, "astronaut.png").Image
	face := Face{Box: RectOf(astronautFace), Score: 0.95, Detector: DetectorSSD}
	small := face
	small.Box = RectOf(image.Rect(astronautFace.Min.X/4, astronautFace.Min.Y/4, astronautFace.Max.X/4, astronautFace.Max.Y/4))
	low := face
	low.Score = 0.45
	wall := face
	wall.Box = Rect{370, 300, 112, 112} // the astronaut's suit, below and right of her face
	for _, c := range []struct {
		name   string
		img    image.Image
		face   Face
		label  string
		reason string
	}{
		{"seen well", img, face, LabelAdult, ""},
		{"small", shrink(img, 4), small, LabelUnsure, ReasonSmall},
		{"low score", img, low, LabelUnsure, ReasonLowScore},
		{"blurred", blur(img, 4), face, LabelUnsure, ReasonBlurred},
		{"no eyes", img, wall, LabelUnsure, ReasonNoKeypoints},
	} {
		faces := []Face{c.face}
		if err := EstimateAges(c.img, faces, 1); err != nil {
			t.Fatal(err)
		}
		f := faces[0]
		if f.Label != c.label || f.Reason != c.reason {
			t.Errorf("%s: label %q reason %q (age %v), want %q %q", c.name, f.Label, f.Reason, deref(f.Age), c.label, c.reason)
		}
	}
}

func deref(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}

// TestTurnedFaceIsUnsure moves the astronaut's nose, as BlazeFace found
// it, sideways well past her eye, as BlazeFace places it on a profile: the
// face becomes unsure (turned), whatever age the network predicts.
func TestTurnedFaceIsUnsure(t *testing.T) {
	img := open(t, "astronaut.png").Image
	face := Face{Box: RectOf(astronautFace), Score: 0.95, Detector: DetectorSSD}
	kp, _, ok, err := faceKeypoints(img, face, true)
	if err != nil || !ok {
		t.Fatalf("no keypoints for the astronaut: %v", err)
	}
	// BlazeFace's points: eyes in the upper half of the box, the one on
	// the picture's left first; nose between them and the mouth below.
	box := astronautFace
	l, r, n, m := kp[kpEyeL], kp[kpEyeR], kp[kpNose], kp[kpMouth]
	if !(l[0] < r[0] && image.Pt(int(l[0]), int(l[1])).In(box) && image.Pt(int(r[0]), int(r[1])).In(box) &&
		l[1] < float64(box.Min.Y+box.Dy()/2) && n[1] > l[1] && m[1] > n[1] && m[1] < float64(box.Max.Y) &&
		n[0] > l[0] && n[0] < r[0]) {
		t.Fatalf("keypoints %v do not fit the astronaut's face %v", kp, box)
	}
	if v := turn(kp); v > maxTurn {
		t.Fatalf("the astronaut, looking at the camera, turned by %.2f", v)
	}
	if _, reason := labelFor(face, ageFacts{age: 40, ok: true, keypoint: true, confirmed: true, turn: turn(kp), sharp: 100}, defaultAgeRecipe); reason != "" {
		t.Fatalf("frontal face unsure: %s", reason)
	}
	turned := kp
	turned[kpNose][0] = kp[kpEyeR][0] + 0.7*(kp[kpEyeR][0]-kp[kpEyeL][0])
	for _, age := range []float64{5, 40} {
		label, reason := labelFor(face, ageFacts{age: age, ok: true, keypoint: true, confirmed: true, turn: turn(turned), sharp: 100}, defaultAgeRecipe)
		if label != LabelUnsure || reason != ReasonTurned {
			t.Errorf("profile predicted %g: %s %q, want unsure, turned", age, label, reason)
		}
	}
}

// TestEyeCropTurnsWithTheFace cuts the astronaut's crop from the photo and
// from the photo turned a quarter: the eyes keep the crop level, so both
// crops match.
func TestEyeCropTurnsWithTheFace(t *testing.T) {
	img := open(t, "astronaut.png").Image
	face := Face{Box: RectOf(astronautFace), Score: 0.95, Detector: DetectorSSD}
	kp, _, ok, err := faceKeypoints(img, face, true)
	if err != nil || !ok {
		t.Fatalf("no keypoints for the astronaut: %v", err)
	}
	b := img.Bounds()
	rot := image.NewRGBA(image.Rect(0, 0, b.Dy(), b.Dx())) // (x, y) -> (H-1-y, x): a quarter clockwise
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			rot.Set(b.Dy()-1-(y-b.Min.Y), x-b.Min.X, img.At(x, y))
		}
	}
	var rk Keypoints
	for i, p := range kp {
		rk[i] = [2]float64{float64(b.Dy()) - p[1], p[0]}
	}
	fr := cropFrame{}.or()
	a, c := eyeCrop(img, kp[kpEyeL], kp[kpEyeR], kp[kpMouth], fr), eyeCrop(rot, rk[kpEyeL], rk[kpEyeR], rk[kpMouth], fr)
	var diff float64
	for i := range a.Data {
		d := float64(a.Data[i] - c.Data[i])
		diff += d * d
	}
	if rms := math.Sqrt(diff / float64(len(a.Data))); rms > 4 {
		t.Errorf("crops differ by %.1f (RMS) between the upright and the turned photo", rms)
	}
}

// BenchmarkAgeEstimate is the age estimate of one face found by a detector
// other than BlazeFace (the astronaut, SSD's box): BlazeFace on the face's
// region for its eyes, the crop, and the network on it and on its mirror.
func BenchmarkAgeEstimate(b *testing.B) {
	benchAgeEstimate(b, defaultAgeRecipe)
}

// BenchmarkAgeEstimateRerun is the recipe shipped before YuNet: the eyes
// of BlazeFace run again on the face's region.
func BenchmarkAgeEstimateRerun(b *testing.B) {
	rc := defaultAgeRecipe
	rc.rerun = true
	benchAgeEstimate(b, rc)
}

// BenchmarkAgeEstimateBox is the age estimate as it was before: the
// network once on the detector's box.
func BenchmarkAgeEstimateBox(b *testing.B) {
	benchAgeEstimate(b, ageRecipe{})
}

// BenchmarkAgeEstimateFaceAPI is the age estimate without the second
// network (face-api's age alone, as before
// docs/children-second-network.md).
func BenchmarkAgeEstimateFaceAPI(b *testing.B) {
	rc := defaultAgeRecipe
	rc.second = false
	benchAgeEstimate(b, rc)
}

func benchAgeEstimate(b *testing.B, rc ageRecipe) {
	p, err := photo.Open("../testdata/photos/astronaut.png", photo.DefaultLimits)
	if err != nil {
		b.Fatal(err)
	}
	net, err := loadAgeNet()
	if err != nil {
		b.Fatal(err)
	}
	// The astronaut as the default detector finds her (YuNet, with its
	// landmarks).
	faces, err := Faces(p.Image, DefaultFaceOptions)
	if err != nil || len(faces) == 0 {
		b.Fatalf("no face on the astronaut (%v)", err)
	}
	f := faces[0]
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		if err := ageEstimate(p.Image, &f, net, rc); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCatIsNotAdult: the demo's cat is never labelled adult. YuNet and
// BlazeFace each take a part of its head for a face; neither pigo nor the
// SSD finds a face there (confirmFace), so whatever the age network says
// of it, it is unsure (unconfirmed). The astronaut, a person, is confirmed.
func TestCatIsNotAdult(t *testing.T) {
	p, err := photo.Open("../cmd/sharesafe/samples/4-cat-burst.jpg", photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	faces, err := Faces(p.Image, DefaultFaceOptions)
	if err != nil {
		t.Fatal(err)
	}
	if err := EstimateAges(p.Image, faces, 1); err != nil {
		t.Fatal(err)
	}
	for _, f := range faces {
		if f.Label == LabelAdult {
			t.Errorf("the cat: a face %v labelled adult (%s %.2f, age %v)", f.Box, f.Detector, f.Score, deref(f.Age))
		}
	}
	// The boxes YuNet (from score 0.5) and BlazeFace (0.5) find on it.
	for _, box := range []Rect{{224, 0, 227, 242}, {76, 40, 230, 230}} {
		if ok, err := confirmFace(p.Image, Face{Box: box}); err != nil || ok {
			t.Errorf("the cat's head at %v confirmed as a face (%v)", box, err)
		}
	}
	if ok, err := confirmFace(open(t, "astronaut.png").Image, Face{Box: RectOf(astronautFace)}); err != nil || !ok {
		t.Errorf("the astronaut's face not confirmed (%v)", err)
	}
}
