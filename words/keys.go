package words

// The keys of the catalogues. A key's comment names the arguments its text
// takes, in order; a key without arguments is a plain text.
const (
	// What a file reveals: one finding's label. detect says what it found
	// (detect.What*) and the raw values; advise.FindingLabel picks the key.

	FindingComment             Key = iota // a comment with nothing in it
	FindingCommentSays                    // the comment
	FindingText                           // the field's name, its value
	FindingTextTime                       // the field's name, its value (a date)
	FindingTextAuthor                     // the field's name (Author, Copyright…), its value (a name)
	FindingAppSegment                     // the segment's name (APP5)
	FindingOther                          // the block's name
	FindingIPTC                           // (nothing)
	FindingIPTCFields                     // the fields ("city Lyon; by Jane")
	FindingIPTCTrailer                    // the fields
	FindingPhotoshop                      // (nothing)
	FindingPhotoshopFields                // the fields
	FindingPhotoshopUnreadable            //
	FindingIPTCKeywords                   // the field's name (FindingIPTCKeyword...), its value
	FindingIPTCKeyword                    // the name of IPTC's keyword field
	FindingIPTCCaption                    // the name of IPTC's caption field
	FindingIPTCDate                       // the date
	FindingThumbnail                      // where it is kept (EXIF, Photoshop, JPEG…)
	FindingVideo                          // its size (SizeKB…)
	FindingExtraPictures                  // how many, their kinds
	FindingExtraPicturesMPF               // how many, their kinds
	FindingMPFIndex                       //
	FindingUnreadable                     //
	FindingGPSAt                          // the place in words, the coordinates
	FindingGPSBare                        // the coordinates
	FindingGPSPrecise                     // the precision (Metres, Kilometres)
	FindingGPSAltitude                    // (appended: the altitude is there too)
	FindingGPSInXMP                       // (appended: the position was in XMP)
	FindingGPSEmpty                       //
	FindingTaken                          // the date and time
	FindingChanged                        // the date and time
	FindingGPSDate                        // the date
	FindingGPSTime                        // the time
	FindingDevice                         // make and model
	FindingMake                           // make
	FindingModel                          // model
	FindingBodySerial                     // the serial number
	FindingLensSerial                     // the serial number
	FindingImageID                        // the ID
	FindingOwner                          // the name
	FindingArtist                         // the name
	FindingCopyright                      // the notice
	FindingSoftware                       // the software
	FindingKodak                          //
	FindingMakerNotes                     //
	FindingDescription                    // the description
	FindingXMP                            //
	FindingXMPExtended                    //
	FindingPeople                         // the names
	FindingXMPAuthor                      // the names (author, owner, credit, copyright)
	FindingXMPSerials                     // the serial numbers or names
	FindingFaceRegions                    //
	FindingXMPKeywords                    // the keywords
	FindingXMPDate                        // the date
	FindingPlaceNames                     // the names
	FindingMotionFlag                     //
	FindingTrailerVideo                   // its size
	FindingTrailerSamsungVideo            // its size
	FindingTrailerSamsung                 // its size
	FindingTrailerPicture                 // its size
	FindingTrailerUnknown                 // its size
	FindingGPSInWords                     // (appended: the position was written in words, in a colour profile or a name)
	FindingICCDevice                      // the device (maker, model)
	FindingICCSerial                      // the serial number
	FindingICCCopyright                   // the copyright
	FindingICCDescription                 // the description
	FindingICCUnreadable                  // (nothing)
	FindingNameTime                       // the name, the date (and time)
	FindingNameWords                      // the words

	// What a video reveals.

	FindingRecorded      // the date and time
	FindingGPSTrack      // (appended to a position: how many positions the track holds)
	FindingContentID     // the identifier
	FindingMediaID       // the ID
	FindingCoverArt      // its size
	FindingDataTrack     // the track's codec (gpmd, camm, mebx, tmcd…)
	FindingExtraVideo    // the track's codec (avc1, hvc1…)
	FindingHiddenFrames  // how many frames
	FindingLivePhoto     //
	FindingLivePhotoClip // the clip's file name

	// Sizes and distances.

	SizeMB      // megabytes (float)
	SizeKB      // kilobytes (int)
	SizeByteOne // n bytes
	SizeBytes   // n
	Metres      // metres (float)
	Kilometres  // kilometres (float)

	// Where a GPS position is: the town's name, how far (Kilometres or
	// PlaceUnderKM), the country's name.

	PlaceNear
	PlaceFar
	PlaceUnderKM

	// Around the advice, in the command line's text and the report.

	FacesOne           // n faces found
	FacesMany          // n
	RiskIf             // the audience (AudiencePublic…), the level (LevelInfo…)
	HelpTitle          //
	Colon              // ": " in English, " : " in French
	Nothing            //
	PhotoSize          // width, height, format
	ClipSize           // width, height, format, seconds (float), ClipSound or ClipSilent
	ClipSound          //
	ClipSilent         //
	ClipFacesOne       // n faces found on the frame at s seconds (float)
	ClipFacesMany      // n, s
	ClipFacesNot       // (ffmpeg is not installed)
	WhatFileReveal     //
	SkippedOne         // n files skipped
	SkippedMany        // n
	Failed             // n
	WrittenOne         // n safe copies written
	WrittenMany        // n
	WrittenNoFacesOne  // n copies written with --faces none
	WrittenNoFacesMany // n
	NamedOne           // (one copy)
	NamedMany          // n
	ExistedOne         // n safe copies there already, left alone
	ExistedMany        // n
	CleanedOne         // n photos cleaned in place by an earlier run
	CleanedMany        // n
	MaskedOne          // n faces masked
	MaskedMany         // n
	MaskedByYou        // (after n faces masked) the parent's masks from the review app
	AppMasksOne        // (one photo) masked with the parent's masks from the review app
	AppMasksMany       // n
	RemovedOne         // n pieces of hidden information removed
	RemovedMany        // n
	NoPhotos           // the paths
	Stopping           //
	VideosOne          // n videos skipped (not cleaned yet)
	VideosMany         // n
	ScanVideosOne      // n videos skipped by scan (not read yet)
	ScanVideosMany     // n
	InTheWay           // the path of the file in the way
	OriginalGone       // the photo
	NoFFmpeg           // the video
	HiddenFrames       // the video
	RecordCannot       // the record's folder, the error
	ReportNoDecisions

	// The end of a scan: ScanSummary joins the four counts.
	ScanSummary     // ScanChecked…, ScanLocated…, ScanChildren…, ScanHidden… (each filled)
	ScanCheckedOne  // n photos checked
	ScanCheckedMany // n
	// ScanCheckedWithVideos: CheckedFiles…, VideoCount… (n files checked,
	// m of them videos).
	ScanCheckedWithVideos
	CheckedFilesOne   // n
	CheckedFilesMany  // n
	VideoCountOne     // n
	VideoCountMany    // n
	VideosCleanedOne  // n (among the safe copies written, the videos)
	VideosCleanedMany // n
	ScanLocatedOne    // n (photos that reveal a location: GPS, a place or a school named)
	ScanLocatedMany   // n
	ScanChildrenOne   // n (photos with faces that may be children)
	ScanChildrenMany  // n
	ScanHiddenOne     // n (photos that carry hidden copies)
	ScanHiddenMany    // n

	InterruptedOne  // photos done, total
	InterruptedMany // photos done, total

	// Audiences, as in "Risk if you share it publicly".

	AudiencePublic
	AudienceFriends
	AudienceGroup
	AudiencePrivate

	// Levels: the overall level's words, and a risk's tag.

	LevelInfo
	LevelLow
	LevelMedium
	LevelHigh
	LevelCritical
	TagInfo
	TagLow
	TagMedium
	TagHigh
	TagCritical

	// Risks: each risk's title, why it matters and the fix. The GPS risks
	// take the place in words, the coordinates and the precision in metres;
	// the face risks take how many faces.

	RiskGPSPreciseTitle
	RiskGPSPreciseWhy
	RiskGPSPreciseFix
	RiskGPSCoarseTitle
	RiskGPSCoarseWhy
	RiskGPSCoarseFix
	RiskTimeTitle
	RiskTimeWhy
	RiskTimeFix
	RiskTimeRoutineTitle
	RiskTimeRoutineWhy
	RiskTimeRoutineFix
	RiskDeviceIDTitle
	RiskDeviceIDWhy
	RiskDeviceIDFix
	RiskPeopleTagsTitle
	RiskPeopleTagsWhy
	RiskPeopleTagsFix
	RiskPlaceNamedTitle
	RiskPlaceNamedWhy // the places named
	RiskPlaceNamedFix
	RiskNameTitle
	RiskNameWhy // what the names say
	RiskNameFix
	RiskSchoolNamedTitle
	RiskSchoolNamedWhy // the schools named
	RiskSchoolNamedFix
	RiskStreetNamedTitle
	RiskStreetNamedWhy // the streets named
	RiskStreetNamedFix
	RiskHiddenCopyTitle
	RiskHiddenCopyWhy
	RiskHiddenCopyFix
	RiskMotionVideoTitle
	RiskMotionVideoWhy
	RiskMotionVideoFix
	RiskFacesWhy
	RiskFacesFix
	RiskChildrenWhy
	RiskChildrenFix
	RiskMaybeChildrenWhy
	RiskMaybeChildrenFix
	RiskSeveralChildrenTitle
	RiskSeveralChildrenWhy
	RiskSeveralChildrenFix
	RiskTriangleTitle
	RiskTriangleWhy
	RiskTriangleFix
	RiskHiddenFacesTitle
	RiskHiddenFacesWhy
	RiskHiddenFacesFix
	RiskUnreadableTitle
	RiskUnreadableWhy
	RiskUnreadableFix
	RiskVideoVoicesTitle
	RiskVideoVoicesWhy
	RiskVideoVoicesFix
	RiskVideoBackgroundTitle
	RiskVideoBackgroundWhy
	RiskVideoBackgroundFix
	RiskLivePhotoTitle
	RiskLivePhotoWhy // the clip's file name
	RiskLivePhotoFix
	// A video's titles of the risks whose title says "the photo".
	RiskClipGPSPreciseTitle
	RiskClipGPSCoarseTitle
	RiskClipTimeTitle
	RiskClipDeviceIDTitle
	RiskClipPeopleTagsTitle
	RiskClipSeveralChildrenTitle
	RiskCheckYourselfTitle
	RiskCheckYourselfWhy
	RiskCheckYourselfFix

	// The titles of the risks that count faces.
	RiskFacesTitleOne          // n faces
	RiskFacesTitleMany         // n
	RiskChildrenTitleOne       // n faces
	RiskChildrenTitleMany      // n
	RiskMaybeChildrenTitleOne  // n faces
	RiskMaybeChildrenTitleMany // n

	// The sources of the figures the risks quote.

	SourceGPS
	SourceCNIL
	SourceESafety
	SourceIWF
	SourceTriangle
	SourceNSPCC
	SourceLaw

	// Who can see a photo, said after the risks that depend on it.

	NotePublic
	NoteFriends
	NoteGroup

	// PlaceUnknown names a GPS position that has no coordinates.
	PlaceUnknown

	// The workshop report and its handout (report): page titles and texts,
	// the three habits and what to look at before sharing.

	ReportTitle
	ReportIntro
	ReportBefore
	ReportAfter
	ReportBeforeNote
	ReportClipBefore // a clip's picture: one of its frames
	ReportClipAfter
	ReportClipNote
	ReportClipNoFrame
	ReportShown
	ReportRevealed
	ReportAdvice
	ReportHelp
	ReportAdviceFor
	ReportFooter
	ReportUnreadable
	ReportPhoto
	ReportRisk          // before a photo's level: "Risk: very high"
	ReportFacesLicensed // why a demo photo's faces are shown (its credit follows)
	ReportSources       // heads the list of sources
	ReportSee           // the photo whose advice explains a risk said again
	ReportAgeGuess      // what an age guessed from a face is worth
	// What the safe copy removed, grouped by kind beside the pictures.
	ReportGroupPlace
	ReportGroupTime
	ReportGroupDevice
	ReportGroupNames
	ReportGroupWords
	ReportGroupHidden
	ReportGroupOther
	ReportWhy // opens a risk's reason (the title is the button)
	HandoutTitle
	HandoutIntro
	HandoutHabits
	HandoutCheck
	HandoutTool
	Habit1Title
	Habit1Why
	Habit2Title
	Habit2Why
	Habit3Title
	Habit3Why
	Check1
	Check2
	Check3
	Check4
	Check5
	SharedPublic
	SharedFriends
	SharedGroup
	SharedPrivate

	// The command line's own lines.

	DemoPhotos     // (the line that heads the demo photos' credits)
	DemoNoTerminal //
	CannotPrint    // the photo, the error
	ErrUnsupported // (photo.ErrUnsupported)
	ErrTooLarge    // (photo.ErrTooLarge)
	NoSuchPath     // the paths
	AppNeedsTerminal

	ReportWrittenOne  // how many photos, the page's path
	ReportWrittenMany // how many photos, the page's path

	// The review app (tui): its screens' words. AppLeft, AppAgeUnder,
	// AppAgeFrom and AppConfirm take a number.

	AppTitle
	AppChecking
	AppLeft
	AppCannotOpen      // the file's name, why (AppWhy…): a photo that could not be read
	AppWhyDamaged      //
	AppWhyNoFFmpeg     //
	AppWhyHiddenFrames //
	AppWhyNoPermission //
	AppWhyGone         //
	AppWhyTooLarge     //
	AppWhyNotYet       // (a format sharesafe knows but cannot read yet, as AVIF)
	AppNothingFound
	AppFaceOne // n faces, in the list of photos
	AppFaceMany
	AppLocation
	AppHidden
	AppRisk
	AppNoPhotos
	AppReviewFaces
	AppNoFaces
	AppClip           // seconds (float): a clip's badge in the list
	AppLiveClipOf     // the still's file name
	AppLivePhoto      // the clip's file name
	AppClipTitle      // seconds (float), ClipSound or ClipSilent
	AppClipMasks      //
	AppClipNoFFmpeg   //
	AppClipMasksFixed //
	// AppOwnMasksPhotoOnly: a Live Photo's still with masks the parent
	// added or moved: they are not in its clip (the clip's file name).
	AppOwnMasksPhotoOnly
	// AppClipNotYourMasks: the save's line for that clip (the still's
	// file name).
	AppClipNotYourMasks
	AppMaskOn
	AppMaskOff
	AppAdded
	AppOriginal
	AppMasked
	AppExportTitle
	AppExportAsk
	AppExportInside // the folder typed, the folder of photos that holds it
	AppExportHolds  // the folder typed, the photo or folder opened that it holds
	AppExportRunning
	AppExportDone
	AppExportDonePartlyOne  // copies not saved (1), the folder
	AppExportDonePartlyMany // copies not saved (n), the folder
	AppCannotSaveInto       // the folder, why (AppWhy…): the folder of the copies cannot be written
	AppCannotSaveCopy       // the photo's name, the folder, why (AppWhy…): its copy could not be written there
	AppCannotSave           // the photo's name, why (AppWhy…): the photo could not be read again
	AppWhyNoWrite           //
	AppWhyReadOnly          //
	AppWhyFull              //
	AppWhyIsFile            // the file that is in the way of the folder
	AppWhyNameTaken         // the folder that is in the way of the copy
	AppWhyNotWritten        // (any other reason)
	AppWhyChanged           // (the photo changed on disk since it was checked)
	AppPickTitle
	AppConfirmOne // files in the way of the copies (1)
	AppPickIn
	AppMissing
	AppUnchanged
	AppRewritten
	AppReplaced
	AppConfirm // files in the way of the copies
	AppChildrenDone
	AppStopped
	AppPhotoOne
	AppPhotoMany
	AppFilterPrompt
	AppFiltered
	AppChild
	AppUnsure
	AppAdult
	AppAgeUnder  // the age under which a face is likely a child's
	AppAgeFrom   // the age from which a face looks adult
	AppAgeWorth  // what an age guess is worth, under the faces' details
	AppMaskStyle // the masks' style, above the faces
	AppReasonSmall
	AppReasonTurned
	AppReasonBlurred
	AppReasonLowScore
	AppReasonNoKeypoints
	AppReasonNoEstimate
	AppReasonUnconfirmed
	AppReasonMaybeTeen
	AppAudiencePublic
	AppAudienceFriends
	AppAudienceGroup
	AppAudiencePrivate
	AppStyleEmoji
	AppStyleBlur
	AppStylePixelate
	AppStyleSolid
	// The parent's decisions kept, undo, the next photo, a style for
	// every photo, quitting with changes not saved.
	AppLastPhoto
	AppFirstPhoto
	AppNothingToUndo
	AppUndone
	AppStyleForAll // the style's name
	AppNothingToSave
	AppQuitUnsavedOne  // how many photos (1)
	AppQuitUnsavedMany // how many photos
	AppQuitKept
	AppDecisionsNotKept
	AppQuitAsk
	AppKeptBack
	AppFoundSinceOne  // how many faces (1)
	AppFoundSinceMany // how many faces
	AppKeptChanged
	AppKeptDamaged
	AppMovedByYou
	AppYourMasks
	AppWhyFewerMasks
	AppWhyKeptTheirs // the file in the way
	AppRewrittenByVersion
	AppCheckingFirstOne    // photos left to check (1)
	AppCheckingFirstMany   // photos left to check
	AppExportNoneSavedOne  // photos not saved (1)
	AppExportNoneSavedMany // photos not saved

	// The review app's keys: what each does, in the help bar.

	KeyReview
	KeyBack
	KeyQuit
	KeyMore
	KeyAudience
	KeyExport
	KeyFolder
	KeyNext
	KeyPrev
	KeyToggle
	KeyStyle
	KeyAdd
	KeyDelete
	KeyOriginal
	KeyMove
	KeyResize
	AppPickEmpty // an empty folder in the folder picker
	// The names of keys, as the help shows them.
	KeyNameEnter
	KeyNameEsc
	KeyNameTab
	KeyNameShift
	KeyNameSpace
	KeyNamePages
	KeyNameBackspace
	KeyScroll
	KeyAdvice
	KeyDetails
	KeySave
	KeyFilter
	KeyChildren
	KeyPick
	KeyStop
	KeyDone
	KeyDrag
	KeyYesHelp
	KeyNoHelp
	KeyPickMove
	KeyPickOpen
	KeyPickUp
	KeyClick    // the mouse button, as the help names it
	KeyDragName // dragging, as the help names it
	KeyWheel    // the mouse wheel, as the help names it
	KeyYes      // the letter that says yes (y, o for oui)
	KeyUndo
	KeyNextPhoto
	KeyPrevPhoto
	KeyStyleAll
	KeyStyleEvery
	KeyQuitAnyway
	KeyStay
	KeySaveFirst

	// The command line's help, as cobra shows it (--help, the usage
	// lines, the help and completion commands) and its usage errors
	// (cmd/sharesafe, help.go). The man page stays English.

	CLIUsage
	CLIAliases
	CLIExamples
	CLICommands
	CLIFlags
	CLIGlobalFlags
	CLIHelpTopics
	CLIFlagsWord   // (the placeholder in "sharesafe scan PATH... [flags]")
	CLICommandWord // (the placeholder in "sharesafe [command]")
	CLIMoreHelp    // the command path
	CLIDefault     // (pflag's "(default x)" becomes "(default x)", "(par défaut : x)")
	CLIHelpFor     // the command's name
	CLIVersionFor  // the program's name
	CLIHelpShort
	CLIHelpLong // the program's name
	CLICompletionShort
	CLICompletionLong       // the program's name
	CLICompletionShellShort // the shell
	CLICompletionBash       // the program's name
	CLICompletionZsh        // the program's name
	CLICompletionFish       // the program's name
	CLICompletionPowershell // the program's name
	CLINoDescriptions
	CLIRootArgs
	CLIScanArgs
	CLIRedactArgs
	CLIReportArgs
	CLIRootShort
	CLIRootLong
	CLIScanShort
	CLIScanLong
	CLIRedactShort
	CLIRedactLong
	CLIReportShort
	CLIReportLong
	CLIDemoShort
	CLIDemoLong
	CLIManShort
	CLIFlagLang // the languages (a, b or c)
	CLIFlagProgress
	CLIFlagJobs
	CLIFlagDetector
	CLIFlagNoCache
	CLIFlagAudience
	CLIFlagJSON
	CLIFlagReportJSON
	CLIFlagOutput
	CLIFlagMask
	CLIFlagFaces
	CLIFlagOverwrite
	CLIFlagInPlace
	CLIFlagNoBackup
	CLIFlagIgnoreAppMasks
	CLIFlagRename
	CLIFlagReportOutput
	CLIFlagShowFaces
	CLIFlagDemo
	CLIFlagHandout
	CLIOr           // (the last of a list of choices: a, b or c)
	CLIUnknownValue // the flag (--mask), the value given, the choices (a, b or c)
	CLIJobsAtLeastOne
	CLIScanNeedsPaths
	CLIRedactNeedsPaths
	CLIEitherOutput
	CLIRedactNeedsOutput
	CLINoBackupAlone
	CLIRenameInPlace
	CLIOutputInside // the output folder, the photos folder, the photos folder again
	CLIOutputHolds  // the output folder, the photo or folder it holds, a folder to suggest
	CLIReportNeedsPhotos
	ProgressDone    // photos done, photos in all
	ProgressRate    // photos done, photos in all, photos a second, the time left (Duration…)
	DurationSeconds // seconds
	DurationMinutes // minutes
	DurationHours   // hours (a decimal)
	CLIReportNeedsOutput
	CLIOutputIsFolder    // the page's path (a folder), an example page in it
	CLIOutputNoFolder    // the missing folder, the page's path
	CLIOutputNotFolder   // the file where the page's folder should be, the page's path
	CLIOutputIsFile      // the file in the way, the output folder given
	CLIOutputNotWritable // the path that cannot be written
	CLINoArgs            // the command, the arguments given
	CLIUnknownFlag       // the flag as typed (--nope, -x)
	CLIFlagNeedsValue    // the flag
	CLIBadFlagValue      // the value, the flag
	CLIBadFlagSyntax     // what was typed

	keyCount // not a key: how many there are
)
