package photo

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
)

// The safe copy of a video, without re-encoding: a fresh ftyp, a movie box
// written from an allowlist (movie, track and media headers with their
// dates cleared, edit lists, sample descriptions with their codec
// configuration, sample tables, new chunk offsets) and one mdat holding
// the picture and sound samples, byte for byte, in their original order.
// Timed metadata tracks (GPS, sensors, timecode, subtitles) go with their
// samples; user data, meta, XMP, uuid and vendor boxes are not written.
// VerifyVideo re-reads a copy and checks it is what this writer makes from
// it, and that its samples are the original's.

// keptHandlers are the tracks a copy keeps: pictures and sound (of the
// pictures, only the track players show: VideoLayout.ShownVideo).
var keptHandlers = map[string]bool{"vide": true, "soun": true}

// videoCodecs are the visual sample descriptions a copy keeps.
var videoCodecs = map[string]bool{
	"avc1": true, "avc2": true, "avc3": true, "avc4": true, "hvc1": true, "hev1": true, "dvh1": true,
	"dvhe": true, "dva1": true, "dvav": true, "av01": true, "vp08": true, "vp09": true, "mp4v": true,
	"s263": true, "h263": true, "jpeg": true, "mjpa": true, "mjpb": true, "apch": true, "apcn": true,
	"apcs": true, "apco": true, "ap4h": true, "ap4x": true,
}

// audioCodecs are the sound sample descriptions a copy keeps.
var audioCodecs = map[string]bool{
	"mp4a": true, "ac-3": true, "ec-3": true, "ac-4": true, "Opus": true, "fLaC": true, "alac": true,
	"lpcm": true, "sowt": true, "twos": true, "in24": true, "in32": true, "fl32": true, "fl64": true,
	"ulaw": true, "alaw": true, "ima4": true, "samr": true, "sawb": true, ".mp3": true, "raw ": true,
	"ipcm": true, "fpcm": true, "mha1": true, "mhm1": true,
}

// entryChildren are the boxes kept inside a sample description: the codec
// configuration and what says how to show or play the samples.
var entryChildren = map[string]map[string]bool{
	"vide": {
		"avcC": true, "hvcC": true, "av1C": true, "vpcC": true, "dvcC": true, "dvvC": true, "dvwC": true,
		"lhvC": true, "esds": true, "d263": true, "pasp": true, "colr": true, "clap": true, "fiel": true,
		"gama": true, "btrt": true, "mdcv": true, "clli": true, "SmDm": true, "CoLL": true, "st3d": true,
		"glbl": true,
	},
	"soun": {
		"esds": true, "dac3": true, "dec3": true, "dac4": true, "dOps": true, "dfLa": true, "alac": true,
		"chan": true, "wave": true, "btrt": true, "SA3D": true, "damr": true, "pcmC": true, "srat": true,
		"glbl": true, "mhaC": true,
	},
	// QuickTime's sound "wave" atom (its own mp4a atom is 4 bytes of zero).
	"wave": {"frma": true, "esds": true, "mp4a": true, "enda": true, "alac": true, "chan": true, "\x00\x00\x00\x00": true},
}

// sampleGroups are the sample groupings kept (decoding needs them: AAC
// pre-roll, random access points, temporal levels).
var sampleGroups = map[string]bool{"roll": true, "prol": true, "rap ": true, "sync": true, "tele": true, "alst": true}

// keptBrands are the major brands a copy of an ISO file keeps.
var keptBrands = map[string]bool{
	"isom": true, "iso2": true, "iso4": true, "iso5": true, "iso6": true, "mp41": true, "mp42": true,
	"avc1": true, "M4V ": true, "3gp4": true, "3gp5": true, "3gp6": true, "3gp7": true, "3g2a": true,
}

// ErrVideoChanged is returned (wrapped) when a video's file changed
// between its walk and its copy.
var ErrVideoChanged = errors.New("the video changed while it was being cleaned")

