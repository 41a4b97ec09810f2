package photo

import "bytes"

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
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// Sniff returns the format that the first bytes of a file announce.
// It never looks at a file name.
func Sniff(b []byte) Format {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return FormatJPEG
	case bytes.HasPrefix(b, pngSignature):
		return FormatPNG
	case len(b) >= 12 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return FormatWebP
	case len(b) >= 12 && string(b[4:8]) == "ftyp" && isHEICBrand(string(b[8:12])):
		return FormatHEIC
	case len(b) >= 12 && string(b[4:8]) == "ftyp" && (string(b[8:12]) == "avif" || string(b[8:12]) == "avis"):
		return FormatAVIF
	}
	return FormatUnknown
}

func isHEICBrand(brand string) bool {
	switch brand {
	case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1":
		return true
	}
	return false
}
