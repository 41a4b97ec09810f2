package detect

import (
	"fmt"
	"image"
	"math"
	"sort"
	"sync"

	pigo "github.com/esimov/pigo/core"
)

// FaceOptions choose the face detectors (pigo, the SSD, BlazeFace) and
// their settings.
type FaceOptions struct {
	// WorkSize is the long side, in pixels, of the grey copy searched
	// (0: full resolution). Smaller is faster but loses small faces.
	WorkSize int
	// MinFace is the smallest face side searched, in working pixels.
	MinFace int
	// Shift and Scale are pigo's window step (fraction of its size) and
	// scale step.
	Shift, Scale float64
	// Angles are the in-plane rotations searched, in degrees.
	Angles []float64
	// TurnedMinFace, when larger than MinFace, is the smallest face side
	// (working pixels) of the turned passes (angles other than 0): they
	// search a copy scaled by MinFace/TurnedMinFace, at a fraction of the
	// cost.
	TurnedMinFace int
	// ClusterIoU merges detections of one pass; NMSIoU suppresses overlaps
	// between passes.
	ClusterIoU, NMSIoU float64
	// Threshold is the minimum summed cluster score kept.
	Threshold float64

	// SSDSize is the side of the SSD MobileNet's input (0: SSD off), and
	// SSDScore its minimum score. A photo whose long side is at least
	// SSDLargeFrom pixels (0: none) is seen at SSDLargeSize instead, when
	// that is smaller: cheaper, while pigo's grey copy, at least as
	// detailed as the photo at WorkSize, finds the faces too small for it.
	SSDSize, SSDLargeSize, SSDLargeFrom int
	SSDScore                            float64
	// SSDMaxSide drops SSD boxes wider than this share of the photo's long
	// side (0: none): at that size the SSD mistakes bodies for faces, and
	// BlazeFace finds close-up faces instead.
	SSDMaxSide float64
	// Blaze turns BlazeFace on; BlazeScore is its minimum score, and boxes
	// narrower than BlazeMinSide times the photo's long side are dropped
	// (at 256 px, BlazeFace is only reliable on large faces).
	Blaze        bool
	BlazeScore   float64
	BlazeMinSide float64

	// YuNetSize is the long side, in pixels, at which YuNet sees the whole
	// photo (0: YuNet off; a smaller photo is enlarged to it), and
	// YuNetScore its minimum score (class score times objectness). When
	// YuNetTileScale is above 0 and the whole photo at YuNetSize is less
	// than half of YuNetTileScale times the photo, YuNet also searches it at
	// YuNetTileScale times its size in square tiles of YuNetTile pixels
	// overlapping by YuNetOverlap (the widest face, at that scale, sure to
	// lie whole in a tile): the small faces of a large photo.
	YuNetSize               int
	YuNetScore              float64
	YuNetTileScale          float64
	YuNetTile, YuNetOverlap int
	// YuNetFlip also runs each pass on the mirrored picture.
	YuNetFlip bool
	// YuNetCheckBelow: a box scoring under it is looked at again, enlarged,
	// and kept when that look scores at least YuNetCheckScore (0: none).
	YuNetCheckBelow, YuNetCheckScore float64
}

// DefaultFaceOptions (--detector thorough) run YuNet alone (issue #27):
// on the whole photo at 640 px (a smaller photo enlarged to it) and on its
// mirror, from score 0.5, its masks 1.3 times the SSD's; and, for a photo
// more than 1280 px long, on tiles of 1024 px at the photo's own size,
// overlapping by 128 px, so that a face is found in a 12-megapixel photo
// as in a small one. On the labelled faces corpus
// (../shared/corpus/faces beside the repository, not in it: docs/faces.md)
// they mask 0.870 of the faces at least 20 px wide at a mask precision of
// 0.970 (the three detectors before: 0.854 at 0.958), and 0.820 of those
// at least 14 px wide. pigo, the SSD and BlazeFace, measured beside it,
// added no more than YuNet's mirror at several times its cost (go run
// ./dev/faceeval -sweep -detectors yunet,ssd,blazeface,pigo).
var DefaultFaceOptions = FaceOptions{
	YuNetSize: 640, YuNetScore: 0.5, YuNetFlip: true,
	YuNetTileScale: 1, YuNetTile: 1024, YuNetOverlap: 128,
}

// FastFaceOptions (--detector fast) run YuNet once on the whole photo at
// 640 px from score 0.6: the peer redactor's search (issue #27), with
// sharesafe's masks.
var FastFaceOptions = FaceOptions{YuNetSize: 640, YuNetScore: 0.6}

