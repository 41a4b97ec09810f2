package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/detect"
	_ "github.com/sharesafe/sharesafe/heif"
	"github.com/sharesafe/sharesafe/internal/oracle"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
)

const corpusMeta = "../../../shared/corpus/meta"

// skipCorpusUnderRace skips a corpus test in race-detector builds.
func skipCorpusUnderRace(t *testing.T) {
	t.Helper()
	if raceEnabled {
		t.Skip("corpus test: no concurrency of its own; skipped under the race detector")
	}
}

// corpusFailures are the corpus files sharesafe refuses, with why. Each
// gets one error line and no output (fail closed). A file refused that is
// not listed here fails the test.
var corpusFailures = map[string]string{
	"immich/formats__avif__10bit-HDR-P3-nclx.avif":                      "AVIF is not supported",
	"mei/avif__Issue_649.avif":                                          "AVIF is not supported",
	"ianare/jpg__corrupted.jpg":                                         "corrupt JPEG (garbage between segments)",
	"mei/jpg__issue_121.jpg":                                            "corrupt JPEG (garbage between segments)",
	"mei/png__invalid-iCCP-missing-adler32-checksum.png":                "corrupt colour profile: cannot be carried over",
	"exiftool/t__images__QuickTime.heic":                                "HEIC decoder refuses it (test file without a real picture; masked run only)",
	"sickelap/apple_burst_sample_1.heic":                                "HEIC decoder refuses it (masked run only)",
	"mei/heic__IllegalArgumentException.HeifReader.processBoxes.heif":   "malformed HEIF",
	"mei/heic__NegativeArraySizeException.HeifReader.processBoxes.heif": "malformed HEIF",
	"mei/webp__Animation_Lossy.webp":                                    "animated WebP: frames cannot be checked for faces (masked run only)",
}

type lineResult struct {
	Path   string        `json:"path"`
	Status string        `json:"status"`
	Reason string        `json:"reason"`
	Output string        `json:"output"`
	Faces  []detect.Face `json:"faces"`
	Error  string        `json:"error"`
}

func readResults(t *testing.T, stdout string) []lineResult {
	t.Helper()
	var rs []lineResult
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r lineResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("bad JSON line: %v", err)
		}
		rs = append(rs, r)
	}
	return rs
}

func rel(path string) string {
	r, _ := filepath.Rel(corpusMeta, path)
	return filepath.ToSlash(r)
}

// TestCorpusRedactLeavesNothing runs sharesafe redact over every file of
// ../shared/corpus/meta, without masks (lossless) and with masks, and
// checks each output with exiftool: no GPS, no EXIF but Orientation, no
// XMP, IPTC, MakerNotes, MPF, thumbnail or comment, nothing after the image;
// the colour profile kept where the source had one; on the lossless path
// the decoded pixels equal the source's; every output displays upright.
func TestCorpusRedactLeavesNothing(t *testing.T) {
	skipUnlessLong(t)
	skipCorpusUnderRace(t)
	if _, err := os.Stat(corpusMeta); err != nil {
		t.Skip("../shared/corpus/meta absent")
	}
	oracle.Require(t)
	src, err := oracle.TagsDir(corpusMeta)
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []struct {
		name string
		args []string
	}{
		{"lossless", []string{"--faces", "none"}},
		// The fast detector: this test is about leaks and masks, not recall.
		{"masked", []string{"--faces", "all", "--mask", "solid", "--detector", "fast"}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			out := t.TempDir()
			stdout, stderr, code := sharesafe(t, append([]string{"redact", corpusMeta, "-o", out, "--json"}, mode.args...)...)
			if code != 1 && code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			outTags, err := oracle.TagsDir(out)
			if err != nil {
				t.Fatal(err)
			}
			written, refused, leaky := 0, 0, 0
			for _, r := range readResults(t, stdout) {
				name := rel(r.Path)
				if r.Status == "skipped" {
					// The corpus's MANIFEST.tsv and README.md.
					if r.Reason != "not_a_photo" || !strings.HasSuffix(name, ".tsv") && !strings.HasSuffix(name, ".md") {
						t.Errorf("%s: skipped (%s)", name, r.Reason)
					}
					continue
				}
				if r.Error != "" {
					refused++
					if _, ok := corpusFailures[name]; !ok {
						t.Errorf("%s: refused: %s", name, r.Error)
					}
					if !strings.Contains(stderr, r.Path) {
						t.Errorf("%s: refused without an error line naming it", name)
					}
					continue
				}
				written++
				tags := outTags[r.Output]
				if tags == nil {
					t.Errorf("%s: exiftool did not read the output %s", name, r.Output)
					continue
				}
				if leaks := oracle.LeaksIn(tags); len(leaks) > 0 {
					leaky++
					t.Errorf("%s: output still carries:\n  %s", name, strings.Join(leaks, "\n  "))
				}
				if oracle.HasICC(src[r.Path]) && !oracle.HasICC(tags) {
					t.Errorf("%s: colour profile lost", name)
				}
				var masked []image.Rectangle
				if mode.name == "masked" {
					for _, f := range r.Faces {
						masked = append(masked, redact.Region(f.Mask.R()))
					}
				}
				checkPixels(t, name, r.Path, r.Output, mode.name == "lossless", masked)
			}
			t.Logf("%s: %d outputs, %d refused, %d with leaks", mode.name, written, refused, leaky)
			if written < 130 {
				t.Errorf("only %d outputs", written)
			}
		})
	}
}

