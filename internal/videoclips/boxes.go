package videoclips

import (
	"encoding/binary"
	"fmt"
	"os"
)

// A minimal ISO BMFF box writer and walker for making clips. It is written
// apart from package photo's, so that the clips test photo's reader rather
// than agree with it by construction.

type box struct {
	typ        string
	start, end int // whole box
	body       int
}

func walk(b []byte, start, end int) ([]box, error) {
	var out []box
	for i := start; i < end; {
		if end-i < 8 {
			return nil, fmt.Errorf("box header cut off at %d", i)
		}
		size := int(binary.BigEndian.Uint32(b[i:]))
		x := box{typ: string(b[i+4 : i+8]), start: i, body: i + 8}
		switch size {
		case 0:
			size = end - i
		case 1:
			size = int(binary.BigEndian.Uint64(b[i+8:]))
			x.body = i + 16
		}
		if size < x.body-i || i+size > end {
			return nil, fmt.Errorf("box %q runs past its parent", x.typ)
		}
		x.end = i + size
		out = append(out, x)
		i = x.end
	}
	return out, nil
}

type w struct{ b []byte }

func (w *w) raw(b []byte)          { w.b = append(w.b, b...) }
func (w *w) str(s string)          { w.b = append(w.b, s...) }
func (w *w) u8(v byte)             { w.b = append(w.b, v) }
func (w *w) u16(v uint16)          { w.b = binary.BigEndian.AppendUint16(w.b, v) }
func (w *w) u32(v uint32)          { w.b = binary.BigEndian.AppendUint32(w.b, v) }
func (w *w) u64(v uint64)          { w.b = binary.BigEndian.AppendUint64(w.b, v) }
func (w *w) zeros(n int)           { w.b = append(w.b, make([]byte, n)...) }
func (w *w) full(v byte, f uint32) { w.u32(uint32(v)<<24 | f) }

func (w *w) box(typ string, f func()) {
	s := len(w.b)
	w.u32(0)
	w.str(typ)
	f()
	binary.BigEndian.PutUint32(w.b[s:], uint32(len(w.b)-s))
}

// shiftOffsets adds d to every chunk offset (stco, co64) in the body of a
// movie box.
func shiftOffsets(moov []byte, d int) error {
	var rec func(start, end int) error
	rec = func(start, end int) error {
		kids, err := walk(moov, start, end)
		if err != nil {
			return err
		}
		for _, k := range kids {
			switch k.typ {
			case "trak", "mdia", "minf", "stbl":
				if err := rec(k.body, k.end); err != nil {
					return err
				}
			case "stco":
				n := int(binary.BigEndian.Uint32(moov[k.body+4:]))
				for i := 0; i < n; i++ {
					p := k.body + 8 + 4*i
					binary.BigEndian.PutUint32(moov[p:], uint32(int(binary.BigEndian.Uint32(moov[p:]))+d))
				}
			case "co64":
				n := int(binary.BigEndian.Uint32(moov[k.body+4:]))
				for i := 0; i < n; i++ {
					p := k.body + 8 + 8*i
					binary.BigEndian.PutUint64(moov[p:], uint64(int(binary.BigEndian.Uint64(moov[p:]))+d))
				}
			}
		}
		return nil
	}
	return rec(0, len(moov))
}

// dataTrack is a timed metadata track to add: its handler, its sample
// description (whole box) and its samples, one second apart.
type dataTrack struct {
	handler string
	entry   []byte
	samples [][]byte
}

// addToMovie returns the file b with extra boxes appended inside its movie
// box (moovExtra: udta, meta...) and extra tracks whose samples go in a new
// mdat at the end of the file. Chunk offsets are moved when the movie box
// comes before the samples.
func addToMovie(b []byte, moovExtra []byte, tracks []dataTrack) ([]byte, error) {
	top, err := walk(b, 0, len(b))
	if err != nil {
		return nil, err
	}
	var moov box
	moovIdx := -1
	for i, x := range top {
		if x.typ == "moov" {
			moov, moovIdx = x, i
		}
	}
	if moovIdx < 0 || moov.body != moov.start+8 {
		return nil, fmt.Errorf("no plain moov box")
	}
	body := append([]byte(nil), b[moov.body:moov.end]...)
	// The next track ID, from mvhd (version 0).
	kids, err := walk(b, moov.body, moov.end)
	if err != nil {
		return nil, err
	}
	next := uint32(1)
	timescale := uint32(1000)
	for _, k := range kids {
		if k.typ == "mvhd" {
			timescale = binary.BigEndian.Uint32(b[k.body+12:])
			next = binary.BigEndian.Uint32(b[k.end-4:])
		}
	}
	// Sizes: the new movie box is the old one plus extras plus tracks;
	// the tracks' chunk offsets point into the new mdat at the end.
	build := func(mdatData int) []byte {
		var m w
		m.box("moov", func() {
			m.raw(body)
			m.raw(moovExtra)
			off := mdatData
			for i, t := range tracks {
				m.raw(trak(next+uint32(i), timescale, t, off))
				for _, s := range t.samples {
					off += len(s)
				}
			}
		})
		return m.b
	}
	newMoovLen := len(build(0))
	moovFirst := true
	for _, x := range top[:moovIdx] {
		if x.typ == "mdat" {
			moovFirst = false
		}
	}
	delta := newMoovLen - (moov.end - moov.start)
	if moovFirst {
		if err := shiftOffsets(body, delta); err != nil {
			return nil, err
		}
	}
	// Rebuild the next-track-ID of mvhd in body.
	bk, _ := walk(body, 0, len(body))
	for _, k := range bk {
		if k.typ == "mvhd" {
			binary.BigEndian.PutUint32(body[k.end-4:], next+uint32(len(tracks)))
		}
	}
	size := len(b) + delta
	mdatData := size + 8
	newMoov := build(mdatData)
	var out w
	out.raw(b[:moov.start])
	out.raw(newMoov)
	out.raw(b[moov.end:])
	out.box("mdat", func() {
		for _, t := range tracks {
			for _, s := range t.samples {
				out.raw(s)
			}
		}
	})
	return out.b, nil
}

