package main

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/internal/oracle"
)

// pngWithText encodes a small grey picture with no face and adds, after
// IHDR, the chunks given (pngChunk).
func pngWithText(t *testing.T, chunks ...[]byte) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = uint8(i % 251)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	ihdrEnd := 8 + 12 + 13
	out := append([]byte{}, b.Bytes()[:ihdrEnd]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, b.Bytes()[ihdrEnd:]...)
}

// deflate compresses a zTXt's or a compressed iTXt's text.
func deflate(s string) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write([]byte(s))
	w.Close()
	return z.Bytes()
}

// TestPNGAuthorIsAnOwner checks, end to end, that the PNG text fields that
// name who made or owns the photo (Author, Copyright, Artist, Owner,
// Creator, in tEXt, zTXt and iTXt) are reported as an owner's name (kind
// owner, not text) and raise device-id, in English and French; and that
// the safe copy carries none of them, as exiftool, which sees them in the
// original, says.
func TestPNGAuthorIsAnOwner(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "drawing.png")
	os.WriteFile(in, pngWithText(t,
		pngChunk("tEXt", []byte("Author\x00Jane Example")),
		pngChunk("zTXt", append([]byte("Copyright\x00\x00"), deflate("(c) 2026 Jane Example")...)),
		pngChunk("iTXt", []byte("Artist\x00\x00\x00en\x00Artist\x00Jane Artist")),
		pngChunk("iTXt", append([]byte("Owner\x00\x01\x00\x00\x00"), deflate("Jane Owner")...)),
		pngChunk("tEXt", []byte("Creator\x00Jane Creator")),
		pngChunk("tEXt", []byte("Software\x00PaintKid 2")),
	), 0o644)

	want := map[string]string{ // value: the English label
		"Jane Example":          "Author or owner of the photo (text field Author): Jane Example",
		"(c) 2026 Jane Example": "Author or owner of the photo (text field Copyright): (c) 2026 Jane Example",
		"Jane Artist":           "Author or owner of the photo (text field Artist): Jane Artist",
		"Jane Owner":            "Author or owner of the photo (text field Owner): Jane Owner",
		"Jane Creator":          "Author or owner of the photo (text field Creator): Jane Creator",
	}
	for _, lang := range []string{"en", "fr"} {
		stdout, stderr, code := sharesafe(t, "scan", "--json", "--lang", lang, "--detector", "fast", "--no-cache", in)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", lang, code, stderr)
		}
		rs := records(t, stdout)
		if len(rs) != 1 {
			t.Fatalf("%s: %d records", lang, len(rs))
		}
		owners := map[string]string{}
		for _, f := range rs[0]["findings"].([]any) {
			f := f.(map[string]any)
			v, _ := f["value"].(string)
			if _, named := want[v]; named && f["kind"] != "owner" {
				t.Errorf("%s: %q reported as %v, want owner", lang, v, f["kind"])
			}
			if f["kind"] == "owner" {
				owners[v] = f["label"].(string)
			}
			if v == "PaintKid 2" && f["kind"] != "text" {
				t.Errorf("%s: the Software field reported as %v, want text", lang, f["kind"])
			}
		}
		for v, label := range want {
			if lang == "fr" {
				label = "Nom du propriétaire ou de l'auteur\u202f: " + v
			}
			if owners[v] != label {
				t.Errorf("%s: owner %q labelled %q, want %q", lang, v, owners[v], label)
			}
		}
		why := ""
		for _, r := range rs[0]["assessment"].(map[string]any)["risks"].([]any) {
			if r := r.(map[string]any); r["id"] == "device-id" {
				why = r["why"].(string)
			}
		}
		if owner := map[string]string{"en": "owner or author", "fr": "de l'auteur de la photo"}[lang]; !strings.Contains(why, owner) {
			t.Errorf("%s: device-id says %q, want the %q", lang, why, owner)
		}
	}

	oracle.Require(t)
	tags, err := oracle.Tags(in)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, v := range tags {
		if s, ok := v.(string); ok && want[s] != "" {
			seen++
		}
	}
	if seen != len(want) {
		t.Fatalf("exiftool reads %d of the %d names in the original (the test file is wrong): %v", seen, len(want), tags)
	}
	out := filepath.Join(t.TempDir(), "safe")
	if _, stderr, code := sharesafe(t, "redact", "--faces", "none", "-o", out, in); code != 0 {
		t.Fatalf("redact: exit %d: %s", code, stderr)
	}
	leaks, err := oracle.Leaks(filepath.Join(out, "drawing.png"))
	if err != nil {
		t.Fatal(err)
	}
	if len(leaks) > 0 {
		t.Errorf("exiftool still finds in the safe copy:\n  %s", strings.Join(leaks, "\n  "))
	}
	b, err := os.ReadFile(filepath.Join(out, "drawing.png"))
	if err != nil {
		t.Fatal(err)
	}
	for v := range want {
		if bytes.Contains(b, []byte(v)) {
			t.Errorf("the safe copy holds %q", v)
		}
	}
}

// TestScanCountsEveryPlaceRevealed checks that the end of a scan counts as
// revealing a location every photo the advice gives a place risk: by its
// GPS position, a town or a school named in its words; and not a photo
// that names only its author, in English and French.
func TestScanCountsEveryPlaceRevealed(t *testing.T) {
	dir := t.TempDir()
	copyFile(t, filepath.Join(fixtures, "school-gate.jpg"), filepath.Join(dir, "gps.jpg"))
	os.WriteFile(filepath.Join(dir, "town.png"), pngWithText(t, pngChunk("tEXt", []byte("Comment\x00Holidays in Annecy"))), 0o644)
	os.WriteFile(filepath.Join(dir, "school.png"), pngWithText(t, pngChunk("tEXt", []byte("Comment\x00St Mary's Primary School fair"))), 0o644)
	os.WriteFile(filepath.Join(dir, "author.png"), pngWithText(t, pngChunk("tEXt", []byte("Author\x00Florence Example"))), 0o644)

	// The PNGs reveal a place by one route only, or none; the school gate
	// by its GPS position and the city of its XMP.
	stdout, stderr, code := sharesafe(t, "scan", "--json", "--detector", "fast", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := map[string]string{"gps.jpg": "gps-precise place-named", "town.png": "place-named", "school.png": "school-named", "author.png": ""}
	for _, r := range records(t, stdout) {
		var routes []string
		for _, k := range r["assessment"].(map[string]any)["risks"].([]any) {
			switch id := k.(map[string]any)["id"].(string); id {
			case "gps-precise", "gps-coarse", "place-named", "school-named":
				routes = append(routes, id)
			}
		}
		name := filepath.Base(r["path"].(string))
		if got := strings.Join(routes, " "); got != want[name] {
			t.Errorf("%s: place risks %q, want %q", name, got, want[name])
		}
	}

	for _, c := range []struct{ lang, want string }{
		{"en", "4 photos checked: 3 reveal a location, "},
		{"fr", "4 photos vérifiées\u202f: 3 révèlent un lieu, "},
	} {
		stdout, stderr, code := sharesafe(t, "scan", "--lang", c.lang, "--detector", "fast", dir)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.lang, code, stderr)
		}
		if !strings.Contains(stdout, "\n"+c.want) {
			lines := strings.Split(strings.TrimSpace(stdout), "\n")
			t.Errorf("%s: summary %q, want it to start %q", c.lang, lines[len(lines)-1], c.want)
		}
	}
}
