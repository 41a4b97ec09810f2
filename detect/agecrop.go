package detect

import (
	"fmt"
	"image"
	"image/draw"
	"math"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// Reasons a face is LabelUnsure although the age network ran (Face.Reason).
const (
	ReasonSmall       = "small"        // the face is too small to judge
	ReasonLowScore    = "low_score"    // the detector was not sure it is a face
	ReasonNoKeypoints = "no_keypoints" // BlazeFace found no eyes to frame the face
	ReasonTurned      = "turned"       // the face is turned away (profile)
	ReasonBlurred     = "blurred"      // the face is blurred
	ReasonNoEstimate  = "no_estimate"  // the age network could not run on it
	// ReasonUnconfirmed: no second detector finds a face where one was
	// found: it may not be a person's (a cat, a window).
	ReasonUnconfirmed = "unconfirmed"
	// ReasonMaybeTeen: the predicted age is between ChildUnder and
	// AdultFrom, where the network cannot tell a teenager from an adult.
	ReasonMaybeTeen = "maybe_teen"
)

// UnsureReasons lists every Face.Reason, for the review app and advice.
var UnsureReasons = []string{ReasonSmall, ReasonLowScore, ReasonNoKeypoints, ReasonUnconfirmed, ReasonTurned, ReasonBlurred, ReasonNoEstimate, ReasonMaybeTeen}

// ReasonText says a reason in plain English ("" for an unknown one).
func ReasonText(reason string) string {
	return map[string]string{
		ReasonSmall:       "too small to judge",
		ReasonLowScore:    "the detector was not sure it is a face",
		ReasonNoKeypoints: "its eyes could not be found",
		ReasonTurned:      "turned away from the camera",
		ReasonBlurred:     "blurred",
		ReasonNoEstimate:  "no age estimate could be made",
		ReasonUnconfirmed: "only one detector saw a face here: it may not be a person's",
		ReasonMaybeTeen:   "may be a teenager",
	}[reason]
}

// Limits under which an estimate is not trusted (Face.Reason).
const (
	// MinAgeFace is the smallest face box side, in pixels, whose age is
	// trusted.
	MinAgeFace = 36
	// maxTurn is the largest sideways offset of the nose from the eyes'
	// midpoint, as a share of the distance between the eyes: at 0.5 the nose
	// is in front of an eye; past 1, the face is in profile.
	maxTurn = 1.0
	// minSharpness is the smallest mean absolute Laplacian of the grey
	// crop (values 0 to 255), seen at 112 px or at the photo's own
	// resolution when the face is smaller.
	minSharpness = 2.0
)

// minScore are, for each detector, the scores under which a face's age is
// not trusted: a little above each detector's own threshold. YuNet's, 0.6,
// is the fast mode's and the peer redactor's cut; 3 of the 1,461 faces of
// the development crops score under it, and the demo's cat 0.52
// (docs/children.md).
var minScore = map[string]float64{DetectorPigo: 20, DetectorSSD: 0.6, DetectorBlaze: 0.7, DetectorYuNet: 0.6}

// ageRecipe says how the crop the age network sees is made.
type ageRecipe struct {
	// eyes: a square framed by the eyes and mouth (BlazeFace keypoints);
	// otherwise the detector's box, as before (pigo's when it found the
	// face, else a square as wide as the box).
	eyes bool
	// rerun: keypoints from BlazeFace run on the face's region, even when
	// BlazeFace found the face on the whole photo.
	rerun bool
	// flip: the average of the estimates of the crop and its mirror.
	flip bool
	// landmarks: the eyes and mouth that frame the crop are those of
	// face-api's 68-point landmark network (landmarkEyes, tests only) run
	// on BlazeFace's box (found again on the face's region) instead of
	// BlazeFace's keypoints.
	landmarks bool
	// frame: the square's side and how far below the eyes' midpoint it is
	// centred, in units u; the zero frame is 2.5u, 0.3u below.
	frame cropFrame
	// also: more frames (non-zero ones) whose crops' estimates are
	// averaged with the first's (each with its mirror when flip).
	also [2]cropFrame
	// youngest: the estimate is the youngest of the views (the crops and
	// their mirrors), not their mean.
	youngest bool
	// second: the estimate is the mean of face-api's (above) and human's
	// faceres network's (secondAge, tests only), when the eyes are known
	// (docs/children-second-network.md).
	second bool
}

// cropFrame places the square of eyeCrop.
type cropFrame struct {
	side, down float64
	// eyesOnly: u is the distance between the eyes, not the larger of it
	// and the distance from their midpoint to the mouth.
	eyesOnly bool
}

// or returns f, or the 2.5u frame 0.3u below the eyes for the zero frame.
func (f cropFrame) or() cropFrame {
	if f == (cropFrame{}) {
		return cropFrame{side: 2.5, down: 0.3}
	}
	return f
}

// defaultAgeRecipe is the recipe chosen on the development crops
// (docs/children.md): the square of 2.5u, 0.3u below the eyes, framed by
// the detector's own landmarks (YuNet's; BlazeFace run on the face's
// region only for a face found without them), and the youngest of the
// estimates of the crop and its mirror.
var defaultAgeRecipe = ageRecipe{eyes: true, flip: true, youngest: true}

// ageFacts are what ageMeasure finds out about a face.
type ageFacts struct {
	age       float64 // predicted years, when ok
	ok        bool    // the network ran
	keypoint  bool    // keypoints were found
	confirmed bool    // a second detector finds the face (confirmFace)
	turn      float64 // nose offset (maxTurn)
	sharp     float64 // sharpness (minSharpness)
}

// ageEstimate sets the face's Age, Label and Reason. A face under
// MinAgeFace gets no estimate: it would not be trusted, and a crowd's
// small faces would cost a network run each.
func ageEstimate(img image.Image, f *Face, net *ageNet, rc ageRecipe) error {
	if min(f.Box[2], f.Box[3]) < MinAgeFace {
		f.Age, f.Label, f.Reason = nil, LabelUnsure, ReasonSmall
		return nil
	}
	facts, err := ageMeasure(img, *f, net, rc)
	if err != nil {
		return err
	}
	if facts.confirmed, err = confirmIfNeeded(img, *f, facts, rc); err != nil {
		return err
	}
	if facts.ok {
		age := math.Round(max(facts.age, 0)*10) / 10
		f.Age = &age
	}
	f.Label, f.Reason = labelFor(*f, facts, rc)
	return nil
}

// confirmIfNeeded runs confirmFace on a face whose label depends on it:
// one that nothing else makes unsure (the other checks cost nothing; this
// one runs two detectors on the face's region).
func confirmIfNeeded(img image.Image, f Face, a ageFacts, rc ageRecipe) (bool, error) {
	a.confirmed = true
	if _, reason := labelFor(f, a, rc); reason != "" && reason != ReasonMaybeTeen {
		return false, nil
	}
	return confirmFace(img, f)
}

// labelFor returns a face's label and, when it is LabelUnsure for another
// reason than its predicted age, why.
func labelFor(f Face, a ageFacts, rc ageRecipe) (label, reason string) {
	switch {
	case !a.ok:
		return LabelUnsure, ReasonNoEstimate
	case min(f.Box[2], f.Box[3]) < MinAgeFace:
		return LabelUnsure, ReasonSmall
	case f.Score < minScore[f.Detector]:
		return LabelUnsure, ReasonLowScore
	case rc.eyes && !a.keypoint:
		return LabelUnsure, ReasonNoKeypoints
	case a.keypoint && a.turn > maxTurn:
		return LabelUnsure, ReasonTurned
	case a.sharp < minSharpness:
		return LabelUnsure, ReasonBlurred
	case !a.confirmed:
		return LabelUnsure, ReasonUnconfirmed
	}
	if l := LabelForAge(math.Round(max(a.age, 0)*10) / 10); l != LabelUnsure {
		return l, ""
	}
	return LabelUnsure, ReasonMaybeTeen
}

// ageMeasure makes the face's crop and runs the age network on it.
func ageMeasure(img image.Image, f Face, net *ageNet, rc ageRecipe) (ageFacts, error) {
	var a ageFacts
	var x *nn.Tensor
	var views []*nn.Tensor  // more crops than x, averaged with it
	var eyes *[3][2]float64 // the eyes and mouth that framed x
	var side float64        // the side of x in the photo's pixels
	if rc.eyes {
		kp, box, ok, err := faceKeypoints(img, f, rc.rerun)
		if err != nil {
			return a, err
		}
		if ok {
			a.keypoint = true
			a.turn = turn(kp)
			l, r, m := kp[kpEyeL], kp[kpEyeR], kp[kpMouth]
			if rc.landmarks && !box.Empty() {
				if landmarkEyes == nil {
					return a, fmt.Errorf("detect: no landmark network in this build")
				}
				if l, r, m, err = landmarkEyes(img, box); err != nil {
					return a, err
				}
			}
			x = eyeCrop(img, l, r, m, rc.frame.or())
			side = cropSide(l, r, m, rc.frame.or())
			eyes = &[3][2]float64{l, r, m}
			for _, fr := range rc.also {
				if fr != (cropFrame{}) {
					views = append(views, eyeCrop(img, l, r, m, fr))
				}
			}
		}
	}
	if x == nil {
		r := ageCrop(f).Intersect(img.Bounds())
		if r.Empty() {
			return a, nil
		}
		x = nn.ResizeBilinear(nn.PadSquare(nn.FromImage(img, r), true), ageInputSize, ageInputSize)
		side = float64(max(r.Dx(), r.Dy()))
	}
	a.sharp = sharpness(x)
	if n := int(math.Round(side)); n >= 8 && n < ageInputSize {
		// Sharpness at the photo's own resolution: a small face, enlarged
		// to 112 px, looks blurred however sharp it is (`small` is for
		// faces too small to judge).
		a.sharp = sharpness(nn.AreaResize(x, n, n))
	}
	views = append(views, x)
	if rc.flip {
		for _, v := range views {
			views = append(views, mirror(v))
		}
	}
	youngest := math.Inf(1)
	for _, v := range views {
		y := net.predict112(v)
		a.age += y
		youngest = min(youngest, y)
	}
	a.age /= float64(len(views))
	if rc.youngest {
		a.age = youngest
	}
	if rc.second && eyes != nil {
		if secondAge == nil {
			return a, fmt.Errorf("detect: no second age network in this build")
		}
		second, err := secondAge(img, eyes[0], eyes[1], eyes[2])
		if err != nil {
			return a, err
		}
		a.age = (a.age + second) / 2
	}
	a.ok = !math.IsNaN(a.age)
	return a, nil
}

// faceKeypoints returns BlazeFace's keypoints for a face: those found on the
// whole photo, unless rerun, else those of BlazeFace run on a square twice
// the box's side around it (the box it finds there that overlaps the face's
// box most, at least a third), with that box (empty for the whole photo's
// keypoints).
func faceKeypoints(img image.Image, f Face, rerun bool) (Keypoints, image.Rectangle, bool, error) {
	if f.kp != nil && !rerun {
		return *f.kp, image.Rectangle{}, true, nil
	}
	r := f.Box.R()
	side := 2 * float64(max(r.Dx(), r.Dy()))
	cx, cy := float64(r.Min.X+r.Max.X)/2, float64(r.Min.Y+r.Max.Y)/2
	region := rectF(cx-side/2, cy-side/2, cx+side/2, cy+side/2).Intersect(img.Bounds())
	if region.Empty() {
		return Keypoints{}, image.Rectangle{}, false, nil
	}
	boxes, err := blazeFaces(newSource(subImage(img, region)), 0.3, 0.3)
	if err != nil {
		return Keypoints{}, image.Rectangle{}, false, err
	}
	box := boxF{float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y)}
	best, bestIoU := -1, 1.0/3
	for i, b := range boxes {
		if v := iouF(b.box, box); v > bestIoU {
			best, bestIoU = i, v
		}
	}
	if best < 0 {
		return Keypoints{}, image.Rectangle{}, false, nil
	}
	b := boxes[best].box
	return boxes[best].kp, rectF(b.x0, b.y0, b.x1, b.y1).Intersect(img.Bounds()), true, nil
}

