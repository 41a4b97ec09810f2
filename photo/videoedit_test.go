package photo

import (
	"encoding/binary"
	"testing"
)

// tableBox is a whole box: size, type, version and flags 0, then body.
func tableBox(typ string, ver byte, body []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(12+len(body)))
	b = append(b, typ...)
	b = append(b, ver, 0, 0, 0)
	return append(b, body...)
}

// u32s writes numbers as 32-bit big-endian words.
func u32s(v ...int64) []byte {
	var b []byte
	for _, x := range v {
		b = binary.BigEndian.AppendUint32(b, uint32(x))
	}
	return b
}

// TestHiddenFramesFollowTheEditList: ten frames of 100 (timescale 1000,
// the movie's 1000 too), the second shown before the first (a B-frame:
// composition offsets). The frames shown are those whose presentation
// time falls inside the edit.
func TestHiddenFramesFollowTheEditList(t *testing.T) {
	stts := tableBox("stts", 0, u32s(1, 10, 100))
	// Offsets: 200, 0, 100, 100... as an encoder with one B-frame writes.
	ctts := tableBox("ctts", 0, u32s(3, 1, 200, 1, 0, 8, 100))
	edit := func(entries ...int64) []byte { // duration, media time, rate (16.16)
		return tableBox("elst", 0, append(u32s(int64(len(entries)/3)), u32s(entries...)...))
	}
	for _, c := range []struct {
		name   string
		elst   []byte
		frames int64
		hidden bool
	}{
		{"no edit list", nil, 10, false},
		{"the whole clip, shifted by the offset", edit(1000, 100, 1<<16), 10, false},
		{"an empty edit first (a delay)", edit(500, -1, 1<<16, 1000, 100, 1<<16), 10, false},
		{"cut at the start", edit(600, 500, 1<<16), 6, true},
		{"cut at the end", edit(500, 100, 1<<16), 5, true},
		{"two edits", edit(300, 100, 1<<16, 300, 700, 1<<16), 6, true},
		{"a still (rate 0)", edit(1000, 100, 0), 10, true},
	} {
		tr := &VideoTrack{Handler: "vide", Enabled: true, Timescale: 1000, Samples: 10, elst: c.elst,
			tables: []rawBox{{"stts", stts}, {"ctts", ctts}}}
		l := &VideoLayout{Timescale: 1000, Tracks: []*VideoTrack{tr}}
		if got, hidden := l.Frames(), l.HiddenFrames(); got != c.frames || hidden != c.hidden {
			t.Errorf("%s: %d frames shown, hidden %v; want %d, %v", c.name, got, hidden, c.frames, c.hidden)
		}
	}
}
