package video

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"runtime"
	"strconv"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/redact"
)

// SearchOptions say how a clip's faces are searched, and which get masks.
type SearchOptions struct {
	// Detect chooses the detectors (Detect.Face) and whether ages are
	// estimated (needed by Faces = redact.Children).
	Detect detect.Options
	Faces  redact.Faces
	Style  redact.Style
	// Stride is how often faces are searched: on one frame in Stride (1:
	// every frame), and on the last frame. Between two searched frames a
	// and b, a face found at both is masked over the box that holds both
	// its boxes; a face found at one only, over its box there; a face
	// found earlier and missed at b stays masked where it was last seen
	// for Hold more searches.
	Stride, Hold int
	// Jobs is how many frames are searched at once (0: every core).
	Jobs int
	// Found, when set, is told the faces found on each frame searched, in
	// order (for measurements).
	Found func(i int, faces []detect.Face)
}

// DefaultStride and DefaultHold: faces are searched on every second frame
// (15 times a second at 30 frames a second), and a face missed once stays
// masked: on the development clips, 99.8 to 100% of the faces a search of
// every frame finds are masked (every fifth frame: 98.8 to 100%;
// docs/video.md has the measurements).
const (
	DefaultStride = 2
	DefaultHold   = 1
)

// Plan is the masks of every frame of a clip.
type Plan struct {
	// Masks holds each frame's masks, in order (frames past its end get
	// the last frame's).
	Masks [][]redact.Mask
	// Searched counts the frames searched; Faces the faces followed from
	// search to search (masked or not), FacesMasked those masked; Masked
	// the frames with a mask.
	Searched, Faces, FacesMasked, Masked int
}

// Empty reports whether no frame has a mask: the clip needs no encoding.
func (p *Plan) Empty() bool { return p.Masked == 0 }

// At returns the masks of frame i.
func (p *Plan) At(i int) []redact.Mask {
	if len(p.Masks) == 0 {
		return nil
	}
	return p.Masks[min(i, len(p.Masks)-1)]
}

// track is one face followed from search to search.
type track struct {
	id     int
	box    image.Rectangle // its mask at the last search that found it
	misses int             // searches that missed it since
	masked bool            // the faces setting masks it
}

// searched is one frame searched and the faces found on it.
type searched struct {
	i     int
	faces []detect.Face
	err   error
}