// confirmFace reports whether pigo or the SSD, each at the threshold it had
// in the three-detector pipeline (pigo 15, the SSD 0.3), finds a face on a
// square twice the face's box around it (pigo on a grey copy at most 400
// px wide, the SSD seen at 160 px) with a box overlapping the face's by
// more than half of the smaller (Merge's duplicates). The demo's cat, which
// YuNet and BlazeFace both take for a face, is neither's
// (docs/children.md).
func confirmFace(img image.Image, f Face) (bool, error) {
	r := f.Box.R()
	side := 2 * float64(max(r.Dx(), r.Dy()))
	cx, cy := float64(r.Min.X+r.Max.X)/2, float64(r.Min.Y+r.Max.Y)/2
	region := rectF(cx-side/2, cy-side/2, cx+side/2, cy+side/2).Intersect(img.Bounds())
	if region.Empty() {
		return false, nil
	}
	sub := subImage(img, region)
	overlaps := func(b image.Rectangle) bool {
		in := b.Intersect(r)
		return float64(in.Dx()*in.Dy()) > 0.5*float64(min(b.Dx()*b.Dy(), r.Dx()*r.Dy()))
	}
	pigo, err := pigoFaces(newSource(sub), confirmPigo)
	if err != nil {
		return false, err
	}
	for _, p := range pigo {
		if overlaps(p.Box.R()) {
			return true, nil
		}
	}
	n, err := loadSSD()
	if err != nil {
		return false, err
	}
	x, k := netInput(sub, confirmSSDSize)
	for _, b := range n.detect(x, k, sub.Bounds(), confirmSSDSize, confirmSSDScore) {
		if overlaps(rectF(b.box.x0, b.box.y0, b.box.x1, b.box.y1)) {
			return true, nil
		}
	}
	return false, nil
}

