package nn

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
)

// Weight is one named tensor of a model.
type Weight struct {
	Shape []int
	Data  []float32
}

// Len is the number of values the shape holds.
func (w *Weight) Len() int {
	n := 1
	for _, d := range w.Shape {
		n *= d
	}
	return n
}

type manifestGroup struct {
	Paths   []string `json:"paths"`
	Weights []struct {
		Name         string `json:"name"`
		Shape        []int  `json:"shape"`
		Dtype        string `json:"dtype"`
		Quantization *struct {
			Dtype string  `json:"dtype"`
			Scale float64 `json:"scale"`
			Min   float64 `json:"min"`
		} `json:"quantization"`
	} `json:"weights"`
}

// Weights are a model's tensors by name.
type Weights map[string]*Weight

// LoadTFJS reads TensorFlow.js weights: manifest is the weights manifest
// (a JSON list of groups, or a model.json holding one under
// "weightsManifest"), and shard returns the bytes of a file it names. Values
// quantised to uint8 are restored as q*scale + min, as TensorFlow.js does;
// values quantised to float16 are widened to float32.
func LoadTFJS(manifest []byte, shard func(name string) ([]byte, error)) (Weights, error) {
	var groups []manifestGroup
	if err := json.Unmarshal(manifest, &groups); err != nil {
		var model struct {
			WeightsManifest []manifestGroup `json:"weightsManifest"`
		}
		if err2 := json.Unmarshal(manifest, &model); err2 != nil || model.WeightsManifest == nil {
			return nil, fmt.Errorf("nn: weights manifest: %w", err)
		}
		groups = model.WeightsManifest
	}
	out := Weights{}
	for _, g := range groups {
		var buf []byte
		for _, p := range g.Paths {
			b, err := shard(p)
			if err != nil {
				return nil, fmt.Errorf("nn: weights shard %s: %w", p, err)
			}
			buf = append(buf, b...)
		}
		for _, w := range g.Weights {
			t := &Weight{Shape: w.Shape}
			n := t.Len()
			t.Data = make([]float32, n)
			size := 4
			switch {
			case w.Quantization != nil && w.Quantization.Dtype == "uint8":
				size = 1
			case w.Quantization != nil && w.Quantization.Dtype == "float16" && w.Dtype == "float32":
				size = 2
			case w.Quantization != nil:
				return nil, fmt.Errorf("nn: %s: quantisation %s not supported", w.Name, w.Quantization.Dtype)
			case w.Dtype != "float32" && w.Dtype != "int32":
				return nil, fmt.Errorf("nn: %s: dtype %s not supported", w.Name, w.Dtype)
			}
			if len(buf) < n*size {
				return nil, fmt.Errorf("nn: %s: shard too short (%d bytes for %d values)", w.Name, len(buf), n)
			}
			for i := range n {
				switch {
				case size == 1:
					q := w.Quantization
					t.Data[i] = float32(float64(buf[i])*q.Scale + q.Min)
				case size == 2:
					t.Data[i] = float16(binary.LittleEndian.Uint16(buf[2*i:]))
				case w.Dtype == "int32":
					t.Data[i] = float32(int32(binary.LittleEndian.Uint32(buf[4*i:])))
				default:
					t.Data[i] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:]))
				}
			}
			buf = buf[n*size:]
			out[w.Name] = t
		}
		if len(buf) != 0 {
			return nil, fmt.Errorf("nn: weights shard %v: %d bytes left over", g.Paths, len(buf))
		}
	}
	return out, nil
}

// Get returns the named tensor, checking its shape (a -1 matches any
// length).
func (ws Weights) Get(name string, shape ...int) (*Weight, error) {
	w, ok := ws[name]
	if !ok {
		return nil, fmt.Errorf("nn: no weight %q", name)
	}
	if len(shape) > 0 {
		bad := len(shape) != len(w.Shape)
		for i := 0; !bad && i < len(shape); i++ {
			bad = shape[i] != -1 && shape[i] != w.Shape[i]
		}
		if bad {
			return nil, fmt.Errorf("nn: weight %q is %v, want %v", name, w.Shape, shape)
		}
	}
	return w, nil
}

// Loader collects the first error of many Get calls, so that a network can
// read its weights in a straight line and check once.
type Loader struct {
	W   Weights
	Err error
}

// Get returns the named tensor, or an empty one after recording an error.
func (l *Loader) Get(name string, shape ...int) *Weight {
	w, err := l.W.Get(name, shape...)
	if err != nil {
		if l.Err == nil {
			l.Err = err
		}
		return &Weight{Shape: shape}
	}
	return w
}

// float16 returns the IEEE 754 half-precision value h as a float32.
func float16(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // infinities and NaNs
		return math.Float32frombits(sign | 0xff<<23 | frac<<13)
	case exp != 0: // normal
		return math.Float32frombits(sign | (exp+127-15)<<23 | frac<<13)
	case frac == 0: // zero
		return math.Float32frombits(sign)
	}
	// Subnormal: frac * 2^-24.
	v := float32(frac) / (1 << 24)
	if sign != 0 {
		v = -v
	}
	return v
}
