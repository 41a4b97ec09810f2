package detect

import (
	"image"
	"math"
	"sort"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// A detector is one face detector of Faces. Each lives in its own file
// (pigo.go's part of faces.go, ssd.go, blaze.go) and registers itself in an
// init function with register: a new detector is one new file (and the
// FaceOptions fields that tune it).
type detector interface {
	// Name is what its faces carry as Face.Detector.
	Name() string
	// Rank is its priority in Merge: when two detectors find the same
	// face, the box of the lower rank is kept.
	Rank() int
	// Mask grows a face box it found (unclipped, in image pixels) to the
	// mask that covers the whole head.
	Mask(box boxF) image.Rectangle
	// On reports whether opt runs it.
	On(opt FaceOptions) bool
	// Find returns its faces in the photo, with the settings of opt; it
	// reads the photo through s, whose scaled copies every detector shares.
	Find(s *source, opt FaceOptions) ([]Face, error)
}

// detectors are the registered detectors, by rank.
var detectors []detector

// register adds a detector (from an init function).
func register(d detector) {
	detectors = append(detectors, d)
	sort.SliceStable(detectors, func(i, j int) bool { return detectors[i].Rank() < detectors[j].Rank() })
}

// detectorNamed returns the registered detector of that name, or nil.
func detectorNamed(name string) detector {
	for _, d := range detectors {
		if d.Name() == name {
			return d
		}
	}
	return nil
}

// rankOf is the Merge rank of a detector's name (unknown names last).
func rankOf(name string) int {
	if d := detectorNamed(name); d != nil {
		return d.Rank()
	}
	return math.MaxInt
}

// growth is a mask growth as fractions of a box's width (each side) and
// height (above, below).
type growth struct{ side, top, bottom float64 }

// grow applies g to a box.
func (g growth) grow(r boxF) image.Rectangle {
	w, h := r.x1-r.x0, r.y1-r.y0
	return rectF(r.x0-g.side*w, r.y0-g.top*h, r.x1+g.side*w, r.y1+g.bottom*h)
}

// faceOf makes the Face of a detector's box (image pixels): the box and
// the detector's mask, both clipped to the picture.
func faceOf(d detector, b scoredBox, bounds image.Rectangle) Face {
	box := rectF(b.box.x0, b.box.y0, b.box.x1, b.box.y1).Intersect(bounds)
	return Face{
		Box: RectOf(box), Mask: RectOf(d.Mask(b.box).Intersect(bounds)),
		Score: math.Round(b.score*1000) / 1000, Label: LabelUnsure, Detector: d.Name(),
	}
}

// source is the photo as the detectors read it: the scaled copies are made
// once, by the first detector that asks, and shared.
type source struct {
	img  image.Image
	gray map[int]Gray
	rgb  []*nn.Tensor // fitted copies, largest first
}

func newSource(img image.Image) *source { return &source{img: img, gray: map[int]Gray{}} }

// bounds are the photo's bounds.
func (s *source) bounds() image.Rectangle { return s.img.Bounds() }

// grayScaled is grayScaled(img, maxSide), made once.
func (s *source) grayScaled(maxSide int) Gray {
	if g, ok := s.gray[maxSide]; ok {
		return g
	}
	g := grayScaled(s.img, maxSide)
	s.gray[maxSide] = g
	return g
}

// fit is fitTensor(img, size) (long side size, the other rounded), made
// once; a smaller size is area-averaged from the smallest larger copy
// already made rather than from the photo (as BlazeFace always read the
// SSD's input: on corpus/faces, from the photo itself lost a face).
func (s *source) fit(size int) *nn.Tensor {
	for _, t := range s.rgb {
		if max(t.W, t.H) == size {
			return t
		}
	}
	var t *nn.Tensor
	b := s.img.Bounds()
	long := max(b.Dx(), b.Dy())
	for i := len(s.rgb) - 1; i >= 0 && size < long; i-- {
		if c := s.rgb[i]; max(c.W, c.H) > size {
			w, h := fitSize(b, size)
			t = nn.AreaResize(c, h, w)
			break
		}
	}
	if t == nil {
		t = fitTensor(s.img, size)
	}
	s.rgb = append(s.rgb, t)
	sort.Slice(s.rgb, func(i, j int) bool { return max(s.rgb[i].W, s.rgb[i].H) > max(s.rgb[j].W, s.rgb[j].H) })
	return t
}
