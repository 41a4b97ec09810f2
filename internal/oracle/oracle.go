// Package oracle checks sharesafe's outputs with an independent tool,
// exiftool, for tests. It is not used by the program.
package oracle

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
)

// Available reports whether exiftool is installed.
func Available() bool {
	_, err := exec.LookPath("exiftool")
	return err == nil
}

// Require skips the test when exiftool is missing, except under CI
// (CI=true), where .ci/run installs it and a missing oracle is a failure.
func Require(t testing.TB) {
	t.Helper()
	if Available() {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatal("exiftool is missing under CI: .ci/run must install libimage-exiftool-perl")
	}
	t.Skip("exiftool not installed (Debian: apt-get install libimage-exiftool-perl)")
}

// Tags returns every tag exiftool finds in a file, as "Group:Tag" to value,
// with all groups, duplicates and unknown tags (-a -u -G1).
func Tags(path string) (map[string]any, error) {
	out, err := exec.Command("exiftool", "-j", "-a", "-u", "-G1", "-n", path).Output()
	if err != nil {
		return nil, fmt.Errorf("exiftool %s: %w", path, err)
	}
	var files []map[string]any
	if err := json.Unmarshal(out, &files); err != nil || len(files) != 1 {
		return nil, fmt.Errorf("exiftool %s: unreadable output: %v", path, err)
	}
	return files[0], nil
}

// allowed says which tags may remain in a clean output: what describes the
// file and its pixels, the colour profile, and the orientation.
func allowed(key string) bool {
	group, tag, _ := strings.Cut(key, ":")
	switch {
	case key == "SourceFile":
		return true
	case group == "ExifTool":
		return tag == "ExifToolVersion" // a Warning means exiftool saw something odd
	case group == "System", group == "File", group == "JFIF", group == "Adobe", group == "APP14":
		return group != "File" || tag != "Comment"
	case group == "ICC_Profile", strings.HasPrefix(group, "ICC-"):
		return true
	case group == "IFD0":
		return tag == "Orientation"
	case group == "Composite":
		return tag == "ImageSize" || tag == "Megapixels"
	case group == "PNG-pHYs", group == "PNG-gAMA", group == "PNG-cHRM", group == "PNG-sRGB":
		return true
	case group == "Meta": // a HEIF file's structure
		return tag == "PrimaryItemReference" || tag == "MetaImageSize"
	case group == "QuickTime": // a HEIF file's brands and coding (hvcC, ispe, pixi, colr, irot)
		switch tag {
		case "MajorBrand", "MinorVersion", "CompatibleBrands", "HandlerType", "MediaData", "MediaDataSize",
			"MediaDataOffset", "ImageSpatialExtent", "ImagePixelDepth", "Rotation", "Mirroring",
			"HEVCConfigurationVersion", "GeneralProfileSpace", "GeneralTierFlag", "GeneralProfileIDC",
			"GenProfileCompatibilityFlags", "ConstraintIndicatorFlags", "GeneralLevelIDC",
			"MinSpatialSegmentationIDC", "ParallelismType", "ChromaFormat", "BitDepthLuma", "BitDepthChroma",
			"AverageFrameRate", "ConstantFrameRate", "NumTemporalLayers", "TemporalIDNested",
			"ColorProfiles", "ColorPrimaries", "TransferCharacteristics", "MatrixCoefficients", "VideoFullRangeFlag":
			return true
		}
	case group == "RIFF":
		switch tag {
		case "ImageWidth", "ImageHeight", "VP8Version", "HorizontalScale", "VerticalScale", "WebP_Flags",
			"AlphaCompression", "AlphaFiltering", "AlphaPreprocessing", "AnimationLoopCount",
			"BackgroundColor", "Duration":
			return true
		}
	case group == "PNG":
		switch tag {
		case "ImageWidth", "ImageHeight", "BitDepth", "ColorType", "Compression", "Filter",
			"Interlace", "ProfileName", "Gamma", "SRGBRendering", "PixelsPerUnitX", "PixelsPerUnitY",
			"PixelUnits", "WhitePointX", "WhitePointY", "RedX", "RedY", "GreenX", "GreenY", "BlueX",
			"BlueY", "Palette", "Transparency", "BackgroundColor":
			return true
		}
	}
	return false
}

// TagsDir runs exiftool once over a folder, recursively, and returns the
// tags of every file by path.
func TagsDir(dir string) (map[string]map[string]any, error) {
	out, err := exec.Command("exiftool", "-j", "-a", "-u", "-G1", "-n", "-r", dir).Output()
	if err != nil && len(out) == 0 {
		return nil, fmt.Errorf("exiftool %s: %w", dir, err)
	}
	var files []map[string]any
	if err := json.Unmarshal(out, &files); err != nil {
		return nil, fmt.Errorf("exiftool %s: unreadable output: %v", dir, err)
	}
	m := map[string]map[string]any{}
	for _, f := range files {
		m[fmt.Sprint(f["SourceFile"])] = f
	}
	return m, nil
}

// LeaksIn returns the tags of one exiftool result that a clean output must
// not carry, sorted.
func LeaksIn(tags map[string]any) []string {
	var out []string
	for k, v := range tags {
		if !allowed(k) {
			out = append(out, fmt.Sprintf("%s=%v", k, v))
		}
	}
	sort.Strings(out)
	return out
}

// HasICC reports whether exiftool found a colour profile.
func HasICC(tags map[string]any) bool {
	for k := range tags {
		if strings.HasPrefix(k, "ICC_Profile:") || strings.HasPrefix(k, "ICC-header:") {
			return true
		}
	}
	return false
}

// Leaks returns every tag exiftool finds in path that a clean output must
// not carry (GPS, EXIF beyond Orientation, XMP, IPTC, MakerNotes, MPF,
// thumbnails, comments, text chunks...), sorted, as "Group:Tag=value".
func Leaks(path string) ([]string, error) {
	tags, err := Tags(path)
	if err != nil {
		return nil, err
	}
	return LeaksIn(tags), nil
}
