package advise

import (
	"strings"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/geo"
	"github.com/sharesafe/sharesafe/words"
)

// findingKeys gives the words of each detect.What.
var findingKeys = map[string]words.Key{
	detect.WhatText:                words.FindingText,
	detect.WhatTextTime:            words.FindingTextTime,
	detect.WhatTextAuthor:          words.FindingTextAuthor,
	detect.WhatAppSegment:          words.FindingAppSegment,
	detect.WhatOther:               words.FindingOther,
	detect.WhatIPTCTrailer:         words.FindingIPTCTrailer,
	detect.WhatPhotoshopUnreadable: words.FindingPhotoshopUnreadable,
	detect.WhatIPTCDate:            words.FindingIPTCDate,
	detect.WhatThumbnail:           words.FindingThumbnail,
	detect.WhatExtraPictures:       words.FindingExtraPictures,
	detect.WhatExtraPicturesMPF:    words.FindingExtraPicturesMPF,
	detect.WhatMPFIndex:            words.FindingMPFIndex,
	detect.WhatUnreadable:          words.FindingUnreadable,
	detect.WhatGPSEmpty:            words.FindingGPSEmpty,
	detect.WhatTaken:               words.FindingTaken,
	detect.WhatChanged:             words.FindingChanged,
	detect.WhatGPSDate:             words.FindingGPSDate,
	detect.WhatGPSTime:             words.FindingGPSTime,
	detect.WhatDevice:              words.FindingDevice,
	detect.WhatMake:                words.FindingMake,
	detect.WhatModel:               words.FindingModel,
	detect.WhatBodySerial:          words.FindingBodySerial,
	detect.WhatLensSerial:          words.FindingLensSerial,
	detect.WhatImageID:             words.FindingImageID,
	detect.WhatOwner:               words.FindingOwner,
	detect.WhatArtist:              words.FindingArtist,
	detect.WhatCopyright:           words.FindingCopyright,
	detect.WhatSoftware:            words.FindingSoftware,
	detect.WhatKodak:               words.FindingKodak,
	detect.WhatMakerNotes:          words.FindingMakerNotes,
	detect.WhatDescription:         words.FindingDescription,
	detect.WhatXMP:                 words.FindingXMP,
	detect.WhatXMPExtended:         words.FindingXMPExtended,
	detect.WhatPeople:              words.FindingPeople,
	detect.WhatXMPAuthor:           words.FindingXMPAuthor,
	detect.WhatXMPSerials:          words.FindingXMPSerials,
	detect.WhatFaceRegions:         words.FindingFaceRegions,
	detect.WhatXMPKeywords:         words.FindingXMPKeywords,
	detect.WhatXMPDate:             words.FindingXMPDate,
	detect.WhatPlaceNames:          words.FindingPlaceNames,
	detect.WhatMotionFlag:          words.FindingMotionFlag,
	detect.WhatVideo:               words.FindingVideo,
	detect.WhatTrailerVideo:        words.FindingTrailerVideo,
	detect.WhatTrailerSamsungVideo: words.FindingTrailerSamsungVideo,
	detect.WhatTrailerSamsung:      words.FindingTrailerSamsung,
	detect.WhatTrailerPicture:      words.FindingTrailerPicture,
	detect.WhatTrailerUnknown:      words.FindingTrailerUnknown,
	detect.WhatRecorded:            words.FindingRecorded,
	detect.WhatContentID:           words.FindingContentID,
	detect.WhatMediaID:             words.FindingMediaID,
	detect.WhatCoverArt:            words.FindingCoverArt,
	detect.WhatDataTrack:           words.FindingDataTrack,
	detect.WhatExtraVideo:          words.FindingExtraVideo,
	detect.WhatHiddenFrames:        words.FindingHiddenFrames,
	detect.WhatLivePhoto:           words.FindingLivePhoto,
	detect.WhatLivePhotoClip:       words.FindingLivePhotoClip,
	detect.WhatICCDevice:           words.FindingICCDevice,
	detect.WhatICCSerial:           words.FindingICCSerial,
	detect.WhatICCCopyright:        words.FindingICCCopyright,
	detect.WhatICCDescription:      words.FindingICCDescription,
	detect.WhatICCUnreadable:       words.FindingICCUnreadable,
	detect.WhatNameTime:            words.FindingNameTime,
	detect.WhatNameWords:           words.FindingNameWords,
}

// iptcFieldKeys names the IPTC fields a keywords finding starts with.
var iptcFieldKeys = map[string]words.Key{"keyword": words.FindingIPTCKeyword, "caption": words.FindingIPTCCaption}

