package photo

import (
	"bytes"
	"image"
	"image/draw"
	"image/jpeg"
)

// Pack keeps pixels small in memory: a JPEG of quality 90 (a 480×360
// picture takes about 30 KB instead of 690 KB). It is for pictures a
// program holds (the review app's thumbnails), never a file: nothing of
// the photo's file is in it but its pixels.
func Pack(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Unpack returns the pixels Pack kept.
func Unpack(b []byte) (*image.NRGBA, error) {
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	out := image.NewNRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	return out, nil
}
