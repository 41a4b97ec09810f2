package nn

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// An ONNX model file is a protocol buffer (onnx.proto3's ModelProto). This
// file reads the part of it a small convolutional network needs, straight
// from the wire format: the graph's nodes in order, their attributes, and
// the initializers (the weights) as float32 or int64 values.

// ONNXModel is the graph of an ONNX model file.
type ONNXModel struct {
	// Nodes are the graph's nodes, in the file's (topological) order.
	Nodes []ONNXNode
	// Init are the initializers by name.
	Init map[string]*ONNXTensor
	// Inputs and Outputs are the names of the graph's inputs (initializers
	// excluded) and outputs.
	Inputs, Outputs []string
	// Opset is the default domain's operator set version.
	Opset int64
}

// ONNXNode is one operation of the graph.
type ONNXNode struct {
	Name, Op        string
	Inputs, Outputs []string
	Attrs           map[string]ONNXAttr
}

// ONNXAttr is a node attribute: the fields its type uses are set.
type ONNXAttr struct {
	F      float32
	I      int64
	S      string
	Floats []float32
	Ints   []int64
}

// ONNXTensor is an initializer: its shape and its values (Float for
// float32 tensors, Int for int64 ones).
type ONNXTensor struct {
	Name  string
	Dims  []int64
	Float []float32
	Int   []int64
}

// ONNX tensor element types this reader knows.
const (
	onnxFloat = 1
	onnxInt64 = 7
)

// errWire is a malformed protocol buffer.
var errWire = errors.New("nn: onnx: malformed protocol buffer")

// wire reads protocol buffer fields.
type wire struct {
	b   []byte
	err error
}

// next returns the next field's number, wire type and value: the varint
// or fixed value in v, or the length-delimited bytes in p. ok is false at
// the end or on an error (w.err).
func (w *wire) next() (field int, typ int, v uint64, p []byte, ok bool) {
	if len(w.b) == 0 || w.err != nil {
		return 0, 0, 0, nil, false
	}
	key, ok := w.varint()
	if !ok {
		return 0, 0, 0, nil, false
	}
	field, typ = int(key>>3), int(key&7)
	switch typ {
	case 0:
		v, ok = w.varint()
	case 1:
		if len(w.b) < 8 {
			ok = false
			break
		}
		v, w.b = binary.LittleEndian.Uint64(w.b), w.b[8:]
	case 2:
		var n uint64
		if n, ok = w.varint(); ok {
			if n > uint64(len(w.b)) {
				ok = false
				break
			}
			p, w.b = w.b[:n], w.b[n:]
		}
	case 5:
		if len(w.b) < 4 {
			ok = false
			break
		}
		v, w.b = uint64(binary.LittleEndian.Uint32(w.b)), w.b[4:]
	default:
		ok = false
	}
	if !ok || field == 0 {
		w.err = errWire
		return 0, 0, 0, nil, false
	}
	return field, typ, v, p, true
}

func (w *wire) varint() (uint64, bool) {
	var v uint64
	for s := 0; s < 64; s += 7 {
		if len(w.b) == 0 {
			break
		}
		c := w.b[0]
		w.b = w.b[1:]
		v |= uint64(c&0x7f) << s
		if c < 0x80 {
			return v, true
		}
	}
	w.err = errWire
	return 0, false
}

// int64s appends a repeated int64 field's values, packed or not.
func int64s(dst []int64, typ int, v uint64, p []byte) ([]int64, error) {
	if typ == 0 {
		return append(dst, int64(v)), nil
	}
	w := wire{b: p}
	for len(w.b) > 0 {
		x, ok := w.varint()
		if !ok {
			return nil, errWire
		}
		dst = append(dst, int64(x))
	}
	return dst, nil
}

// float32s appends a repeated float field's values, packed or not.
func float32s(dst []float32, typ int, v uint64, p []byte) ([]float32, error) {
	if typ == 5 {
		return append(dst, math.Float32frombits(uint32(v))), nil
	}
	if len(p)%4 != 0 {
		return nil, errWire
	}
	for i := 0; i < len(p); i += 4 {
		dst = append(dst, math.Float32frombits(binary.LittleEndian.Uint32(p[i:])))
	}
	return dst, nil
}

