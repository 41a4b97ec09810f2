package nn

import (
	"encoding/binary"
	"math"
	"testing"
)

func TestFloat16(t *testing.T) {
	for _, c := range []struct {
		h    uint16
		want float32
	}{
		{0x0000, 0},
		{0x3c00, 1},
		{0xc000, -2},
		{0x3555, 0.33325195},
		{0x7bff, 65504},
		{0x0001, 5.9604645e-08}, // smallest subnormal
		{0x8200, -3.0517578e-05},
		{0x7c00, float32(math.Inf(1))},
	} {
		if got := float16(c.h); got != c.want {
			t.Errorf("float16(%#04x) = %g, want %g", c.h, got, c.want)
		}
	}
	if !math.IsNaN(float64(float16(0x7e00))) {
		t.Error("float16(0x7e00) is not NaN")
	}
}

// TestLoadTFJSFloat16 loads a weight quantised to float16 as TensorFlow.js
// writes it.
func TestLoadTFJSFloat16(t *testing.T) {
	manifest := []byte(`[{"paths":["w.bin"],"weights":[{"name":"k","shape":[3],"dtype":"float32","quantization":{"dtype":"float16","original_dtype":"float32"}}]}]`)
	shard := make([]byte, 6)
	for i, h := range []uint16{0x3c00, 0xc000, 0x3800} {
		binary.LittleEndian.PutUint16(shard[2*i:], h)
	}
	w, err := LoadTFJS(manifest, func(string) ([]byte, error) { return shard, nil })
	if err != nil {
		t.Fatal(err)
	}
	if got := w["k"].Data; len(got) != 3 || got[0] != 1 || got[1] != -2 || got[2] != 0.5 {
		t.Errorf("weights %v, want [1 -2 0.5]", got)
	}
}
