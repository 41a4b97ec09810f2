package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"math/big"
	"os"
	"time"
)

// A video (MP4, M4V, 3GP: ISO base media files; MOV: QuickTime) is a tree
// of boxes ("atoms"): the movie box "moov" holds the tracks, their sample
// tables and the metadata; the samples (coded pictures and sound) sit in
// "mdat" boxes that the sample tables point into. The walker here reads
// the top-level box headers from the file, the movie box whole (its size
// checked first), the metadata boxes, and the samples of timed metadata
// tracks (GPS, sensors) within a budget; it never reads the picture or
// sound samples. videowrite.go writes the safe copy.

// videoLimits bound what the walker reads. Each is checked before the
// bytes it guards are read or allocated.
var videoLimits = struct {
	maxMoov     int64 // bytes of the movie box, which holds every sample table
	maxTopMeta  int64 // bytes of a top-level metadata box (udta, meta, uuid) read
	maxBoxes    int   // boxes walked, at every level
	maxDepth    int   // nesting of boxes
	maxTracks   int
	maxSamples  int64 // samples in all the tracks
	maxMetaRead int64 // bytes of timed metadata samples read for findings
	maxMetaN    int64 // timed metadata samples read for findings
	maxEntries  int   // sample descriptions in one track
}{
	maxMoov: 64 << 20, maxTopMeta: 16 << 20, maxBoxes: 200_000, maxDepth: 16, maxTracks: 64,
	maxSamples: 20_000_000, maxMetaRead: 8 << 20, maxMetaN: 100_000, maxEntries: 16,
}

// VideoLayout is what the walker found in a video file.
type VideoLayout struct {
	// QuickTime is true for a QuickTime movie (MOV), false for an ISO base
	// media file (MP4, M4V, 3GP).
	QuickTime bool
	// Brand is the major brand of the ftyp box ("" when there is none).
	Brand string
	// Size is the file's size.
	Size int64
	// MoovFirst is true when the movie box comes before the first mdat
	// box (a file made for streaming): the copy keeps that order.
	MoovFirst bool
	// Fragmented is true for a fragmented movie (moof boxes), which the
	// writer does not rewrite.
	Fragmented bool
	// Timescale and Duration are the movie's (mvhd): Duration/Timescale
	// seconds.
	Timescale uint32
	Duration  uint64
	// Created and Modified are the movie header's dates (zero when unset).
	Created, Modified time.Time
	// Tracks lists the tracks in file order.
	Tracks []*VideoTrack
	// Tags are the metadata items found, in file order.
	Tags []VideoTag
	// Extra names every box (by its path, "moov/udta") that the writer
	// would not copy: what Verify refuses in an output.
	Extra []string

	src        io.ReaderAt // the bytes of an output VerifyVideo reads
	moov       []byte      // the movie box, whole
	moovOff    int64
	mvhdMatrix []byte // 36 bytes
	nextTrack  uint32
	mdats      [][2]int64 // the bodies of the mdat boxes, absolute
	brands     []string   // the compatible brands
}

// VideoTrack is one track of a video.
type VideoTrack struct {
	ID uint32
	// Handler is the media handler type: "vide", "soun", "meta", "tmcd",
	// "text", "sbtl", "subt"...
	Handler string
	// HandlerName is the handler's name ("Core Media Video", "GoPro AVC").
	HandlerName string
	// Codec is the type of the first sample description ("avc1", "hvc1",
	// "mp4a", "mebx", "gpmd", "camm").
	Codec string
	// Codecs lists the types of all the sample descriptions.
	Codecs []string
	// CompressorName and Vendor are what the visual sample description
	// says wrote it ("GoPro AVC encoder", "appl").
	CompressorName, Vendor string
	// Enabled is the track header's enabled flag.
	Enabled bool
	// Width and Height are the track header's display size, in pixels.
	Width, Height int
	// Rotation is the turn, in degrees clockwise, of the track's matrix
	// (0, 90, 180 or 270; -1 for another transform).
	Rotation int
	// Timescale and Duration are the media's (mdhd).
	Timescale uint32
	Duration  uint64
	// Created and Modified are the track's and media's header dates.
	Created, Modified time.Time
	// Samples counts the samples; Bytes is their total size.
	Samples int64
	Bytes   int64
	// External is true when the samples are in another file (a data
	// reference that is not self-contained).
	External bool

	tkhd     tkhdFields
	elst     []byte // the edit list box, whole (nil: none)
	mdhdVer  byte
	language uint16
	stsdVer  byte
	entries  []sampleEntry
	tables   []rawBox // stts, ctts, stss... in file order (not stco/co64)
	sizes    []uint32 // sample sizes (nil when all equal: fixedSize)
	fixed    uint32
	chunks   []videoChunk
}

// tkhdFields are the track header fields the writer keeps.
type tkhdFields struct {
	flags                   uint32
	duration                uint64
	layer, altGroup, volume uint16
	matrix                  []byte // 36 bytes
	widthFixed, heightFixed uint32 // 16.16
}

type sampleEntry struct {
	typ string
	raw []byte // the whole box
}

type rawBox struct {
	typ string
	raw []byte // the whole box
}

// videoChunk is one chunk of samples: where it is in the file, how big it
// is, and the index of its first sample.
type videoChunk struct {
	off, size int64
	first     int64
	n         int64
}

// VideoTag is one metadata item of a video, as found: where it was, its
// name and its value as text. Interpreting it is the job of package detect.
type VideoTag struct {
	// Box says where the item was: "udta" (a user-data atom), "ilst" (an
	// iTunes-style item), "keys" (a QuickTime Keys item), "loci" (a 3GPP
	// location), "xyz" (a position written as ISO 6709 text), "gpmf"
	// (GoPro telemetry), "camm" (camera motion metadata), "mebx" (Apple
	// timed metadata), "header" (a movie, track or media header date),
	// "track" (a data track: Key is its codec), "cover" (a picture).
	Box string
	// Key is the item's name: "©mak", "com.apple.quicktime.make", "GPS5",
	// "creation".
	Key string
	// Value is the item's value as text: a string as written, a number in
	// decimal, a date as RFC 3339, a position as "lat,lon" or ISO 6709.
	Value string
	// Bytes is the size of a value that is not text (a picture, vendor
	// data).
	Bytes int
	// Count is how many values a timed metadata track holds (GPS fixes).
	Count int
	// Track is the track the item belongs to (0: the movie).
	Track uint32
}

