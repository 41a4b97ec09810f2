package detect

import "image"

// Rect is a box [x, y, w, h] in pixels of the upright picture.
type Rect [4]int

// R returns the box as an image.Rectangle.
func (r Rect) R() image.Rectangle { return image.Rect(r[0], r[1], r[0]+r[2], r[1]+r[3]) }

// RectOf returns the box of an image.Rectangle.
func RectOf(r image.Rectangle) Rect { return Rect{r.Min.X, r.Min.Y, r.Dx(), r.Dy()} }

// Face labels: what the child estimate says of a face.
const (
	LabelChild  = "child"  // likely a child
	LabelUnsure = "unsure" // can't tell
	LabelAdult  = "adult"
)

// Face is one face found in the picture.
type Face struct {
	// Box is the detector's face box.
	Box Rect `json:"box"`
	// Mask is Box grown to cover the whole head (hair, ears, chin): what
	// gets masked.
	Mask Rect `json:"mask"`
	// Score is the detector's confidence (pigo: summed cluster score).
	Score float64 `json:"score"`
	// Angle is the in-plane rotation, in degrees, of the pass that found it.
	Angle float64 `json:"angle"`
	// Age is the predicted age in years, when an age estimate ran.
	Age *float64 `json:"age,omitempty"`
	// Label is LabelChild, LabelUnsure or LabelAdult.
	Label string `json:"label"`
	// Reason says why the label is LabelUnsure (one of UnsureReasons),
	// when the age estimate ran but cannot be trusted.
	Reason string `json:"reason,omitempty"`
	// Detector names the detector that found the face.
	Detector string `json:"detector"`

	// pigoBox is pigo's box for the same face, when Merge kept another
	// detector's.
	pigoBox Rect
	// kp are BlazeFace's keypoints for the face, when BlazeFace found it
	// on the whole photo.
	kp *Keypoints
}

// Finding kinds.
const (
	KindGPS         = "gps"          // a position on Earth
	KindTime        = "time"         // when the photo was taken
	KindDevice      = "device"       // camera or phone make and model
	KindSerial      = "serial"       // body or lens serial, unique image ID
	KindOwner       = "owner"        // owner, artist, copyright names
	KindSoftware    = "software"     // software that wrote the file
	KindPeople      = "people"       // names or face regions of the people shown (XMP)
	KindXMP         = "xmp"          // an XMP packet
	KindIPTC        = "iptc"         // IPTC / Photoshop resources
	KindThumbnail   = "thumbnail"    // a hidden small copy of the picture
	KindMPF         = "mpf"          // extra images (Multi-Picture Format)
	KindMotionVideo = "motion_video" // a video stored after the picture
	KindTrailer     = "trailer"      // other data after the picture
	KindComment     = "comment"      // a JPEG comment
	KindText        = "text"         // a PNG text field
	KindMakerNotes  = "makernotes"   // camera maker's private data
	KindKeywords    = "keywords"     // keywords, captions, descriptions
	KindPlaceNames  = "place_names"  // names of places written in the file
	KindMotionFlag  = "motion_flag"  // a tag marking the file as a motion photo
	KindLivePhoto   = "live_photo"   // a Live Photo's clip, beside the photo (not in the file)
	KindOther       = "other"        // any other metadata block
	KindUnreadable  = "unreadable"   // metadata that could not be read
)

// Kinds lists every finding kind, for tests and documentation.
var Kinds = []string{
	KindGPS, KindTime, KindDevice, KindSerial, KindOwner, KindSoftware, KindPeople, KindXMP, KindIPTC,
	KindThumbnail, KindMPF, KindMotionVideo, KindTrailer, KindComment, KindText, KindMakerNotes,
	KindKeywords, KindPlaceNames, KindMotionFlag, KindLivePhoto, KindOther, KindUnreadable,
}

