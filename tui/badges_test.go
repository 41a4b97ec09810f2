package tui

import (
	"io"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
)

// TestPlaceNamedInTheWordsIsALocation: a photo without GPS whose comment
// names a school and a town shows the location badge in the list, as the
// advice counts it a place (the school-named and place-named risks); before,
// only a GPS position did.
func TestPlaceNamedInTheWordsIsALocation(t *testing.T) {
	for _, c := range []struct {
		lang advise.Lang
		want string
	}{
		{advise.English, "location: "},
		{advise.French, "lieu\u202f: "},
	} {
		m := New(Options{Paths: []string{"."}, Lang: c.lang, Out: io.Discard, Profile: &ascii, ExportDir: t.TempDir()})
		named := &detect.Report{Findings: []detect.Finding{{Kind: detect.KindComment, Value: "Sports day at Ecole Jean Moulin, Lyon"}}}
		plain := &detect.Report{Findings: []detect.Finding{{Kind: detect.KindComment, Value: "sports day, best day ever"}}}
		m.session.photos = []*photoState{{rel: "named.png", report: named}, {rel: "plain.png", report: plain}}
		got := m.session.itemFor(0).desc
		if !strings.Contains(got, c.want) || !strings.Contains(got, "Jean Moulin") || !strings.Contains(got, "Lyon") {
			t.Errorf("%s: %q: no location badge naming the school and the town", c.lang, got)
		}
		if got := m.session.itemFor(1).desc; strings.Contains(got, c.want) {
			t.Errorf("%s: %q: a location badge for words that name no place", c.lang, got)
		}
	}
}
