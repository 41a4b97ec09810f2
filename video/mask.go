package video

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"runtime"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/redact"
)

// MaskOptions say which faces of a clip get masks, and how.
type MaskOptions struct {
	// Detect chooses the detectors (Detect.Face) and whether ages are
	// estimated (needed by Faces = redact.Children).
	Detect detect.Options
	Faces  redact.Faces
	Style  redact.Style
	// Stride is how often faces are searched: on one frame in Stride (1:
	// every frame). Between two searched frames a and b, a face found at
	// both is masked over the box that holds both its boxes; a face found
	// at one only, over its box there; a face found earlier and missed at
	// b stays masked where it was last seen for Hold more searches.
	Stride, Hold int
	// Jobs is how many frames are searched at once (0: every core).
	Jobs int
	// Encode chooses the encoding of the masked frames.
	Encode EncodeOptions
	// Frame, when set, is told the masks drawn on each frame, in order,
	// and Found the faces found on each frame searched (for
	// measurements).
	Frame func(i int, masks []image.Rectangle)
	Found func(i int, faces []detect.Face)
}

// DefaultStride and DefaultHold: faces are searched on every fifth frame
// (six times a second at 30 frames a second), and a face missed once stays
// masked (docs/video.md has the measurements).
const (
	DefaultStride = 5
	DefaultHold   = 1
)

// MaskResult says what Mask did.
type MaskResult struct {
	// Frames were decoded, masked and encoded; Searched were searched for
	// faces.
	Frames, Searched int
	// Faces counts the faces followed from frame to frame; Masked the
	// frames with at least one mask.
	Faces, Masked int
}

// track is one face followed from search to search.
type track struct {
	id     int
	box    image.Rectangle // its mask at the last search that found it
	misses int             // searches that missed it since
	masked bool            // the faces setting masks it
}

// searched is one frame searched: its index and the masks of the faces
// the setting masks (grown head boxes), with whether each is masked.
type searched struct {
	i     int
	faces []detect.Face
	err   error
}

// frame is one decoded frame waiting for its masks.
type frame struct {
	i   int
	img *image.NRGBA
}

