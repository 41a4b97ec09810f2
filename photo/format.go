package photo

import (
	"fmt"
	"image"
	"strings"
)

// codec is everything sharesafe does that depends on one file format. Each
// format's functions live in its own file (jpeg.go, png.go, webp.go,
// heif.go and their *write.go companions); the table codecs below is the
// one place that lists them, and nothing else in this package switches on
// a Format. (Outside it, the masking of JPEGs in the DCT domain asks for
// FormatJPEG, in redact and engine, and tui lists the formats a copy may be
// renamed to.)
type codec struct {
	format Format
	// exts are the file extensions that say "a photo of this format"
	// (Collect); the first names a copy written in it (Ext).
	exts []string
	// sniff reports whether a file's first bytes announce the format.
	sniff func(b []byte) bool
	// walk parses the container: it sets the photo's layout and its
	// metadata blocks. Nil for a format recognised but not read.
	walk func(p *Photo) error
	// uprights is true when decode turns the picture upright itself: the
	// EXIF orientation is then ignored (HEIF's irot and imir).
	uprights bool
	// size returns the stored pixel dimensions the header declares.
	size func(p *Photo) (image.Config, error)
	// decode decodes the stored pixels.
	decode func(p *Photo) (image.Image, error)
	// clean rewrites the file losslessly from an allowlist: the coded
	// picture, the colour profile, an orientation tag where the format
	// keeps one. Its error wraps ErrNotCleanable when this file cannot be
	// (the pixels must be turned upright, an unusual layout): its pixels
	// are then encoded afresh.
	clean func(p *Photo) ([]byte, error)
	// reencodeAs is the format the pixels of a photo in this format are
	// encoded in when they change; nil means this format.
	reencodeAs func(p *Photo) Format
	// reencodesTo lists every format reencodeAs may return (OutputFormats).
	reencodesTo []Format
	// encode writes upright pixels in this format with p's colour
	// profile, and nothing else of p. Nil where Go has no encoder.
	encode func(p *Photo, img image.Image) ([]byte, error)
	// leaks lists what an output in this format carries beyond the
	// allowlist that clean and encode write, read from its layout (the
	// metadata blocks are checked for every format by Verify).
	leaks func(p *Photo) []string
	// unsureWithFaces is true when the format of a copy cannot be told
	// from the format alone once faces are searched (a HEIC photo stays
	// HEIC without masks and becomes a JPEG with them).
	unsureWithFaces bool
	// video is true for a video format: its copy is streamed
	// (CleanVideo, VerifyVideo) and its frames are decoded by ffmpeg, not
	// by decode and encode.
	video bool
}

// codecs lists the formats sharesafe recognises, in the order Sniff tries
// them. Adding a format is one file and one entry here: see
// docs/formats.md, "Adding a format".
var codecs = []codec{
	{
		format: FormatJPEG, exts: []string{".jpg", ".jpeg", ".jpe"},
		sniff: sniffJPEG, walk: walkJPEG, size: sizeJPEG, decode: decodeJPEG,
		clean: cleanJPEG, encode: encodeJPEG, leaks: jpegLeaks,
	},
	{
		format: FormatPNG, exts: []string{".png"},
		sniff: sniffPNG, walk: walkPNG, size: sizePNG, decode: decodePNG,
		clean: cleanPNG, encode: encodePNG, leaks: pngLeaks,
	},
	{
		format: FormatWebP, exts: []string{".webp"},
		sniff: sniffWebP, walk: walkWebP, size: sizeWebP, decode: decodeWebP,
		clean: cleanWebP, reencodeAs: webpReencodeAs, reencodesTo: []Format{FormatPNG, FormatJPEG}, leaks: webpLeaks,
	},
	{
		format: FormatHEIC, exts: []string{".heic", ".heif"},
		sniff: sniffHEIC, walk: walkHEIF, uprights: true, size: sizeHEIF, decode: decodeHEIF,
		clean: cleanHEIF, reencodeAs: func(*Photo) Format { return FormatJPEG }, reencodesTo: []Format{FormatJPEG}, leaks: heifLeaks,
		unsureWithFaces: true,
	},
	{
		format: FormatAVIF, exts: []string{".avif"},
		sniff: sniffAVIF, // recognised, not supported
	},
	{
		format: FormatMP4, exts: []string{".mp4", ".m4v", ".3gp", ".3g2"}, video: true,
		sniff: sniffMP4, walk: walkVideo, uprights: true, size: sizeVideo, decode: decodeVideo,
		clean: cleanVideo, leaks: videoLeaks,
	},
	{
		format: FormatMOV, exts: []string{".mov", ".qt"}, video: true,
		sniff: sniffMOV, walk: walkVideo, uprights: true, size: sizeVideo, decode: decodeVideo,
		clean: cleanVideo, leaks: videoLeaks,
	},
}

// codecOf returns the table entry of a format, or nil.
func codecOf(f Format) *codec {
	for i := range codecs {
		if codecs[i].format == f {
			return &codecs[i]
		}
	}
	return nil
}

// Ext returns the extension a file written in format f is named with
// (".jpg"), or "" for a format sharesafe does not know.
func Ext(f Format) string {
	if c := codecOf(f); c != nil {
		return c.exts[0]
	}
	return ""
}

// OutputFormats lists the formats a safe copy of a photo in format f may
// be written in: f itself (cleaned, or re-encoded in its own format) and
// every format its pixels may be re-encoded in (a HEIC becomes a JPEG, a
// WebP a PNG or a JPEG). Empty for a format sharesafe does not write.
func OutputFormats(f Format) []Format {
	c := codecOf(f)
	if c == nil || c.walk == nil {
		return nil
	}
	out := []Format{f}
	for _, o := range c.reencodesTo {
		if o != f {
			out = append(out, o)
		}
	}
	return out
}

// HasExt reports whether ext (".JPG") is one of the extensions of format
// f, in any case.
func HasExt(f Format, ext string) bool {
	if c := codecOf(f); c != nil {
		for _, e := range c.exts {
			if strings.EqualFold(e, ext) {
				return true
			}
		}
	}
	return false
}

// photoExt lists the extensions that say "photo" (videoExt: "video").
var photoExt, videoExt = exts(false), exts(true)

func exts(video bool) map[string]bool {
	m := map[string]bool{}
	for _, c := range codecs {
		if c.video != video {
			continue
		}
		for _, e := range c.exts {
			m[e] = true
		}
	}
	return m
}

// LikelyFormat is the format of the safe copy of a photo in format f, as
// far as it can be told before the photo is read, with faces searched or
// not; ok is false when it cannot be told. A HEIC photo stays HEIC without
// masks and becomes a JPEG with them, so with faces searched it cannot be
// told; the others keep their format unless masks or an upright turn change
// it (Clean and Encode say for sure).
func LikelyFormat(f Format, faces bool) (out Format, ok bool) {
	if c := codecOf(f); c != nil && c.unsureWithFaces && faces {
		return "", false
	}
	return f, true
}

// unsupported is the error of a file whose format has no walker.
func unsupported(p *Photo) error {
	if p.Format == FormatUnknown {
		if len(p.Data) == 0 {
			return FormatError("the file is empty")
		}
		return ErrUnsupported
	}
	return fmt.Errorf("%s files are not supported yet: %w", p.Format, ErrUnsupported)
}
