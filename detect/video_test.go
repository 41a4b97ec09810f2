package detect

import (
	"image"
	"math"
	"path/filepath"
	"testing"

	"github.com/sharesafe/sharesafe/photo"
)

// TestVideoFindings checks what scan says of each committed clip: the
// place (with its precision or as a track), the phone or camera, serials
// and identifiers, dates, names, data tracks, and what the clip is.
func TestVideoFindings(t *testing.T) {
	type want struct {
		kind, what, value string
	}
	for _, c := range []struct {
		name  string
		audio bool
		want  []want
	}{
		{"iphone-live.mov", true, []want{
			{KindGPS, WhatGPS, "48.85840,2.29450"}, {KindDevice, WhatMake, "Apple"}, {KindDevice, WhatModel, "iPhone 13"},
			{KindSoftware, WhatSoftware, "17.5.1"}, {KindTime, WhatRecorded, "2024-07-14T15:30:12+0200"},
			{KindSerial, WhatContentID, "4B5E8A2C-1D2F-4A3B-9C8D-0E1F2A3B4C5D"}, {KindMotionFlag, WhatLivePhoto, ""},
			{KindOther, WhatDataTrack, ""},
		}},
		{"gopro-like.mp4", true, []want{
			{KindGPS, WhatGPSTrack, "48.85837,2.29448"}, {KindDevice, WhatModel, "HERO9 Black"},
			{KindSerial, WhatBodySerial, "C3441325123456"}, {KindSerial, WhatLensSerial, "LAJ8052023150501"},
			{KindSerial, WhatMediaID, "0102030405060708090a0b0c0d0e0f10"}, {KindSoftware, WhatSoftware, "HD9.01.01.60.00"},
			{KindTime, WhatRecorded, "2024-07-14T15:30:12Z"},
		}},
		{"phone.3gp", true, []want{
			{KindGPS, WhatGPS, "48.85840,2.29449"}, {KindPlaceNames, WhatPlaceNames, "Jules Ferry school"},
			{KindOwner, WhatArtist, "Marie Dupont"}, {KindKeywords, WhatDescription, "Léa"},
		}},
		{"camm.mp4", false, []want{{KindGPS, WhatGPSTrack, "48.85837,2.29448"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := photo.Load(filepath.Join("../testdata/videos", c.name), photo.DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Inspect(p, DefaultOptions)
			if err != nil {
				t.Fatal(err)
			}
			if r.Kind != KindVideo || r.Video == nil || r.Video.Audio != c.audio || r.Video.Seconds <= 0 || len(r.Faces) != 0 {
				t.Errorf("kind %s, video %+v, %d faces", r.Kind, r.Video, len(r.Faces))
			}
			for _, w := range c.want {
				found := false
				for _, f := range r.Findings {
					if f.Kind == w.kind && f.What == w.what && (w.value == "" || f.Value == w.value) {
						found = true
					}
				}
				if !found {
					t.Errorf("no %+v in %+v", w, r.Findings)
				}
			}
			if c.name == "gopro-like.mp4" {
				f, _ := r.Find(KindGPS)
				if f.Detail != "54" {
					t.Errorf("the GPS track holds %s positions, want 54", f.Detail)
				}
			}
			if c.name == "iphone-live.mov" {
				f, _ := r.Find(KindGPS)
				if f.PrecisionM != 4.7 {
					t.Errorf("precision %v, want the 4.7 m the phone wrote", f.PrecisionM)
				}
			}
		})
	}
}

func TestParseISO6709(t *testing.T) {
	for _, c := range []struct {
		s             string
		lat, lon, prc float64
		ok            bool
	}{
		{"+48.8584+002.2945+035.000/", 48.8584, 2.2945, 11.1, true},
		{"+33.1268-117.3273/", 33.1268, -117.3273, 11.1, true},
		{"+4851.504+00217.670/", 48 + 51.504/60, 2 + 17.67/60, 1.85, true},
		{"-334530.5+1510812.7/", -(33 + 45.0/60 + 30.5/3600), 151 + 8.0/60 + 12.7/3600, 3.1, true},
		{"+00.0000+000.0000/", 0, 0, 0, false},
		{"+95.0+010.0/", 0, 0, 0, false},
		{"Paris", 0, 0, 0, false},
	} {
		lat, lon, prc, ok := parseISO6709(c.s)
		if ok != c.ok || ok && (math.Abs(lat-c.lat) > 1e-6 || math.Abs(lon-c.lon) > 1e-6 || math.Abs(prc-c.prc) > 0.1) {
			t.Errorf("%s: %v %v %v %v", c.s, lat, lon, prc, ok)
		}
	}
}

// TestVideoFacesOnThePosterFrame: with a frame decoder registered (ffmpeg's
// in the program; here the astronaut photo stands for the frame), a clip's
// faces are searched on its poster frame; without one, none is searched
// and the report says so.
func TestVideoFacesOnThePosterFrame(t *testing.T) {
	path := filepath.Join("../testdata/videos", "phone.3gp")
	p, err := photo.Load(path, photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Inspect(p, DefaultOptions)
	if err != nil || r.Video.FacesChecked || len(r.Faces) != 0 {
		t.Fatalf("without a frame decoder: %v, %+v", err, r.Video)
	}
	frame, err := photo.Open("../testdata/photos/astronaut.png", photo.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	photo.RegisterFrameDecoder(func(string, uint32) (image.Image, error) { return frame.Image, nil })
	defer photo.RegisterFrameDecoder(nil)
	p, _ = photo.Load(path, photo.DefaultLimits)
	r, err = Inspect(p, DefaultOptions)
	if err != nil || !r.Video.FacesChecked || len(r.Faces) != 1 {
		t.Fatalf("with one: %v, %+v, %d faces", err, r.Video, len(r.Faces))
	}
}
