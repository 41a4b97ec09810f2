package redact

import (
	"errors"
	"fmt"
	"image"

	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/photo/jpegcoef"
)

// The paths a safe copy is written by (Result.Path).
const (
	// PathLossless: the pixels are unchanged and the coded picture is
	// copied byte for byte into a new container.
	PathLossless = "lossless"
	// PathDCT: a JPEG whose masked blocks were decoded, masked and coded
	// again; every other block's coefficients are copied.
	PathDCT = "dct"
	// PathReencode: the whole picture was decoded and encoded afresh.
	PathReencode = "reencode"
)

// EncodePlan returns the bytes of the safe copy of p with the plan's masks
// (boxes in upright pixels) drawn, its format and the path it took. A masked
// JPEG is changed in the DCT domain when jpegcoef reads it, and re-encoded
// whole otherwise (arithmetic coding, 12-bit, lossless, hierarchical, CMYK);
// without masks Encode writes it. p.Image must hold the decoded picture
// when a photo that is not a JPEG is masked; it is decoded when missing.
func EncodePlan(p *photo.Photo, plan Plan) ([]byte, photo.Format, string, error) {
	if len(plan.Masks) == 0 {
		return encode(p, nil)
	}
	if p.Format == photo.FormatJPEG {
		b, err := maskedJPEG(p, plan)
		if err == nil {
			return b, photo.FormatJPEG, PathDCT, nil
		}
		var fe jpegcoef.FormatError
		if !errors.Is(err, jpegcoef.ErrUnsupported) && !errors.As(err, &fe) {
			return nil, "", "", err
		}
		// Not readable coefficient by coefficient: re-encode, as the
		// returned path says.
	}
	if p.Image == nil {
		if err := p.Decode(); err != nil {
			return nil, "", "", err
		}
	}
	b, f, err := photo.Encode(p, Apply(p.Image, plan))
	return b, f, PathReencode, err
}

// maskedJPEG masks a JPEG in the DCT domain: the MCUs under each mask's
// region are decoded, turned upright, masked as Apply masks a whole
// picture, turned back and quantised with the photo's own tables; every
// other block is copied. The output keeps the orientation as a tag, like
// the lossless path.
func maskedJPEG(p *photo.Photo, plan Plan) ([]byte, error) {
	m, err := readCoefficients(p.Data)
	if err == nil {
		err = m.Maskable()
	}
	if err != nil {
		return nil, err
	}
	if m.Width != p.StoredWidth || m.Height != p.StoredHeight {
		return nil, fmt.Errorf("coefficients are %dx%d, the frame says %dx%d", m.Width, m.Height, p.StoredWidth, p.StoredHeight)
	}
	o := p.Orientation
	for _, g := range maskGroups(m, o, plan) {
		px := m.Pixels(g.r)
		up := turn(px, o, m.Width, m.Height, true)
		for _, i := range g.masks {
			drawMask(up, plan.Masks[i], uint64(i))
		}
		if err := m.SetPixels(turn(up, o, m.Width, m.Height, false)); err != nil {
			return nil, err
		}
	}
	return m.Encode(photo.JPEGHeader(p)), nil
}

// readCoefficients is jpegcoef.Read; a test makes it fail.
var readCoefficients = jpegcoef.Read

// maskGroup is a rectangle of whole MCUs (stored pixels) and the masks
// (plan indexes) whose regions lie in it.
type maskGroup struct {
	r     image.Rectangle
	masks []int
}

// maskGroups gathers the masks into disjoint rectangles of whole MCUs,
// each holding the regions of its masks entirely.
func maskGroups(m *jpegcoef.Image, o int, plan Plan) []maskGroup {
	var gs []maskGroup
	for i, mk := range plan.Masks {
		if mk.Box.Empty() {
			continue
		}
		r := m.AlignMCU(storedRect(Region(mk.Box), o, m.Width, m.Height))
		if r.Empty() {
			continue
		}
		g := maskGroup{r: r, masks: []int{i}}
		for merged := true; merged; {
			merged = false
			for j := 0; j < len(gs); j++ {
				if gs[j].r.Overlaps(g.r) {
					g.r = m.AlignMCU(g.r.Union(gs[j].r))
					g.masks = append(g.masks, gs[j].masks...)
					gs = append(gs[:j], gs[j+1:]...)
					merged = true
					break
				}
			}
		}
		gs = append(gs, g)
	}
	return gs
}

// uprightPoint maps a stored pixel of a w x h picture with EXIF
// orientation o to its upright position.
func uprightPoint(o, w, h, x, y int) (int, int) {
	switch o {
	case 2:
		return w - 1 - x, y
	case 3:
		return w - 1 - x, h - 1 - y
	case 4:
		return x, h - 1 - y
	case 5:
		return y, x
	case 6:
		return h - 1 - y, x
	case 7:
		return h - 1 - y, w - 1 - x
	case 8:
		return y, w - 1 - x
	}
	return x, y
}

// uprightRect maps a rectangle of stored pixels to upright ones.
func uprightRect(r image.Rectangle, o, w, h int) image.Rectangle {
	if r.Empty() {
		return image.Rectangle{}
	}
	x0, y0 := uprightPoint(o, w, h, r.Min.X, r.Min.Y)
	x1, y1 := uprightPoint(o, w, h, r.Max.X-1, r.Max.Y-1)
	return image.Rect(min(x0, x1), min(y0, y1), max(x0, x1)+1, max(y0, y1)+1)
}

// storedRect maps a rectangle of upright pixels to stored ones, clipped to
// the picture.
func storedRect(r image.Rectangle, o, w, h int) image.Rectangle {
	uw, uh := w, h
	if o >= 5 {
		uw, uh = h, w
	}
	r = r.Intersect(image.Rect(0, 0, uw, uh))
	if r.Empty() {
		return image.Rectangle{}
	}
	// The stored rectangle whose upright image is r: try the inverse of
	// each corner through the forward map.
	inv := map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 8, 7: 7, 8: 6}[max(1, min(8, o))]
	x0, y0 := uprightPoint(inv, uw, uh, r.Min.X, r.Min.Y)
	x1, y1 := uprightPoint(inv, uw, uh, r.Max.X-1, r.Max.Y-1)
	return image.Rect(min(x0, x1), min(y0, y1), max(x0, x1)+1, max(y0, y1)+1)
}

// turn copies a region of a w x h stored picture to its upright position
// (up) or an upright region back to stored pixels (!up). An upright
// picture's region is returned as is.
func turn(src *image.NRGBA, o, w, h int, up bool) *image.NRGBA {
	if o <= 1 || o > 8 {
		return src // upright already: the caller owns src
	}
	var dst *image.NRGBA
	if up {
		dst = image.NewNRGBA(uprightRect(src.Rect, o, w, h))
	} else {
		dst = image.NewNRGBA(storedRect(src.Rect, o, w, h))
	}
	stored := dst.Rect
	if up {
		stored = src.Rect
	}
	for y := stored.Min.Y; y < stored.Max.Y; y++ {
		for x := stored.Min.X; x < stored.Max.X; x++ {
			ux, uy := uprightPoint(o, w, h, x, y)
			var s, d int
			if up {
				s, d = src.PixOffset(x, y), dst.PixOffset(ux, uy)
			} else {
				s, d = src.PixOffset(ux, uy), dst.PixOffset(x, y)
			}
			copy(dst.Pix[d:d+4], src.Pix[s:s+4])
		}
	}
	return dst
}