// What a finding is exactly, beyond its kind: where in the file it was
// found, which tells its wording (package words has a label for each; the
// comment names what Detail holds).
const (
	WhatComment             = "comment"
	WhatText                = "text"         // Detail: the field's name
	WhatTextTime            = "text_time"    // Detail: the field's name
	WhatTextAuthor          = "text_author"  // who made or owns the photo (PNG Author…); Detail: the field's name
	WhatAppSegment          = "app_segment"  // Detail: the segment (APP5)
	WhatOther               = "other"        // Detail: the block's name
	WhatIPTC                = "iptc"         // Detail: the fields, when read
	WhatIPTCTrailer         = "iptc_trailer" // Detail: the fields
	WhatPhotoshop           = "photoshop"    // Detail: the IPTC fields, when read
	WhatPhotoshopUnreadable = "photoshop_unreadable"
	WhatIPTCKeywords        = "iptc_keywords" // Detail: the field's name (keyword or caption)
	WhatIPTCDate            = "iptc_date"
	WhatThumbnail           = "thumbnail" // Detail: where it is kept (EXIF, Photoshop, JPEG…)
	WhatVideo               = "video"
	WhatExtraPictures       = "extra_pictures"     // Detail: their kinds
	WhatExtraPicturesMPF    = "extra_pictures_mpf" // Detail: their kinds
	WhatMPFIndex            = "mpf_index"
	WhatUnreadable          = "unreadable"
	WhatGPS                 = "gps"
	WhatGPSAltitude         = "gps_altitude" // a position with an altitude
	WhatGPSXMP              = "gps_xmp"      // a position written in XMP
	WhatGPSEmpty            = "gps_empty"
	WhatTaken               = "taken"
	WhatChanged             = "changed"
	WhatGPSDate             = "gps_date"
	WhatGPSTime             = "gps_time"
	WhatDevice              = "device"
	WhatMake                = "make"
	WhatModel               = "model"
	WhatBodySerial          = "body_serial"
	WhatLensSerial          = "lens_serial"
	WhatImageID             = "image_id"
	WhatOwner               = "owner"
	WhatArtist              = "artist"
	WhatCopyright           = "copyright"
	WhatSoftware            = "software"
	WhatKodak               = "kodak"
	WhatMakerNotes          = "makernotes"
	WhatDescription         = "description"
	WhatXMP                 = "xmp"
	WhatXMPExtended         = "xmp_extended"
	WhatPeople              = "people"     // people shown in the photo
	WhatXMPAuthor           = "xmp_author" // who made or owns the photo (dc:creator…)
	WhatXMPSerials          = "xmp_serials"
	WhatFaceRegions         = "face_regions"
	WhatXMPKeywords         = "xmp_keywords"
	WhatXMPDate             = "xmp_date"
	WhatPlaceNames          = "place_names"
	WhatMotionFlag          = "motion_flag"
	WhatTrailerVideo        = "trailer_video"
	WhatTrailerSamsungVideo = "trailer_samsung_video"
	WhatTrailerSamsung      = "trailer_samsung"
	WhatTrailerPicture      = "trailer_picture"
	WhatTrailerUnknown      = "trailer_unknown"
	WhatGPSText             = "gps_text"        // a position written in words (in the colour profile, a file or folder name)
	WhatICCDevice           = "icc_device"      // the device a colour profile was made for
	WhatICCSerial           = "icc_serial"      // a device's serial number in a colour profile
	WhatICCCopyright        = "icc_copyright"   // a colour profile's copyright naming someone
	WhatICCDescription      = "icc_description" // a colour profile's unusual description
	WhatICCUnreadable       = "icc_unreadable"  // a colour profile that cannot be read (the copy has none)
	WhatNameTime            = "name_time"       // a date and time in the file's or a folder's name; Detail: the name
	WhatNameWords           = "name_words"      // the words of the file's and folders' names

	// Videos.
	WhatRecorded  = "recorded"   // when a clip was recorded
	WhatGPSTrack  = "gps_track"  // a track of positions; Detail: how many
	WhatContentID = "content_id" // the identifier a Live Photo's clip shares with its still
	WhatMediaID   = "media_id"   // a unique ID of the clip
	WhatCoverArt  = "cover_art"  // a picture stored in the clip
	WhatDataTrack = "data_track" // a track of GPS, sensor or other data; Detail: its codec
	WhatLivePhoto = "live_photo" // a tag marking the clip as a Live Photo's
	// WhatExtraVideo is a video track besides the one players show (a
	// second camera, a depth map): not searched for faces, left out of
	// the copy; Detail: its codec.
	WhatExtraVideo = "extra_video_track"
	// WhatHiddenFrames is frames stored in a clip that its edit list does
	// not show (a clip cut without re-encoding): never searched, left out
	// of the copy (encoded again); Detail: how many.
	WhatHiddenFrames = "hidden_frames"
	// WhatLivePhotoClip is a photo's Live Photo clip, the video beside it
	// with the same name (kind live_photo); Detail: the clip's name.
	WhatLivePhotoClip = "live_photo_clip"
)

