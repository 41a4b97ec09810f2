package nn

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Graph is a TensorFlow.js graph model (model.json's modelTopology) with
// its weights, restricted to the operations small convolutional networks
// such as BlazeFace use: _FusedConv2D (with BiasAdd, Relu or Relu6),
// DepthwiseConv2dNative, AddV2, Relu, Relu6, MaxPool, Pad, Reshape and
// Identity, on a single NHWC input with a batch of one.
type Graph struct {
	nodes map[string]*node
	input string
}

type node struct {
	name, op string
	inputs   []string
	strides  int
	ksize    int
	padding  Padding
	fused    []string
	weight   *Weight // for Const nodes
}

type graphJSON struct {
	ModelTopology struct {
		Node []struct {
			Name  string                     `json:"name"`
			Op    string                     `json:"op"`
			Input []string                   `json:"input"`
			Attr  map[string]json.RawMessage `json:"attr"`
		} `json:"node"`
	} `json:"modelTopology"`
}

// LoadGraph reads a graph model: model is model.json (topology and
// weights manifest), shard returns the weight files it names.
func LoadGraph(model []byte, shard func(name string) ([]byte, error)) (*Graph, error) {
	var m graphJSON
	if err := json.Unmarshal(model, &m); err != nil {
		return nil, fmt.Errorf("nn: graph model: %w", err)
	}
	ws, err := LoadTFJS(model, shard)
	if err != nil {
		return nil, err
	}
	g := &Graph{nodes: map[string]*node{}}
	for _, n := range m.ModelTopology.Node {
		nd := &node{name: n.Name, op: n.Op, strides: 1}
		for _, in := range n.Input {
			if strings.HasPrefix(in, "^") {
				continue // control dependency
			}
			in, _, _ = strings.Cut(in, ":")
			nd.inputs = append(nd.inputs, in)
		}
		var list struct {
			List struct {
				I []string `json:"i"`
				S []string `json:"s"`
			} `json:"list"`
			S string `json:"s"`
		}
		if raw, ok := n.Attr["strides"]; ok {
			if err := json.Unmarshal(raw, &list); err != nil || len(list.List.I) != 4 {
				return nil, fmt.Errorf("nn: %s: strides %s", n.Name, raw)
			}
			nd.strides, _ = strconv.Atoi(list.List.I[1])
			if list.List.I[1] != list.List.I[2] {
				return nil, fmt.Errorf("nn: %s: unequal strides not supported", n.Name)
			}
		}
		if raw, ok := n.Attr["ksize"]; ok {
			list.List.I = nil
			if err := json.Unmarshal(raw, &list); err != nil || len(list.List.I) != 4 || list.List.I[1] != list.List.I[2] {
				return nil, fmt.Errorf("nn: %s: ksize %s", n.Name, raw)
			}
			nd.ksize, _ = strconv.Atoi(list.List.I[1])
		}
		if raw, ok := n.Attr["padding"]; ok {
			list.S = ""
			if err := json.Unmarshal(raw, &list); err != nil {
				return nil, fmt.Errorf("nn: %s: padding %s", n.Name, raw)
			}
			switch decode64(list.S) {
			case "SAME":
				nd.padding = Same
			case "VALID":
				nd.padding = Valid
			default:
				return nil, fmt.Errorf("nn: %s: padding %q not supported", n.Name, decode64(list.S))
			}
		}
		if raw, ok := n.Attr["fused_ops"]; ok {
			list.List.S = nil
			if err := json.Unmarshal(raw, &list); err != nil {
				return nil, fmt.Errorf("nn: %s: fused_ops %s", n.Name, raw)
			}
			for _, s := range list.List.S {
				nd.fused = append(nd.fused, decode64(s))
			}
		}
		switch n.Op {
		case "Const":
			w, ok := ws[n.Name]
			if !ok {
				return nil, fmt.Errorf("nn: constant %s has no weights", n.Name)
			}
			nd.weight = w
		case "Placeholder":
			if g.input != "" {
				return nil, fmt.Errorf("nn: more than one input (%s, %s)", g.input, n.Name)
			}
			g.input = n.Name
		case "_FusedConv2D", "DepthwiseConv2dNative", "AddV2", "Relu", "Relu6", "MaxPool", "Pad", "Reshape", "Identity":
		default:
			return nil, fmt.Errorf("nn: %s: operation %s not supported", n.Name, n.Op)
		}
		g.nodes[n.Name] = nd
	}
	if g.input == "" {
		return nil, fmt.Errorf("nn: graph model has no input")
	}
	return g, nil
}

func decode64(s string) string {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return s
	}
	return string(b)
}

