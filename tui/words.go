package tui

import (
	"fmt"
	"math"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/words"
)

// ui holds the app's own words in one language, read from package words.
type ui struct {
	title, checking, left, cannotRead, nothingFound, faces, location, hidden, risk              string
	browseHint, noPhotos, reviewFaces, noFaces, maskOn, maskOff, added, original                string
	masked, exportTitle, exportAsk, exportRunning, exportDone, exportFailed, pickTitle          string
	exportExists                                                                                string
	confirmOne, pickIn, missing, unchanged, rewritten, replaced, confirm, childrenDone, stopped string
	photoOne, photoMany, filterPrompt, filtered                                                 string
	child, unsure, adult, about, years                                                          string
	reasons                                                                                     map[string]string
	audience                                                                                    map[advise.Audience]string
	style                                                                                       map[string]string
}

// uiWords reads the app's words in a language.
func uiWords(lang advise.Lang) ui {
	t := func(k words.Key) string { return lang.T(k) }
	return ui{
		title:         t(words.AppTitle),
		checking:      t(words.AppChecking),
		left:          t(words.AppLeft),
		cannotRead:    t(words.AppCannotRead),
		nothingFound:  t(words.AppNothingFound),
		faces:         t(words.AppFaces),
		location:      t(words.AppLocation),
		hidden:        t(words.AppHidden),
		risk:          t(words.AppRisk),
		browseHint:    t(words.AppBrowseHint),
		noPhotos:      t(words.AppNoPhotos),
		reviewFaces:   t(words.AppReviewFaces),
		noFaces:       t(words.AppNoFaces),
		maskOn:        t(words.AppMaskOn),
		maskOff:       t(words.AppMaskOff),
		added:         t(words.AppAdded),
		original:      t(words.AppOriginal),
		masked:        t(words.AppMasked),
		exportTitle:   t(words.AppExportTitle),
		exportAsk:     t(words.AppExportAsk),
		exportRunning: t(words.AppExportRunning),
		exportDone:    t(words.AppExportDone),
		exportFailed:  t(words.AppExportFailed),
		pickTitle:     t(words.AppPickTitle),
		exportExists:  t(words.AppExportExists),
		confirmOne:    t(words.AppConfirmOne),
		pickIn:        t(words.AppPickIn),
		missing:       t(words.AppMissing),
		unchanged:     t(words.AppUnchanged),
		rewritten:     t(words.AppRewritten),
		replaced:      t(words.AppReplaced),
		confirm:       t(words.AppConfirm),
		childrenDone:  t(words.AppChildrenDone),
		stopped:       t(words.AppStopped),
		photoOne:      t(words.AppPhotoOne),
		photoMany:     t(words.AppPhotoMany),
		filterPrompt:  t(words.AppFilterPrompt),
		filtered:      t(words.AppFiltered),
		child:         t(words.AppChild),
		unsure:        t(words.AppUnsure),
		adult:         t(words.AppAdult),
		about:         t(words.AppAbout),
		years:         t(words.AppYears),
		reasons:       map[string]string{"small": t(words.AppReasonSmall), "turned": t(words.AppReasonTurned), "blurred": t(words.AppReasonBlurred), "low_score": t(words.AppReasonLowScore), "no_keypoints": t(words.AppReasonNoKeypoints), "no_estimate": t(words.AppReasonNoEstimate)},
		audience:      map[advise.Audience]string{advise.Public: t(words.AppAudiencePublic), advise.Friends: t(words.AppAudienceFriends), advise.Group: t(words.AppAudienceGroup), advise.Private: t(words.AppAudiencePrivate)},
		style:         map[string]string{"emoji": t(words.AppStyleEmoji), "blur": t(words.AppStyleBlur), "pixelate": t(words.AppStylePixelate), "solid": t(words.AppStyleSolid)},
	}
}

// faceWords says what a face looks like: its label and age in words
// ("likely a child, about 6", "can't tell", "adult, about 35"), and why
// the guess is unsure when a reason is given (detect's stable reason keys:
// "small", "turned", "blurred", "low_score"; "" for none).
func faceWords(w ui, label string, age *float64, reason string) string {
	var s string
	switch label {
	case detect.LabelChild:
		s = w.child
	case detect.LabelAdult:
		s = w.adult
	default:
		s = w.unsure
	}
	if age != nil && label != detect.LabelUnsure {
		s += ", " + fmt.Sprintf(w.about, int(math.Round(*age))) + w.years
	}
	if reason != "" {
		r := w.reasons[reason]
		if r == "" {
			r = reason
		}
		s += " (" + r + ")"
	}
	return s
}