// The brands of ftyp that announce a video. An ftyp whose major brand is
// not one of these is a video when a compatible brand is, and it is not an
// image (HEIF, AVIF) or a raw photo (Canon's crx).
var videoBrands = map[string]bool{
	"isom": true, "iso2": true, "iso3": true, "iso4": true, "iso5": true, "iso6": true, "iso7": true,
	"iso8": true, "iso9": true, "mp41": true, "mp42": true, "mp71": true, "avc1": true, "hvc1": true,
	"M4V ": true, "M4VH": true, "M4VP": true, "f4v ": true, "dash": true, "MSNV": true, "XAVC": true,
	"3gp4": true, "3gp5": true, "3gp6": true, "3gp7": true, "3gp8": true, "3gp9": true, "3gg6": true,
	"3g2a": true, "3g2b": true, "3g2c": true, "3ge6": true, "3ge7": true, "3gs7": true, "qt  ": true,
	"mmp4": true, "CAEP": true, "caqv": true, "NIKO": true, "ndas": true, "mqt ": true, "FACE": true,
}

var notVideoBrands = map[string]bool{
	"heic": true, "heix": true, "heim": true, "heis": true, "hevc": true, "hevx": true, "mif1": true,
	"msf1": true, "avif": true, "avis": true, "crx ": true, "jpeg": true, "M4A ": true, "M4B ": true,
}

// ftypBrand returns the major brand of a file that starts with ftyp, and
// whether it announces a video.
func ftypVideo(b []byte) (major string, ok bool) {
	if len(b) < 12 || string(b[4:8]) != "ftyp" {
		return "", false
	}
	major = string(b[8:12])
	if notVideoBrands[major] {
		return major, false
	}
	if videoBrands[major] {
		return major, true
	}
	size := int(binary.BigEndian.Uint32(b))
	video := false
	for i := 16; i+4 <= len(b) && i+4 <= size; i += 4 {
		br := string(b[i : i+4])
		if notVideoBrands[br] {
			return major, false
		}
		video = video || videoBrands[br] && br != "qt  "
	}
	return major, video
}

// sniffMP4 recognises an ISO base media video: MP4, M4V, 3GP.
func sniffMP4(b []byte) bool {
	major, ok := ftypVideo(b)
	return ok && major != "qt  "
}

// sniffMOV recognises a QuickTime movie: an ftyp of brand "qt  ", or an
// older movie that starts with a movie, data or padding atom.
func sniffMOV(b []byte) bool {
	if major, ok := ftypVideo(b); ok {
		return major == "qt  "
	}
	if len(b) < 8 || string(b[4:8]) == "ftyp" {
		return false
	}
	size := binary.BigEndian.Uint32(b)
	switch string(b[4:8]) {
	case "moov", "mdat":
		return size == 0 || size == 1 || size >= 8
	case "wide":
		return size == 8 && len(b) >= 16 && string(b[12:16]) == "mdat"
	case "pnot":
		return size == 20
	}
	return false
}

// IsVideo reports whether f is a video format (MP4, MOV).
func (f Format) IsVideo() bool {
	c := codecOf(f)
	return c != nil && c.video
}

// walkVideo walks a video held in p.Data.
func walkVideo(p *Photo) error {
	l, m, err := WalkVideo(bytes.NewReader(p.Data), int64(len(p.Data)))
	if err != nil {
		return err
	}
	p.Video, p.Meta = l, m
	return nil
}

// sizeVideo is the display size of the first video track, turned as its
// matrix says (players apply the matrix, so the picture a person sees is
// upright: Orientation stays 1).
func sizeVideo(p *Photo) (image.Config, error) {
	t := p.Video.firstVideo()
	if t == nil {
		return image.Config{}, FormatError("no video track")
	}
	w, h := t.Width, t.Height
	if w == 0 || h == 0 {
		return image.Config{}, FormatError("the video track has no size")
	}
	if t.Rotation == 90 || t.Rotation == 270 {
		w, h = h, w
	}
	return image.Config{Width: w, Height: h}, nil
}

// ErrNoFrameDecoder is returned (wrapped) when a video's frame is asked
// for and no frame decoder is registered (ffmpeg is not installed).
var ErrNoFrameDecoder = errors.New("a video's frames can only be read with ffmpeg installed")

// decodeVideo decodes the poster frame of a video loaded from its file
// with the frame decoder registered (ffmpeg's).
func decodeVideo(p *Photo) (image.Image, error) {
	d := frameDecoderFor()
	if d == nil {
		return nil, ErrNoFrameDecoder
	}
	if p.Path == "" || p.Data != nil {
		return nil, fmt.Errorf("a video's frames are read from its file: %w", ErrUnsupported)
	}
	var track uint32
	if t := p.Video.firstVideo(); t != nil {
		track = t.ID
	}
	return d(p.Path, track)
}

// ShownVideo is the video track players show: the first enabled video
// track (or the first video track). It is the one track searched for
// faces (ffmpeg is told its ID) and the only video track a copy keeps.
func (l *VideoLayout) ShownVideo() *VideoTrack { return l.firstVideo() }

// ExtraVideo lists the video tracks other than ShownVideo: they are not
// searched for faces, and a copy leaves them out.
func (l *VideoLayout) ExtraVideo() []*VideoTrack {
	shown := l.firstVideo()
	var out []*VideoTrack
	for _, t := range l.Tracks {
		if t.Handler == "vide" && t != shown {
			out = append(out, t)
		}
	}
	return out
}

