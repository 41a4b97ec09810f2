package photo

import "encoding/binary"

// Resource is one Photoshop image resource ("8BIM" block) of an APP13
// segment: 0x0404 holds IPTC records, 0x0409 and 0x040C thumbnails.
type Resource struct {
	ID   uint16
	Data []byte
}

// Resources walks a Photoshop image resource block. It stops, returning
// what it read, at the first malformed resource.
func Resources(b []byte) (out []Resource, complete bool) {
	i := 0
	for i+12 <= len(b) {
		if string(b[i:i+4]) != "8BIM" {
			return out, false
		}
		id := binary.BigEndian.Uint16(b[i+4:])
		n := int(b[i+6])
		name := 1 + n + (1+n)%2 // Pascal string padded to even
		j := i + 6 + name
		if j+4 > len(b) {
			return out, false
		}
		size := int(binary.BigEndian.Uint32(b[j:]))
		j += 4
		if size < 0 || j+size > len(b) {
			return out, false
		}
		out = append(out, Resource{ID: id, Data: b[j : j+size]})
		i = j + size + size%2
	}
	return out, i >= len(b)-1
}