// ReadONNX reads an ONNX model file.
func ReadONNX(b []byte) (*ONNXModel, error) {
	m := &ONNXModel{Init: map[string]*ONNXTensor{}}
	var graph []byte
	w := wire{b: b}
	for {
		f, typ, _, p, ok := w.next()
		if !ok {
			break
		}
		switch {
		case f == 7 && typ == 2:
			graph = p
		case f == 8 && typ == 2: // opset_import: domain (1), version (2)
			var domain string
			var version int64
			o := wire{b: p}
			for {
				g, _, v, q, ok := o.next()
				if !ok {
					break
				}
				switch g {
				case 1:
					domain = string(q)
				case 2:
					version = int64(v)
				}
			}
			if o.err != nil {
				return nil, o.err
			}
			if domain == "" || domain == "ai.onnx" {
				m.Opset = version
			}
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	if graph == nil {
		return nil, fmt.Errorf("nn: onnx: no graph")
	}
	var inputs []string
	g := wire{b: graph}
	for {
		f, typ, _, p, ok := g.next()
		if !ok {
			break
		}
		if typ != 2 {
			continue
		}
		switch f {
		case 1:
			n, err := readNode(p)
			if err != nil {
				return nil, err
			}
			m.Nodes = append(m.Nodes, n)
		case 5:
			t, err := readTensor(p)
			if err != nil {
				return nil, err
			}
			m.Init[t.Name] = t
		case 11, 12: // ValueInfoProto: name (1)
			v := wire{b: p}
			for {
				h, _, _, q, ok := v.next()
				if !ok {
					break
				}
				if h == 1 {
					if f == 11 {
						inputs = append(inputs, string(q))
					} else {
						m.Outputs = append(m.Outputs, string(q))
					}
				}
			}
			if v.err != nil {
				return nil, v.err
			}
		}
	}
	if g.err != nil {
		return nil, g.err
	}
	for _, in := range inputs {
		if _, ok := m.Init[in]; !ok {
			m.Inputs = append(m.Inputs, in)
		}
	}
	return m, nil
}

// readNode reads a NodeProto.
func readNode(b []byte) (ONNXNode, error) {
	n := ONNXNode{Attrs: map[string]ONNXAttr{}}
	w := wire{b: b}
	for {
		f, typ, _, p, ok := w.next()
		if !ok {
			break
		}
		if typ != 2 {
			continue
		}
		switch f {
		case 1:
			n.Inputs = append(n.Inputs, string(p))
		case 2:
			n.Outputs = append(n.Outputs, string(p))
		case 3:
			n.Name = string(p)
		case 4:
			n.Op = string(p)
		case 5:
			name, a, err := readAttr(p)
			if err != nil {
				return n, err
			}
			n.Attrs[name] = a
		case 7:
			if d := string(p); d != "" && d != "ai.onnx" {
				return n, fmt.Errorf("nn: onnx: node %s: domain %q not supported", n.Name, d)
			}
		}
	}
	return n, w.err
}

// readAttr reads an AttributeProto: name (1), f (2), i (3), s (4), floats
// (7), ints (8).
func readAttr(b []byte) (string, ONNXAttr, error) {
	var name string
	var a ONNXAttr
	var err error
	w := wire{b: b}
	for {
		f, typ, v, p, ok := w.next()
		if !ok {
			break
		}
		switch f {
		case 1:
			name = string(p)
		case 2:
			a.F = math.Float32frombits(uint32(v))
		case 3:
			a.I = int64(v)
		case 4:
			a.S = string(p)
		case 7:
			a.Floats, err = float32s(a.Floats, typ, v, p)
		case 8:
			a.Ints, err = int64s(a.Ints, typ, v, p)
		}
		if err != nil {
			return name, a, err
		}
	}
	return name, a, w.err
}

// readTensor reads a TensorProto: dims (1), data_type (2), float_data (4),
// int64_data (7), name (8), raw_data (9, little-endian).
func readTensor(b []byte) (*ONNXTensor, error) {
	t := &ONNXTensor{}
	var dtype uint64
	var raw []byte
	var err error
	w := wire{b: b}
	for {
		f, typ, v, p, ok := w.next()
		if !ok {
			break
		}
		switch f {
		case 1:
			t.Dims, err = int64s(t.Dims, typ, v, p)
		case 2:
			dtype = v
		case 4:
			t.Float, err = float32s(t.Float, typ, v, p)
		case 7:
			t.Int, err = int64s(t.Int, typ, v, p)
		case 8:
			t.Name = string(p)
		case 9:
			raw = p
		case 13: // external data
			return nil, fmt.Errorf("nn: onnx: %s: external data not supported", t.Name)
		}
		if err != nil {
			return nil, err
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	n := int64(1)
	for _, d := range t.Dims {
		if d < 0 {
			return nil, fmt.Errorf("nn: onnx: %s: dims %v", t.Name, t.Dims)
		}
		n *= d
	}
	switch dtype {
	case onnxFloat:
		if raw != nil {
			if int64(len(raw)) != 4*n {
				return nil, fmt.Errorf("nn: onnx: %s: %d bytes for %d floats", t.Name, len(raw), n)
			}
			t.Float, _ = float32s(nil, 2, 0, raw)
		}
		if int64(len(t.Float)) != n {
			return nil, fmt.Errorf("nn: onnx: %s: %d values for shape %v", t.Name, len(t.Float), t.Dims)
		}
	case onnxInt64:
		if raw != nil {
			if int64(len(raw)) != 8*n {
				return nil, fmt.Errorf("nn: onnx: %s: %d bytes for %d int64s", t.Name, len(raw), n)
			}
			for i := 0; i < len(raw); i += 8 {
				t.Int = append(t.Int, int64(binary.LittleEndian.Uint64(raw[i:])))
			}
		}
		if int64(len(t.Int)) != n {
			return nil, fmt.Errorf("nn: onnx: %s: %d values for shape %v", t.Name, len(t.Int), t.Dims)
		}
	default:
		return nil, fmt.Errorf("nn: onnx: %s: element type %d not supported", t.Name, dtype)
	}
	return t, nil
}
