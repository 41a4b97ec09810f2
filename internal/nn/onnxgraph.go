package nn

import (
	"fmt"
	"math"
	"slices"
)

// ONNXGraph runs an ONNX model's graph on NHWC tensors (batch of one),
// restricted to the operations of small convolutional detectors such as
// YuNet: Conv (a full convolution, or a depthwise one with as many groups
// as channels), Relu, MaxPool, Resize (nearest, integer scales), Add,
// Sigmoid, and an output head's Transpose from NCHW to NHWC followed by a
// Reshape to [1, -1, k]. ONNX's NCHW layout is kept as NHWC throughout:
// weights are rearranged once, when the graph is made, so that the
// convolutions are those of Conv2DPads and DepthwisePads.
type ONNXGraph struct {
	input   string
	steps   []onnxStep
	outputs []string
}

type onnxStep struct {
	op     string
	in     []string
	out    string
	f      *Weight // Conv: [kh, kw, cin, cout], or [kh, kw, c, 1] when depthwise
	bias   []float32
	dw     bool
	stride int
	pads   Pads
	clip   [2]float32 // a Relu fused into a Conv
	k      int        // MaxPool kernel; Resize scale; Reshape's last dimension
}

// NewONNXGraph prepares m to run: its single input, the operations above.
// A Relu that alone reads a convolution's output is fused into it.
func NewONNXGraph(m *ONNXModel) (*ONNXGraph, error) {
	if len(m.Inputs) != 1 {
		return nil, fmt.Errorf("nn: onnx: %d inputs, want 1", len(m.Inputs))
	}
	g := &ONNXGraph{input: m.Inputs[0], outputs: m.Outputs}
	readers := map[string]int{}
	for _, n := range m.Nodes {
		for _, in := range n.Inputs {
			readers[in]++
		}
	}
	for _, o := range m.Outputs {
		readers[o]++
	}
	nhwc := map[string]bool{} // outputs of a Transpose to NHWC
	for _, n := range m.Nodes {
		if len(n.Outputs) != 1 || len(n.Inputs) == 0 {
			return nil, fmt.Errorf("nn: onnx: %s (%s): %d inputs and %d outputs not supported", n.Name, n.Op, len(n.Inputs), len(n.Outputs))
		}
		s := onnxStep{op: n.Op, in: n.Inputs[:1], out: n.Outputs[0], clip: noClip}
		bad := func(format string, a ...any) error {
			return fmt.Errorf("nn: onnx: %s (%s): %s", n.Name, n.Op, fmt.Sprintf(format, a...))
		}
		switch n.Op {
		case "Conv":
			if err := s.conv(m, n); err != nil {
				return nil, bad("%v", err)
			}
		case "Relu", "Sigmoid":
			if n.Op == "Relu" && len(g.steps) > 0 {
				if last := &g.steps[len(g.steps)-1]; last.op == "Conv" && last.out == n.Inputs[0] && readers[last.out] == 1 && last.clip == noClip {
					last.clip[0] = 0
					last.out = s.out
					continue
				}
			}
		case "Add":
			if len(n.Inputs) != 2 {
				return nil, bad("%d inputs", len(n.Inputs))
			}
			s.in = n.Inputs
		case "MaxPool":
			ks, st, pads := n.Attrs["kernel_shape"].Ints, n.Attrs["strides"].Ints, n.Attrs["pads"].Ints
			if len(ks) != 2 || ks[0] != ks[1] || len(st) != 2 || st[0] != st[1] || slices.ContainsFunc(pads, func(p int64) bool { return p != 0 }) || n.Attrs["ceil_mode"].I != 0 {
				return nil, bad("kernel %v, strides %v, pads %v, ceil_mode %d not supported", ks, st, pads, n.Attrs["ceil_mode"].I)
			}
			s.k, s.stride = int(ks[0]), int(st[0])
		case "Resize":
			if a := n.Attrs; a["mode"].S != "nearest" || a["coordinate_transformation_mode"].S != "asymmetric" || (a["nearest_mode"].S != "floor" && a["nearest_mode"].S != "") {
				return nil, bad("mode %q, coordinates %q, rounding %q not supported", a["mode"].S, a["coordinate_transformation_mode"].S, a["nearest_mode"].S)
			}
			if len(n.Inputs) != 3 || m.Init[n.Inputs[2]] == nil {
				return nil, bad("scales must be a constant third input")
			}
			sc := m.Init[n.Inputs[2]].Float
			if len(sc) != 4 || sc[0] != 1 || sc[1] != 1 || sc[2] != sc[3] || sc[2] != float32(int(sc[2])) || sc[2] < 1 {
				return nil, bad("scales %v not supported", sc)
			}
			s.k = int(sc[2])
		case "Transpose":
			if p := n.Attrs["perm"].Ints; !slices.Equal(p, []int64{0, 2, 3, 1}) {
				return nil, bad("perm %v not supported", p)
			}
			nhwc[s.out] = true
		case "Reshape":
			sh := m.Init[n.Inputs[len(n.Inputs)-1]]
			if !nhwc[n.Inputs[0]] || sh == nil || len(sh.Int) != 3 || sh.Int[0] != 1 || sh.Int[1] != -1 || sh.Int[2] <= 0 {
				return nil, bad("only a Transpose's output reshaped to [1, -1, k]")
			}
			s.k = int(sh.Int[2])
		default:
			return nil, bad("operation not supported")
		}
		if s.op != "Transpose" && slices.ContainsFunc(s.in, func(in string) bool { return nhwc[in] }) && s.op != "Reshape" {
			return nil, bad("reads a transposed tensor")
		}
		g.steps = append(g.steps, s)
	}
	return g, nil
}