// firstVideo is the first enabled video track (or the first video track).
func (l *VideoLayout) firstVideo() *VideoTrack {
	var first *VideoTrack
	for _, t := range l.Tracks {
		if t.Handler != "vide" {
			continue
		}
		if t.Enabled {
			return t
		}
		if first == nil {
			first = t
		}
	}
	return first
}

// Seconds is the movie's duration in seconds.
func (l *VideoLayout) Seconds() float64 {
	if l.Timescale > 0 && l.Duration > 0 {
		return float64(l.Duration) / float64(l.Timescale)
	}
	var s float64
	for _, t := range l.Tracks {
		if t.Timescale > 0 {
			s = max(s, float64(t.Duration)/float64(t.Timescale))
		}
	}
	return s
}

// HasAudio reports whether a sound track holds samples.
func (l *VideoLayout) HasAudio() bool {
	for _, t := range l.Tracks {
		if t.Handler == "soun" && t.Samples > 0 {
			return true
		}
	}
	return false
}

// VideoCodec is the codec of the first video track ("avc1", "hvc1").
func (l *VideoLayout) VideoCodec() string {
	if t := l.firstVideo(); t != nil {
		return t.Codec
	}
	return ""
}

// FrameRate is the first video track's frames per second (0 if unknown).
func (l *VideoLayout) FrameRate() float64 {
	t := l.firstVideo()
	if t == nil || t.Duration == 0 || t.Timescale == 0 {
		return 0
	}
	return float64(t.Samples) * float64(t.Timescale) / float64(t.Duration)
}

// Frames is the number of frames players show of the shown video track:
// its samples that its edit list presents (a clip cut without re-encoding
// keeps samples its edit list skips: see HiddenFrames).
func (l *VideoLayout) Frames() int64 {
	if t := l.firstVideo(); t != nil {
		n, _ := l.presented(t)
		return n
	}
	return 0
}

// HiddenFrames reports whether the shown video track holds samples that
// its edit list does not present (players and ffmpeg's decoder skip them,
// so they are never searched for faces): an edit that starts after the
// first sample or ends before the last, several edits, or an edit list
// too unusual to tell (a rate other than 1). A copy made without
// re-encoding would keep them.
func (l *VideoLayout) HiddenFrames() bool {
	t := l.firstVideo()
	if t == nil {
		return false
	}
	n, exact := l.presented(t)
	return !exact || n < t.Samples
}

// presented counts the samples of t its edit list presents: those whose
// presentation time (decoding time plus composition offset) falls inside
// the edit, as ffmpeg's demuxer decides. exact is false when the edit
// list or the timing tables cannot be read so simply (several edits, a
// rate other than 1, tables that do not parse): n is then its best count.
func (l *VideoLayout) presented(t *VideoTrack) (n int64, exact bool) {
	if t.elst == nil {
		return t.Samples, true
	}
	b := t.elst
	if len(b) < 16 {
		return t.Samples, false
	}
	ver, count := b[8], int(binary.BigEndian.Uint32(b[12:]))
	size := 12
	if ver == 1 {
		size = 20
	}
	type edit struct{ start, end int64 } // media time, [start, end)
	var edits []edit
	exact = true
	for i := 0; i < count; i++ {
		e := b[16+i*size:]
		if len(e) < size {
			return t.Samples, false
		}
		var dur uint64
		var mt int64
		if ver == 1 {
			dur, mt = binary.BigEndian.Uint64(e), int64(binary.BigEndian.Uint64(e[8:]))
		} else {
			dur, mt = uint64(binary.BigEndian.Uint32(e)), int64(int32(binary.BigEndian.Uint32(e[4:])))
		}
		rate := binary.BigEndian.Uint32(e[size-4:])
		if mt == -1 {
			continue // an empty edit: time before the picture starts
		}
		if rate != 1<<16 {
			exact = false
		}
		end := int64(math.MaxInt64)
		if dur > 0 && l.Timescale > 0 {
			// The edit's length in the media's timescale, rounded down
			// (a frame on the boundary counts as hidden: the copy is then
			// encoded again, never the other way round).
			d := new(big.Int).Mul(new(big.Int).SetUint64(dur), big.NewInt(int64(t.Timescale)))
			d.Quo(d, big.NewInt(int64(l.Timescale)))
			if d.IsInt64() && d.Int64() <= math.MaxInt64-mt {
				end = mt + d.Int64()
			}
		}
		edits = append(edits, edit{mt, end})
	}
	if len(edits) == 0 {
		return 0, false
	}
	if len(edits) > 1 {
		exact = false
	}
	pts, ok := t.presentationTimes()
	if !ok {
		return t.Samples, false
	}
	for _, p := range pts {
		for _, e := range edits {
			if p >= e.start && p < e.end {
				n++
				break
			}
		}
	}
	return n, exact
}

// presentationTimes reads each sample's presentation time from the
// track's stts and ctts tables (ok is false when they do not parse or do
// not count its samples).
func (t *VideoTrack) presentationTimes() ([]int64, bool) {
	var stts, ctts []byte
	for _, x := range t.tables {
		switch x.typ {
		case "stts":
			stts = x.raw
		case "ctts":
			ctts = x.raw
		}
	}
	entries := func(raw []byte) ([]byte, int, bool) {
		if len(raw) < 16 {
			return nil, 0, false
		}
		n := int(binary.BigEndian.Uint32(raw[12:]))
		if n < 0 || int64(n)*8 > int64(len(raw)-16) {
			return nil, 0, false
		}
		return raw[16:], n, true
	}
	if stts == nil || t.Samples > 1<<26 {
		return nil, false
	}
	e, n, ok := entries(stts)
	if !ok {
		return nil, false
	}
	pts := make([]int64, 0, t.Samples)
	var dts int64
	for i := 0; i < n; i++ {
		c, d := int64(binary.BigEndian.Uint32(e[i*8:])), int64(binary.BigEndian.Uint32(e[i*8+4:]))
		for k := int64(0); k < c && int64(len(pts)) < t.Samples; k++ {
			pts = append(pts, dts)
			dts += d
		}
	}
	if int64(len(pts)) != t.Samples {
		return nil, false
	}
	if ctts != nil {
		e, n, ok := entries(ctts)
		if !ok {
			return nil, false
		}
		j := 0
		for i := 0; i < n; i++ {
			c, off := int(binary.BigEndian.Uint32(e[i*8:])), int64(int32(binary.BigEndian.Uint32(e[i*8+4:])))
			for k := 0; k < c && j < len(pts); k++ {
				pts[j] += off
				j++
			}
		}
		if j != len(pts) {
			return nil, false
		}
	}
	return pts, true
}

