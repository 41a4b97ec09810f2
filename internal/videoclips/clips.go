// Package videoclips makes the development clips of the video tests and
// measurements: short clips encoded by ffmpeg, with metadata written by
// ffmpeg and exiftool (MP4 location, QuickTime Keys and UserData, XMP,
// 3GPP boxes, cover art) and by this package's own box writer where those
// tools write nothing (an iPhone's Keys with its content identifier, Apple
// timed metadata "mebx", GoPro GPMF telemetry with a GPS track, CAMM). It
// needs ffmpeg and exiftool on the PATH. Nothing here is used by the
// program.
package videoclips

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// Clip is one development clip and what it carries.
type Clip struct {
	Name string
	// Has lists what the clip gives away, by the finding kinds of package
	// detect ("gps", "device", "time", "serial", "xmp", "thumbnail",
	// "owner", "keywords", "comment", "software", "other").
	Has []string
	// Lat and Lon are where it says it was made (zero: nowhere).
	Lat, Lon float64
	// Audio says whether it has a sound track.
	Audio bool
	// MoovFirst says whether its movie box comes before its samples.
	MoovFirst bool
}

// Paris, where every clip says it was made (the Eiffel Tower).
const Lat, Lon = 48.858370, 2.294481

// Clips lists the clips Make writes.
var Clips = []Clip{
	{Name: "android.mp4", Has: []string{"gps", "time", "device", "software", "keywords", "comment", "owner"}, Lat: Lat, Lon: Lon, Audio: true},
	{Name: "exiftool-keys.mov", Has: []string{"gps", "time", "device", "software", "xmp", "owner", "keywords", "thumbnail"}, Lat: Lat, Lon: Lon, Audio: true, MoovFirst: true},
	{Name: "iphone-live.mov", Has: []string{"gps", "time", "device", "software", "serial", "other"}, Lat: Lat, Lon: Lon, Audio: true, MoovFirst: true},
	{Name: "gopro-like.mp4", Has: []string{"gps", "time", "device", "software", "serial", "other"}, Lat: Lat, Lon: Lon, Audio: true},
	{Name: "camm.mp4", Has: []string{"gps", "time", "other"}, Lat: Lat, Lon: Lon, MoovFirst: true},
	{Name: "phone.3gp", Has: []string{"gps", "time", "owner", "keywords"}, Lat: Lat, Lon: Lon, Audio: true},
	{Name: "cover.m4v", Has: []string{"time", "thumbnail", "keywords", "software"}, Audio: true, MoovFirst: true},
	{Name: "portrait.mov", Has: []string{"time", "software"}, MoovFirst: true},
}

// ErrTools is returned when ffmpeg or exiftool is missing.
var ErrTools = errors.New("ffmpeg and exiftool are needed to make the clips")

// Available reports whether the tools are installed.
func Available() bool {
	for _, t := range []string{"ffmpeg", "exiftool"} {
		if _, err := exec.LookPath(t); err != nil {
			return false
		}
	}
	return true
}

func run(name string, args ...string) error {
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %v: %s", name, err, stderr.String())
	}
	return nil
}

