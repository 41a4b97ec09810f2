package advise

import "github.com/sharesafe/sharesafe/words"

// riskWords gives each risk's words. A risk that counts faces has its
// title in countedTitles too, its form for one face.
var riskWords = map[string]struct{ title, why, fix words.Key }{
	"gps-precise":      {words.RiskGPSPreciseTitle, words.RiskGPSPreciseWhy, words.RiskGPSPreciseFix},
	"gps-coarse":       {words.RiskGPSCoarseTitle, words.RiskGPSCoarseWhy, words.RiskGPSCoarseFix},
	"time":             {words.RiskTimeTitle, words.RiskTimeWhy, words.RiskTimeFix},
	"time-routine":     {words.RiskTimeRoutineTitle, words.RiskTimeRoutineWhy, words.RiskTimeRoutineFix},
	"device-id":        {words.RiskDeviceIDTitle, words.RiskDeviceIDWhy, words.RiskDeviceIDFix},
	"people-tags":      {words.RiskPeopleTagsTitle, words.RiskPeopleTagsWhy, words.RiskPeopleTagsFix},
	"place-named":      {words.RiskPlaceNamedTitle, words.RiskPlaceNamedWhy, words.RiskPlaceNamedFix},
	"school-named":     {words.RiskSchoolNamedTitle, words.RiskSchoolNamedWhy, words.RiskSchoolNamedFix},
	"street-named":     {words.RiskStreetNamedTitle, words.RiskStreetNamedWhy, words.RiskStreetNamedFix},
	"name-reveals":     {words.RiskNameTitle, words.RiskNameWhy, words.RiskNameFix},
	"hidden-copy":      {words.RiskHiddenCopyTitle, words.RiskHiddenCopyWhy, words.RiskHiddenCopyFix},
	"motion-video":     {words.RiskMotionVideoTitle, words.RiskMotionVideoWhy, words.RiskMotionVideoFix},
	"faces":            {words.RiskFacesTitleMany, words.RiskFacesWhy, words.RiskFacesFix},
	"children":         {words.RiskChildrenTitleMany, words.RiskChildrenWhy, words.RiskChildrenFix},
	"maybe-children":   {words.RiskMaybeChildrenTitleMany, words.RiskMaybeChildrenWhy, words.RiskMaybeChildrenFix},
	"several-children": {words.RiskSeveralChildrenTitle, words.RiskSeveralChildrenWhy, words.RiskSeveralChildrenFix},
	"triangle":         {words.RiskTriangleTitle, words.RiskTriangleWhy, words.RiskTriangleFix},
	"hidden-faces":     {words.RiskHiddenFacesTitle, words.RiskHiddenFacesWhy, words.RiskHiddenFacesFix},
	"unreadable":       {words.RiskUnreadableTitle, words.RiskUnreadableWhy, words.RiskUnreadableFix},
	"check-yourself":   {words.RiskCheckYourselfTitle, words.RiskCheckYourselfWhy, words.RiskCheckYourselfFix},
	"video-background": {words.RiskVideoBackgroundTitle, words.RiskVideoBackgroundWhy, words.RiskVideoBackgroundFix},
	"video-voices":     {words.RiskVideoVoicesTitle, words.RiskVideoVoicesWhy, words.RiskVideoVoicesFix},
	"live-photo":       {words.RiskLivePhotoTitle, words.RiskLivePhotoWhy, words.RiskLivePhotoFix},
}

// clipTitles give a video the titles of the risks whose title says "the
// photo".
var clipTitles = map[string]words.Key{
	"gps-precise":      words.RiskClipGPSPreciseTitle,
	"gps-coarse":       words.RiskClipGPSCoarseTitle,
	"time":             words.RiskClipTimeTitle,
	"device-id":        words.RiskClipDeviceIDTitle,
	"people-tags":      words.RiskClipPeopleTagsTitle,
	"several-children": words.RiskClipSeveralChildrenTitle,
}

// countedTitles gives the title for one face of the risks whose first
// argument is a count of faces (riskWords gives the title for many).
var countedTitles = map[string]words.Key{
	"faces":          words.RiskFacesTitleOne,
	"children":       words.RiskChildrenTitleOne,
	"maybe-children": words.RiskMaybeChildrenTitleOne,
}

// riskSources gives the source of the figures a risk quotes.
var riskSources = map[string]words.Key{
	"gps-precise":    words.SourceGPS,
	"gps-coarse":     words.SourceCNIL,
	"time-routine":   words.SourceCNIL,
	"place-named":    words.SourceCNIL,
	"school-named":   words.SourceCNIL,
	"street-named":   words.SourceCNIL,
	"faces":          words.SourceNSPCC,
	"children":       words.SourceESafety,
	"maybe-children": words.SourceIWF,
	"triangle":       words.SourceTriangle,
	"check-yourself": words.SourceLaw,
}

// withAudience are the risks that say who can see the photo.
var withAudience = map[string]bool{
	"gps-precise":      true,
	"gps-coarse":       true,
	"people-tags":      true,
	"place-named":      true,
	"school-named":     true,
	"street-named":     true,
	"motion-video":     true,
	"faces":            true,
	"children":         true,
	"maybe-children":   true,
	"several-children": true,
	"video-background": true,
	"video-voices":     true,
	"live-photo":       true,
}

// audienceNotes say who can see a photo shared with an audience.
var audienceNotes = map[Audience]words.Key{Public: words.NotePublic, Friends: words.NoteFriends, Group: words.NoteGroup}