// loadIfVideo walks the file at path when its first bytes announce a
// video (ok is then true): the top-level boxes, the movie box and the
// metadata, never the picture and sound samples. The file is opened
// read-only and closed before it returns; the writer opens it again
// (CleanVideo) and checks it has not changed.
func loadIfVideo(path string, lim Limits) (p *Photo, err error, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, false // readFile says why, by name
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, nil, false
	}
	var head [16]byte
	n, _ := io.ReadFull(f, head[:])
	format := Sniff(head[:n])
	if !format.IsVideo() {
		return nil, nil, false
	}
	wrap := func(err error) error { return fmt.Errorf("photo: %s: %w", path, err) }
	if lim.MaxVideoBytes > 0 && st.Size() > lim.MaxVideoBytes {
		return nil, wrap(fmt.Errorf("video of %d bytes is over the %d-byte limit: %w", st.Size(), lim.MaxVideoBytes, ErrTooLarge)), true
	}
	p = &Photo{Path: path, Format: format, Orientation: 1}
	l, m, err := WalkVideo(f, st.Size())
	if err != nil {
		return nil, wrap(err), true
	}
	p.Video, p.Meta = l, m
	if err := p.checkSize(lim); err != nil {
		return nil, wrap(err), true
	}
	return p, nil, true
}

// WalkVideo walks a video's boxes from r, size bytes long, and returns its
// layout and its metadata blocks (XMP packets, other blocks by name).
func WalkVideo(r io.ReaderAt, size int64) (*VideoLayout, Metadata, error) {
	w := &vwalk{r: r, size: size, l: &VideoLayout{Size: size}, mebx: map[*VideoTrack][]mebxKey{}}
	err := w.walk()
	return w.l, w.m, err
}

// vwalk is the state of one walk.
type vwalk struct {
	r       io.ReaderAt
	size    int64
	l       *VideoLayout
	m       Metadata
	boxes   int
	samples int64
	metaRd  int64
	metaN   int64
	mebx    map[*VideoTrack][]mebxKey
}

// vbox is one box: its type and where its header, body and end are, as
// offsets into the slice it was found in (or into the file, top level).
type vbox struct {
	typ              string
	start, body, end int64
}

func videoErr(format string, a ...any) error {
	return FormatError("corrupt video: " + fmt.Sprintf(format, a...))
}

// count counts a box against the limit.
func (w *vwalk) count() error {
	w.boxes++
	if w.boxes > videoLimits.maxBoxes {
		return FormatError(fmt.Sprintf("video has over %d boxes", videoLimits.maxBoxes))
	}
	return nil
}

// top reads the top-level box headers.
func (w *vwalk) top() ([]vbox, error) {
	var out []vbox
	var hdr [16]byte
	for off := int64(0); off < w.size; {
		if err := w.count(); err != nil {
			return nil, err
		}
		if w.size-off < 8 {
			if !allZero(w.r, off, w.size-off) {
				w.m.Other = append(w.m.Other, fmt.Sprintf("%d bytes after the last box", w.size-off))
				w.l.Extra = append(w.l.Extra, "data after the last box")
			}
			break
		}
		n, err := w.r.ReadAt(hdr[:], off)
		if n < 8 {
			return nil, fmt.Errorf("cannot read the box at byte %d: %w", off, err)
		}
		size := int64(binary.BigEndian.Uint32(hdr[:]))
		b := vbox{typ: string(hdr[4:8]), start: off, body: off + 8}
		switch size {
		case 0:
			size = w.size - off
		case 1:
			if n < 16 {
				return nil, videoErr("large box header cut off at byte %d", off)
			}
			u := binary.BigEndian.Uint64(hdr[8:])
			if u > math.MaxInt64 {
				return nil, videoErr("box %q at byte %d is too large", b.typ, off)
			}
			size, b.body = int64(u), off+16
		}
		if size < b.body-off || size > w.size-off {
			if b.typ == "mdat" || b.typ == "moov" {
				return nil, FormatError(fmt.Sprintf("the video is cut short: box %q at byte %d runs past the end of the file (an interrupted recording or copy?)", b.typ, off))
			}
			return nil, videoErr("box %q at byte %d runs past the end of the file", printable(b.typ), off)
		}
		b.end = off + size
		out = append(out, b)
		off = b.end
	}
	return out, nil
}

// allZero reports whether n bytes at off are zero (padding).
func allZero(r io.ReaderAt, off, n int64) bool {
	b := make([]byte, n)
	r.ReadAt(b, off)
	return bytes.Count(b, []byte{0}) == len(b)
}

// children walks the boxes in b[start:end].
func (w *vwalk) children(b []byte, start, end int64) ([]vbox, error) {
	var out []vbox
	for i := start; i < end; {
		if err := w.count(); err != nil {
			return nil, err
		}
		if end-i < 8 {
			if bytes.Count(b[i:end], []byte{0}) == int(end-i) {
				break // padding some writers leave
			}
			return nil, videoErr("box header cut off at byte %d", i)
		}
		size := int64(binary.BigEndian.Uint32(b[i:]))
		x := vbox{typ: string(b[i+4 : i+8]), start: i, body: i + 8}
		switch size {
		case 0:
			if x.typ == "\x00\x00\x00\x00" {
				// A QuickTime terminator atom of size 0.
				x.end = end
				out = append(out, x)
				return out, nil
			}
			size = end - i
		case 1:
			if end-i < 16 {
				return nil, videoErr("large box header cut off")
			}
			u := binary.BigEndian.Uint64(b[i+8:])
			if u > uint64(end-i) {
				return nil, videoErr("box %q runs past its parent", printable(x.typ))
			}
			size, x.body = int64(u), i+16
		}
		if size < x.body-i || size > end-i {
			return nil, videoErr("box %q at byte %d runs past its parent", printable(x.typ), i)
		}
		x.end = i + size
		out = append(out, x)
		i = x.end
	}
	return out, nil
}

