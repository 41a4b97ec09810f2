package advise

import (
	"fmt"

	"github.com/sharesafe/sharesafe/words"
)

// Level is how serious a risk is, from Info to Critical.
type Level int

// The levels of a risk, from a fact worth knowing (Info) to a danger to a
// child (Critical); each risk's level for each audience is in assess.go
// (docs/advice.md lists them).
const (
	Info Level = iota
	Low
	Medium
	High
	Critical
)

var levelNames = []string{"info", "low", "medium", "high", "critical"}

// String returns the level's JSON name ("info" ... "critical").
func (l Level) String() string {
	if l < Info || l > Critical {
		return fmt.Sprintf("level(%d)", int(l))
	}
	return levelNames[l]
}

// MarshalText writes the level's name.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a level's name.
func (l *Level) UnmarshalText(b []byte) error {
	for i, n := range levelNames {
		if n == string(b) {
			*l = Level(i)
			return nil
		}
	}
	return fmt.Errorf("advise: unknown level %q", b)
}

// Audience is who will be able to see the photo.
type Audience string

// The audiences a photo can be shared with, from the widest.
const (
	Public  Audience = "public"  // anyone, forever, scrapers included
	Friends Audience = "friends" // hundreds of people who can forward
	Group   Audience = "group"   // dozens, with forwarding
	Private Audience = "private" // one or a few trusted people
)

// Audiences lists every audience, widest first.
var Audiences = []Audience{Public, Friends, Group, Private}

// ParseAudience checks an audience name.
func ParseAudience(s string) (Audience, error) {
	for _, a := range Audiences {
		if string(a) == s {
			return a, nil
		}
	}
	return "", fmt.Errorf("unknown audience %q (choose public, friends, group or private)", s)
}

// Lang is the language of the advice (package words holds every
// language's texts).
type Lang = words.Lang

// The languages the advice is written in.
const (
	English = words.English
	French  = words.French
)
