package photo

import (
	"image"

	"github.com/disintegration/imaging"
)

// Upright returns the image turned as EXIF orientation o (1 to 8) says it
// should be shown. Orientation 1 returns img itself.
func Upright(img image.Image, o int) image.Image {
	switch o {
	case 2:
		return imaging.FlipH(img)
	case 3:
		return imaging.Rotate180(img)
	case 4:
		return imaging.FlipV(img)
	case 5:
		return imaging.Transpose(img)
	case 6:
		return imaging.Rotate270(img)
	case 7:
		return imaging.Transverse(img)
	case 8:
		return imaging.Rotate90(img)
	}
	return img
}