// videoPlan is the copy of one video: the tracks kept, their cleaned
// sample descriptions and tables, and where each chunk goes.
type videoPlan struct {
	l       *VideoLayout
	tracks  []*VideoTrack
	entries [][][]byte
	tables  [][]rawBox
	order   [][2]int  // (kept track, chunk) in output order
	rel     [][]int64 // each chunk's offset from the start of the mdat data
	total   int64     // bytes of samples
}

// planVideo works out the copy of a walked video, or says why it cannot be
// made without re-encoding.
func planVideo(l *VideoLayout) (*videoPlan, error) {
	if l.Fragmented {
		return nil, fmt.Errorf("a fragmented video (moof boxes) cannot be rewritten yet: %w", ErrNotCleanable)
	}
	pl := &videoPlan{l: l}
	hasVideo := false
	shown := l.firstVideo()
	for _, t := range l.Tracks {
		if !keptHandlers[t.Handler] {
			continue
		}
		if t.Handler == "vide" && t != shown {
			// Only the track players show is searched for faces: another
			// video track (a second camera, a depth map) is left out.
			continue
		}
		if t.External {
			return nil, fmt.Errorf("track %d's samples are in another file: %w", t.ID, ErrNotCleanable)
		}
		if len(t.entries) == 0 {
			return nil, fmt.Errorf("track %d has no sample description: %w", t.ID, ErrNotCleanable)
		}
		var entries [][]byte
		for _, e := range t.entries {
			c, err := cleanEntry(e, t.Handler, l.quickTimeAudio(t.stsdVer))
			if err != nil {
				return nil, fmt.Errorf("track %d: %w", t.ID, err)
			}
			entries = append(entries, c)
		}
		var tables []rawBox
		for _, x := range t.tables {
			if (x.typ == "sgpd" || x.typ == "sbgp") && (len(x.raw) < 16 || !sampleGroups[string(x.raw[12:16])]) {
				continue
			}
			tables = append(tables, x)
		}
		for _, c := range t.chunks {
			if !l.inMdat(c.off, c.size) {
				return nil, fmt.Errorf("track %d has samples outside the media data: %w", t.ID, ErrNotCleanable)
			}
		}
		hasVideo = hasVideo || t.Handler == "vide"
		pl.tracks = append(pl.tracks, t)
		pl.entries = append(pl.entries, entries)
		pl.tables = append(pl.tables, tables)
	}
	if !hasVideo {
		return nil, fmt.Errorf("no video track: %w", ErrNotCleanable)
	}
	type ref struct {
		t, c int
		off  int64
	}
	var refs []ref
	for ti, t := range pl.tracks {
		for ci, c := range t.chunks {
			refs = append(refs, ref{ti, ci, c.off})
		}
		pl.rel = append(pl.rel, make([]int64, len(t.chunks)))
	}
	// In file order; at one offset, empty chunks first (a copy made again
	// from a copy must be the same file: an empty chunk sits where the
	// next chunk starts).
	empty := func(r ref) bool { return pl.tracks[r.t].chunks[r.c].size == 0 }
	sort.SliceStable(refs, func(i, j int) bool {
		if refs[i].off != refs[j].off {
			return refs[i].off < refs[j].off
		}
		return empty(refs[i]) && !empty(refs[j])
	})
	end := int64(0)
	for _, r := range refs {
		c := pl.tracks[r.t].chunks[r.c]
		if c.size > 0 && c.off < end {
			// Real files never share bytes between chunks; a file whose
			// chunks overlap could make a copy many times its size.
			return nil, fmt.Errorf("chunks of samples overlap: %w", ErrNotCleanable)
		}
		end = max(end, c.off+c.size)
	}
	for _, r := range refs {
		pl.order = append(pl.order, [2]int{r.t, r.c})
		pl.rel[r.t][r.c] = pl.total
		pl.total += pl.tracks[r.t].chunks[r.c].size
	}
	return pl, nil
}

// quickTimeAudio reports whether the sound descriptions of a track carry
// QuickTime's version 1 and 2 fields (as ffmpeg decides: a QuickTime
// file, or a version-0 stsd in an ISO file).
func (l *VideoLayout) quickTimeAudio(stsdVer byte) bool {
	return l.QuickTime || slices.Contains(l.brands, "qt  ") || stsdVer == 0
}