// ThreeDetectorOptions are the detectors of sharesafe before YuNet (pigo,
// the SSD and BlazeFace, merged), kept to measure against.
var ThreeDetectorOptions = FaceOptions{
	WorkSize: 1600, MinFace: 20, Shift: 0.1, Scale: 1.1,
	Angles: []float64{0}, ClusterIoU: 0.2, NMSIoU: 0.3, Threshold: 15,
	SSDSize: 768, SSDLargeSize: 640, SSDLargeFrom: 1600, SSDScore: 0.3, SSDMaxSide: 0.5,
	Blaze: true, BlazeScore: 0.5, BlazeMinSide: 0.1,
}

// uprightCascade is the cascade for the upright pass (pigoscan.go).
var uprightCascade = sync.OnceValues(func() (*cascade, error) { return unpackCascade(facefinderCascade) })

var classifier = sync.OnceValues(func() (*pigo.Pigo, error) {
	c, err := pigo.NewPigo().Unpack(facefinderCascade)
	if err != nil {
		return nil, fmt.Errorf("detect: face cascade: %w", err)
	}
	return c, nil
})

type candidate struct {
	cx, cy, side float64 // working pixels
	score        float64
	angle        float64
}

// Detector names.
const (
	DetectorPigo  = "pigo"
	DetectorSSD   = "ssd"
	DetectorBlaze = "blazeface"
	DetectorYuNet = "yunet"
)

// Faces finds the faces of img (upright pixels; any bounds) with the
// detectors opt turns on, merged (Merge). Boxes are in the pixel
// coordinates of img.
func Faces(img image.Image, opt FaceOptions) ([]Face, error) {
	c, err := Candidates(img, opt)
	if err != nil {
		return nil, err
	}
	return Merge(c), nil
}

// Candidates returns every detector's faces, each kept at its own
// threshold, before merging. The detectors share the photo's scaled
// copies.
func Candidates(img image.Image, opt FaceOptions) ([]Face, error) {
	s := newSource(img)
	var faces []Face
	for _, d := range detectors {
		if !d.On(opt) {
			continue
		}
		f, err := d.Find(s, opt)
		if err != nil {
			return nil, err
		}
		faces = append(faces, f...)
	}
	return faces, nil
}

// Merge suppresses duplicates across detectors: of faces whose boxes
// overlap by more than half of the smaller box, it keeps the one from the
// better-ranked detector (detector.Rank, then the higher score), its mask
// grown to also cover the duplicate's (so that merging never unmasks a
// pixel), and sorts the rest top to bottom, left to right.
func Merge(c []Face) []Face {
	c = append([]Face(nil), c...)
	sort.SliceStable(c, func(i, j int) bool {
		ri, rj := rankOf(c[i].Detector), rankOf(c[j].Detector)
		if ri != rj {
			return ri < rj
		}
		return c[i].Score > c[j].Score
	})
	var keep []Face
	for _, f := range c {
		a := f.Box.R()
		dup := false
		for i, k := range keep {
			b := k.Box.R()
			in := a.Intersect(b)
			small := min(a.Dx()*a.Dy(), b.Dx()*b.Dy())
			if small > 0 && float64(in.Dx()*in.Dy()) > 0.5*float64(small) {
				dup = true
				keep[i].Mask = RectOf(k.Mask.R().Union(f.Mask.R()))
				if f.Detector == DetectorPigo && k.pigoBox == (Rect{}) {
					keep[i].pigoBox = f.Box
				}
				if k.kp == nil {
					keep[i].kp = f.kp
				}
				break
			}
		}
		if !dup {
			keep = append(keep, f)
		}
	}
	sort.Slice(keep, func(i, j int) bool {
		if keep[i].Box[1] != keep[j].Box[1] {
			return keep[i].Box[1] < keep[j].Box[1]
		}
		return keep[i].Box[0] < keep[j].Box[0]
	})
	return keep
}

// pigoDetector is pigo (github.com/esimov/pigo) on a grey copy of the
// photo: its boxes fit a face less well than the networks' (rank 2), and
// its mask is HeadBox.
type pigoDetector struct{}

func init() { register(pigoDetector{}) }

func (pigoDetector) Name() string                                    { return DetectorPigo }
func (pigoDetector) Rank() int                                       { return 2 }
func (pigoDetector) On(opt FaceOptions) bool                         { return len(opt.Angles) > 0 }
func (pigoDetector) Find(s *source, opt FaceOptions) ([]Face, error) { return pigoFaces(s, opt) }

// Mask is HeadBox of the square box.
func (pigoDetector) Mask(r boxF) image.Rectangle {
	return HeadBox((r.x0+r.x1)/2, (r.y0+r.y1)/2, r.x1-r.x0)
}

