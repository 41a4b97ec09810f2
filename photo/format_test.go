package photo

import (
	"slices"
	"strings"
	"testing"
)

// TestCodecTableIsComplete checks what an entry of codecs must hold, so
// that a new format fails here until its entry is whole: a format read is
// also sized, decoded and written somehow, and whatever writes it can be
// verified.
func TestCodecTableIsComplete(t *testing.T) {
	seen := map[Format]bool{}
	exts := map[string]Format{}
	for _, c := range codecs {
		name := string(c.format)
		if c.format == FormatUnknown || seen[c.format] {
			t.Errorf("entry %q: a format is listed once, and is not FormatUnknown", name)
		}
		seen[c.format] = true
		if c.sniff == nil || len(c.exts) == 0 {
			t.Errorf("%s: no sniff or no extensions", name)
		}
		for _, e := range c.exts {
			if !strings.HasPrefix(e, ".") || e != strings.ToLower(e) {
				t.Errorf("%s: extension %q is not a lower-case .ext", name, e)
			}
			if f, dup := exts[e]; dup {
				t.Errorf("%s: extension %q is %s's already", name, e, f)
			}
			exts[e] = c.format
		}
		if c.walk == nil { // recognised, not supported
			if c.size != nil || c.decode != nil || c.clean != nil || c.encode != nil || c.leaks != nil {
				t.Errorf("%s: functions without a walker are never called", name)
			}
			continue
		}
		if c.size == nil || c.decode == nil {
			t.Errorf("%s: read but not sized or decoded", name)
		}
		if c.clean == nil && c.encode == nil && c.reencodeAs == nil {
			t.Errorf("%s: no safe copy can be written", name)
		}
		if (c.clean != nil || c.encode != nil) && c.leaks == nil {
			t.Errorf("%s: written, but Verify cannot check the container of an output", name)
		}
		if c.video {
			// A video's frames are changed by ffmpeg (outside the table);
			// its copy without masks is streamed (CleanVideo).
			if c.clean == nil || c.encode != nil || c.reencodeAs != nil {
				t.Errorf("%s: a video is cleaned (CleanVideo), never encoded here", name)
			}
			continue
		}
		if c.encode == nil && c.reencodeAs == nil {
			t.Errorf("%s: no encoder: reencodeAs must name a format that has one", name)
		}
	}
	for _, f := range []Format{FormatJPEG, FormatPNG, FormatWebP, FormatHEIC, FormatAVIF, FormatMP4, FormatMOV} {
		if !seen[f] {
			t.Errorf("%s has no entry in codecs", f)
		}
	}
}

// TestEncodeWritesInAFormatWithAnEncoder checks, for every format read,
// that changed pixels are written in a format that has an encoder and a
// check of its outputs.
func TestEncodeWritesInAFormatWithAnEncoder(t *testing.T) {
	webpLossy := &RIFFLayout{Chunks: []Chunk{{Type: "VP8 "}}}
	webpLossless := &RIFFLayout{Chunks: []Chunk{{Type: "VP8L"}}}
	photos := []*Photo{
		{Format: FormatJPEG}, {Format: FormatPNG}, {Format: FormatHEIC},
		{Format: FormatWebP, WebP: webpLossy}, {Format: FormatWebP, WebP: webpLossless},
	}
	for _, p := range photos {
		c := codecOf(p.Format)
		out := p.Format
		if c.reencodeAs != nil {
			out = c.reencodeAs(p)
		}
		if o := codecOf(out); o == nil || o.encode == nil || o.leaks == nil {
			t.Errorf("%s is re-encoded as %s, which has no encoder or no check", p.Format, out)
		}
	}
	for _, c := range codecs {
		if c.walk != nil && !c.video && !containsFormat(photos, c.format) {
			t.Errorf("%s: add it to this test", c.format)
		}
	}
}

func containsFormat(ps []*Photo, f Format) bool {
	for _, p := range ps {
		if p.Format == f {
			return true
		}
	}
	return false
}

// OutputFormats lists every format a copy may take, so that names settled
// before a photo is read cover the one it gets.
func TestOutputFormats(t *testing.T) {
	for f, want := range map[Format][]Format{
		FormatJPEG:    {FormatJPEG},
		FormatPNG:     {FormatPNG},
		FormatWebP:    {FormatWebP, FormatPNG, FormatJPEG},
		FormatHEIC:    {FormatHEIC, FormatJPEG},
		FormatAVIF:    nil,
		FormatUnknown: nil,
	} {
		if got := OutputFormats(f); !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", f, got, want)
		}
	}
	for _, c := range codecs {
		if c.reencodeAs != nil && len(c.reencodesTo) == 0 {
			t.Errorf("%s re-encodes into a format OutputFormats does not list", c.format)
		}
	}
	if !HasExt(FormatJPEG, ".JPEG") || HasExt(FormatPNG, ".jpg") {
		t.Error("HasExt")
	}
}
