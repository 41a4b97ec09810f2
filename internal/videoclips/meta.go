package videoclips

import (
	"encoding/binary"
	"math"
)

// keyItem is one QuickTime Keys item: its name, its well-known type (1:
// UTF-8, 23: float32, 66: int8...) and its value.
type keyItem struct {
	name string
	typ  uint32
	val  []byte
}

func text(name, s string) keyItem { return keyItem{name, 1, []byte(s)} }

// keysMeta writes a QuickTime meta box (no version) with a handler of type
// mdta, the keys and their items, as iPhones and Android phones do.
func keysMeta(items []keyItem) []byte {
	var m w
	m.box("meta", func() {
		m.box("hdlr", func() {
			m.full(0, 0)
			m.zeros(4)
			m.str("mdta")
			m.zeros(12)
			m.u8(0)
		})
		m.box("keys", func() {
			m.full(0, 0)
			m.u32(uint32(len(items)))
			for _, it := range items {
				m.box("mdta", func() { m.str(it.name) })
			}
		})
		m.box("ilst", func() {
			for i, it := range items {
				var idx [4]byte
				binary.BigEndian.PutUint32(idx[:], uint32(i+1))
				m.box(string(idx[:]), func() {
					m.box("data", func() {
						m.u32(it.typ)
						m.u32(0)
						m.raw(it.val)
					})
				})
			}
		})
	})
	return m.b
}

// udta writes a user-data box holding the given atoms, in order.
func udta(atoms ...[2]string) []byte {
	var m w
	m.box("udta", func() {
		for _, a := range atoms {
			m.box(a[0], func() { m.str(a[1]) })
		}
	})
	return m.b
}

// mebxEntry writes an Apple timed metadata sample description: each key
// gets a local ID, 1, 2, 3...
func mebxEntry(keys []keyItem) []byte {
	var m w
	m.box("mebx", func() {
		m.zeros(6)
		m.u16(1)
		m.box("keys", func() {
			for i, k := range keys {
				var id [4]byte
				binary.BigEndian.PutUint32(id[:], uint32(i+1))
				m.box(string(id[:]), func() {
					m.box("keyd", func() { m.str("mdta"); m.str(k.name) })
					m.box("dtyp", func() { m.u32(0); m.u32(k.typ) })
				})
			}
		})
	})
	return m.b
}

// mebxSample writes one sample: a box per key (by local ID) with a value.
func mebxSample(keys []keyItem) []byte {
	var m w
	for i, k := range keys {
		var id [4]byte
		binary.BigEndian.PutUint32(id[:], uint32(i+1))
		m.box(string(id[:]), func() { m.raw(k.val) })
	}
	return m.b
}

// klv writes one GPMF entry: a key, a type, a structure size and a repeat
// count, the data padded to 4 bytes.
func klv(key string, typ byte, size int, data []byte) []byte {
	var m w
	m.str(key)
	m.u8(typ)
	m.u8(byte(size))
	repeat := 0
	if size > 0 {
		repeat = len(data) / size
	}
	m.u16(uint16(repeat))
	m.raw(data)
	for len(m.b)%4 != 0 {
		m.u8(0)
	}
	return m.b
}

func nest(key string, kids ...[]byte) []byte {
	var d []byte
	for _, k := range kids {
		d = append(d, k...)
	}
	var m w
	m.str(key)
	m.u8(0)
	m.u8(1)
	m.u16(uint16(len(d)))
	m.raw(d)
	return m.b
}

func be32s(v ...int32) []byte {
	var m w
	for _, x := range v {
		m.u32(uint32(x))
	}
	return m.b
}

// gpmfSample writes one second of GoPro telemetry: a device with a GPS
// stream of 18 fixes (GPS5: latitude, longitude, altitude, speeds) with
// their scales, the UTC time and the fix, as a HERO camera writes it.
func gpmfSample(lat, lon float64, second int) []byte {
	var fixes []byte
	for k := 0; k < 18; k++ {
		la := lat + float64(second*18+k)*0.000002
		fixes = append(fixes, be32s(int32(la*1e7), int32(lon*1e7), 35000, 1200, 1300)...)
	}
	gpsu := []byte("240714153012.000")
	gpsu[11] = byte('0' + second%10)
	return nest("DEVC",
		klv("DVID", 'L', 4, be32s(1)),
		klv("DVNM", 'c', 6, []byte("Camera")),
		nest("STRM",
			klv("STNM", 'c', 43, []byte("GPS (Lat., Long., Alt., 2D speed, 3D speed)")),
			klv("GPSF", 'L', 4, be32s(3)),
			klv("GPSU", 'U', 16, gpsu),
			klv("GPSP", 'S', 2, []byte{0, 150}),
			klv("SCAL", 'l', 4, be32s(10000000, 10000000, 1000, 1000, 100)),
			klv("GPS5", 'l', 20, fixes),
		),
	)
}

// gpmdEntry is GoPro's telemetry sample description.
func gpmdEntry() []byte {
	var m w
	m.box("gpmd", func() { m.zeros(6); m.u16(1); m.u32(0) })
	return m.b
}

// cammEntry is the camera motion metadata sample description.
func cammEntry() []byte {
	var m w
	m.box("camm", func() { m.zeros(6); m.u16(1) })
	return m.b
}

// cammGPS writes a CAMM sample of type 6 (a full GPS fix), little-endian.
func cammGPS(lat, lon float64, t float64) []byte {
	b := make([]byte, 4+8+4+8+8+4*7)
	binary.LittleEndian.PutUint16(b[2:], 6)
	binary.LittleEndian.PutUint64(b[4:], math.Float64bits(t))
	binary.LittleEndian.PutUint32(b[12:], 3)
	binary.LittleEndian.PutUint64(b[16:], math.Float64bits(lat))
	binary.LittleEndian.PutUint64(b[24:], math.Float64bits(lon))
	binary.LittleEndian.PutUint32(b[32:], math.Float32bits(35))
	binary.LittleEndian.PutUint32(b[36:], math.Float32bits(4)) // horizontal accuracy, metres
	return b
}

// cammGyro writes a CAMM sample of type 2 (gyroscope).
func cammGyro() []byte {
	b := make([]byte, 16)
	binary.LittleEndian.PutUint16(b[2:], 2)
	binary.LittleEndian.PutUint32(b[4:], math.Float32bits(0.1))
	return b
}