// Whats lists every What, for tests.
var Whats = []string{
	WhatComment, WhatText, WhatTextTime, WhatTextAuthor, WhatAppSegment, WhatOther, WhatIPTC, WhatIPTCTrailer, WhatPhotoshop,
	WhatPhotoshopUnreadable, WhatIPTCKeywords, WhatIPTCDate, WhatThumbnail, WhatVideo, WhatExtraPictures,
	WhatExtraPicturesMPF, WhatMPFIndex, WhatUnreadable, WhatGPS, WhatGPSAltitude, WhatGPSXMP, WhatGPSEmpty,
	WhatTaken, WhatChanged, WhatGPSDate, WhatGPSTime, WhatDevice, WhatMake, WhatModel, WhatBodySerial,
	WhatLensSerial, WhatImageID, WhatOwner, WhatArtist, WhatCopyright, WhatSoftware, WhatKodak, WhatMakerNotes,
	WhatDescription, WhatXMP, WhatXMPExtended, WhatPeople, WhatXMPAuthor, WhatXMPSerials, WhatFaceRegions, WhatXMPKeywords,
	WhatXMPDate, WhatPlaceNames, WhatMotionFlag, WhatTrailerVideo, WhatTrailerSamsungVideo, WhatTrailerSamsung,
	WhatTrailerPicture, WhatTrailerUnknown, WhatGPSText, WhatICCDevice, WhatICCSerial, WhatICCCopyright,
	WhatICCDescription, WhatICCUnreadable, WhatNameTime, WhatNameWords,
	WhatRecorded, WhatGPSTrack, WhatContentID, WhatMediaID, WhatCoverArt, WhatDataTrack, WhatLivePhoto,
	WhatLivePhotoClip, WhatExtraVideo, WhatHiddenFrames,
}

// Finding is one thing the file gives away besides its pixels.
type Finding struct {
	// Kind is one of the Kind constants.
	Kind string `json:"kind"`
	// Label says it in a person's language. detect leaves it empty: the
	// programs fill it from package words (advise.FindingLabel).
	Label string `json:"label"`
	// What is one of the What constants.
	What string `json:"-"`
	// Detail is the raw text What's comment names, when it has one.
	Detail string `json:"-"`
	// Value is the raw value, as found.
	Value string `json:"value,omitempty"`
	// PrecisionM is how precise a GPS position is, in metres.
	PrecisionM float64 `json:"precision_m,omitempty"`
	// Lat and Lon are set for GPS findings.
	Lat *float64 `json:"lat,omitempty"`
	Lon *float64 `json:"lon,omitempty"`
	// Place names where a GPS position is, in English ("near Lyon (4 km),
	// France"). detect leaves it empty: the command line's JSON fills it
	// (advise.PlaceWords).
	Place string `json:"place,omitempty"`
	// Bytes is the size of a hidden block (thumbnail, trailer, video).
	Bytes int `json:"bytes,omitempty"`
}

// Report is everything detect found in one photo or video.
type Report struct {
	Path   string `json:"path"`
	Format string `json:"format"`
	// Kind is KindPhoto or KindVideo.
	Kind     string    `json:"kind"`
	Width    int       `json:"width"`
	Height   int       `json:"height"`
	Faces    []Face    `json:"faces"`
	Findings []Finding `json:"findings"`
	// Video says what a clip is (nil for a photo).
	Video *Video `json:"video,omitempty"`
}

// Has reports whether the report holds a finding of that kind.
func (r Report) Has(kind string) bool {
	for _, f := range r.Findings {
		if f.Kind == kind {
			return true
		}
	}
	return false
}

// Find returns the first finding of that kind.
func (r Report) Find(kind string) (Finding, bool) {
	for _, f := range r.Findings {
		if f.Kind == kind {
			return f, true
		}
	}
	return Finding{}, false
}