// printable returns a box type as text a person can read.
func printable(typ string) string {
	b := []byte(typ)
	for i, c := range b {
		if c < 0x20 || c > 0x7e && c != 0xa9 {
			b[i] = '?'
		}
	}
	return string(bytes.ReplaceAll(b, []byte{0xa9}, []byte("©")))
}

// tagName returns a box type as a tag name ("©xyz").
func tagName(typ string) string { return printable(typ) }

func (w *vwalk) walk() error {
	top, err := w.top()
	if err != nil {
		return err
	}
	l := w.l
	var moov *vbox
	for i, x := range top {
		switch x.typ {
		case "ftyp":
			if i != 0 {
				return videoErr("ftyp is not the first box")
			}
			b, err := w.readBox(x, 1<<12)
			if err != nil {
				return err
			}
			if len(b) >= 16 {
				l.Brand = string(b[8:12])
				for k := 16; k+4 <= len(b); k += 4 {
					l.brands = append(l.brands, string(b[k:k+4]))
				}
			}
		case "moov":
			if moov != nil {
				return videoErr("two movie boxes")
			}
			moov = &top[i]
		case "mdat":
			l.mdats = append(l.mdats, [2]int64{x.body, x.end})
			if moov == nil && len(l.mdats) == 1 {
				l.MoovFirst = false
			}
		case "moof", "mfra", "sidx", "styp":
			l.Fragmented = true
		case "free", "skip", "wide", "junk", "pnot":
			// padding (pnot: an old preview reference; its picture, if
			// any, is a PICT atom reported below)
		case "udta", "meta", "uuid", "XMP_":
			if x.end-x.start > videoLimits.maxTopMeta {
				w.m.Other = append(w.m.Other, fmt.Sprintf("a %s box of %d bytes", printable(x.typ), x.end-x.start))
				l.Extra = append(l.Extra, printable(x.typ))
				continue
			}
			b, err := w.readBox(x, videoLimits.maxTopMeta)
			if err != nil {
				return err
			}
			l.Extra = append(l.Extra, printable(x.typ))
			if err := w.metaBox(b, vbox{typ: x.typ, start: 0, body: x.body - x.start, end: x.end - x.start}, 0, 1); err != nil {
				return err
			}
		default:
			l.Extra = append(l.Extra, printable(x.typ))
			w.m.Other = append(w.m.Other, "video box "+printable(x.typ))
		}
	}
	if moov == nil {
		if l.Fragmented {
			return FormatError("a fragmented video without a movie box is not supported")
		}
		return FormatError("no movie box (moov): not a complete video")
	}
	l.MoovFirst = len(l.mdats) == 0 || l.mdats[0][0] > moov.start
	l.QuickTime = l.Brand == "qt  " || l.Brand == ""
	if moov.end-moov.start > videoLimits.maxMoov {
		return FormatError(fmt.Sprintf("the movie box is %d bytes, over the %d-byte limit", moov.end-moov.start, videoLimits.maxMoov))
	}
	b, err := w.readBox(*moov, videoLimits.maxMoov)
	if err != nil {
		return err
	}
	l.moov, l.moovOff = b, moov.start
	return w.movie(b)
}

// readBox reads a top-level box whole.
func (w *vwalk) readBox(x vbox, limit int64) ([]byte, error) {
	n := x.end - x.start
	if n > limit {
		return nil, FormatError(fmt.Sprintf("box %q of %d bytes is over the %d-byte limit", printable(x.typ), n, limit))
	}
	b := make([]byte, n)
	if _, err := w.r.ReadAt(b, x.start); err != nil && !(err == io.EOF && int64(len(b)) == n) {
		return nil, fmt.Errorf("cannot read box %q: %w", printable(x.typ), err)
	}
	return b, nil
}

// movie walks the movie box.
func (w *vwalk) movie(b []byte) error {
	hdrLen := int64(8)
	if binary.BigEndian.Uint32(b) == 1 {
		hdrLen = 16
	}
	kids, err := w.children(b, hdrLen, int64(len(b)))
	if err != nil {
		return err
	}
	l := w.l
	seenMvhd := false
	for _, x := range kids {
		body := b[x.body:x.end]
		switch x.typ {
		case "mvhd":
			if err := w.mvhd(body); err != nil {
				return err
			}
			seenMvhd = true
		case "trak":
			if len(l.Tracks) >= videoLimits.maxTracks {
				return FormatError(fmt.Sprintf("video has over %d tracks", videoLimits.maxTracks))
			}
			t, err := w.track(b, x)
			if err != nil {
				return err
			}
			l.Tracks = append(l.Tracks, t)
		case "mvex":
			l.Fragmented = true
			l.Extra = append(l.Extra, "moov/mvex")
		case "iods", "free", "skip", "wide":
			if x.typ == "iods" {
				l.Extra = append(l.Extra, "moov/iods")
			}
		case "udta", "meta", "uuid":
			l.Extra = append(l.Extra, "moov/"+printable(x.typ))
			if err := w.metaBox(b, x, 0, 2); err != nil {
				return err
			}
		default:
			l.Extra = append(l.Extra, "moov/"+printable(x.typ))
			w.m.Other = append(w.m.Other, "video box moov/"+printable(x.typ))
		}
	}
	if !seenMvhd {
		return videoErr("no movie header")
	}
	if !l.Fragmented {
		if err := w.timedMetadata(); err != nil {
			return err
		}
	}
	return nil
}

// mac1904 is the epoch of QuickTime and ISO dates: 1904-01-01 UTC.
var mac1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)

