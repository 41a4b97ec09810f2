package tui

import (
	"errors"
	"io/fs"
	"math"
	"path/filepath"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/words"
)

// The words of the app's values, by the values detect, advise and redact
// use.
var (
	reasonKeys = map[string]words.Key{"small": words.AppReasonSmall, "turned": words.AppReasonTurned, "blurred": words.AppReasonBlurred,
		"low_score": words.AppReasonLowScore, "no_keypoints": words.AppReasonNoKeypoints, "no_estimate": words.AppReasonNoEstimate}
	audienceKeys = map[advise.Audience]words.Key{advise.Public: words.AppAudiencePublic, advise.Friends: words.AppAudienceFriends,
		advise.Group: words.AppAudienceGroup, advise.Private: words.AppAudiencePrivate}
	styleKeys = map[string]words.Key{"emoji": words.AppStyleEmoji, "blur": words.AppStyleBlur, "pixelate": words.AppStylePixelate, "solid": words.AppStyleSolid}
)

// audienceName says who will see the photos ("public (anyone)").
func audienceName(lang advise.Lang, a advise.Audience) string {
	if k, ok := audienceKeys[a]; ok {
		return lang.T(k)
	}
	return string(a)
}

// styleName names a mask style ("pixels" for pixelate).
func styleName(lang advise.Lang, style string) string {
	if k, ok := styleKeys[style]; ok {
		return lang.T(k)
	}
	return style
}

// faceWords says what a face looks like: its label and age in words
// ("likely a child, about 6", "can't tell", "adult, about 35"), and why
// the guess is unsure when a reason is given (detect's stable reason keys:
// "small", "turned", "blurred", "low_score"; "" for none).
func faceWords(lang advise.Lang, label string, age *float64, reason string) string {
	var s string
	switch label {
	case detect.LabelChild:
		s = lang.T(words.AppChild)
	case detect.LabelAdult:
		s = lang.T(words.AppAdult)
	default:
		s = lang.T(words.AppUnsure)
	}
	if age != nil && label != detect.LabelUnsure {
		s += ", " + lang.T(words.AppAbout, int(math.Round(*age))) + lang.T(words.AppYears)
	}
	if reason != "" {
		r := reason
		if k, ok := reasonKeys[reason]; ok {
			r = lang.T(k)
		}
		s += " (" + r + ")"
	}
	return s
}

// cannotOpen is the one line that says a photo could not be read, naming
// it and saying why in words a parent can act on ("Can't open holiday.jpg:
// the file is damaged or not a photo."); the engine's own error, for the
// command line's stderr, is not shown.
func cannotOpen(lang advise.Lang, p *photoState) string {
	return lang.T(words.AppCannotOpen, filepath.Base(p.rel), lang.T(p.why))
}

// whyUnreadable says why the file at path could not be read, from the
// error the engine gave: gone, not allowed, too large, a kind of photo
// sharesafe cannot read yet (its first bytes say a format sharesafe
// knows), or else damaged or not a photo. It may read the file's first
// bytes, so it runs in a Cmd, never in Update.
func whyUnreadable(path string, err error) words.Key {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return words.AppWhyGone
	case errors.Is(err, fs.ErrPermission):
		return words.AppWhyNoPermission
	case errors.Is(err, photo.ErrTooLarge):
		return words.AppWhyTooLarge
	case errors.Is(err, photo.ErrUnsupported):
		if f, _ := photo.SniffPath(path); f != photo.FormatUnknown {
			return words.AppWhyNotYet
		}
	}
	return words.AppWhyDamaged
}
