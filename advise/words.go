package advise

import "github.com/sharesafe/sharesafe/words"

// audienceKeys, levelKeys and tagKeys name audiences and levels in words.
var (
	audienceKeys = map[Audience]words.Key{Public: words.AudiencePublic, Friends: words.AudienceFriends, Group: words.AudienceGroup, Private: words.AudiencePrivate}
	levelKeys    = map[Level]words.Key{Info: words.LevelInfo, Low: words.LevelLow, Medium: words.LevelMedium, High: words.LevelHigh, Critical: words.LevelCritical}
	tagKeys      = map[Level]words.Key{Info: words.TagInfo, Low: words.TagLow, Medium: words.TagMedium, High: words.TagHigh, Critical: words.TagCritical}
)

// AudienceWords says who sees a photo shared with an audience, as in "Risk
// if you share it publicly".
func AudienceWords(a Audience, lang Lang) string {
	if k, ok := audienceKeys[a]; ok {
		return lang.T(k)
	}
	return string(a)
}

// LevelWords says a level in words ("nothing to worry about" for Info).
func LevelWords(l Level, lang Lang) string {
	if k, ok := levelKeys[l]; ok {
		return lang.T(k)
	}
	return l.String()
}

// TagWords names a risk's severity in brackets ("tip" for Info).
func TagWords(l Level, lang Lang) string {
	if k, ok := tagKeys[l]; ok {
		return lang.T(k)
	}
	return l.String()
}

// AudienceNote says who can see a photo shared with an audience ("Friends-
// only is not private: …"): what the risks that depend on the audience add
// to their reason. Empty for a private share.
func AudienceNote(a Audience, lang Lang) string {
	if k, ok := audienceNotes[a]; ok {
		return lang.T(k)
	}
	return ""
}
