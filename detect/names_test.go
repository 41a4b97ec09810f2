package detect

import (
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/internal/hidden"
)

func TestNameFindings(t *testing.T) {
	for _, c := range []struct {
		path, time, words string
	}{
		{"IMG_20240714_153012.jpg", "2024-07-14 15:30:12", ""},
		{"PXL_20240714_153012345.jpg", "2024-07-14 15:30:12", ""},
		{"IMG-20240714-WA0001.jpg", "2024-07-14", ""},
		{"2024-07-14 15.30.12.jpg", "2024-07-14 15:30:12", ""},
		{"WhatsApp Image 2024-07-14 at 15.30.12.jpeg", "2024-07-14 15:30:12", ""},
		{"Nice beach 2024-07-14/Léa school/photo-0002.jpg", "2024-07-14", "Nice beach / Léa school"},
		{"DCIM/Camera/IMG_1234.jpg", "", ""},
		{"in/photo.jpg", "", ""},
		{"holidays/DSC_0042.JPG", "", "holidays"},
		{"IMG_20241345_153012.jpg", "", ""}, // no 45th day of month 13
	} {
		fs := nameFindings(c.path)
		var when, words string
		for _, f := range fs {
			switch f.What {
			case WhatNameTime:
				when = f.Value
			case WhatNameWords:
				words = f.Value
			}
		}
		if when != c.time || words != c.words {
			t.Errorf("%s: time %q, words %q; want %q, %q", c.path, when, words, c.time, c.words)
		}
	}
}

// TestICCFindings: the crafted profile's device, serial, copyright,
// description and position are reported; a clean profile says nothing.
func TestICCFindings(t *testing.T) {
	for _, v := range []int{2, 4} {
		got := map[string]Finding{}
		for _, f := range iccFindings(hidden.ICC(v)) {
			got[f.What] = f
		}
		if f := got[WhatICCSerial]; f.Kind != KindSerial || f.Value != "5EC2E7AB" {
			t.Errorf("v%d: serial %+v", v, f)
		}
		if f := got[WhatICCDevice]; f.Kind != KindDevice || !strings.Contains(f.Value, "Galaxy") || !strings.Contains(f.Value, "Samsung") {
			t.Errorf("v%d: device %+v", v, f)
		}
		if f := got[WhatICCCopyright]; f.Kind != KindOwner || !strings.Contains(f.Value, "Jean Dupont") {
			t.Errorf("v%d: copyright %+v", v, f)
		}
		if f := got[WhatICCDescription]; f.Kind != KindKeywords || !strings.Contains(f.Value, "Tilleuls") {
			t.Errorf("v%d: description %+v", v, f)
		}
		if f := got[WhatGPSText]; f.Kind != KindGPS || f.Lat == nil || *f.Lat != 48.85837 || *f.Lon != 2.294481 {
			t.Errorf("v%d: position %+v", v, f)
		}
	}
	if fs := iccFindings([]byte("not a profile at all, but long enough to be read as one, maybe")); len(fs) != 1 || fs[0].What != WhatICCUnreadable {
		t.Errorf("an unreadable profile gives %+v", fs)
	}
}