func macTime(s uint64) time.Time {
	if s == 0 || s > 1<<40 {
		return time.Time{}
	}
	return mac1904.Add(time.Duration(s) * time.Second)
}

// headerTimes reads the version, dates, timescale and duration that
// mvhd, tkhd and mdhd start with (tkhd has a track ID and a reserved word
// where the others have the timescale).
func headerTimes(r *rd) (ver byte, created, modified uint64) {
	ver = byte(r.u8())
	r.un(3)
	n := 4
	if ver == 1 {
		n = 8
	}
	created, modified = r.un(n), r.un(n)
	return ver, created, modified
}

func (w *vwalk) mvhd(body []byte) error {
	r := &rd{b: body, ok: true}
	ver, c, m := headerTimes(r)
	w.l.Timescale = uint32(r.un(4))
	w.l.Duration = r.un(map[bool]int{true: 8, false: 4}[ver == 1])
	r.un(4 + 2 + 10) // rate, volume, reserved
	if r.need(36) {
		w.l.mvhdMatrix = body[r.i : r.i+36]
	}
	r.un(36 + 24)
	w.l.nextTrack = uint32(r.un(4))
	if !r.ok || ver > 1 {
		return videoErr("bad movie header")
	}
	w.l.Created, w.l.Modified = macTime(c), macTime(m)
	w.dates("movie", 0, c, m)
	return nil
}

// dates records a header's dates as tags.
func (w *vwalk) dates(what string, track uint32, c, m uint64) {
	if t := macTime(c); !t.IsZero() {
		w.l.Tags = append(w.l.Tags, VideoTag{Box: "header", Key: what + " created", Value: t.Format(time.RFC3339), Track: track})
	}
	if t := macTime(m); !t.IsZero() {
		w.l.Tags = append(w.l.Tags, VideoTag{Box: "header", Key: what + " modified", Value: t.Format(time.RFC3339), Track: track})
	}
}

// track walks one trak box.
func (w *vwalk) track(b []byte, trak vbox) (*VideoTrack, error) {
	t := &VideoTrack{}
	kids, err := w.children(b, trak.body, trak.end)
	if err != nil {
		return nil, err
	}
	var mdia *vbox
	for i, x := range kids {
		body := b[x.body:x.end]
		switch x.typ {
		case "tkhd":
			if err := w.tkhd(t, body); err != nil {
				return nil, err
			}
		case "mdia":
			mdia = &kids[i]
		case "edts":
			ed, err := w.children(b, x.body, x.end)
			if err != nil {
				return nil, err
			}
			for _, e := range ed {
				if e.typ == "elst" && t.elst == nil {
					if err := checkElst(b[e.body:e.end]); err != nil {
						return nil, err
					}
					t.elst = plainBox(b, e)
				} else {
					w.l.Extra = append(w.l.Extra, "trak/edts/"+printable(e.typ))
				}
			}
		case "udta", "meta", "uuid":
			w.l.Extra = append(w.l.Extra, "trak/"+printable(x.typ))
			// Track-level metadata (names, dates): read once the track ID
			// is known, below.
		case "tref", "tapt", "load", "imap", "txas", "clip", "matt", "free", "skip":
			w.l.Extra = append(w.l.Extra, "trak/"+printable(x.typ))
		default:
			w.l.Extra = append(w.l.Extra, "trak/"+printable(x.typ))
			w.m.Other = append(w.m.Other, "video box trak/"+printable(x.typ))
		}
	}
	if mdia == nil {
		return nil, videoErr("a track without media")
	}
	if err := w.media(t, b, *mdia); err != nil {
		return nil, err
	}
	for _, x := range kids {
		if x.typ == "udta" || x.typ == "meta" || x.typ == "uuid" {
			if err := w.metaBox(b, x, t.ID, 3); err != nil {
				return nil, err
			}
		}
	}
	return t, nil
}

func (w *vwalk) tkhd(t *VideoTrack, body []byte) error {
	r := &rd{b: body, ok: true}
	ver, c, m := headerTimes(r)
	t.ID = uint32(r.un(4))
	r.un(4)
	t.tkhd.duration = r.un(map[bool]int{true: 8, false: 4}[ver == 1])
	r.un(8)
	t.tkhd.layer, t.tkhd.altGroup, t.tkhd.volume = uint16(r.un(2)), uint16(r.un(2)), uint16(r.un(2))
	r.un(2)
	if r.need(36) {
		t.tkhd.matrix = body[r.i : r.i+36]
	}
	r.un(36)
	t.tkhd.widthFixed, t.tkhd.heightFixed = uint32(r.un(4)), uint32(r.un(4))
	if !r.ok || ver > 1 {
		return videoErr("bad track header")
	}
	t.tkhd.flags = uint32(body[1])<<16 | uint32(body[2])<<8 | uint32(body[3])
	t.Enabled = t.tkhd.flags&1 != 0
	t.Width, t.Height = int(t.tkhd.widthFixed>>16), int(t.tkhd.heightFixed>>16)
	t.Rotation = matrixRotation(t.tkhd.matrix)
	t.Created, t.Modified = macTime(c), macTime(m)
	w.dates("track", t.ID, c, m)
	return nil
}

// matrixRotation reads the turn a track's matrix applies: 0, 90, 180 or
// 270 degrees clockwise, or -1 for another transform.
func matrixRotation(m []byte) int {
	if len(m) != 36 {
		return 0
	}
	v := func(i int) int32 { return int32(binary.BigEndian.Uint32(m[i*4:])) }
	a, b, c, d := v(0), v(1), v(3), v(4)
	const one = 1 << 16
	switch {
	case a == one && b == 0 && c == 0 && d == one:
		return 0
	case a == 0 && b == one && c == -one && d == 0:
		return 90
	case a == -one && b == 0 && c == 0 && d == -one:
		return 180
	case a == 0 && b == -one && c == one && d == 0:
		return 270
	}
	return -1
}