// checkPixels compares the upright pictures of a source and its output:
// equal on the lossless path, same size and close otherwise.
func checkPixels(t *testing.T, name, in, out string, lossless bool, masked []image.Rectangle) {
	t.Helper()
	a, err := photo.Open(in, photo.DefaultLimits)
	if err != nil {
		if lossless && (strings.Contains(err.Error(), "animated WebP") || strings.Contains(err.Error(), "heic: decode failed")) {
			return // written losslessly without decoding; Go cannot decode animations, the HEIC decoder refuses these
		}
		t.Errorf("%s: source: %v", name, err)
		return
	}
	b, err := photo.Open(out, photo.DefaultLimits)
	if err != nil {
		t.Errorf("%s: output: %v", name, err)
		return
	}
	ab, bb := a.Image.Bounds(), b.Image.Bounds()
	if ab.Dx() != bb.Dx() || ab.Dy() != bb.Dy() {
		t.Errorf("%s: output shows %dx%d, source %dx%d upright", name, bb.Dx(), bb.Dy(), ab.Dx(), ab.Dy())
		return
	}
	// Sample a grid: exact on the lossless path (same codec, same data),
	// close on average otherwise (masks aside: faces are a small part).
	var diff, n float64
	for y := 0; y < ab.Dy(); y += max(1, ab.Dy()/40) {
	points:
		for x := 0; x < ab.Dx(); x += max(1, ab.Dx()/40) {
			for _, m := range masked {
				if image.Pt(ab.Min.X+x, ab.Min.Y+y).In(m) {
					continue points
				}
			}
			if a.Format == photo.FormatHEIC && y == 0 && x < 32 {
				continue // the WebAssembly HEIC decoder returns garbage in the first pixels of row 0
			}
			ca := color.NRGBAModel.Convert(a.Image.At(ab.Min.X+x, ab.Min.Y+y)).(color.NRGBA)
			cb := color.NRGBAModel.Convert(b.Image.At(bb.Min.X+x, bb.Min.Y+y)).(color.NRGBA)
			d := absDiff(ca.R, cb.R) + absDiff(ca.G, cb.G) + absDiff(ca.B, cb.B)
			if lossless && a.Format == b.Format && d != 0 {
				t.Errorf("%s: lossless output differs at (%d,%d): %v vs %v", name, x, y, ca, cb)
				return
			}
			diff += d
			n++
		}
	}
	if n > 0 && diff/n/3 > 40 {
		t.Errorf("%s: output looks unlike the source upright (mean difference %.0f): turned the wrong way?", name, diff/n/3)
	}
}

func absDiff(a, b uint8) float64 {
	if a > b {
		return float64(a - b)
	}
	return float64(b - a)
}