// conv reads a Conv node: its weight [cout, cin/group, kh, kw] becomes
// [kh, kw, cin, cout] (or [kh, kw, c, 1] for a depthwise one).
func (s *onnxStep) conv(m *ONNXModel, n ONNXNode) error {
	if len(n.Inputs) < 2 || len(n.Inputs) > 3 {
		return fmt.Errorf("%d inputs", len(n.Inputs))
	}
	w := m.Init[n.Inputs[1]]
	if w == nil || len(w.Dims) != 4 {
		return fmt.Errorf("weight %s is not a constant of 4 dimensions", n.Inputs[1])
	}
	cout, cin, kh, kw := int(w.Dims[0]), int(w.Dims[1]), int(w.Dims[2]), int(w.Dims[3])
	if len(n.Inputs) == 3 {
		b := m.Init[n.Inputs[2]]
		if b == nil || len(b.Float) != cout {
			return fmt.Errorf("bias %s is not a constant of %d values", n.Inputs[2], cout)
		}
		s.bias = b.Float
	}
	a := n.Attrs
	if ks := a["kernel_shape"].Ints; ks != nil && !slices.Equal(ks, []int64{int64(kh), int64(kw)}) {
		return fmt.Errorf("kernel_shape %v for a weight %v", ks, w.Dims)
	}
	if d := a["dilations"].Ints; slices.ContainsFunc(d, func(v int64) bool { return v != 1 }) {
		return fmt.Errorf("dilations %v not supported", d)
	}
	if ap, ok := a["auto_pad"]; ok && ap.S != "NOTSET" && ap.S != "" {
		return fmt.Errorf("auto_pad %s not supported", ap.S)
	}
	s.stride = 1
	if st := a["strides"].Ints; st != nil {
		if len(st) != 2 || st[0] != st[1] || st[0] < 1 {
			return fmt.Errorf("strides %v not supported", st)
		}
		s.stride = int(st[0])
	}
	if p := a["pads"].Ints; p != nil {
		if len(p) != 4 || slices.ContainsFunc(p, func(v int64) bool { return v < 0 }) {
			return fmt.Errorf("pads %v not supported", p)
		}
		s.pads = Pads{Top: int(p[0]), Left: int(p[1]), Bottom: int(p[2]), Right: int(p[3])}
	}
	group := max(int(a["group"].I), 1)
	switch {
	case group == 1:
		s.f = &Weight{Shape: []int{kh, kw, cin, cout}, Data: make([]float32, len(w.Float))}
		for o := range cout {
			for i := range cin {
				for y := range kh {
					for x := range kw {
						s.f.Data[((y*kw+x)*cin+i)*cout+o] = w.Float[((o*cin+i)*kh+y)*kw+x]
					}
				}
			}
		}
	case group == cout && cin == 1:
		s.dw = true
		s.f = &Weight{Shape: []int{kh, kw, cout, 1}, Data: make([]float32, len(w.Float))}
		for c := range cout {
			for y := range kh {
				for x := range kw {
					s.f.Data[(y*kw+x)*cout+c] = w.Float[(c*kh+y)*kw+x]
				}
			}
		}
	default:
		return fmt.Errorf("group %d with a weight %v not supported", group, w.Dims)
	}
	return nil
}