func checkElst(body []byte) error {
	if len(body) < 8 {
		return videoErr("bad edit list")
	}
	n := int64(binary.BigEndian.Uint32(body[4:]))
	size := int64(12)
	if body[0] == 1 {
		size = 20
	}
	if body[0] > 1 || 8+n*size > int64(len(body)) {
		return videoErr("bad edit list")
	}
	return nil
}

// media walks a track's mdia box.
func (w *vwalk) media(t *VideoTrack, b []byte, mdia vbox) error {
	kids, err := w.children(b, mdia.body, mdia.end)
	if err != nil {
		return err
	}
	var minf *vbox
	for i, x := range kids {
		body := b[x.body:x.end]
		switch x.typ {
		case "mdhd":
			r := &rd{b: body, ok: true}
			ver, c, m := headerTimes(r)
			t.mdhdVer = ver
			t.Timescale = uint32(r.un(4))
			t.Duration = r.un(map[bool]int{true: 8, false: 4}[ver == 1])
			t.language = uint16(r.un(2))
			if !r.ok || ver > 1 {
				return videoErr("bad media header")
			}
			if cm := macTime(c); cm.After(t.Created) {
				t.Created = cm
			}
			w.dates("media", t.ID, c, m)
		case "hdlr":
			h, name := readHdlr(body)
			if t.Handler == "" {
				t.Handler, t.HandlerName = h, name
			}
		case "minf":
			minf = &kids[i]
		default:
			w.l.Extra = append(w.l.Extra, "mdia/"+printable(x.typ))
		}
	}
	if minf == nil {
		return videoErr("a track without media information")
	}
	kids, err = w.children(b, minf.body, minf.end)
	if err != nil {
		return err
	}
	var stbl *vbox
	for i, x := range kids {
		switch x.typ {
		case "stbl":
			stbl = &kids[i]
		case "dinf":
			if err := w.dinf(t, b, x); err != nil {
				return err
			}
		case "vmhd", "smhd", "gmhd", "nmhd", "sthd", "hmhd":
			if x.typ == "gmhd" || x.typ == "nmhd" || x.typ == "sthd" || x.typ == "hmhd" {
				w.l.Extra = append(w.l.Extra, "minf/"+x.typ)
			}
		default:
			w.l.Extra = append(w.l.Extra, "minf/"+printable(x.typ))
		}
	}
	if stbl == nil {
		return videoErr("a track without sample tables")
	}
	return w.sampleTables(t, b, *stbl)
}

// readHdlr reads a handler box: its type and name (a C string in ISO
// files, a counted Pascal string in QuickTime ones).
func readHdlr(body []byte) (typ, name string) {
	if len(body) < 24 {
		return "", ""
	}
	typ = string(body[8:12])
	n := body[24:]
	if len(n) > 0 && int(n[0]) == len(n)-1 && n[0] != 0 {
		n = n[1:] // Pascal string
	}
	if z := bytes.IndexByte(n, 0); z >= 0 {
		n = n[:z]
	}
	return typ, string(bytes.TrimSpace(n))
}

// dinf checks the data references: the samples must be in this file.
func (w *vwalk) dinf(t *VideoTrack, b []byte, x vbox) error {
	kids, err := w.children(b, x.body, x.end)
	if err != nil {
		return err
	}
	for _, d := range kids {
		if d.typ != "dref" || d.end-d.body < 8 {
			continue
		}
		refs, err := w.children(b, d.body+8, d.end)
		if err != nil {
			return err
		}
		for _, r := range refs {
			if r.end-r.body < 4 || b[r.body+3]&1 == 0 {
				t.External = true
			}
		}
	}
	return nil
}

// sampleTables reads a track's stbl: its sample descriptions, sizes and
// chunks.
func (w *vwalk) sampleTables(t *VideoTrack, b []byte, stbl vbox) error {
	kids, err := w.children(b, stbl.body, stbl.end)
	if err != nil {
		return err
	}
	var stsc, stco []byte
	var co64 bool
	haveSizes := false
	for _, x := range kids {
		body := b[x.body:x.end]
		switch x.typ {
		case "stsd":
			if err := w.stsd(t, b, x); err != nil {
				return err
			}
		case "stsz", "stz2":
			if haveSizes {
				return videoErr("two sample size tables")
			}
			haveSizes = true
			if err := w.stsz(t, x.typ, body); err != nil {
				return err
			}
			t.tables = append(t.tables, rawBox{x.typ, plainBox(b, x)})
		case "stsc":
			stsc = body
			t.tables = append(t.tables, rawBox{x.typ, plainBox(b, x)})
		case "stco", "co64":
			if stco != nil {
				return videoErr("two chunk offset tables")
			}
			stco, co64 = body, x.typ == "co64"
		case "stts", "ctts", "stss", "stps", "sdtp", "cslg", "sgpd", "sbgp":
			t.tables = append(t.tables, rawBox{x.typ, plainBox(b, x)})
		default:
			w.l.Extra = append(w.l.Extra, "stbl/"+printable(x.typ))
		}
	}
	if !haveSizes || stsc == nil || stco == nil {
		if t.Handler == "vide" || t.Handler == "soun" {
			return videoErr("track %d has incomplete sample tables", t.ID)
		}
		return nil
	}
	return w.chunks(t, stsc, stco, co64)
}