// TestCorpusScanReportsEveryLeak checks sharesafe scan against the
// MANIFEST's columns: each file that carries a leak vector gets a finding
// of that kind.
func TestCorpusScanReportsEveryLeak(t *testing.T) {
	skipUnlessLong(t)
	skipCorpusUnderRace(t)
	f, err := os.Open(filepath.Join(corpusMeta, "MANIFEST.tsv"))
	if err != nil {
		t.Skip("../shared/corpus/meta absent")
	}
	defer f.Close()
	rd := csv.NewReader(f)
	rd.Comma, rd.LazyQuotes, rd.FieldsPerRecord = '\t', true, -1
	rows, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	stdout, _, _ := sharesafe(t, "scan", "--json", "--detector", "fast", corpusMeta)
	reports := map[string]detect.Report{}
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r struct {
			detect.Report
			Error string `json:"error"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.Error == "" {
			reports[rel(r.Path)] = r.Report
		}
	}
	checks := []struct {
		column string
		when   func(v string) bool
		kinds  []string
	}{
		{"gps", func(v string) bool { return strings.HasPrefix(v, "yes") }, []string{detect.KindGPS}},
		{"thumb", func(v string) bool {
			return strings.Contains(v, "ThumbnailImage") || strings.Contains(v, "PhotoshopThumbnail")
		}, []string{detect.KindThumbnail}},
		{"makernotes", func(v string) bool { return v != "no" && v != "" && v != "-" }, []string{detect.KindMakerNotes}},
		{"xmp", func(v string) bool { return v != "no" && v != "" }, []string{detect.KindXMP}},
		{"iptc", func(v string) bool { return v == "yes" || v == "irb-only" }, []string{detect.KindIPTC}},
		{"mpf", func(v string) bool { return strings.HasPrefix(v, "yes") }, []string{detect.KindMPF}},
		{"trailer", func(v string) bool { return v != "no" && v != "n/a" && v != "unparsed" }, []string{detect.KindTrailer, detect.KindMotionVideo}},
		// Some cameras keep the date only inside their maker notes.
		{"extras", func(v string) bool { return strings.Contains(v, "capture-date") }, []string{detect.KindTime, detect.KindMakerNotes}},
		// Serial numbers often sit inside maker notes, which scan reports as such.
		{"extras", func(v string) bool { return strings.Contains(v, "ids/owner") }, []string{detect.KindSerial, detect.KindOwner, detect.KindMakerNotes}},
		{"extras", func(v string) bool { return strings.Contains(v, "named-faces") }, []string{detect.KindPeople}},
		{"extras", func(v string) bool { return strings.Contains(v, "keywords") }, []string{detect.KindKeywords}},
		{"extras", func(v string) bool { return strings.Contains(v, "COM") }, []string{detect.KindComment}},
	}
	found, missed := 0, 0
	for _, row := range rows[1:] {
		name := row[0]
		rep, ok := reports[name]
		if !ok {
			if _, expected := corpusFailures[name]; !expected {
				t.Errorf("%s: scan failed", name)
			}
			continue
		}
		for _, c := range checks {
			if !c.when(row[col[c.column]]) {
				continue
			}
			hit := false
			for _, k := range c.kinds {
				hit = hit || rep.Has(k)
			}
			if hit {
				found++
			} else {
				missed++
				t.Errorf("%s: MANIFEST %s=%q, but no %v finding", name, c.column, row[col[c.column]], c.kinds)
			}
		}
	}
	t.Logf("%d leak vectors reported, %d missed", found, missed)
}

// TestCorpusScanNamesPlaces checks the place names scan gives the corpus
// photos with a GPS position (and the JSON's place key).
func TestCorpusScanNamesPlaces(t *testing.T) {
	skipUnlessLong(t)
	skipCorpusUnderRace(t)
	want := map[string]string{
		"mei/jpg__FujiFilm_FinePixS2Pro.jpg":    "near Paris (", // by the Eiffel Tower
		"mei/jpg__Panasonic_DMC-LX3_Lumix_.jpg": "near Rome (",
		"exiftool/t__images__GoPro.jpg":         "near Brooklyn (",
		"ianare/jpg__gps__DSCN0029.jpg":         "near Arezzo (",
		"mei/jpg__Oppo_R7_Plus.jpg":             "at sea or far from any town",
	}
	var paths []string
	for p := range want {
		if _, err := os.Stat(filepath.Join(corpusMeta, p)); err != nil {
			t.Skip("corpus absent")
		}
		paths = append(paths, filepath.Join(corpusMeta, p))
	}
	stdout, stderr, _ := sharesafe(t, append([]string{"scan", "--json", "--detector", "fast"}, paths...)...)
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var r detect.Report
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		place := ""
		for _, f := range r.Findings {
			if f.Kind == detect.KindGPS && f.Place != "" && place == "" {
				place = f.Place
			}
		}
		if w := want[rel(r.Path)]; w != "" && !strings.HasPrefix(place, w) {
			t.Errorf("%s: place %q, want %q…", rel(r.Path), place, w)
		}
	}
	if !strings.HasPrefix(stderr, "sharesafe: 5 photos checked") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr should be the summary alone: %s", stderr)
	}
}