// confirmFace's settings: pigo's of the three-detector pipeline on a copy
// at most 400 px wide; the SSD's input side (the face is about half the
// square, 80 px) and score. At 160 px rather than 256 the SSD costs about
// 0.4 times as much; of the 1,461 development faces (all people's) 1 is
// left unconfirmed at 160, 3 at 256 (docs/children.md).
var confirmPigo = FaceOptions{
	WorkSize: 400, MinFace: 20, Shift: 0.1, Scale: 1.1,
	Angles: []float64{0}, ClusterIoU: 0.2, NMSIoU: 0.3, Threshold: 15,
}

const (
	confirmSSDSize  = 160
	confirmSSDScore = 0.3
)

// secondAge, set by the tests, returns human's faceres network's age for
// the face with eyes l, r and mouth m (the mean of its crop and mirror):
// the recipe measurement compares it (docs/children.md); the network is
// not embedded.
var secondAge func(img image.Image, l, r, m [2]float64) (float64, error)

// landmarkEyes, set by the tests, returns the eyes (the picture's left
// first) and the mouth found by face-api's 68-point landmark network on a
// box: the recipe measurement compares them with BlazeFace's
// (docs/children.md); the network is not embedded.
var landmarkEyes func(img image.Image, box image.Rectangle) (l, r, m [2]float64, err error)