// Search decodes the clip src (its stream s, frames of n frames; n <= 0:
// unknown), searches one frame in o.Stride and the last for faces, and
// says where each frame's masks go. Only the frames searched are passed
// from ffmpeg to sharesafe.
func Search(ctx context.Context, f *FFmpeg, src string, s Stream, n int, o SearchOptions) (*Plan, error) {
	if o.Stride < 1 {
		o.Stride = 1
	}
	if o.Jobs <= 0 {
		o.Jobs = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The frames searched: 0, Stride, 2*Stride... and the last.
	sel := "1"
	if o.Stride > 1 {
		sel = "not(mod(n\\," + strconv.Itoa(o.Stride) + "))"
		if n > 0 && (n-1)%o.Stride != 0 {
			sel += "+eq(n\\," + strconv.Itoa(n-1) + ")"
		}
	}
	dec, err := f.decode(ctx, src, s, "select="+sel)
	if err != nil {
		return nil, err
	}
	index := func(j int) int { // the frame number of the j-th frame ffmpeg passes
		if k := j * o.Stride; n <= 0 || k < n {
			return k
		}
		return n - 1
	}
	w, h := dec.Size()
	// Each frame passed is searched on a worker; results are taken in
	// order. Frames are allocated per search (Jobs of them in flight).
	results := make(chan chan searched, o.Jobs)
	decErr := make(chan error, 1)
	go func() {
		defer close(results)
		for j := 0; ; j++ {
			img := image.NewNRGBA(image.Rect(0, 0, w, h))
			if err := dec.Next(img); err != nil {
				if err == io.EOF {
					err = nil
				}
				decErr <- err
				return
			}
			out := make(chan searched, 1)
			select {
			case results <- out:
			case <-ctx.Done():
				decErr <- ctx.Err()
				return
			}
			go func(i int) {
				faces, err := detect.Faces(img, o.Detect.Face)
				if err == nil && o.Detect.Ages && o.Faces == redact.Children {
					err = detect.EstimateAges(img, faces, 1)
				}
				out <- searched{i, faces, err}
			}(index(j))
		}
	}()
	p := &Plan{}
	tr := &tracker{hold: o.Hold, style: o.Style, faces: o.Faces}
	var failed error
	for out := range results {
		r := <-out
		if failed != nil {
			continue
		}
		if r.err != nil {
			failed = fmt.Errorf("searching frame %d for faces: %w", r.i, r.err)
			cancel()
			continue
		}
		if o.Found != nil {
			o.Found(r.i, r.faces)
		}
		p.Searched++
		between, at := tr.next(r.faces)
		for len(p.Masks) < r.i {
			p.Masks = append(p.Masks, between)
		}
		p.Masks = append(p.Masks, at)
	}
	derr := <-decErr
	cerr := dec.Close()
	if failed == nil {
		failed = errors.Join(derr, cerr)
	}
	if failed != nil {
		return nil, failed
	}
	if p.Searched == 0 {
		return nil, errors.New("ffmpeg decoded no frame")
	}
	p.Faces = tr.ids
	masked := map[int]bool{}
	for _, m := range p.Masks {
		if len(m) > 0 {
			p.Masked++
		}
		for _, k := range m {
			masked[k.Design] = true
		}
	}
	p.FacesMasked = len(masked)
	return p, nil
}

// tracker follows faces from search to search.
type tracker struct {
	tracks []*track
	ids    int
	hold   int
	style  redact.Style
	faces  redact.Faces
}

// next takes the faces found at the next search and returns the masks of
// the frames since the last search, and of the frame searched.
func (t *tracker) next(faces []detect.Face) (between, at []redact.Mask) {
	plan := redact.PlanFor(detect.Report{Faces: faces}, t.faces, t.style)
	selected := map[int]bool{}
	for _, m := range plan.Masks {
		selected[m.Design] = true
	}
	add := func(tk *track, b, a image.Rectangle) {
		if tk.masked {
			between = append(between, redact.Mask{Box: b, Style: t.style, Design: tk.id})
			at = append(at, redact.Mask{Box: a, Style: t.style, Design: tk.id})
		}
	}
	// The faces followed take the faces found that overlap them best,
	// then the rest are new.
	used := make([]bool, len(faces))
	for _, tk := range t.tracks {
		best, score := -1, 0.0
		for k, fc := range faces {
			if !used[k] {
				if sc := overlap(tk.box, fc.Mask.R()); sc > score {
					best, score = k, sc
				}
			}
		}
		if best >= 0 {
			used[best] = true
			b := faces[best].Mask.R()
			tk.masked = tk.masked || selected[best]
			add(tk, tk.box.Union(b), b) // it moved from tk.box to b
			tk.box, tk.misses = b, 0
			continue
		}
		tk.misses++
		if tk.misses <= t.hold {
			add(tk, tk.box, tk.box)
		}
	}
	for k, fc := range faces {
		if used[k] {
			continue
		}
		t.ids++
		tk := &track{id: t.ids, box: fc.Mask.R(), masked: selected[k]}
		t.tracks = append(t.tracks, tk)
		add(tk, tk.box, tk.box)
	}
	alive := t.tracks[:0]
	for _, tk := range t.tracks {
		if tk.misses <= t.hold {
			alive = append(alive, tk)
		}
	}
	t.tracks = alive
	return between, at
}

// overlap scores how likely two boxes are the same face a few frames
// apart: above 1, their intersection over the smaller box; apart, how
// close their centres are against their size (0 when farther than a box).
func overlap(a, b image.Rectangle) float64 {
	if in := a.Intersect(b); !in.Empty() {
		small := min(a.Dx()*a.Dy(), b.Dx()*b.Dy())
		return 1 + float64(in.Dx()*in.Dy())/float64(max(small, 1))
	}
	ca := a.Min.Add(a.Max).Div(2)
	cb := b.Min.Add(b.Max).Div(2)
	d := ca.Sub(cb)
	dist := float64(d.X*d.X + d.Y*d.Y)
	side := float64(max(a.Dx(), a.Dy(), b.Dx(), b.Dy()))
	if dist > side*side {
		return 0
	}
	return 1 - dist/(side*side)
}

// Render decodes the clip src again, draws the plan's masks on every
// frame and encodes the frames to dst with src's sound (o.Format: the
// container). dst is ffmpeg's output, not yet a safe copy: the caller
// cleans and checks it (redact.WriteVideo). It returns the frames encoded.
func Render(ctx context.Context, f *FFmpeg, src string, s Stream, dst string, p *Plan, o EncodeOptions) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	dec, err := f.Decode(ctx, src, s)
	if err != nil {
		return 0, err
	}
	w, h := dec.Size()
	fps := s.FPS
	if fps <= 0 {
		fps = 30
	}
	enc, err := f.Encode(ctx, dst, src, w, h, fps, s.Start, o)
	if err != nil {
		dec.Close()
		return 0, err
	}
	// Two buffers: ffmpeg decodes one frame while the other is masked
	// and encoded.
	frames := make(chan *image.NRGBA, 1)
	free := make(chan *image.NRGBA, 2)
	free <- image.NewNRGBA(image.Rect(0, 0, w, h))
	free <- image.NewNRGBA(image.Rect(0, 0, w, h))
	decErr := make(chan error, 1)
	go func() {
		defer close(frames)
		for {
			var img *image.NRGBA
			select {
			case img = <-free:
			case <-ctx.Done():
				decErr <- ctx.Err()
				return
			}
			if err := dec.Next(img); err != nil {
				if err == io.EOF {
					err = nil
				}
				decErr <- err
				return
			}
			frames <- img
		}
	}()
	stamps := redact.NewStamps()
	n := 0
	var failed error
	for img := range frames {
		if failed == nil {
			stamps.Draw(img, redact.Plan{Masks: p.At(n)})
			if err := enc.Write(img); err != nil {
				failed = err
				cancel()
			}
			n++
		}
		free <- img
	}
	if failed == nil {
		failed = errors.Join(<-decErr, dec.Close())
	} else {
		dec.Close()
	}
	if failed != nil {
		enc.Abort()
		return n, failed
	}
	if n == 0 {
		enc.Abort()
		return 0, errors.New("ffmpeg decoded no frame")
	}
	return n, enc.Close()
}

// Mask searches a clip and, when a face is to be masked, renders it to
// dst (a measurement's dst may be empty: nothing is encoded). It returns
// the plan.
func Mask(ctx context.Context, f *FFmpeg, src string, s Stream, dst string, o SearchOptions, e EncodeOptions) (*Plan, error) {
	p, err := Search(ctx, f, src, s, s.Frames, o)
	if err != nil || dst == "" || p.Empty() {
		return p, err
	}
	_, err = Render(ctx, f, src, s, dst, p, e)
	return p, err
}