// FindingLabel says what a finding is, in a language, from what detect
// found (its What, Detail and raw values).
func FindingLabel(f detect.Finding, lang Lang) string {
	switch f.What {
	case detect.WhatGPS, detect.WhatGPSAltitude, detect.WhatGPSXMP, detect.WhatGPSText, detect.WhatGPSTrack:
		return gpsLabel(f, lang)
	case detect.WhatComment:
		if f.Value == "" {
			return lang.T(words.FindingComment)
		}
		return lang.T(words.FindingCommentSays, f.Value)
	case detect.WhatIPTC:
		if f.Detail == "" {
			return lang.T(words.FindingIPTC)
		}
		return lang.T(words.FindingIPTCFields, f.Detail)
	case detect.WhatPhotoshop:
		if f.Detail == "" {
			return lang.T(words.FindingPhotoshop)
		}
		return lang.T(words.FindingPhotoshopFields, f.Detail)
	case detect.WhatIPTCKeywords:
		name := f.Detail
		if k, ok := iptcFieldKeys[f.Detail]; ok {
			name = lang.T(k)
		}
		return lang.T(words.FindingIPTCKeywords, name, strings.TrimPrefix(f.Value, f.Detail+" "))
	}
	k, ok := findingKeys[f.What]
	if !ok {
		return lang.T(words.FindingOther, f.Kind)
	}
	switch f.What {
	case detect.WhatVideo, detect.WhatTrailerVideo, detect.WhatTrailerSamsungVideo, detect.WhatTrailerSamsung,
		detect.WhatTrailerPicture, detect.WhatTrailerUnknown, detect.WhatCoverArt:
		return lang.T(k, size(f.Bytes, lang))
	case detect.WhatText, detect.WhatTextTime, detect.WhatTextAuthor, detect.WhatNameTime:
		return lang.T(k, f.Detail, f.Value)
	case detect.WhatICCUnreadable:
		return lang.T(k)
	case detect.WhatExtraPictures, detect.WhatExtraPicturesMPF:
		return lang.T(k, f.Value, f.Detail)
	case detect.WhatAppSegment, detect.WhatOther, detect.WhatIPTCTrailer, detect.WhatThumbnail, detect.WhatDataTrack,
		detect.WhatLivePhotoClip, detect.WhatExtraVideo, detect.WhatHiddenFrames:
		return lang.T(k, f.Detail)
	case detect.WhatLivePhoto:
		return lang.T(k)
	}
	return lang.T(k, f.Value)
}

// gpsLabel says where a GPS finding is and how precisely.
func gpsLabel(f detect.Finding, lang Lang) string {
	var s string
	if p := placeIn(f, lang); p != "" {
		s = lang.T(words.FindingGPSAt, p, f.Value)
	} else {
		s = lang.T(words.FindingGPSBare, f.Value)
	}
	if f.PrecisionM > 0 {
		d := lang.T(words.Metres, f.PrecisionM)
		if f.PrecisionM >= 1000 {
			d = lang.T(words.Kilometres, f.PrecisionM/1000)
		}
		s += lang.T(words.FindingGPSPrecise, d)
	}
	switch f.What {
	case detect.WhatGPSAltitude:
		s += lang.T(words.FindingGPSAltitude)
	case detect.WhatGPSXMP:
		s += lang.T(words.FindingGPSInXMP)
	case detect.WhatGPSTrack:
		s += lang.T(words.FindingGPSTrack, f.Detail)
	case detect.WhatGPSText:
		s += lang.T(words.FindingGPSInWords)
	}
	return s
}

// placeIn names where a GPS finding is, in a language; "" when it cannot.
func placeIn(f detect.Finding, lang Lang) string {
	if f.Lat == nil || f.Lon == nil {
		return ""
	}
	p, err := PlaceWords(*f.Lat, *f.Lon, lang)
	if err != nil {
		return ""
	}
	return p
}

// PlaceWords says in a language where a position is: "near Lyon (4 km),
// France", or "at sea or far from any town (120 km from Brest, France)".
func PlaceWords(lat, lon float64, lang Lang) (string, error) {
	p, d, err := geo.Landmark(lat, lon)
	if err != nil {
		return "", err
	}
	country := geo.Country(p.Country, string(lang))
	km := lang.T(words.Kilometres, d)
	if d < 1 {
		km = lang.T(words.PlaceUnderKM)
	}
	if d >= geo.Far {
		return lang.T(words.PlaceFar, p.Name, km, country), nil
	}
	return lang.T(words.PlaceNear, p.Name, km, country), nil
}

// size says how big a block is.
func size(n int, lang Lang) string {
	switch {
	case n >= 1<<20:
		return lang.T(words.SizeMB, float64(n)/(1<<20))
	case n >= 1<<10:
		return lang.T(words.SizeKB, n>>10)
	}
	return lang.N(n, words.SizeByteOne, words.SizeBytes)
}