// subImage returns the part r of img, sharing its pixels when it can.
func subImage(img image.Image, r image.Rectangle) image.Image {
	if s, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	}); ok {
		return s.SubImage(r)
	}
	out := image.NewNRGBA(r)
	draw.Draw(out, r, img, r.Min, draw.Src)
	return out
}

// cropSide is the side, in the photo's pixels, of the square eyeCrop cuts.
func cropSide(l, r, m [2]float64, fr cropFrame) float64 {
	mx, my := (l[0]+r[0])/2, (l[1]+r[1])/2
	u := max(math.Hypot(r[0]-l[0], r[1]-l[1]), 1)
	if !fr.eyesOnly {
		u = max(u, math.Hypot(m[0]-mx, m[1]-my))
	}
	return fr.side * u
}

// eyeCrop returns the 112x112 crop the age network sees for a face with
// eyes l and r and mouth m (docs/children.md): with
// u = max(|r-l|, |m - (l+r)/2|) (|r-l| alone for fr.eyesOnly), a square of
// side fr.side*u turned by the angle of r-l, centred fr.down*u below the
// eyes' midpoint, resampled bilinearly, black outside the photo.
func eyeCrop(img image.Image, l, r, m [2]float64, fr cropFrame) *nn.Tensor {
	return eyeCropSize(img, l, r, m, fr, ageInputSize)
}

