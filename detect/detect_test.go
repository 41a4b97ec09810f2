package detect

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	pigo "github.com/esimov/pigo/core"

	"github.com/sharesafe/sharesafe/photo"
)

// TestCascadeMatchesModule proves the embedded cascade is the pinned pigo
// module's file, byte for byte.
func TestCascadeMatchesModule(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/esimov/pigo").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	want, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "cascade", "facefinder"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(facefinderCascade, want) {
		t.Fatal("detect/cascade/facefinder differs from the module's: run go generate ./detect")
	}
}

func open(t *testing.T, name string) *photo.Photo {
	t.Helper()
	p, err := photo.Open("../testdata/photos/"+name, photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// pigoOnly are the three detectors' options with the networks off and
// pigo's turned passes on: these tests check pigo's boxes.
var pigoOnly = func() Options {
	o := DefaultOptions
	o.Face = ThreeDetectorOptions
	o.Face.SSDSize, o.Face.Blaze, o.Face.Threshold = 0, false, 8
	o.Face.Angles = []float64{0, -11.25, 11.25}
	return o
}()

// The astronaut's face, upright, is at about x 169-281, y 56-168.
var astronautFace = image.Rect(169, 56, 281, 168)

// TestDefaultFindsTheAstronaut: the default detector (YuNet) finds the
// one face of the upright photos, its landmarks on the face, in the
// photo's own coordinates when its bounds do not start at (0, 0).
func TestDefaultFindsTheAstronaut(t *testing.T) {
	for _, shift := range []image.Point{{}, {1000, 500}} {
		for _, name := range []string{"astronaut.png", "school-gate.jpg"} {
			p := open(t, name)
			img := p.Image
			if shift != (image.Point{}) {
				if name != "astronaut.png" {
					continue
				}
				m := *img.(*image.RGBA)
				m.Rect = m.Rect.Add(shift)
				img = &m
			}
			faces, err := Faces(img, DefaultFaceOptions)
			if err != nil {
				t.Fatal(err)
			}
			if len(faces) != 1 || faces[0].Detector != DetectorYuNet {
				t.Fatalf("%s shifted by %v: %+v, want one face found by YuNet", name, shift, faces)
			}
			f := faces[0]
			if iou(f.Box.R(), astronautFace.Add(shift)) < 0.5 {
				t.Errorf("%s shifted by %v: face box %v far from %v", name, shift, f.Box, astronautFace.Add(shift))
			}
			if !f.Box.R().In(f.Mask.R()) {
				t.Errorf("%s: mask %v does not contain box %v", name, f.Mask, f.Box)
			}
			if f.kp == nil {
				t.Fatalf("%s: no landmarks", name)
			}
			for i, pt := range f.kp[:kpEarL] {
				if !image.Pt(int(pt[0]), int(pt[1])).In(f.Box.R()) {
					t.Errorf("%s: landmark %d at %v outside the box %v", name, i, pt, f.Box)
				}
			}
			if f.kp[kpEyeL][0] >= f.kp[kpEyeR][0] {
				t.Errorf("%s: eyes %v, %v: the picture's left eye is not first", name, f.kp[kpEyeL], f.kp[kpEyeR])
			}
		}
	}
}

func TestFacesFindTheAstronautUprightAndRotated(t *testing.T) {
	for _, name := range []string{"astronaut.png", "rotated.jpg", "school-gate.jpg"} {
		r, err := Inspect(open(t, name), pigoOnly)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Faces) != 1 {
			t.Fatalf("%s: %d faces, want 1: %+v", name, len(r.Faces), r.Faces)
		}
		f := r.Faces[0]
		if iou(f.Box.R(), astronautFace) < 0.6 {
			t.Errorf("%s: face box %v far from %v", name, f.Box, astronautFace)
		}
		if !f.Box.R().In(f.Mask.R()) {
			t.Errorf("%s: mask %v does not contain box %v", name, f.Mask, f.Box)
		}
	}
}

// TestFacesKeepSourceCoordinates runs on an image whose bounds do not start
// at (0,0): boxes must be in the image's own coordinates.
func TestFacesKeepSourceCoordinates(t *testing.T) {
	img := open(t, "astronaut.png").Image.(*image.RGBA)
	shifted := *img
	shifted.Rect = img.Rect.Add(image.Pt(1000, 500))
	faces, err := Faces(&shifted, pigoOnly.Face)
	if err != nil || len(faces) != 1 {
		t.Fatalf("%v, %d faces", err, len(faces))
	}
	if iou(faces[0].Box.R(), astronautFace.Add(image.Pt(1000, 500))) < 0.6 {
		t.Errorf("box %v not shifted with the image", faces[0].Box)
	}
}

func iou(a, b image.Rectangle) float64 {
	in := a.Intersect(b)
	i := float64(in.Dx() * in.Dy())
	return i / (float64(a.Dx()*a.Dy()+b.Dx()*b.Dy()) - i)
}

func TestMetadataFindsEveryLeakOfTheFixtures(t *testing.T) {
	want := map[string][]string{
		"school-gate.jpg": {KindGPS, KindTime, KindDevice, KindSerial, KindOwner, KindSoftware, KindThumbnail, KindXMP, KindPeople, KindComment, KindMotionVideo},
		"burst-mpf.jpg":   {KindMPF, KindTrailer},
		"drawing.png":     {KindText, KindXMP, KindOwner, KindPlaceNames, KindTime},
		"rotated.jpg":     {KindDevice},
	}
	for name, kinds := range want {
		p, err := photo.Load("../testdata/photos/"+name, photo.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := Inspect(p, Options{})
		for _, k := range kinds {
			if !r.Has(k) {
				t.Errorf("%s: no %s finding in %+v", name, k, r.Findings)
			}
		}
	}
	p, _ := photo.Load("../testdata/photos/school-gate.jpg", photo.DefaultLimits)
	r, _ := Inspect(p, Options{})
	for _, f := range r.Findings {
		if f.Kind == KindPeople && f.Value != "" && f.Value != "Lily Example" {
			t.Errorf("person names %q, want Lily Example", f.Value)
		}
	}
}

// TestHostileEXIFNeverPanics feeds goexif truncated and mangled EXIF: every
// outcome is findings, never a panic.
func TestHostileEXIFNeverPanics(t *testing.T) {
	p, err := photo.Load("../testdata/photos/school-gate.jpg", photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	exif := p.Meta.EXIF
	for cut := 0; cut < len(exif); cut += 7 {
		exifFindings(exif[:cut])
	}
	for i := 8; i < 400 && i < len(exif); i++ {
		b := append([]byte{}, exif...)
		b[i] ^= 0xFF
		exifFindings(b)
	}
}

// TestEXIFWithAnIFDCycle is a regression test: IFD0 -> IFD1 -> IFD0 made
// goexif loop forever, growing memory.
func TestEXIFWithAnIFDCycle(t *testing.T) {
	b := []byte("II*\x00\x08\x00\x00\x00" +
		"\x01\x00\x0f\x01\x02\x00\x04\x00\x00\x00ABC\x00" + "\x1a\x00\x00\x00" + // IFD0 at 8: Make "ABC", next IFD at 26
		"\x01\x00\x10\x01\x02\x00\x04\x00\x00\x00XYZ\x00" + "\x08\x00\x00\x00") // IFD1 at 26: next IFD back at 8
	done := make(chan []Finding)
	go func() { done <- exifFindings(b) }()
	select {
	case f := <-done:
		if len(f) == 0 || f[0].Kind != KindUnreadable {
			t.Errorf("findings %+v, want unreadable first", f)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("EXIF with an IFD cycle hangs")
	}
}

func TestXMPValues(t *testing.T) {
	x := []byte(`<rdf:Description mwg-rs:Name="Tom &amp; Jo" photoshop:City="Lyon"><Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Ana</rdf:li><rdf:li>Ben</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage><mwg-rs:Name>Cy</mwg-rs:Name>`)
	got := strings.Join(unique(x, xmpNameProps), "|")
	if got != "Tom & Jo|Cy|Ana|Ben" {
		t.Errorf("names %q", got)
	}
}

// FuzzEXIF feeds any bytes to the EXIF readers (goexif behind recover, and
// the fallback): findings or nothing, never a panic.
func FuzzEXIF(f *testing.F) {
	p, err := photo.Load("../testdata/photos/school-gate.jpg", photo.DefaultLimits)
	if err == nil {
		f.Add(p.Meta.EXIF)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		exifFindings(b)
		xmpFindings(b, false)
		iptcFindings(b)
	})
}

// TestMergeNeverUnmasks checks that a face suppressed as a duplicate keeps
// its pixels masked: the kept face's mask grows to cover it.
func TestMergeNeverUnmasks(t *testing.T) {
	ssd := Face{Box: Rect{100, 100, 40, 50}, Mask: Rect{90, 78, 60, 82}, Score: 0.9, Detector: DetectorSSD}
	pigo := Face{Box: Rect{95, 95, 60, 60}, Mask: Rect{80, 62, 90, 117}, Score: 40, Detector: DetectorPigo}
	far := Face{Box: Rect{400, 100, 40, 40}, Mask: Rect{390, 80, 60, 80}, Score: 20, Detector: DetectorPigo}
	got := Merge([]Face{pigo, far, ssd})
	if len(got) != 2 {
		t.Fatalf("%d faces, want 2: %+v", len(got), got)
	}
	if got[0].Detector != DetectorSSD || got[0].Box != ssd.Box {
		t.Errorf("kept %+v, want the SSD's box", got[0])
	}
	for _, m := range []Rect{ssd.Mask, pigo.Mask} {
		if !m.R().In(got[0].Mask.R()) {
			t.Errorf("mask %v not inside the merged mask %v", m, got[0].Mask)
		}
	}
	if got[1].Mask != far.Mask {
		t.Errorf("a face without duplicate changed: %+v", got[1])
	}
}

// fakeDetector is a detector registered by TestMergeHonoursTheSeam only.
type fakeDetector struct{}

func (fakeDetector) Name() string                              { return "fake" }
func (fakeDetector) Rank() int                                 { return -1 }
func (fakeDetector) On(FaceOptions) bool                       { return false }
func (fakeDetector) Find(*source, FaceOptions) ([]Face, error) { return nil, nil }
func (fakeDetector) Mask(r boxF) image.Rectangle               { return growth{1, 2, 3}.grow(r) }

// TestMergeHonoursTheSeam checks that Merge and GrowBox take a detector's
// rank and mask from the detector itself: a detector ranked before the SSD
// keeps its box over the SSD's, and its own growth makes its mask.
func TestMergeHonoursTheSeam(t *testing.T) {
	saved := append([]detector(nil), detectors...)
	defer func() { detectors = saved }()
	register(fakeDetector{})
	b := image.Rect(0, 0, 1000, 1000)
	fake := faceOf(fakeDetector{}, scoredBox{boxF{100, 100, 140, 150}, 0.1}, b)
	if want := (Rect{60, 0, 120, 300}); fake.Mask != want {
		t.Errorf("fake mask %v, want %v (its own growth)", fake.Mask, want)
	}
	if got := GrowBox(image.Rect(100, 100, 140, 150), "fake"); got != fake.Mask.R() {
		t.Errorf("GrowBox %v, want the detector's mask %v", got, fake.Mask.R())
	}
	ssd := faceOf(ssdDetector{}, scoredBox{boxF{98, 102, 142, 148}, 0.99}, b)
	pigo := faceOf(pigoDetector{}, scoredBox{boxF{95, 95, 150, 150}, 50}, b)
	for _, in := range [][]Face{{ssd, pigo, fake}, {fake, pigo, ssd}} {
		got := Merge(in)
		if len(got) != 1 || got[0].Detector != "fake" || got[0].Box != fake.Box {
			t.Fatalf("Merge kept %+v, want the fake detector's box (rank -1)", got)
		}
		for _, m := range []Rect{ssd.Mask, pigo.Mask, fake.Mask} {
			if !m.R().In(got[0].Mask.R()) {
				t.Errorf("mask %v not inside the merged mask %v", m, got[0].Mask)
			}
		}
	}
	detectors = saved
	if got := Merge([]Face{pigo, ssd}); len(got) != 1 || got[0].Detector != DetectorSSD {
		t.Errorf("without the fake, Merge kept %+v, want the SSD's box", got)
	}
	if got := Merge([]Face{pigo, fake}); len(got) != 1 || got[0].Detector != DetectorPigo {
		t.Errorf("an unregistered detector ranks last: Merge kept %+v", got)
	}
}

// TestRGBScaledFromYCbCr checks that averaging a JPEG's planes before
// converting them gives the colours of converting every pixel first, for
// each chroma subsampling, within rounding.
func TestRGBScaledFromYCbCr(t *testing.T) {
	src := open(t, "astronaut.png").Image
	b := src.Bounds()
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410} {
		m := image.NewYCbCr(b.Add(image.Pt(3, 5)), ratio)
		for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
			for x := m.Rect.Min.X; x < m.Rect.Max.X; x++ {
				r, g, bl, _ := src.At(x-3, y-5).RGBA()
				yy, cb, cr := color.RGBToYCbCr(uint8(r>>8), uint8(g>>8), uint8(bl>>8))
				m.Y[m.YOffset(x, y)] = yy
				m.Cb[m.COffset(x, y)], m.Cr[m.COffset(x, y)] = cb, cr
			}
		}
		rgba := image.NewRGBA(m.Rect)
		draw.Draw(rgba, m.Rect, m, m.Rect.Min, draw.Src)
		got, want := rgbScaled(m, 128, 128), rgbScaled(rgba, 128, 128)
		worst, sum := 0.0, 0.0
		for i := range got.Data {
			d := math.Abs(float64(got.Data[i] - want.Data[i]))
			worst, sum = max(worst, d), sum+d
		}
		// Where pixels share a chroma sample, a sharp edge gives a pixel
		// out-of-range colours that a per-pixel conversion clamps: only
		// the mean stays close there.
		limit := 2.0
		if ratio != image.YCbCrSubsampleRatio444 {
			limit = 32
		}
		if mean := sum / float64(len(got.Data)); worst > limit || mean > 0.5 {
			t.Errorf("%v: differs by up to %.2f (mean %.3f) from converting every pixel first", ratio, worst, mean)
		}
	}
}

// TestUprightScanIsPigos checks the upright scan against pigo's own
// RunCascade: the same detections, in the same order, on a photo and on
// noise, at several sizes and steps.
func TestUprightScanIsPigos(t *testing.T) {
	cls, err := classifier()
	if err != nil {
		t.Fatal(err)
	}
	up, err := uprightCascade()
	if err != nil {
		t.Fatal(err)
	}
	astro := grayScaled(open(t, "astronaut.png").Image, 0)
	noise := Gray{Pix: make([]uint8, 301*217), W: 301, H: 217}
	for i := range noise.Pix {
		noise.Pix[i] = uint8(i*7919>>3 ^ i*31)
	}
	for _, g := range []Gray{astro, noise} {
		for _, p := range [][3]float64{{20, 0.1, 1.1}, {9, 0.05, 1.05}, {33, 0.15, 1.2}} {
			cp := pigo.CascadeParams{
				MinSize: int(p[0]), MaxSize: min(g.W, g.H), ShiftFactor: p[1], ScaleFactor: p[2],
				ImageParams: pigo.ImageParams{Pixels: g.Pix, Rows: g.H, Cols: g.W, Dim: g.W},
			}
			want := cls.RunCascade(cp, 0)
			got := up.runUpright(cp)
			if len(want) == 0 && g.W == astro.W {
				t.Fatalf("%v: pigo found nothing on the astronaut", p)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%dx%d %v: %d detections, pigo %d", g.W, g.H, p, len(got), len(want))
			}
		}
	}
}
