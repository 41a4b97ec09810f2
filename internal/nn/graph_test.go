package nn

import "testing"

// TestGraphKeepsSharedData: a Reshape's output shares its input's data, so
// once its reader has run neither may go back for reuse (the input here
// is the caller's tensor): the next tensor of that size must not be it.
func TestGraphKeepsSharedData(t *testing.T) {
	g := &Graph{input: "x", nodes: map[string]*node{
		"x":     {name: "x", op: "Placeholder"},
		"shape": {name: "shape", op: "Const", weight: &Weight{Shape: []int{3}, Data: []float32{1, 1024, 4}}},
		"r":     {name: "r", op: "Reshape", inputs: []string{"x", "shape"}},
		"out":   {name: "out", op: "Relu", inputs: []string{"r"}},
	}}
	x := New(32, 32, 4)
	for i := range x.Data {
		x.Data[i] = float32(i%7) - 3
	}
	outs, err := g.Run(x, "out")
	if err != nil {
		t.Fatal(err)
	}
	if outs[0].Data[4] != 1 || outs[0].Data[0] != 0 {
		t.Fatalf("relu of the reshaped input: %v", outs[0].Data[:8])
	}
	next := newUnset(32, 32, 4)
	if &next.Data[0] == &x.Data[0] {
		t.Fatal("the input's data, shared with the Reshape, was handed out again")
	}
	for i, v := range x.Data {
		if v != float32(i%7)-3 {
			t.Fatalf("the input was changed at %d", i)
		}
	}
}