// stsd reads the sample descriptions.
func (w *vwalk) stsd(t *VideoTrack, b []byte, x vbox) error {
	if x.end-x.body < 8 {
		return videoErr("bad sample description")
	}
	t.stsdVer = b[x.body]
	n := binary.BigEndian.Uint32(b[x.body+4:])
	if n > uint32(videoLimits.maxEntries) {
		return videoErr("track has %d sample descriptions", n)
	}
	entries, err := w.children(b, x.body+8, x.end)
	if err != nil {
		return err
	}
	if uint32(len(entries)) < n {
		return videoErr("sample descriptions cut off")
	}
	for _, e := range entries[:n] {
		t.entries = append(t.entries, sampleEntry{typ: e.typ, raw: plainBox(b, e)})
		t.Codecs = append(t.Codecs, printable(e.typ))
	}
	if len(t.entries) > 0 {
		t.Codec = t.Codecs[0]
		if e := t.entries[0].raw; t.Handler == "vide" && len(e) >= 8+78 {
			t.Vendor = string(bytes.Trim(e[8+12:8+16], "\x00"))
			if c := e[8+42 : 8+74]; int(c[0]) < 32 {
				t.CompressorName = string(c[1 : 1+int(c[0])])
			}
		}
	}
	if t.Handler == "meta" || t.Handler == "data" {
		for _, e := range entries[:n] {
			if e.typ == "mebx" {
				if err := w.mebxKeys(t, b, e); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (w *vwalk) stsz(t *VideoTrack, typ string, body []byte) error {
	if len(body) < 12 {
		return videoErr("bad sample size table")
	}
	count := int64(binary.BigEndian.Uint32(body[8:]))
	w.samples += count
	if w.samples > videoLimits.maxSamples {
		return FormatError(fmt.Sprintf("video has over %d samples", videoLimits.maxSamples))
	}
	t.Samples = count
	if typ == "stz2" {
		field := int64(body[7])
		if field != 4 && field != 8 && field != 16 {
			return videoErr("bad compact sample size table")
		}
		if 12+(count*field+7)/8 > int64(len(body)) {
			return videoErr("sample size table cut off")
		}
		t.sizes = make([]uint32, count)
		d := body[12:]
		for i := int64(0); i < count; i++ {
			switch field {
			case 4:
				v := d[i/2]
				if i%2 == 0 {
					v >>= 4
				}
				t.sizes[i] = uint32(v & 15)
			case 8:
				t.sizes[i] = uint32(d[i])
			case 16:
				t.sizes[i] = uint32(binary.BigEndian.Uint16(d[2*i:]))
			}
			t.Bytes += int64(t.sizes[i])
		}
		return nil
	}
	t.fixed = binary.BigEndian.Uint32(body[4:])
	if t.fixed != 0 {
		t.Bytes = int64(t.fixed) * count
		return nil
	}
	if 12+4*count > int64(len(body)) {
		return videoErr("sample size table cut off")
	}
	t.sizes = make([]uint32, count)
	for i := range t.sizes {
		t.sizes[i] = binary.BigEndian.Uint32(body[12+4*i:])
		t.Bytes += int64(t.sizes[i])
	}
	return nil
}

func (t *VideoTrack) sampleSize(i int64) int64 {
	if t.sizes == nil {
		return int64(t.fixed)
	}
	return int64(t.sizes[i])
}

// chunks works out where each chunk is and how big it is, from the
// sample-to-chunk table, the chunk offsets and the sample sizes.
func (w *vwalk) chunks(t *VideoTrack, stsc, stco []byte, co64 bool) error {
	if len(stco) < 8 || len(stsc) < 8 {
		return videoErr("bad chunk tables")
	}
	nChunks := int64(binary.BigEndian.Uint32(stco[4:]))
	width := int64(4)
	if co64 {
		width = 8
	}
	if 8+nChunks*width > int64(len(stco)) {
		return videoErr("chunk offset table cut off")
	}
	nRuns := int64(binary.BigEndian.Uint32(stsc[4:]))
	if 8+nRuns*12 > int64(len(stsc)) {
		return videoErr("sample-to-chunk table cut off")
	}
	if nChunks > 0 && nRuns == 0 {
		return videoErr("chunks without a sample-to-chunk table")
	}
	t.chunks = make([]videoChunk, 0, nChunks)
	sample := int64(0)
	for r := int64(0); r < nRuns; r++ {
		e := stsc[8+12*r:]
		first := int64(binary.BigEndian.Uint32(e)) - 1
		per := int64(binary.BigEndian.Uint32(e[4:]))
		desc := binary.BigEndian.Uint32(e[8:])
		last := nChunks
		if r+1 < nRuns {
			last = int64(binary.BigEndian.Uint32(stsc[8+12*(r+1):])) - 1
		}
		if first != int64(len(t.chunks)) || last < first || last > nChunks || desc == 0 || int(desc) > len(t.entries) {
			return videoErr("bad sample-to-chunk table in track %d", t.ID)
		}
		for c := first; c < last; c++ {
			if per > t.Samples-sample {
				return videoErr("track %d: chunks hold more samples than its size table", t.ID)
			}
			off := int64(binary.BigEndian.Uint32(stco[8+width*c:]))
			if co64 {
				u := binary.BigEndian.Uint64(stco[8+width*c:])
				if u > math.MaxInt64/2 {
					return videoErr("chunk offset out of range")
				}
				off = int64(u)
			}
			ch := videoChunk{off: off, first: sample, n: per}
			for s := sample; s < sample+per; s++ {
				ch.size += t.sampleSize(s)
			}
			if ch.off < 0 || ch.size > w.size || ch.off > w.size-ch.size {
				return videoErr("track %d: a chunk lies outside the file", t.ID)
			}
			sample += per
			t.chunks = append(t.chunks, ch)
		}
	}
	if int64(len(t.chunks)) != nChunks || sample != t.Samples {
		return videoErr("track %d: its chunks hold %d samples, its size table %d", t.ID, sample, t.Samples)
	}
	return nil
}

// inMdat reports whether the bytes [off, off+n) lie inside one mdat box.
func (l *VideoLayout) inMdat(off, n int64) bool {
	for _, m := range l.mdats {
		if off >= m[0] && off+n <= m[1] {
			return true
		}
	}
	return n == 0
}

// plainBox returns box x of b with a plain header: its size written out in
// 32 bits (a box of size 0 runs to its parent's end, and one with a 64-bit
// size says so in 16 bytes: copied elsewhere, neither would mean the same).
func plainBox(b []byte, x vbox) []byte {
	body := b[x.body:x.end]
	out := make([]byte, 8, 8+len(body))
	binary.BigEndian.PutUint32(out, uint32(8+len(body)))
	copy(out[4:], x.typ)
	return append(out, body...)
}
