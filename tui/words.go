package tui

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"syscall"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/words"
)

// The words of the app's values, by the values detect, advise and redact
// use.
var (
	reasonKeys = map[string]words.Key{"small": words.AppReasonSmall, "turned": words.AppReasonTurned, "blurred": words.AppReasonBlurred,
		"low_score": words.AppReasonLowScore, "no_keypoints": words.AppReasonNoKeypoints, "no_estimate": words.AppReasonNoEstimate,
		"unconfirmed": words.AppReasonUnconfirmed, "maybe_teen": words.AppReasonMaybeTeen}
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

// faceWords says what a face looks like: its label ("likely a child",
// "can't tell", "adult"); with details, the age guess as a band on the
// label's side of its cut ("age guess under 14", never "about 3": a guess
// from a face is often years off, AppAgeWorth says so) and why the guess
// is unsure when a reason is given (detect's stable reason keys: "small",
// "turned", "maybe_teen" for a guess between the two cuts, ...; "" for
// none). The bands are whole years that stay true of every face of the
// label: a child's guess is under detect.ChildUnder (rounded up), an
// adult's at least detect.AdultFrom (rounded down: 25.1 says "25 or
// more"); the band between is said by its reason, "could be a teenager".
func faceWords(lang advise.Lang, label string, age *float64, reason string, details bool) string {
	var s string
	switch label {
	case detect.LabelChild:
		s = lang.T(words.AppChild)
		if details && age != nil {
			s += ", " + lang.T(words.AppAgeUnder, int(math.Ceil(detect.ChildUnder)))
		}
	case detect.LabelAdult:
		s = lang.T(words.AppAdult)
		if details && age != nil {
			s += ", " + lang.T(words.AppAgeFrom, int(math.Floor(detect.AdultFrom)))
		}
	default:
		s = lang.T(words.AppUnsure)
	}
	if reason != "" && details {
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

// cannotSave is the one line that says why the safe copy of job j was not
// written, from the error the engine gave, in words a parent can act on.
// When the folder of the copy is at fault (not allowed, full, a file in
// the way) the line names the photo and the folder and says to choose
// another ("Can't save holiday.jpg into /x/y: the disk is full. Free some
// space or choose another folder."); when the photo is (gone, no longer
// readable) it names the photo and says why as the list does
// (whyUnreadable). The engine's own error is not shown. It may look at the
// disk, so it runs in a Cmd, never in Update.
func cannotSave(lang advise.Lang, j engine.Job, err error) string {
	name := photoName(j.In)
	if errors.Is(err, engine.ErrNoFFmpeg) {
		return lang.T(words.AppCannotSave, name, lang.T(words.AppWhyNoFFmpeg))
	}
	if errors.Is(err, engine.ErrHiddenFrames) {
		return lang.T(words.AppCannotSave, name, lang.T(words.AppWhyHiddenFrames))
	}
	if at := faultPath(err); at != "" && at != j.In.Path {
		return lang.T(words.AppCannotSaveCopy, name, filepath.Dir(j.Dst), whyNotWritten(lang, at, err))
	}
	return lang.T(words.AppCannotSave, name, lang.T(whyUnreadable(j.In.Path, err)))
}

// cannotSaveInto is the one line that says why nothing can be saved into
// the folder dir ("Can't save into /x/y: you are not allowed to write
// there. Choose another folder."). It may look at the disk.
func cannotSaveInto(lang advise.Lang, dir string, err error) string {
	at := faultPath(err)
	if at == "" {
		at = dir
	}
	return lang.T(words.AppCannotSaveInto, dir, whyNotWritten(lang, at, err))
}

// whyNotWritten says why nothing could be written at path (a folder of
// safe copies, or a file in it), from the error: not allowed, a disk that
// can only be read, a full disk, a file where a folder should be (named),
// a folder where the copy should be (named), or else that it could not be
// written. It may look at the disk (for the file in the way).
func whyNotWritten(lang advise.Lang, path string, err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return lang.T(words.AppWhyNoWrite)
	case errors.Is(err, syscall.EROFS):
		return lang.T(words.AppWhyReadOnly)
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return lang.T(words.AppWhyFull)
	case errors.Is(err, syscall.EISDIR):
		return lang.T(words.AppWhyNameTaken, path)
	case errors.Is(err, fs.ErrExist) && isDir(path):
		// Go's rename says a folder where the copy goes "exists".
		return lang.T(words.AppWhyNameTaken, path)
	case errors.Is(err, syscall.ENOTDIR), errors.Is(err, fs.ErrExist):
		if f := fileInTheWay(path); f != "" {
			return lang.T(words.AppWhyIsFile, f)
		}
	}
	return lang.T(words.AppWhyNotWritten)
}

// faultPath is the path an error of the file system names (the new name,
// for a rename), or "".
func faultPath(err error) string {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &le):
		return le.New
	case errors.As(err, &pe):
		return pe.Path
	}
	return ""
}

// isDir reports whether path is a folder.
func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// fileInTheWay is path, or the nearest folder above it, when that is a
// file rather than a folder ("" when the nearest that exists is a folder).
func fileInTheWay(path string) string {
	for d := path; ; d = filepath.Dir(d) {
		if st, err := os.Stat(d); err == nil {
			if st.IsDir() {
				return ""
			}
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// photoName names a photo in a line: its path under the folder opened.
func photoName(in photo.Input) string {
	if in.Rel != "" {
		return in.Rel
	}
	return filepath.Base(in.Path)
}
