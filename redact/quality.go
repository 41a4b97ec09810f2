package redact

import "github.com/sharesafe/sharesafe/photo"

// stdLuma is the JPEG standard luminance quantisation table (Annex K), in
// zig-zag order as DQT stores it.
var stdLuma = [64]int{
	16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40,
	26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58, 51, 61, 60, 57, 51,
	56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87,
	95, 98, 103, 104, 103, 62, 77, 113, 121, 112, 100, 120, 92, 101, 103, 99,
}

// DefaultQuality is used when a JPEG's quality cannot be estimated.
const DefaultQuality = 90

// EstimateQuality estimates the IJG quality (1-100) a JPEG was saved at,
// from its luminance quantisation table, so that a re-encoded copy neither
// balloons nor blurs. It returns DefaultQuality for anything else.
func EstimateQuality(p *photo.Photo) int {
	if p.JPEG == nil {
		return DefaultQuality
	}
	for _, s := range p.JPEG.Segments {
		if s.Marker != photo.MarkerDQT {
			continue
		}
		d := s.Payload
		for len(d) > 0 {
			prec, id := d[0]>>4, d[0]&15
			size := 64
			if prec == 1 {
				size = 128
			}
			if len(d) < 1+size {
				break
			}
			if id == 0 {
				sum, std := 0, 0
				for i := 0; i < 64; i++ {
					v := int(d[1+i])
					if prec == 1 {
						v = int(d[1+2*i])<<8 | int(d[2+2*i])
					}
					sum += v
					std += stdLuma[i]
				}
				return qualityFromScale(100 * float64(sum) / float64(std))
			}
			d = d[1+size:]
		}
	}
	return DefaultQuality
}

// qualityFromScale inverts the IJG scaling: scale = 5000/q below 50,
// 200-2q from 50.
func qualityFromScale(s float64) int {
	var q float64
	if s <= 100 {
		q = (200 - s) / 2
	} else {
		q = 5000 / s
	}
	return min(100, max(1, int(q+0.5)))
}
