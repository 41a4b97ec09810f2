package detect

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"github.com/rwcarlsen/goexif/exif"
	"github.com/rwcarlsen/goexif/tiff"

	"github.com/sharesafe/sharesafe/photo"
)

// Tags goexif does not name; read from the EXIF and GPS sub-IFDs.
const (
	fieldOwner      exif.FieldName = "CameraOwnerName"
	fieldBodySerial exif.FieldName = "BodySerialNumber"
	fieldLensSerial exif.FieldName = "LensSerialNumber"
	fieldOffsetOrig exif.FieldName = "OffsetTimeOriginal"
	fieldOffset     exif.FieldName = "OffsetTime"
	fieldGPSHPE     exif.FieldName = "GPSHPositioningError"
)

var extraExifFields = map[uint16]exif.FieldName{
	0xA430: fieldOwner, 0xA431: fieldBodySerial, 0xA435: fieldLensSerial,
	0x9011: fieldOffsetOrig, 0x9010: fieldOffset,
}

var extraGPSFields = map[uint16]exif.FieldName{0x1F: fieldGPSHPE}

// decodeEXIF parses a TIFF-structured EXIF block with goexif, turning any
// panic of the parser into an error. A partly read block is returned with
// its error.
func decodeEXIF(b []byte) (x *exif.Exif, err error) {
	defer func() {
		if r := recover(); r != nil {
			x, err = nil, fmt.Errorf("EXIF parser failed: %v", r)
		}
	}()
	if !photo.TIFFChainOK(b) {
		return nil, fmt.Errorf("EXIF directories loop or run past the block")
	}
	x, err = exif.Decode(bytes.NewReader(b))
	if x != nil {
		loadExtra(x, exif.ExifIFDPointer, extraExifFields)
		loadExtra(x, exif.GPSInfoIFDPointer, extraGPSFields)
	}
	return x, err
}

func loadExtra(x *exif.Exif, ptr exif.FieldName, fields map[uint16]exif.FieldName) {
	tag, err := x.Get(ptr)
	if err != nil {
		return
	}
	off, err := tag.Int64(0)
	if err != nil || off < 0 || off >= int64(len(x.Raw)) {
		return
	}
	r := bytes.NewReader(x.Raw)
	if _, err := r.Seek(off, 0); err != nil {
		return
	}
	dir, _, err := tiff.DecodeDir(r, x.Tiff.Order)
	if err != nil {
		return
	}
	x.LoadTags(dir, fields, false)
}

// str returns a tag's text, trimmed; "" when absent or not text.
func str(x *exif.Exif, name exif.FieldName) string {
	t, err := x.Get(name)
	if err != nil {
		return ""
	}
	if t.Format() == tiff.StringVal {
		s, err := t.StringVal()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(strings.Trim(s, "\x00 "))
	}
	if t.Type == tiff.DTUndefined || t.Type == tiff.DTByte {
		return strings.TrimSpace(strings.Trim(string(t.Val), "\x00 "))
	}
	return strings.TrimSpace(t.String())
}

// gpsPrecision estimates, in metres, how precise a stored GPS position is:
// the finer of what its digits can express and its declared horizontal
// positioning error, whichever is larger.
func gpsPrecision(x *exif.Exif) float64 {
	res := math.Inf(1)
	for _, name := range []exif.FieldName{exif.GPSLatitude, exif.GPSLongitude} {
		if r := digitsResolution(x, name); r < res {
			res = r
		}
	}
	m := res * 111_320 // metres per degree of latitude
	if t, err := x.Get(fieldGPSHPE); err == nil {
		if n, d, err := t.Rat2(0); err == nil && d != 0 {
			if hpe := float64(n) / float64(d); hpe > m {
				m = hpe
			}
		}
	}
	if math.IsInf(m, 0) || m <= 0 {
		return 0
	}
	if m < 1 {
		return 1
	}
	return math.Round(m)
}

// digitsResolution returns the smallest step, in degrees, that the three
// rationals (degrees, minutes, seconds) of a GPS coordinate can express.
func digitsResolution(x *exif.Exif, name exif.FieldName) float64 {
	t, err := x.Get(name)
	if err != nil {
		return math.Inf(1)
	}
	res := math.Inf(1)
	units := []float64{1, 1.0 / 60, 1.0 / 3600}
	for i := 0; i < 3 && i < int(t.Count); i++ {
		n, d, err := t.Rat2(i)
		if err != nil || d <= 0 {
			continue
		}
		if i > 0 && n == 0 && d == 1 {
			continue // an empty component says nothing of the precision
		}
		res = units[i] / float64(d)
	}
	return res
}