// Run evaluates the named outputs for one input. A Reshape's result keeps
// its values in order (a [1, N, K] reshape is returned as N x 1 x K).
func (g *Graph) Run(x *Tensor, outputs ...string) ([]*Tensor, error) {
	memo := map[string]*Tensor{g.input: x}
	// uses counts, for every tensor the outputs need, the nodes that read
	// it: once the last has run, its data is released for reuse (unless
	// the input, an output, or shared with a Reshape or Identity: neither
	// the tensor they read nor the one they make, whose data is the same).
	uses := map[string]int{}
	keep := map[string]bool{g.input: true}
	for _, o := range outputs {
		keep[o] = true
	}
	var count func(name string)
	seen := map[string]bool{}
	count = func(name string) {
		n := g.nodes[name]
		if seen[name] || n == nil {
			return
		}
		seen[name] = true
		for _, in := range n.inputs {
			if m := g.nodes[in]; in == g.input || m != nil && m.op != "Const" {
				uses[in]++
				count(in)
			}
			if n.op == "Reshape" || n.op == "Identity" {
				keep[in], keep[name] = true, true
			}
		}
	}
	for _, o := range outputs {
		count(o)
	}
	var eval func(name string) (*Tensor, error)
	eval = func(name string) (*Tensor, error) {
		if t, ok := memo[name]; ok {
			return t, nil
		}
		n, ok := g.nodes[name]
		if !ok {
			return nil, fmt.Errorf("nn: no node %q", name)
		}
		if n.op == "Const" {
			return nil, fmt.Errorf("nn: %s: a constant used as a tensor", name)
		}
		in := func(i int) (*Tensor, error) {
			if i >= len(n.inputs) {
				return nil, fmt.Errorf("nn: %s: missing input %d", name, i)
			}
			return eval(n.inputs[i])
		}
		weight := func(i int) (*Weight, error) {
			if i >= len(n.inputs) || g.nodes[n.inputs[i]] == nil || g.nodes[n.inputs[i]].weight == nil {
				return nil, fmt.Errorf("nn: %s: input %d is not a constant", name, i)
			}
			return g.nodes[n.inputs[i]].weight, nil
		}
		a, err := in(0)
		if err != nil {
			return nil, err
		}
		var out *Tensor
		switch n.op {
		case "_FusedConv2D":
			f, err := weight(1)
			if err != nil {
				return nil, err
			}
			var bias []float32
			act := ""
			for _, op := range n.fused {
				switch op {
				case "BiasAdd":
					b, err := weight(2)
					if err != nil {
						return nil, err
					}
					bias = b.Data
				case "Relu", "Relu6":
					act = op
				default:
					return nil, fmt.Errorf("nn: %s: fused %s not supported", name, op)
				}
			}
			lo, hi := noClip[0], noClip[1]
			switch act {
			case "Relu":
				lo = 0
			case "Relu6":
				lo, hi = 0, 6
			}
			out = Conv2DClip(a, f, bias, n.strides, n.padding, lo, hi)
		case "DepthwiseConv2dNative":
			f, err := weight(1)
			if err != nil {
				return nil, err
			}
			out = Depthwise(a, f, n.strides, n.padding)
		case "AddV2":
			b, err := in(1)
			if err != nil {
				return nil, err
			}
			if a.H != b.H || a.W != b.W || a.C != b.C {
				return nil, fmt.Errorf("nn: %s: add %dx%dx%d and %dx%dx%d", name, a.H, a.W, a.C, b.H, b.W, b.C)
			}
			out = newUnset(a.H, a.W, a.C)
			for i, v := range a.Data {
				out.Data[i] = v + b.Data[i]
			}
		case "Relu":
			out = newUnset(a.H, a.W, a.C)
			for i, v := range a.Data {
				out.Data[i] = max(v, 0)
			}
		case "Relu6":
			out = newUnset(a.H, a.W, a.C)
			for i, v := range a.Data {
				out.Data[i] = min(max(v, 0), 6)
			}
		case "MaxPool":
			out = MaxPool(a, n.ksize, n.strides, n.padding)
		case "Pad":
			p, err := weight(1)
			if err != nil {
				return nil, err
			}
			if len(p.Data) != 8 || p.Data[0] != 0 || p.Data[1] != 0 {
				return nil, fmt.Errorf("nn: %s: paddings %v not supported", name, p.Data)
			}
			out = Pad(a, int(p.Data[2]), int(p.Data[3]), int(p.Data[4]), int(p.Data[5]), int(p.Data[6]), int(p.Data[7]))
		case "Reshape":
			s, err := weight(1)
			if err != nil {
				return nil, err
			}
			if len(s.Data) != 3 || s.Data[0] != 1 {
				return nil, fmt.Errorf("nn: %s: reshape to %v not supported", name, s.Data)
			}
			k := int(s.Data[2])
			if k <= 0 || len(a.Data)%k != 0 {
				return nil, fmt.Errorf("nn: %s: reshape %d values to %v", name, len(a.Data), s.Data)
			}
			out = &Tensor{H: len(a.Data) / k, W: 1, C: k, Data: a.Data}
		case "Identity":
			out = a
		}
		memo[name] = out
		for _, in := range n.inputs {
			if _, ok := uses[in]; !ok {
				continue
			}
			if uses[in]--; uses[in] == 0 && !keep[in] && memo[in] != out {
				Release(memo[in])
			}
		}
		return out, nil
	}
	res := make([]*Tensor, len(outputs))
	for i, o := range outputs {
		t, err := eval(o)
		if err != nil {
			return nil, err
		}
		res[i] = t
	}
	return res, nil
}

// Pad adds zeros around a tensor: rows before and after, columns before
// and after, channels before and after.
func Pad(t *Tensor, top, bottom, left, right, cBefore, cAfter int) *Tensor {
	out := New(t.H+top+bottom, t.W+left+right, t.C+cBefore+cAfter)
	for y := 0; y < t.H; y++ {
		for x := 0; x < t.W; x++ {
			o := ((y+top)*out.W + x + left) * out.C
			copy(out.Data[o+cBefore:o+cBefore+t.C], t.Data[(y*t.W+x)*t.C:])
		}
	}
	return out
}
