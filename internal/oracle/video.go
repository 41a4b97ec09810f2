package oracle

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"regexp"
	"sort"
	"strings"
)

// VideoTags returns every tag exiftool finds in a video, with the timed
// metadata of every track (-ee3), as "Group:Tag" to value (-a -u -G1 -n).
func VideoTags(path string) (map[string]any, error) {
	out, err := exec.Command("exiftool", "-j", "-a", "-u", "-ee3", "-G1", "-n", path).Output()
	if err != nil && len(out) == 0 {
		return nil, fmt.Errorf("exiftool %s: %w", path, err)
	}
	var files []map[string]any
	if err := json.Unmarshal(out, &files); err != nil || len(files) != 1 {
		return nil, fmt.Errorf("exiftool %s: unreadable output: %v", path, err)
	}
	return files[0], nil
}

// trackGroup matches exiftool's per-track groups (Track1, Track2...).
var trackGroup = regexp.MustCompile(`^Track\d+$`)

// zeroDate is how exiftool shows a date that was cleared.
const zeroDate = "0000:00:00 00:00:00"

// videoStructure are the tags of a clean video's structure: brands, the
// movie, track and media headers (dates only when cleared), handlers,
// sample descriptions and tables, codec configuration, the picture's and
// the sound's parameters. Anything else (GPS, make, model, serials,
// content identifiers, XMP, titles, authors, timed metadata, vendor and
// software names, a date that is set) is a leak.
var videoStructure = map[string]bool{
	"MajorBrand": true, "MinorVersion": true, "CompatibleBrands": true, "MovieHeaderVersion": true,
	"TimeScale": true, "Duration": true, "PreferredRate": true, "PreferredVolume": true, "MatrixStructure": true,
	"PreviewTime": true, "PreviewDuration": true, "PosterTime": true, "SelectionTime": true,
	"SelectionDuration": true, "CurrentTime": true, "NextTrackID": true, "MediaData": true,
	"MediaDataSize": true, "MediaDataOffset": true,
	"TrackHeaderVersion": true, "TrackID": true, "TrackDuration": true, "TrackLayer": true, "TrackVolume": true,
	"ImageWidth": true, "ImageHeight": true, "MediaHeaderVersion": true, "MediaTimeScale": true,
	"MediaDuration": true, "MediaLanguageCode": true, "HandlerClass": true, "HandlerType": true,
	"GraphicsMode": true, "OpColor": true, "Balance": true, "CompressorID": true, "SourceImageWidth": true,
	"SourceImageHeight": true, "XResolution": true, "YResolution": true, "BitDepth": true,
	"VideoFrameRate": true, "AVCConfiguration": true, "PixelAspectRatio": true, "ColorProfiles": true,
	"ColorPrimaries": true, "TransferCharacteristics": true, "MatrixCoefficients": true, "VideoFullRangeFlag": true,
	"VideoFieldOrder": true, "BufferSize": true, "MaxBitrate": true, "AverageBitrate": true,
	"AudioFormat": true, "AudioChannels": true, "AudioBitsPerSample": true, "AudioSampleRate": true,
	"PurchaseFileFormat": true, "SampleToChunk": true, "SampleSizes": true, "ChunkOffset": true,
	"ChunkOffset64": true, "SyncSampleTable": true, "TimeToSampleTable": true, "CompositionTimeToSample": true,
	"IdependentAndDisposableSamples": true, "SampleGroupDescription": true, "SampleToGroup": true,
	"LayoutFlags": true, "AudioChannelTypes": true, "CleanApertureDimensions": true,
	"ProductionApertureDimensions": true, "EncodedPixelsDimensions": true, "HEVCConfigurationVersion": true,
	"GeneralProfileSpace": true, "GeneralTierFlag": true, "GeneralProfileIDC": true,
	"GenProfileCompatibilityFlags": true, "ConstraintIndicatorFlags": true, "GeneralLevelIDC": true,
	"MinSpatialSegmentationIDC": true, "ParallelismType": true, "ChromaFormat": true, "BitDepthLuma": true,
	"BitDepthChroma": true, "AverageFrameRate": true, "ConstantFrameRate": true, "NumTemporalLayers": true,
	"TemporalIDNested": true,
}

// videoUnknownBoxes are the boxes exiftool names "Unknown_xxxx" that a clean
// video keeps: edit lists, codec configurations, sound descriptions.
var videoUnknownBoxes = map[string]bool{
	"edts": true, "esds": true, "btrt": true, "hvcC": true, "mp4a": true, "wave": true, "dac3": true,
	"dec3": true, "dOps": true, "chan": true, "av1C": true, "vpcC": true, "frma": true, "enda": true,
}

// videoAllowed says whether a tag may remain in a clean video.
func videoAllowed(key string, v any) bool {
	group, tag, _ := strings.Cut(key, ":")
	if strings.HasSuffix(tag, "Date") && (group == "QuickTime" || trackGroup.MatchString(group)) {
		return fmt.Sprint(v) == zeroDate || fmt.Sprint(v) == "0"
	}
	switch {
	case key == "SourceFile":
		return true
	case group == "ExifTool":
		return tag == "ExifToolVersion"
	case group == "System", group == "File":
		return true
	case group == "Composite":
		return tag == "ImageSize" || tag == "Megapixels" || tag == "AvgBitrate" || tag == "Rotation"
	case group == "QuickTime", trackGroup.MatchString(group):
		if strings.HasPrefix(tag, "Unknown_") {
			return videoUnknownBoxes[strings.TrimPrefix(tag, "Unknown_")]
		}
		return videoStructure[tag]
	}
	return false
}

// VideoLeaks returns every tag exiftool finds in a video (timed metadata
// included) that a clean copy must not carry, sorted, as
// "Group:Tag=value".
func VideoLeaks(path string) ([]string, error) {
	tags, err := VideoTags(path)
	if err != nil {
		return nil, err
	}
	return VideoLeaksIn(tags), nil
}

// VideoLeaksIn returns the tags of one exiftool result of a video that a
// clean copy must not carry, sorted.
func VideoLeaksIn(tags map[string]any) []string {
	var out []string
	for k, v := range tags {
		if !videoAllowed(k, v) {
			out = append(out, fmt.Sprintf("%s=%v", k, v))
		}
	}
	sort.Strings(out)
	return out
}

// VideoTagsOf runs exiftool once over several videos (timed metadata
// included) and returns the tags of each, by path.
func VideoTagsOf(paths ...string) (map[string]map[string]any, error) {
	args := append([]string{"-j", "-a", "-u", "-ee3", "-G1", "-n"}, paths...)
	out, err := exec.Command("exiftool", args...).Output()
	if err != nil && len(out) == 0 {
		return nil, fmt.Errorf("exiftool: %w", err)
	}
	var files []map[string]any
	if err := json.Unmarshal(out, &files); err != nil {
		return nil, fmt.Errorf("exiftool: unreadable output: %v", err)
	}
	m := map[string]map[string]any{}
	for _, f := range files {
		m[fmt.Sprint(f["SourceFile"])] = f
	}
	return m, nil
}