// eyeCropSize is eyeCrop resampled to n x n pixels.
func eyeCropSize(img image.Image, l, r, m [2]float64, fr cropFrame, n int) *nn.Tensor {
	mx, my := (l[0]+r[0])/2, (l[1]+r[1])/2
	dx, dy := r[0]-l[0], r[1]-l[1]
	u := max(math.Hypot(dx, dy), 1)
	if !fr.eyesOnly {
		u = max(u, math.Hypot(m[0]-mx, m[1]-my))
	}
	th := math.Atan2(dy, dx)
	cos, sin := math.Cos(th), math.Sin(th)
	cx, cy := mx-fr.down*u*sin, my+fr.down*u*cos
	side := fr.side * u
	// The source rectangle holding the turned square.
	half := side / 2 * (math.Abs(cos) + math.Abs(sin))
	src := rectF(cx-half-1, cy-half-1, cx+half+1, cy+half+1).Intersect(img.Bounds())
	out := nn.New(n, n, 3)
	if src.Empty() {
		return out
	}
	t := nn.FromImage(img, src)
	step := side / float64(n)
	for i := range n {
		b := (float64(i)+0.5)*step - side/2
		for j := range n {
			a := (float64(j)+0.5)*step - side/2
			// Pixel centres are at integer + 0.5.
			x := cx + a*cos - b*sin - 0.5 - float64(src.Min.X)
			y := cy + a*sin + b*cos - 0.5 - float64(src.Min.Y)
			bilinear(t, x, y, out.Data[(i*n+j)*3:][:3])
		}
	}
	return out
}

// bilinear writes to dst the RGB of t at (x, y), zero outside t.
func bilinear(t *nn.Tensor, x, y float64, dst []float32) {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := float32(x-float64(x0)), float32(y-float64(y0))
	at := func(xx, yy int, w float32) {
		if w == 0 || xx < 0 || yy < 0 || xx >= t.W || yy >= t.H {
			return
		}
		p := t.Data[(yy*t.W+xx)*3:]
		dst[0] += w * p[0]
		dst[1] += w * p[1]
		dst[2] += w * p[2]
	}
	at(x0, y0, (1-fx)*(1-fy))
	at(x0+1, y0, fx*(1-fy))
	at(x0, y0+1, (1-fx)*fy)
	at(x0+1, y0+1, fx*fy)
}

// mirror returns t flipped left to right.
func mirror(t *nn.Tensor) *nn.Tensor {
	out := nn.New(t.H, t.W, t.C)
	for y := range t.H {
		for x := range t.W {
			copy(out.Data[(y*t.W+x)*t.C:][:t.C], t.Data[(y*t.W+t.W-1-x)*t.C:][:t.C])
		}
	}
	return out
}

// turn returns how far the nose is off the eyes' midpoint, sideways in the
// face's frame, as a share of the distance between the eyes: about 0 for a
// face looking at the camera, 0.5 and more in profile.
func turn(kp Keypoints) float64 {
	l, r, n := kp[kpEyeL], kp[kpEyeR], kp[kpNose]
	dx, dy := r[0]-l[0], r[1]-l[1]
	d2 := dx*dx + dy*dy
	if d2 < 1e-6 {
		return math.Inf(1)
	}
	mx, my := (l[0]+r[0])/2, (l[1]+r[1])/2
	return math.Abs((n[0]-mx)*dx+(n[1]-my)*dy) / d2
}

// sharpness returns the mean absolute Laplacian of the grey middle half of
// a square RGB crop (values 0 to 255): blurred faces score low.
func sharpness(t *nn.Tensor) float64 {
	g := func(x, y int) float64 {
		p := t.Data[(y*t.W+x)*3:]
		return 0.299*float64(p[0]) + 0.587*float64(p[1]) + 0.114*float64(p[2])
	}
	var sum float64
	n := 0
	for y := t.H / 4; y < 3*t.H/4; y++ {
		for x := t.W / 4; x < 3*t.W/4; x++ {
			sum += math.Abs(4*g(x, y) - g(x-1, y) - g(x+1, y) - g(x, y-1) - g(x, y+1))
			n++
		}
	}
	return sum / float64(max(n, 1))
}

// ageCrop is the box crop used when a face's eyes are not known: pigo's box
// when pigo found the face, otherwise a square as wide as the network's box,
// on its centre (taller boxes, which take in hair and chin, make children
// look older to it).
func ageCrop(f Face) image.Rectangle {
	if f.pigoBox != (Rect{}) {
		return f.pigoBox.R()
	}
	r := f.Box.R()
	if f.Detector == DetectorPigo {
		return r
	}
	cx, cy := float64(r.Min.X+r.Max.X)/2, float64(r.Min.Y+r.Max.Y)/2
	s := float64(r.Dx())
	return rectF(cx-s/2, cy-s/2, cx+s/2, cy+s/2)
}