// Run evaluates the named outputs (all the graph's outputs when none is
// named) for one input x, NHWC. A head output (Transpose and Reshape to
// [1, N, k]) is returned as N x 1 x k. The input is left as it is; every
// tensor no longer needed is released for reuse as soon as its last
// reader has run.
func (g *ONNXGraph) Run(x *Tensor, outputs ...string) ([]*Tensor, error) {
	if len(outputs) == 0 {
		outputs = g.outputs
	}
	want := map[string]bool{}
	for _, o := range outputs {
		want[o] = true
	}
	// Only the steps the outputs need, and how many of them read each
	// tensor.
	need := map[string]bool{}
	for _, o := range outputs {
		need[o] = true
	}
	uses := map[string]int{}
	var run []*onnxStep
	for i := len(g.steps) - 1; i >= 0; i-- {
		s := &g.steps[i]
		if !need[s.out] {
			continue
		}
		run = append(run, s)
		for _, in := range s.in {
			need[in] = true
			uses[in]++
		}
	}
	slices.Reverse(run)
	vals := map[string]*Tensor{g.input: x}
	shared := map[string]bool{g.input: true} // data that must not be released
	for _, s := range run {
		ins := make([]*Tensor, len(s.in))
		for i, name := range s.in {
			t, ok := vals[name]
			if !ok {
				return nil, fmt.Errorf("nn: onnx: %s: no value for %s", s.op, name)
			}
			ins[i] = t
		}
		a := ins[0]
		var out *Tensor
		switch s.op {
		case "Conv":
			if s.f.Shape[2] != a.C {
				return nil, fmt.Errorf("nn: onnx: conv of %d channels on %d", s.f.Shape[2], a.C)
			}
			if s.dw {
				out = DepthwisePads(a, s.f, s.bias, s.stride, s.pads, s.clip[0], s.clip[1])
			} else {
				out = Conv2DPads(a, s.f, s.bias, s.stride, s.pads, s.clip[0], s.clip[1])
			}
		case "Relu":
			out = newUnset(a.H, a.W, a.C)
			for i, v := range a.Data {
				out.Data[i] = max(v, 0)
			}
		case "Sigmoid":
			out = newUnset(a.H, a.W, a.C)
			for i, v := range a.Data {
				out.Data[i] = float32(1 / (1 + math.Exp(-float64(v))))
			}
		case "Add":
			b := ins[1]
			if a.H != b.H || a.W != b.W || a.C != b.C {
				return nil, fmt.Errorf("nn: onnx: add %dx%dx%d and %dx%dx%d (an input whose sides are not multiples of the network's stride?)", a.H, a.W, a.C, b.H, b.W, b.C)
			}
			out = newUnset(a.H, a.W, a.C)
			for i, v := range a.Data {
				out.Data[i] = v + b.Data[i]
			}
		case "MaxPool":
			out = MaxPool(a, s.k, s.stride, Valid)
		case "Resize":
			out = resizeNearest(a, s.k)
		case "Transpose":
			out = a // NCHW to NHWC: our layout already
			shared[s.in[0]], shared[s.out] = true, true
		case "Reshape":
			if len(a.Data)%s.k != 0 {
				return nil, fmt.Errorf("nn: onnx: reshape %d values to [1, -1, %d]", len(a.Data), s.k)
			}
			out = &Tensor{H: len(a.Data) / s.k, W: 1, C: s.k, Data: a.Data}
			shared[s.in[0]], shared[s.out] = true, true
		}
		vals[s.out] = out
		for _, in := range s.in {
			if uses[in]--; uses[in] == 0 && !shared[in] && !want[in] {
				Release(vals[in])
				delete(vals, in)
			}
		}
	}
	res := make([]*Tensor, len(outputs))
	for i, o := range outputs {
		t, ok := vals[o]
		if !ok {
			return nil, fmt.Errorf("nn: onnx: no output %q", o)
		}
		res[i] = t
	}
	return res, nil
}

// resizeNearest enlarges t k times (ONNX's Resize, nearest, asymmetric
// coordinates, rounding down: output (y, x) is input (y/k, x/k)).
func resizeNearest(t *Tensor, k int) *Tensor {
	out := newUnset(t.H*k, t.W*k, t.C)
	c := t.C
	for y := range out.H {
		src := t.Data[(y/k)*t.W*c:]
		dst := out.Data[y*out.W*c : (y+1)*out.W*c]
		for x := range out.W {
			copy(dst[x*c:(x+1)*c], src[(x/k)*c:(x/k+1)*c])
		}
	}
	return out
}