// encode makes a clip with ffmpeg: a test picture (moving, with a clock)
// and, with audio, a tone; extra arguments go before the output.
func encode(out string, seconds string, size string, audio bool, extra ...string) error {
	args := []string{"-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=30"}
	if audio {
		args = append(args, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000")
	}
	args = append(args, "-t", seconds, "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p")
	if audio {
		args = append(args, "-c:a", "aac", "-b:a", "96k")
	}
	args = append(args, extra...)
	return run("ffmpeg", append(args, out)...)
}

// Options size the clips.
type Options struct {
	// Size is the picture's size (WxH) and Seconds the duration.
	Size, Seconds string
}

// Dev are the development clips' options; Tiny makes clips of a few
// kilobytes (testdata/videos, the fuzz targets' seeds).
var (
	Dev  = Options{Size: "320x240", Seconds: "2"}
	Tiny = Options{Size: "64x64", Seconds: "0.2"}
)

// Make writes every clip of Clips into dir (and iphone-live.jpg, the
// still of the Live Photo pair) and returns their paths.
func Make(dir string, o Options) ([]string, error) {
	if !Available() {
		return nil, ErrTools
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	p := func(n string) string { return filepath.Join(dir, n) }
	steps := []func() error{
		// Android: MediaMuxer writes the place in udta ©xyz (ffmpeg's
		// "location"), the capture time in the headers, and Keys with the
		// Android version and the phone.
		func() error {
			tmp := p("android.tmp.mp4")
			defer os.Remove(tmp)
			if err := encode(tmp, o.Seconds, o.Size, true,
				"-metadata", "location=+48.8584+002.2945/", "-metadata", "creation_time=2024-07-14T15:30:12Z",
				"-metadata", "title=Léa à l'école Jules Ferry", "-metadata", "comment=Fête de l'école, Lyon",
				"-metadata", "artist=Marie Dupont"); err != nil {
				return err
			}
			return inject(tmp, p("android.mp4"), keysMeta([]keyItem{
				text("com.android.version", "14"), text("com.android.manufacturer", "Google"), text("com.android.model", "Pixel 8"),
			}), nil)
		},
		// QuickTime Keys and UserData written by exiftool, with XMP and a
		// cover picture.
		func() error {
			out := p("exiftool-keys.mov")
			if err := encode(out, o.Seconds, o.Size, true, "-movflags", "+faststart"); err != nil {
				return err
			}
			cover := p("cover.tmp.jpg")
			defer os.Remove(cover)
			if err := run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x120", "-frames:v", "1", cover); err != nil {
				return err
			}
			return run("exiftool", "-q", "-overwrite_original",
				"-Keys:GPSCoordinates=48.8584, 2.2945, 35", "-Keys:Make=Apple", "-Keys:Model=iPhone 13",
				"-Keys:Software=17.5.1", "-Keys:CreationDate=2024:07:14 15:30:12+02:00", "-Keys:Author=Marie Dupont",
				"-Keys:Title=Anniversaire de Léa", "-Keys:Keywords=école, Lyon", "-Keys:Artwork<="+cover,
				"-UserData:GPSCoordinates=48.8584, 2.2945", "-UserData:Make=Apple", "-UserData:Model=iPhone 13",
				"-XMP:Creator=Marie Dupont", "-XMP:City=Paris", out)
		},
		// An iPhone Live Photo's clip: HEVC, Keys as an iPhone writes them
		// (with the content identifier shared with the still), and a timed
		// metadata track (mebx) with the place and the still's time.
		func() error {
			tmp := p("iphone.tmp.mov")
			defer os.Remove(tmp)
			if err := run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size="+o.Size+":rate=30",
				"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", o.Seconds,
				"-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1",
				"-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart", tmp); err != nil {
				return err
			}
			id := "4B5E8A2C-1D2F-4A3B-9C8D-0E1F2A3B4C5D"
			place := text("com.apple.quicktime.location.ISO6709", "+48.8584+002.2945+035.000/")
			keys := keysMeta([]keyItem{
				place, {"com.apple.quicktime.location.accuracy.horizontal", 1, []byte("4.700000")},
				text("com.apple.quicktime.make", "Apple"), text("com.apple.quicktime.model", "iPhone 13"),
				text("com.apple.quicktime.software", "17.5.1"), text("com.apple.quicktime.creationdate", "2024-07-14T15:30:12+0200"),
				text("com.apple.quicktime.content.identifier", id), {"com.apple.quicktime.live-photo.auto", 22, []byte{1}},
			})
			timed := []keyItem{place, {"com.apple.quicktime.still-image-time", 66, []byte{0xff}}}
			track := dataTrack{handler: "meta", entry: mebxEntry(timed), samples: [][]byte{mebxSample(timed), mebxSample(timed)}}
			if err := inject(tmp, p("iphone-live.mov"), keys, []dataTrack{track}); err != nil {
				return err
			}
			still := p("iphone-live.jpg")
			if err := run("ffmpeg", "-v", "error", "-y", "-i", p("iphone-live.mov"), "-frames:v", "1", still); err != nil {
				return err
			}
			return run("exiftool", "-q", "-overwrite_original", "-GPSLatitude=48.8584", "-GPSLatitudeRef=N",
				"-GPSLongitude=2.2945", "-GPSLongitudeRef=E", "-Make=Apple", "-Model=iPhone 13", still)
		},
		// A GoPro-like clip: the camera's user data (firmware, lens and
		// camera serials, media ID, GPMF settings) and a telemetry track
		// with a GPS track of 18 fixes a second.
		func() error {
			tmp := p("gopro.tmp.mp4")
			defer os.Remove(tmp)
			if err := encode(tmp, o.Seconds, o.Size, true, "-metadata", "creation_time=2024-07-14T15:30:12Z"); err != nil {
				return err
			}
			gp := nest("DEVC", klv("MINF", 'c', 11, []byte("HERO9 Black")), klv("CASN", 'c', 14, []byte("C3441325123456")))
			var u w
			u.raw(udta([2]string{"FIRM", "HD9.01.01.60.00"}, [2]string{"LENS", "LAJ8052023150501"},
				[2]string{"CAME", "\x9a\x1b\x2c\x3d\x4e\x5f\x60\x71\x82\x93\xa4\xb5\xc6\xd7\xe8\xf9"},
				[2]string{"MUID", "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10"},
				[2]string{"GPMF", string(gp)}))
			var samples [][]byte
			for s := 0; s < 3; s++ {
				samples = append(samples, gpmfSample(Lat, Lon, s))
			}
			return inject(tmp, p("gopro-like.mp4"), u.b, []dataTrack{{handler: "meta", entry: gpmdEntry(), samples: samples}})
		},
		// A CAMM track (Street View's camera motion metadata) with GPS fixes
		// and gyroscope readings, in a streaming-ready MP4.
		func() error {
			tmp := p("camm.tmp.mp4")
			defer os.Remove(tmp)
			if err := encode(tmp, o.Seconds, o.Size, false, "-movflags", "+faststart"); err != nil {
				return err
			}
			samples := [][]byte{cammGPS(Lat, Lon, 1404993012), cammGyro(), cammGPS(Lat+0.00001, Lon, 1404993013)}
			return inject(tmp, p("camm.mp4"), nil, []dataTrack{{handler: "meta", entry: cammEntry(), samples: samples}})
		},
		// A 3GP clip with the 3GPP location, title and author boxes
		// (exiftool), samples before the movie box.
		func() error {
			out := p("phone.3gp")
			if err := encode(out, o.Seconds, o.Size, true, "-f", "3gp", "-metadata", "creation_time=2024-07-14T15:30:12Z"); err != nil {
				return err
			}
			return run("exiftool", "-q", "-overwrite_original", "-UserData:LocationInformation=Jules Ferry school Role=shooting Lat=48.8584 Lon=2.2945 Alt=35 Body=Earth Notes=playground",
				"-UserData:Title=Léa", "-UserData:Author=Marie Dupont", "-UserData:Description=class trip", out)
		},
		// An M4V with cover art (ffmpeg's attached picture), a date and a
		// description.
		func() error {
			cover := p("cover2.tmp.png")
			defer os.Remove(cover)
			if err := run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x120", "-frames:v", "1", cover); err != nil {
				return err
			}
			return run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size="+o.Size+":rate=30",
				"-f", "lavfi", "-i", "sine", "-i", cover, "-map", "0:v", "-map", "1:a", "-map", "2:v", "-t", o.Seconds,
				"-c:v:0", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:v:1", "png", "-disposition:v:1", "attached_pic",
				"-c:a", "aac", "-metadata", "date=2024-07-14", "-metadata", "description=Vacances à Nice",
				"-movflags", "+faststart", p("cover.m4v"))
		},
		// A portrait clip: the picture turned by the track's matrix (as a
		// phone held upright records it), no sound.
		func() error {
			out := p("portrait.mov")
			if err := encode(out, o.Seconds, o.Size, false, "-metadata", "creation_time=2024-07-14T15:30:12Z", "-movflags", "+faststart"); err != nil {
				return err
			}
			b, err := os.ReadFile(out)
			if err != nil {
				return err
			}
			if err := turn90(b); err != nil {
				return err
			}
			return os.WriteFile(out, b, 0o644)
		},
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return nil, err
		}
	}
	var out []string
	for _, c := range Clips {
		out = append(out, p(c.Name))
	}
	return out, nil
}