// Mask decodes the clip src (its stream s), searches its frames for
// faces, draws masks over them and encodes the frames to dst with src's
// sound (EncodeOptions.Format: the container). dst is ffmpeg's output, not
// yet a safe copy: the caller cleans and checks it (redact.WriteVideo).
// With dst empty nothing is encoded (measurements).
func Mask(ctx context.Context, f *FFmpeg, src string, s Stream, dst string, o MaskOptions) (MaskResult, error) {
	var res MaskResult
	if o.Stride < 1 {
		o.Stride = 1
	}
	if o.Jobs <= 0 {
		o.Jobs = runtime.GOMAXPROCS(0)
	}
	fps := s.FPS
	if fps <= 0 {
		fps = 30
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	dec, err := f.Decode(ctx, src, s)
	if err != nil {
		return res, err
	}
	w, h := dec.Size()
	var enc *Encoder
	if dst != "" {
		if enc, err = f.Encode(ctx, dst, src, w, h, fps, o.Encode); err != nil {
			dec.Close()
			return res, err
		}
	}
	// Frame buffers: enough for the frames between the searches in
	// flight, reused.
	free := make(chan *image.NRGBA, (o.Jobs+2)*o.Stride+2)
	for range cap(free) {
		free <- image.NewNRGBA(image.Rect(0, 0, w, h))
	}
	frames := make(chan frame, o.Stride)
	decErr := make(chan error, 1)
	go func() {
		defer close(frames)
		for i := 0; ; i++ {
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
			select {
			case frames <- frame{i, img}:
			case <-ctx.Done():
				decErr <- ctx.Err()
				return
			}
		}
	}()

	// Searches run on workers; their results are taken in order.
	sem := make(chan struct{}, o.Jobs)
	search := func(i int, img *image.NRGBA) chan searched {
		out := make(chan searched, 1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			faces, err := detect.Faces(img, o.Detect.Face)
			if err == nil && o.Detect.Ages && o.Faces == redact.Children {
				err = detect.EstimateAges(img, faces, 1)
			}
			out <- searched{i, faces, err}
		}()
		return out
	}
	type segment struct {
		frames []frame       // the frames after the last search, up to this one
		result chan searched // the search of the last frame
	}
	segments := make(chan segment, o.Jobs)
	go func() {
		defer close(segments)
		var cur []frame
		for fr := range frames {
			cur = append(cur, fr)
			if fr.i%o.Stride == 0 {
				segments <- segment{cur, search(fr.i, fr.img)}
				cur = nil
			}
		}
		if len(cur) > 0 { // the last frame is searched too
			last := cur[len(cur)-1]
			segments <- segment{cur, search(last.i, last.img)}
		}
	}()

	var tracks []*track
	nextID := 0
	stamps := redact.NewStamps()
	var failed error
	for seg := range segments {
		r := <-seg.result
		if failed != nil {
			for _, fr := range seg.frames {
				free <- fr.img
			}
			continue
		}
		if r.err != nil {
			failed = fmt.Errorf("searching frame %d for faces: %w", r.i, r.err)
			cancel()
			for _, fr := range seg.frames {
				free <- fr.img
			}
			continue
		}
		res.Searched++
		if o.Found != nil {
			o.Found(r.i, r.faces)
		}
		// Match the faces found to the faces followed (the best overlap
		// first), then say where each is masked in this segment.
		masks := map[*track]image.Rectangle{} // a box for the frames before the searched one
		final := map[*track]image.Rectangle{} // and for the searched frame
		plan := redact.PlanFor(detect.Report{Faces: r.faces}, o.Faces, o.Style)
		selected := map[int]bool{}
		for _, m := range plan.Masks {
			selected[m.Design] = true
		}
		used := make([]bool, len(r.faces))
		for _, t := range tracks {
			best, bestScore := -1, 0.0
			for k, fc := range r.faces {
				if used[k] {
					continue
				}
				if sc := overlap(t.box, fc.Mask.R()); sc > bestScore {
					best, bestScore = k, sc
				}
			}
			if best >= 0 {
				used[best] = true
				b := r.faces[best].Mask.R()
				t.masked = t.masked || selected[best]
				masks[t] = t.box.Union(b) // it moved from t.box to b
				final[t] = b
				t.box, t.misses = b, 0
				continue
			}
			t.misses++
			if t.misses <= o.Hold {
				masks[t], final[t] = t.box, t.box
			}
		}
		for k, fc := range r.faces {
			if used[k] {
				continue
			}
			nextID++
			t := &track{id: nextID, box: fc.Mask.R(), masked: selected[k]}
			tracks = append(tracks, t)
			masks[t], final[t] = t.box, t.box
		}
		alive := tracks[:0]
		for _, t := range tracks {
			if t.misses <= o.Hold {
				alive = append(alive, t)
			}
		}
		tracks = alive
		res.Faces = nextID
		for _, fr := range seg.frames {
			boxes := masks
			if fr.i == r.i {
				boxes = final
			}
			var p redact.Plan
			var drawn []image.Rectangle
			for t, b := range boxes {
				if t.masked {
					p.Masks = append(p.Masks, redact.Mask{Box: b, Style: o.Style, Design: t.id})
					drawn = append(drawn, b)
				}
			}
			stamps.Draw(fr.img, p)
			if len(drawn) > 0 {
				res.Masked++
			}
			if o.Frame != nil {
				o.Frame(fr.i, drawn)
			}
			if enc != nil {
				if err := enc.Write(fr.img); err != nil && failed == nil {
					failed = err
					cancel()
				}
			}
			res.Frames++
			free <- fr.img
		}
	}
	derr := <-decErr
	cerr := dec.Close()
	if failed == nil && derr != nil {
		failed = derr
	}
	if failed == nil && cerr != nil {
		failed = cerr
	}
	if failed != nil {
		if enc != nil {
			enc.Abort()
		}
		return res, failed
	}
	if enc != nil {
		if err := enc.Close(); err != nil {
			return res, err
		}
	}
	if res.Frames == 0 {
		return res, errors.New("ffmpeg decoded no frame")
	}
	return res, nil
}

// overlap scores how likely two boxes are the same face a few frames
// apart: their intersection over the smaller box, or, apart, how close
// their centres are against their size (0 when farther than a box).
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