// fixedEntry is the size of a sample description's fields before its
// child boxes.
func fixedEntry(handler string, body []byte, qtAudio bool) (int, error) {
	switch handler {
	case "vide":
		if len(body) < 78 {
			return 0, FormatError("a visual sample description is cut off")
		}
		return 78, nil
	case "soun":
		if len(body) < 28 {
			return 0, FormatError("a sound sample description is cut off")
		}
		n := 28
		if qtAudio {
			switch binary.BigEndian.Uint16(body[8:]) {
			case 1:
				n += 16
			case 2:
				n += 36
			}
		}
		if len(body) < n {
			return 0, FormatError("a sound sample description is cut off")
		}
		return n, nil
	}
	return 0, FormatError("not a picture or sound track")
}

// cleanEntry writes a sample description from the allowlist: its fixed
// fields with the encoder's name and vendor cleared, and the child boxes
// that configure the codec.
func cleanEntry(e sampleEntry, handler string, qtAudio bool) ([]byte, error) {
	codecs := videoCodecs
	if handler == "soun" {
		codecs = audioCodecs
	}
	if !codecs[e.typ] {
		return nil, fmt.Errorf("its codec (%s) is not one sharesafe can copy: %w", printable(e.typ), ErrNotCleanable)
	}
	if len(e.raw) < 8 || binary.BigEndian.Uint32(e.raw) == 1 {
		return nil, FormatError("an unusual sample description")
	}
	body := e.raw[8:]
	n, err := fixedEntry(handler, body, qtAudio)
	if err != nil {
		return nil, err
	}
	fixed := slices.Clone(body[:n])
	clear(fixed[:6]) // reserved
	if handler == "vide" {
		clear(fixed[8:24])  // QuickTime's version, revision, vendor and qualities; ISO's reserved words
		clear(fixed[36:40]) // data size
		clear(fixed[42:74]) // the compressor's name
	} else {
		clear(fixed[12:16]) // vendor
	}
	kids, err := cleanChildren(body[n:], entryChildren[handler], 0)
	if err != nil {
		return nil, err
	}
	var w bw
	w.box(e.typ, func() {
		w.raw(fixed)
		w.raw(kids)
	})
	return w.b, nil
}