// inject writes src with extra movie-level boxes and data tracks to dst.
func inject(src, dst string, moovExtra []byte, tracks []dataTrack) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	out, err := addToMovie(b, moovExtra, tracks)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	return os.WriteFile(dst, out, 0o644)
}

var (
	once    sync.Once
	madeDir string
	madeErr error
)

// ForTest makes the development clips once per test binary, in a folder
// removed when the process's tests end (Cleanup), and returns it. It skips
// the test when ffmpeg or exiftool is missing, except under CI (CI set),
// where .ci/run installs them and a missing tool is a failure.
func ForTest(tb testing.TB) string {
	tb.Helper()
	if !Available() {
		if os.Getenv("CI") != "" {
			tb.Fatal("ffmpeg or exiftool is missing under CI: .ci/run must install ffmpeg and libimage-exiftool-perl")
		}
		tb.Skip("ffmpeg and exiftool are needed for the development clips")
	}
	once.Do(func() {
		madeDir, madeErr = os.MkdirTemp("", "sharesafe-clips-")
		if madeErr == nil {
			_, madeErr = Make(madeDir, Dev)
		}
	})
	if madeErr != nil {
		tb.Fatal(madeErr)
	}
	return madeDir
}

// Remove deletes the folder ForTest made (call it from TestMain).
func Remove() {
	if madeDir != "" {
		os.RemoveAll(madeDir)
	}
}