// trak writes a timed metadata track: one sample per second, each in its
// own chunk.
func trak(id, movieScale uint32, t dataTrack, off int) []byte {
	var m w
	n := uint32(len(t.samples))
	m.box("trak", func() {
		m.box("tkhd", func() {
			m.full(0, 1)
			m.u32(3786624000) // 2024-01-01, a date the copy must lose
			m.u32(3786624000)
			m.u32(id)
			m.zeros(4)
			m.u32(n * movieScale)
			m.zeros(8)
			m.zeros(8)
			m.raw([]byte{0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0})
			m.zeros(8)
		})
		m.box("mdia", func() {
			m.box("mdhd", func() {
				m.full(0, 0)
				m.u32(3786624000)
				m.u32(3786624000)
				m.u32(1000)
				m.u32(n * 1000)
				m.u16(0x55c4)
				m.u16(0)
			})
			m.box("hdlr", func() {
				m.full(0, 0)
				m.zeros(4)
				m.str(t.handler)
				m.zeros(12)
				m.str("Core Media Metadata\x00")
			})
			m.box("minf", func() {
				m.box("nmhd", func() { m.full(0, 0) })
				m.box("dinf", func() {
					m.box("dref", func() {
						m.full(0, 0)
						m.u32(1)
						m.box("url ", func() { m.full(0, 1) })
					})
				})
				m.box("stbl", func() {
					m.box("stsd", func() {
						m.full(0, 0)
						m.u32(1)
						m.raw(t.entry)
					})
					m.box("stts", func() { m.full(0, 0); m.u32(1); m.u32(n); m.u32(1000) })
					m.box("stsc", func() { m.full(0, 0); m.u32(1); m.u32(1); m.u32(1); m.u32(1) })
					m.box("stsz", func() {
						m.full(0, 0)
						m.u32(0)
						m.u32(n)
						for _, s := range t.samples {
							m.u32(uint32(len(s)))
						}
					})
					m.box("stco", func() {
						m.full(0, 0)
						m.u32(n)
						for _, s := range t.samples {
							m.u32(uint32(off))
							off += len(s)
						}
					})
				})
			})
		})
	})
	return m.b
}

// Turn90 sets the matrix of the first track of the movie in file to a
// quarter turn clockwise, as a phone held upright records it (ffmpeg 5.1
// no longer writes a rotation asked as metadata).
func Turn90(file string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if err := turn90(b); err != nil {
		return err
	}
	return os.WriteFile(file, b, 0o644)
}

// turn90 sets the matrix of the first track of a movie to a quarter turn
// clockwise.
func turn90(b []byte) error {
	top, err := walk(b, 0, len(b))
	if err != nil {
		return err
	}
	for _, m := range top {
		if m.typ != "moov" {
			continue
		}
		kids, err := walk(b, m.body, m.end)
		if err != nil {
			return err
		}
		for _, k := range kids {
			if k.typ != "trak" {
				continue
			}
			tk, err := walk(b, k.body, k.end)
			if err != nil || len(tk) == 0 || tk[0].typ != "tkhd" || b[tk[0].body] != 0 {
				return fmt.Errorf("no version-0 track header")
			}
			mx := b[tk[0].body+40 : tk[0].body+76]
			h := binary.BigEndian.Uint32(b[tk[0].body+80:])
			for i, v := range []uint32{0, 0x10000, 0, 0xffff0000, 0, 0, h, 0, 0x40000000} {
				binary.BigEndian.PutUint32(mx[4*i:], v)
			}
			return nil
		}
	}
	return fmt.Errorf("no track")
}
