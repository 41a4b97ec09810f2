package oracle

import (
	"strings"
	"testing"
)

// TestOracleSeesTheLeaks proves the oracle can fail: on the dirty fixtures
// it reports what sharesafe must remove.
func TestOracleSeesTheLeaks(t *testing.T) {
	Require(t)
	for file, want := range map[string][]string{
		"school-gate.jpg": {"GPS:GPSLatitude", "IFD1:ThumbnailImage", "ExifIFD:SerialNumber", "XMP-iptcExt:PersonInImage", "File:Comment", "IFD0:Make"},
		"burst-mpf.jpg":   {"MPF0:NumberOfImages"},
		"drawing.png":     {"PNG:Author", "IFD0:Artist", "XMP-photoshop:City"},
	} {
		leaks, err := Leaks("../../testdata/photos/" + file)
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(leaks, "\n")
		for _, w := range want {
			if !strings.Contains(all, w+"=") {
				t.Errorf("%s: oracle does not report %s; it reports:\n%s", file, w, all)
			}
		}
	}
}
