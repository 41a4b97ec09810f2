package photo

// TextChunk is a key/value text field of a PNG file (tEXt, iTXt, zTXt).
type TextChunk struct {
	Type  string `json:"type"`
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Metadata holds every metadata block the container walk found, raw.
// Interpreting it is the job of package detect.
type Metadata struct {
	// EXIF is the TIFF-structured EXIF block (JPEG APP1 "Exif", PNG eXIf).
	EXIF []byte
	// XMP holds the XMP packets: the main one first, then extended parts.
	XMP [][]byte
	// ICC is the embedded colour profile, its chunks joined in order.
	ICC []byte
	// IPTC is the Photoshop image resource block (APP13), which holds IPTC.
	IPTC []byte
	// MPF is the Multi-Picture Format index (APP2 "MPF"), which points at
	// extra images stored after the main one.
	MPF []byte
	// Comments are the JPEG COM segments.
	Comments []string
	// Text holds PNG text chunks.
	Text []TextChunk
	// Other names every other metadata block found, such as "APP12 Ducky"
	// or "PNG tIME".
	Other []string
	// Embedded lists the extra pictures and videos stored inside the
	// file besides the main picture: MPF images, HEIF thumbnails, depth
	// maps, gain maps, motion-photo videos.
	Embedded []Embedded
	// Trailer is the data after the image's end marker (JPEG EOI, PNG IEND):
	// a motion-photo video, MPF images, a vendor trailer.
	Trailer []byte
}

// Kinds of embedded content.
const (
	EmbeddedThumbnail = "thumbnail"
	EmbeddedImage     = "image"
	EmbeddedDepth     = "depth map"
	EmbeddedGainMap   = "HDR gain map"
	EmbeddedAlpha     = "transparency mask"
	EmbeddedAux       = "auxiliary image"
	EmbeddedVideo     = "video"
	EmbeddedPreview   = "preview"
	EmbeddedDisparity = "disparity or multi-angle view"
	EmbeddedPanorama  = "panorama frame"
)

// Embedded is one extra picture or video stored inside a file.
type Embedded struct {
	Kind  string
	Bytes int
}