// cleanChildren keeps the boxes of b that allow lists, cleaned.
func cleanChildren(b []byte, allow map[string]bool, depth int) ([]byte, error) {
	if depth > 4 {
		return nil, FormatError("sample description nested too deep")
	}
	var out bw
	for i := 0; i < len(b); {
		if len(b)-i < 8 {
			if bytes.Count(b[i:], []byte{0}) == len(b)-i {
				break // a terminator some writers leave
			}
			return nil, FormatError("a sample description's box is cut off")
		}
		size := int(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if size == 0 && typ == "\x00\x00\x00\x00" {
			size = 8
		}
		if size < 8 || size > len(b)-i {
			return nil, FormatError("a sample description's box runs past its end")
		}
		box, body := b[i:i+size], b[i+8:i+size]
		i += size
		if !allow[typ] {
			continue
		}
		switch typ {
		case "colr":
			if len(body) < 4 || string(body[:4]) != "nclx" && string(body[:4]) != "nclc" {
				continue // an ICC profile: it may name a device; dropped
			}
			out.raw(box)
		case "hvcC":
			out.box(typ, func() { out.raw(cleanHVCC(body)) })
		case "avcC":
			out.box(typ, func() { out.raw(cleanAVCC(body)) })
		case "wave":
			kids, err := cleanChildren(body, entryChildren["wave"], depth+1)
			if err != nil {
				return nil, err
			}
			out.box(typ, func() { out.raw(kids) })
		default:
			out.raw(box)
		}
	}
	return out.b, nil
}

// cleanHVCC keeps an HEVC configuration's parameter sets (VPS, SPS, PPS)
// and drops its SEI and other NAL units.
func cleanHVCC(b []byte) []byte {
	if len(b) < 23 {
		return b
	}
	out := slices.Clone(b[:22])
	var arrays [][]byte
	for i, k, n := 23, 0, int(b[22]); k < n; k++ {
		if i+3 > len(b) {
			break
		}
		typ := b[i] & 0x3f
		count := int(binary.BigEndian.Uint16(b[i+1:]))
		j := i + 3
		ok := true
		for u := 0; u < count; u++ {
			if j+2 > len(b) {
				ok = false
				break
			}
			l := int(binary.BigEndian.Uint16(b[j:]))
			if j+2+l > len(b) {
				ok = false
				break
			}
			j += 2 + l
		}
		if !ok {
			break
		}
		if typ == 32 || typ == 33 || typ == 34 {
			arrays = append(arrays, b[i:j])
		}
		i = j
	}
	out = append(out, byte(len(arrays)))
	for _, a := range arrays {
		out = append(out, a...)
	}
	return out
}

// cleanAVCC keeps an AVC configuration up to its last parameter set:
// bytes after it are dropped.
func cleanAVCC(b []byte) []byte {
	if len(b) < 6 {
		return b
	}
	i := 6
	sets := func(n int) bool {
		for k := 0; k < n; k++ {
			if i+2 > len(b) {
				return false
			}
			l := int(binary.BigEndian.Uint16(b[i:]))
			if i+2+l > len(b) {
				return false
			}
			i += 2 + l
		}
		return true
	}
	if !sets(int(b[5]&31)) || i >= len(b) {
		return b[:min(i, len(b))]
	}
	nPPS := int(b[i])
	i++
	if !sets(nPPS) {
		return b
	}
	end := i
	if p := b[1]; (p == 100 || p == 110 || p == 122 || p == 144) && i+4 <= len(b) {
		i += 3
		n := int(b[i])
		i++
		if sets(n) {
			end = i
		}
	}
	return b[:end]
}

// bw builds boxes.
type bw struct{ b []byte }

func (w *bw) raw(b []byte) { w.b = append(w.b, b...) }
func (w *bw) u8(v byte)    { w.b = append(w.b, v) }
func (w *bw) u16(v uint16) { w.b = binary.BigEndian.AppendUint16(w.b, v) }
func (w *bw) u32(v uint32) { w.b = binary.BigEndian.AppendUint32(w.b, v) }
func (w *bw) u64(v uint64) { w.b = binary.BigEndian.AppendUint64(w.b, v) }
func (w *bw) zeros(n int)  { w.b = append(w.b, make([]byte, n)...) }
func (w *bw) str(s string) { w.b = append(w.b, s...) }
func (w *bw) full(v byte, flags uint32) {
	w.u32(uint32(v)<<24 | flags&0xffffff)
}

// box writes a box whose body f writes.
func (w *bw) box(typ string, f func()) {
	start := len(w.b)
	w.u32(0)
	w.str(typ)
	f()
	binary.BigEndian.PutUint32(w.b[start:], uint32(len(w.b)-start))
}

// identity is the unit matrix of a movie or track header.
var identity = []byte{
	0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0,
}

// ftyp writes the copy's file type box.
func (pl *videoPlan) ftyp() []byte {
	var w bw
	w.box("ftyp", func() {
		if pl.l.QuickTime {
			w.str("qt  ")
			w.u32(0x200)
			w.str("qt  ")
			return
		}
		major := pl.l.Brand
		if !keptBrands[major] {
			major = "isom"
		}
		w.str(major)
		w.u32(0x200)
		seen := map[string]bool{}
		for _, b := range []string{major, "isom", "iso2", "mp41"} {
			if !seen[b] {
				seen[b] = true
				w.str(b)
			}
		}
	})
	return w.b
}

// moov writes the copy's movie box; base is the file offset of the first
// sample in the copy's mdat.
func (pl *videoPlan) moov(base int64, co64 bool) []byte {
	l := pl.l
	var w bw
	v := func(d uint64) byte {
		if d > math.MaxUint32 {
			return 1
		}
		return 0
	}
	times := func(ver byte) { // creation and modification dates: cleared
		if ver == 1 {
			w.zeros(16)
		} else {
			w.zeros(8)
		}
	}
	dur := func(ver byte, d uint64) {
		if ver == 1 {
			w.u64(d)
		} else {
			w.u32(uint32(d))
		}
	}
	matrix := func(m []byte) {
		if len(m) != 36 {
			m = identity
		}
		w.raw(m)
	}
	next := uint32(1)
	for _, t := range pl.tracks {
		next = max(next, t.ID+1)
	}
	w.box("moov", func() {
		w.box("mvhd", func() {
			ver := v(l.Duration)
			w.full(ver, 0)
			times(ver)
			w.u32(l.Timescale)
			dur(ver, l.Duration)
			w.u32(0x00010000) // rate 1.0
			w.u16(0x0100)     // volume 1.0
			w.zeros(10)
			matrix(l.mvhdMatrix)
			w.zeros(24) // QuickTime's preview, poster, selection and current times
			w.u32(next)
		})
		for ti, t := range pl.tracks {
			w.box("trak", func() {
				w.box("tkhd", func() {
					ver := v(t.tkhd.duration)
					w.full(ver, t.tkhd.flags&0xf)
					times(ver)
					w.u32(t.ID)
					w.zeros(4)
					dur(ver, t.tkhd.duration)
					w.zeros(8)
					w.u16(t.tkhd.layer)
					w.u16(t.tkhd.altGroup)
					w.u16(t.tkhd.volume)
					w.zeros(2)
					matrix(t.tkhd.matrix)
					w.u32(t.tkhd.widthFixed)
					w.u32(t.tkhd.heightFixed)
				})
				if t.elst != nil {
					w.box("edts", func() { w.raw(t.elst) })
				}
				w.box("mdia", func() {
					w.box("mdhd", func() {
						ver := v(t.Duration)
						w.full(ver, 0)
						times(ver)
						w.u32(t.Timescale)
						dur(ver, t.Duration)
						w.u16(t.language)
						w.u16(0)
					})
					w.box("hdlr", func() {
						w.full(0, 0)
						if l.QuickTime {
							w.str("mhlr")
						} else {
							w.u32(0)
						}
						w.str(t.Handler)
						w.zeros(12)
						w.u8(0) // no name
					})
					w.box("minf", func() {
						if t.Handler == "vide" {
							w.box("vmhd", func() { w.full(0, 1); w.zeros(8) })
						} else {
							w.box("smhd", func() { w.full(0, 0); w.zeros(4) })
						}
						w.box("dinf", func() {
							w.box("dref", func() {
								w.full(0, 0)
								w.u32(1)
								w.box("url ", func() { w.full(0, 1) }) // in this file
							})
						})
						w.box("stbl", func() {
							w.box("stsd", func() {
								w.full(t.stsdVer, 0)
								w.u32(uint32(len(pl.entries[ti])))
								for _, e := range pl.entries[ti] {
									w.raw(e)
								}
							})
							for _, x := range pl.tables[ti] {
								w.raw(x.raw)
							}
							typ := "stco"
							if co64 {
								typ = "co64"
							}
							w.box(typ, func() {
								w.full(0, 0)
								w.u32(uint32(len(t.chunks)))
								for _, r := range pl.rel[ti] {
									if co64 {
										w.u64(uint64(base + r))
									} else {
										w.u32(uint32(base + r))
									}
								}
							})
						})
					})
				})
			})
		}
	})
	return w.b
}

// layout returns the copy's boxes before its samples (head) and after
// them (tail): ftyp, then moov before or after mdat as in the original.
func (pl *videoPlan) layout() (head, tail []byte) {
	ftyp := pl.ftyp()
	mdatHdr := int64(8)
	if pl.total+8 > math.MaxUint32 {
		mdatHdr = 16
	}
	mdat := func() []byte {
		var w bw
		if mdatHdr == 16 {
			w.u32(1)
			w.str("mdat")
			w.u64(uint64(pl.total + 16))
		} else {
			w.u32(uint32(pl.total + 8))
			w.str("mdat")
		}
		return w.b
	}()
	if pl.l.MoovFirst {
		co64 := int64(len(ftyp))+int64(len(pl.moov(0, true)))+mdatHdr+pl.total > math.MaxUint32
		moovSize := int64(len(pl.moov(0, co64)))
		moov := pl.moov(int64(len(ftyp))+moovSize+mdatHdr, co64)
		return slices.Concat(ftyp, moov, mdat), nil
	}
	base := int64(len(ftyp)) + mdatHdr
	return slices.Concat(ftyp, mdat), pl.moov(base, base+pl.total > math.MaxUint32)
}

// cleanVideo is the table's clean for a video held in memory.
func cleanVideo(p *Photo) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := CleanVideo(p, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// videoSource opens the bytes of a video: its Data, or its file, checked
// to be the file that was walked.
func videoSource(p *Photo) (io.ReaderAt, func(), error) {
	if p.Data != nil {
		return bytes.NewReader(p.Data), func() {}, nil
	}
	f, err := os.Open(p.Path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	l := p.Video
	if err == nil && st.Size() != l.Size {
		err = ErrVideoChanged
	}
	if err == nil {
		moov := make([]byte, len(l.moov))
		if _, err = f.ReadAt(moov, l.moovOff); err == nil && !bytes.Equal(moov, l.moov) {
			err = ErrVideoChanged
		}
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// CleanVideo writes the safe copy of the video p to w, without re-encoding:
// the picture and sound samples byte for byte, in a movie box written from
// an allowlist (see the top of this file), and returns its size. Its error
// wraps ErrNotCleanable when the video cannot be copied so (a fragmented
// movie, a codec sharesafe does not know, samples in another file) and
// ErrVideoChanged when its file changed since it was walked.
func CleanVideo(p *Photo, w io.Writer) (int64, error) {
	if p.Video == nil {
		return 0, fmt.Errorf("%s is not a video: %w", p.Format, ErrNotCleanable)
	}
	pl, err := planVideo(p.Video)
	if err != nil {
		return 0, err
	}
	src, done, err := videoSource(p)
	if err != nil {
		return 0, err
	}
	defer done()
	head, tail := pl.layout()
	bw := bufio.NewWriterSize(w, 1<<20)
	n, err := bw.Write(head)
	total := int64(n)
	if err != nil {
		return total, err
	}
	for _, o := range pl.order {
		c := pl.tracks[o[0]].chunks[o[1]]
		m, err := io.Copy(bw, io.NewSectionReader(src, c.off, c.size))
		total += m
		if err != nil {
			return total, err
		}
		if m != c.size {
			return total, fmt.Errorf("a chunk of samples is cut short: %w", ErrVideoChanged)
		}
	}
	n, err = bw.Write(tail)
	total += int64(n)
	if err != nil {
		return total, err
	}
	return total, bw.Flush()
}

// videoLeaks checks that a video is exactly what CleanVideo writes from
// it: an ftyp, one movie box and one mdat holding nothing but the samples,
// each byte as the writer would write it. Anything else it carries (the
// boxes the walker found outside the allowlist, metadata items, data
// tracks, dates, names) is listed.
func videoLeaks(p *Photo) []string {
	l := p.Video
	var bad []string
	for _, e := range l.Extra {
		bad = append(bad, "box "+e)
	}
	for _, t := range l.Tags {
		bad = append(bad, "metadata "+t.Box+" "+t.Key)
	}
	if len(l.ExtraVideo()) > 0 {
		bad = append(bad, "a second video track")
	}
	for _, t := range l.Tracks {
		if !keptHandlers[t.Handler] {
			bad = append(bad, "a "+printable(t.Handler)+" track")
		}
		if t.HandlerName != "" || t.CompressorName != "" || t.Vendor != "" {
			bad = append(bad, "the names of the software that wrote it")
		}
	}
	if len(bad) > 0 {
		return bad
	}
	pl, err := planVideo(l)
	if err != nil {
		return []string{err.Error()}
	}
	head, tail := pl.layout()
	got := make([]byte, len(head))
	src := videoReader(p)
	if src == nil {
		return []string{"its bytes"}
	}
	if _, err := src.ReadAt(got, 0); err != nil || !bytes.Equal(got, head) {
		return []string{"a structure the writer does not write"}
	}
	if int64(len(head))+pl.total+int64(len(tail)) != l.Size {
		return []string{"data besides the samples"}
	}
	if len(tail) > 0 {
		got = make([]byte, len(tail))
		if _, err := src.ReadAt(got, l.Size-int64(len(tail))); err != nil || !bytes.Equal(got, tail) {
			return []string{"a structure the writer does not write"}
		}
	}
	return nil
}

// videoReader reads the bytes of a video checked by Verify (held in Data,
// or the copy VerifyVideo is reading).
func videoReader(p *Photo) io.ReaderAt {
	if p.Data != nil {
		return bytes.NewReader(p.Data)
	}
	return p.Video.src
}

// VerifyVideo re-reads the copy of the video orig, size bytes read from r,
// and refuses it unless it is exactly what CleanVideo writes (no box,
// name, date or metadata beyond the allowlist: videoLeaks) and its tracks
// hold the original's samples, byte for byte, with the same timing tables.
func VerifyVideo(r io.ReaderAt, size int64, orig *Photo) error {
	l, m, err := WalkVideo(r, size)
	if err != nil {
		return fmt.Errorf("output does not parse: %w", err)
	}
	l.src = r
	var head [16]byte
	n, _ := r.ReadAt(head[:], 0)
	p := &Photo{Path: "output", Format: Sniff(head[:n]), Video: l, Meta: m, Orientation: 1}
	if p.Format != orig.Format {
		return fmt.Errorf("output is %s, not %s", p.Format, orig.Format)
	}
	if err := verifyParsed(p); err != nil {
		return err
	}
	want, err := planVideo(orig.Video)
	if err != nil {
		return err
	}
	if len(l.Tracks) != len(want.tracks) {
		return fmt.Errorf("output has %d tracks, the original %d kept", len(l.Tracks), len(want.tracks))
	}
	src, done, err := videoSource(orig)
	if err != nil {
		return err
	}
	defer done()
	a, b := make([]byte, 1<<20), make([]byte, 1<<20)
	for i, t := range l.Tracks {
		o := want.tracks[i]
		if t.Handler != o.Handler || t.Timescale != o.Timescale || t.Duration != o.Duration || t.Samples != o.Samples ||
			!bytes.Equal(t.elst, o.elst) || len(t.tables) != len(want.tables[i]) {
			return fmt.Errorf("output track %d differs from the original's timing", t.ID)
		}
		for k, x := range t.tables {
			if !bytes.Equal(x.raw, want.tables[i][k].raw) {
				return fmt.Errorf("output track %d: its %s table differs from the original's", t.ID, x.typ)
			}
		}
		if len(t.chunks) != len(o.chunks) {
			return fmt.Errorf("output track %d has %d chunks, the original %d", t.ID, len(t.chunks), len(o.chunks))
		}
		for k, c := range t.chunks {
			oc := o.chunks[k]
			if c.size != oc.size {
				return fmt.Errorf("output track %d: chunk %d differs in size", t.ID, k)
			}
			for done := int64(0); done < c.size; {
				n := min(int64(len(a)), c.size-done)
				if _, err := src.ReadAt(a[:n], oc.off+done); err != nil {
					return fmt.Errorf("cannot read the original: %w", err)
				}
				if _, err := r.ReadAt(b[:n], c.off+done); err != nil {
					return fmt.Errorf("cannot read the output: %w", err)
				}
				if !bytes.Equal(a[:n], b[:n]) {
					return fmt.Errorf("output track %d: its samples differ from the original's", t.ID)
				}
				done += n
			}
		}
	}
	return nil
}
