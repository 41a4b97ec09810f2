package photo

// Format names a container format, as it appears in JSON output.
type Format string

// The formats sharesafe recognises from their first bytes.
const (
	FormatUnknown Format = ""
	FormatJPEG    Format = "jpeg"
	FormatPNG     Format = "png"
	FormatWebP    Format = "webp"
	FormatHEIC    Format = "heic"
	FormatAVIF    Format = "avif" // recognised, not supported
	FormatMP4     Format = "mp4"  // a video: MP4, M4V, 3GP (ISO base media)
	FormatMOV     Format = "mov"  // a video: QuickTime
)

// Sniff returns the format that the first bytes of a file announce.
// It never looks at a file name.
func Sniff(b []byte) Format {
	for _, c := range codecs {
		if c.sniff(b) {
			return c.format
		}
	}
	return FormatUnknown
}