// pigoFaces finds faces with pigo.
func pigoFaces(s *source, opt FaceOptions) ([]Face, error) {
	if len(opt.Angles) == 0 {
		return nil, nil
	}
	cls, err := classifier()
	if err != nil {
		return nil, err
	}
	g := s.grayScaled(opt.WorkSize)
	var cands []candidate
	var square Gray // padded copy for rotated passes
	k := 1.0        // from the turned passes' pixels to g's
	for _, a := range opt.Angles {
		src := g
		if a != 0 {
			if square.Pix == nil {
				t := g
				if opt.TurnedMinFace > opt.MinFace {
					t = s.grayScaled(max(g.W, g.H) * opt.MinFace / opt.TurnedMinFace)
					k = float64(g.W) / float64(t.W)
				}
				square = padSquare(t)
			}
			src = square
		}
		cp := pigo.CascadeParams{
			MinSize: opt.MinFace, MaxSize: min(src.W, src.H),
			ShiftFactor: opt.Shift, ScaleFactor: opt.Scale,
			ImageParams: pigo.ImageParams{Pixels: src.Pix, Rows: src.H, Cols: src.W, Dim: src.W},
		}
		turn := a / 360
		if turn < 0 {
			turn = 1 + turn // pigo takes negative angles as 1 - |a|
		}
		var dets []pigo.Detection
		if turn == 0 {
			up, err := uprightCascade()
			if err != nil {
				return nil, err
			}
			dets = up.runUpright(cp)
		} else {
			dets = cls.RunCascade(cp, turn)
		}
		dets = cls.ClusterDetections(dets, opt.ClusterIoU)
		f := 1.0
		if a != 0 {
			f = k
		}
		for _, d := range dets {
			if float64(d.Q) < opt.Threshold {
				continue
			}
			c := candidate{cx: f * float64(d.Col), cy: f * float64(d.Row), side: f * float64(d.Scale), score: float64(d.Q), angle: a}
			if c.cx >= float64(g.W) || c.cy >= float64(g.H) {
				continue // centre in the padding
			}
			cands = append(cands, c)
		}
	}
	cands = nms(cands, opt.NMSIoU, candidate.square) // pigo does not suppress between clusters or passes

	b := s.bounds()
	sx := float64(b.Dx()) / float64(g.W)
	sy := float64(b.Dy()) / float64(g.H)
	faces := make([]Face, 0, len(cands))
	for _, c := range cands {
		cx, cy := c.cx*sx+float64(b.Min.X), c.cy*sy+float64(b.Min.Y)
		s := c.side * (sx + sy) / 2
		box := rectF(cx-s/2, cy-s/2, cx+s/2, cy+s/2).Intersect(b)
		mask := HeadBox(cx, cy, s).Intersect(b)
		if box.Empty() || mask.Empty() {
			continue
		}
		faces = append(faces, Face{
			Box: RectOf(box), Mask: RectOf(mask), Score: math.Round(c.score*100) / 100,
			Angle: c.angle, Label: LabelUnsure, Detector: DetectorPigo,
		})
	}
	return faces, nil
}

// HeadBox grows a square face box (centre cx, cy; side s) to cover the whole
// head: 1.5 s wide, from 1.05 s above the centre to 0.9 s below it. On the
// labelled faces of corpus/faces this covered every labelled box of the faces
// pigo found (corpus/faces/BASELINES.md).
func HeadBox(cx, cy, s float64) image.Rectangle {
	return rectF(cx-0.75*s, cy-1.05*s, cx+0.75*s, cy+0.9*s)
}

// rectF rounds outward.
func rectF(x0, y0, x1, y1 float64) image.Rectangle {
	return image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1)))
}

// padSquare returns g padded with mid-grey to a square: pigo's rotated
// classifier clamps columns to the row count, so without padding it is blind
// right of x = height in landscape images.
func padSquare(g Gray) Gray {
	d := max(g.W, g.H)
	out := Gray{Pix: make([]uint8, d*d), W: d, H: d}
	for i := range out.Pix {
		out.Pix[i] = 128
	}
	for y := 0; y < g.H; y++ {
		copy(out.Pix[y*d:y*d+g.W], g.Pix[y*g.W:(y+1)*g.W])
	}
	return out
}

// square is a candidate's box and score, for nms.
func (c candidate) square() scoredBox {
	h := c.side / 2
	return scoredBox{boxF{c.cx - h, c.cy - h, c.cx + h, c.cy + h}, c.score}
}

// GrowBox grows a face box found by the named detector to its mask (the
// detector's Mask); a name no detector has is not grown.
func GrowBox(r image.Rectangle, detector string) image.Rectangle {
	d := detectorNamed(detector)
	if d == nil {
		return r
	}
	return d.Mask(boxF{float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y)})
}
