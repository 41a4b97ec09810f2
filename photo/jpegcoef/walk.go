package jpegcoef

import "fmt"

// Segment is one marker segment of a JPEG file, in file order.
type Segment struct {
	// Marker is the byte after 0xFF (0xE1 for APP1).
	Marker byte
	// Start and End delimit the segment in the file, marker included. For
	// SOS, End also covers the entropy-coded data that follows the header.
	Start, End int
	// Payload is the segment body after its length field. For SOS it is
	// the scan header only.
	Payload []byte
}

// IsAPP reports whether the segment is an application segment (APP0-APP15).
func (s Segment) IsAPP() bool { return s.Marker >= 0xE0 && s.Marker <= 0xEF }

// Layout is the structure of a JPEG file as the walker found it.
type Layout struct {
	// Segments holds every segment between SOI and EOI.
	Segments []Segment
	// EOIEnd is the offset just after the end-of-image marker.
	EOIEnd int
	// Extraneous counts the bytes found where a marker should start and
	// skipped (libjpeg warns "extraneous bytes before marker").
	Extraneous int
}

func standalone(m byte) bool {
	return m == 0xD8 || m == 0xD9 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)
}

// Walk walks the marker segments of a JPEG file. It fails on anything
// malformed (a length past the end, no end-of-image marker) rather than
// guess; bytes where a marker should start are skipped and counted
// (Extraneous), as decoders skip them. Bytes after the end-of-image marker
// are not part of the layout: they start at EOIEnd.
func Walk(b []byte) (*Layout, error) {
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return nil, FormatError("not a JPEG: no start-of-image marker")
	}
	l := &Layout{}
	i := 2
	for {
		// Skip fill bytes before a marker.
		for i < len(b) && b[i] == 0xFF && i+1 < len(b) && b[i+1] == 0xFF {
			i++
		}
		if i+1 >= len(b) {
			return nil, FormatError("truncated JPEG: no end-of-image marker")
		}
		if b[i] != 0xFF || b[i+1] == 0x00 {
			// Bytes where a marker should be: skipped up to the next
			// marker, as libjpeg and Go's decoder do. They are counted
			// (a finding), never written.
			j := i + 1
			for j+1 < len(b) && !(b[j] == 0xFF && b[j+1] != 0x00) {
				j++
			}
			l.Extraneous += j - i
			i = j
			continue
		}
		m := b[i+1]
		start := i
		switch {
		case m == 0xD9:
			l.EOIEnd = i + 2
			return l, nil
		case m == 0xD8:
			return nil, FormatError(fmt.Sprintf("corrupt JPEG: unexpected marker 0x%02X at byte %d", m, i))
		case standalone(m):
			l.Segments = append(l.Segments, Segment{Marker: m, Start: start, End: i + 2})
			i += 2
			continue
		}
		if i+4 > len(b) {
			return nil, FormatError("truncated JPEG: segment header cut off")
		}
		n := int(b[i+2])<<8 | int(b[i+3])
		if n < 2 || i+2+n > len(b) {
			return nil, FormatError(fmt.Sprintf("corrupt JPEG: segment 0x%02X at byte %d runs past the end", m, i))
		}
		seg := Segment{Marker: m, Start: start, End: i + 2 + n, Payload: b[i+4 : i+2+n]}
		i = seg.End
		if m == 0xDA {
			end, err := scanEnd(b, i)
			if err != nil {
				return nil, err
			}
			seg.End = end
			i = end
		}
		l.Segments = append(l.Segments, seg)
	}
}

// scanEnd returns the offset of the first marker after entropy-coded data
// starting at i: 0xFF followed by anything but a stuffed zero, a restart
// marker or a fill byte.
func scanEnd(b []byte, i int) (int, error) {
	for i+1 < len(b) {
		if b[i] != 0xFF {
			i++
			continue
		}
		next := b[i+1]
		switch {
		case next == 0x00 || (next >= 0xD0 && next <= 0xD7):
			i += 2
		case next == 0xFF:
			// A fill byte: the marker starts at the last 0xFF of the run.
			i++
		default:
			return i, nil
		}
	}
	return 0, FormatError("truncated JPEG: scan data has no end")
}
