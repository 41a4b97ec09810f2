// Command faceeval measures face detection on a folder of labelled photos
// (truth.json: [{"file": ..., "boxes": [[x, y, w, h], ...]}]), as in
// ../shared/corpus/faces/BASELINES.md: only labelled faces at least 20 px
// wide are scored; a detection of a smaller labelled face counts neither
// way. On a folder with ground_truth.json (face crops, FairFace) it reports
// the share of crops in which a face is found.
//
//	go run ./dev/faceeval ../shared/corpus/faces
//	go run ./dev/faceeval -sweep ../shared/corpus/faces
//	go run ./dev/faceeval ../shared/corpus/ages
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sharesafe/sharesafe/detect"
	_ "github.com/sharesafe/sharesafe/heif"
	"github.com/sharesafe/sharesafe/photo"
)

const minWidth = 20

// smallWidth is the second width scored: masked recall of faces at least
// 14 px wide (issue #27).
const smallWidth = 14

// allDetectors are the detectors faceeval knows, in the order it prints
// them.
var allDetectors = []string{detect.DetectorYuNet, detect.DetectorPigo, detect.DetectorSSD, detect.DetectorBlaze}

type truth struct {
	File  string       `json:"file"`
	Boxes [][4]float64 `json:"boxes"`
}

// limits are the minimum scores kept for each detector (a detector absent
// from the map is off).
type limits map[string]float64

func (l limits) String() string {
	var parts []string
	for _, d := range allDetectors {
		if v, ok := l[d]; ok {
			parts = append(parts, fmt.Sprintf("%s %g", d, v))
		}
	}
	return strings.Join(parts, ", ")
}

// limitsOf reads the thresholds of a detect.FaceOptions.
func limitsOf(opt detect.FaceOptions) limits {
	l := limits{}
	if len(opt.Angles) > 0 {
		l[detect.DetectorPigo] = opt.Threshold
	}
	if opt.SSDSize > 0 {
		l[detect.DetectorSSD] = opt.SSDScore
	}
	if opt.Blaze {
		l[detect.DetectorBlaze] = opt.BlazeScore
	}
	if opt.YuNetSize > 0 {
		l[detect.DetectorYuNet] = opt.YuNetScore
	}
	return l
}

// keep applies the limits to a photo's candidates and merges them.
func (l limits) keep(c []detect.Face) []detect.Face {
	var out []detect.Face
	for _, f := range c {
		if v, ok := l[f.Detector]; ok && f.Score >= v {
			out = append(out, f)
		}
	}
	return detect.Merge(out)
}

func main() {
	work := flag.Int("worksize", 1600, "pigo: long side of the grey copy searched")
	angles := flag.String("angles", "", "pigo: in-plane angles in degrees, comma-separated (default: detect's)")
	turnedMin := flag.Int("turned-min", 0, "pigo: smallest face of the turned passes, in working pixels (0: the minimum face)")
	threshold := flag.Float64("threshold", 15, "pigo: minimum cluster score")
	detectors := flag.String("detectors", "", "detectors to run, comma-separated (default: those of -preset)")
	preset := flag.String("preset", "thorough", "the settings flags change: thorough (detect.DefaultFaceOptions) or fast (detect.FastFaceOptions)")
	yunetSize := flag.Int("yunet-size", -1, "YuNet: long side of the whole photo's pass (-1: the preset's)")
	yunetScore := flag.Float64("yunet-score", -1, "YuNet minimum score (-1: the preset's)")
	yunetTileScale := flag.Float64("yunet-tile-scale", -1, "YuNet: scale of the tiles' pass, 0 off (-1: the preset's)")
	yunetTile := flag.Int("yunet-tile", -1, "YuNet: tile side (-1: the preset's)")
	yunetFlip := flag.String("yunet-flip", "", "YuNet: also search the mirrored picture, true or false (default: the preset's)")
	yunetCheck := flag.Float64("yunet-check-below", -1, "YuNet: boxes under this score are looked at again (-1: the preset's)")
	yunetCheckScore := flag.Float64("yunet-check-score", -1, "YuNet: score the second look must reach (-1: the preset's)")
	yunetOverlap := flag.Int("yunet-overlap", -1, "YuNet: tile overlap (-1: the preset's)")
	ssdSize := flag.Int("ssd-size", 768, "SSD input side")
	ssdLarge := flag.Int("ssd-large", 640, "SSD input side for photos at least -ssd-large-from px long")
	ssdLargeFrom := flag.Int("ssd-large-from", 1600, "long side from which photos are seen at -ssd-large (0: none)")
	ssdScore := flag.Float64("ssd-score", 0.3, "SSD minimum score")
	blazeScore := flag.Float64("blaze-score", 0.5, "BlazeFace minimum score")
	blazeMin := flag.Float64("blaze-min", 0.1, "BlazeFace: smallest box kept, as a share of the photo's long side")
	sweep := flag.Bool("sweep", false, "print the figures for a grid of thresholds")
	growth := flag.Bool("growth", false, "print how much each detector's boxes must grow to contain the labelled boxes")
	labels := flag.Bool("labels", false, "print how many faces the age estimate labels child, unsure and adult, and why unsure")
	children := flag.String("children", "", "a labels.json of faces labelled child, teenager or adult: print what --faces children masks")
	maskScale := flag.Float64("mask-scale", 1, "grow every mask by this factor about its centre before scoring (to choose mask sizes)")
	mosaic := flag.Bool("mosaic", false, "compare the photos one by one with the same photos laid 4 by 4 in 12-megapixel mosaics")
	passes := flag.Bool("passes", false, "print what each detector and each of pigo's passes adds to the merged figures")
	flag.Parse()
	if *children != "" {
		check(childrenReport(os.Stdout, *children))
		return
	}
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: faceeval [flags] DIR")
		os.Exit(2)
	}
	opt := detect.DefaultFaceOptions
	if *preset == "fast" {
		opt = detect.FastFaceOptions
	}
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	// Flags given change the preset's settings; a detector the preset does
	// not run takes the flags' defaults when -detectors turns it on.
	on := map[string]bool{}
	if *detectors == "" {
		for d := range limitsOf(opt) {
			on[d] = true
		}
	} else {
		for _, d := range strings.Split(*detectors, ",") {
			on[strings.TrimSpace(d)] = true
		}
	}
	if on[detect.DetectorPigo] && (len(opt.Angles) == 0 || set["worksize"] || set["threshold"] || set["turned-min"]) {
		opt.WorkSize, opt.TurnedMinFace, opt.Threshold = *work, *turnedMin, *threshold
		if opt.MinFace == 0 {
			opt.MinFace, opt.Shift, opt.Scale, opt.ClusterIoU, opt.NMSIoU = 20, 0.1, 1.1, 0.2, 0.3
		}
		if len(opt.Angles) == 0 {
			opt.Angles = []float64{0}
		}
	}
	if on[detect.DetectorSSD] && (opt.SSDSize == 0 || set["ssd-size"] || set["ssd-score"] || set["ssd-large"] || set["ssd-large-from"]) {
		opt.SSDSize, opt.SSDScore, opt.SSDLargeSize, opt.SSDLargeFrom, opt.SSDMaxSide = *ssdSize, *ssdScore, *ssdLarge, *ssdLargeFrom, 0.5
	}
	if on[detect.DetectorBlaze] && (!opt.Blaze || set["blaze-score"] || set["blaze-min"]) {
		opt.BlazeScore, opt.BlazeMinSide = *blazeScore, *blazeMin
	}
	if on[detect.DetectorYuNet] {
		if opt.YuNetSize == 0 {
			opt.YuNetSize, opt.YuNetScore = 640, 0.6
		}
		if *yunetSize >= 0 {
			opt.YuNetSize = *yunetSize
		}
		if *yunetScore >= 0 {
			opt.YuNetScore = *yunetScore
		}
		if *yunetTileScale >= 0 {
			opt.YuNetTileScale = *yunetTileScale
		}
		if *yunetTile >= 0 {
			opt.YuNetTile = *yunetTile
		}
		if *yunetOverlap >= 0 {
			opt.YuNetOverlap = *yunetOverlap
		}
		if *yunetCheck >= 0 {
			opt.YuNetCheckBelow = *yunetCheck
		}
		if *yunetCheckScore >= 0 {
			opt.YuNetCheckScore = *yunetCheckScore
		}
		if *yunetFlip != "" {
			opt.YuNetFlip = *yunetFlip == "true"
		}
		if opt.YuNetTile == 0 {
			opt.YuNetTile, opt.YuNetOverlap = 640, 96
		}
	}
	if *angles != "" {
		opt.Angles = nil
		for _, a := range strings.Split(*angles, ",") {
			v, err := strconv.ParseFloat(strings.TrimSpace(a), 64)
			check(err)
			opt.Angles = append(opt.Angles, v)
		}
	}
	if !on[detect.DetectorPigo] {
		opt.Angles = nil
	}
	if !on[detect.DetectorSSD] {
		opt.SSDSize = 0
	}
	opt.Blaze = on[detect.DetectorBlaze]
	if !on[detect.DetectorYuNet] {
		opt.YuNetSize = 0
	}
	dir := flag.Arg(0)
	if _, err := os.Stat(filepath.Join(dir, "ground_truth.json")); err == nil {
		crops(dir, opt)
		return
	}
	if *labels {
		t, err := labelCounts(dir, opt)
		check(err)
		t.print(os.Stdout)
		return
	}
	// Detect once with low thresholds; thresholds are applied afterwards.
	lim := limitsOf(opt)
	if *mosaic {
		mosaicReport(dir, opt, lim)
		return
	}
	low := opt
	low.Threshold, low.SSDScore, low.BlazeScore, low.YuNetScore = 0, 0.15, 0.15, 0.1
	start, cpu0 := time.Now(), cpuTime()
	runs, pixels, err := detectAll(dir, low)
	check(err)
	if *maskScale != 1 {
		for _, r := range runs {
			for i := range r.faces {
				m := r.faces[i].Mask
				cx, cy := float64(m[0])+float64(m[2])/2, float64(m[1])+float64(m[3])/2
				w, h := float64(m[2])**maskScale, float64(m[3])**maskScale
				r.faces[i].Mask = detect.Rect{int(cx - w/2), int(cy - h/2), int(w + 0.5), int(h + 0.5)}
			}
		}
	}
	msPerMP := float64(time.Since(start).Milliseconds()) / (pixels / 1e6)
	fmt.Printf("%d photos, %.0f ms per megapixel (detection with decoding, GOMAXPROCS %d); CPU %.0f ms per photo\n", len(runs), msPerMP, runtime.GOMAXPROCS(0), float64((cpuTime()-cpu0).Milliseconds())/float64(max(1, len(runs))))
	fmt.Printf("YuNet: %d px (mirrored too: %v), tiles at %gx of %d px overlapping by %d\n", opt.YuNetSize, opt.YuNetFlip, opt.YuNetTileScale, opt.YuNetTile, opt.YuNetOverlap)
	fmt.Printf("pigo: worksize %d, angles %v (turned passes from %d px), shift %.2f, scale %.2f; SSD input %d (%d from %d px); BlazeFace boxes at least %.2f of the long side\n\n",
		opt.WorkSize, opt.Angles, max(opt.MinFace, opt.TurnedMinFace), opt.Shift, opt.Scale, opt.SSDSize, opt.SSDLargeSize, opt.SSDLargeFrom, opt.BlazeMinSide)
	if *growth {
		growthReport(runs, lim)
	}
	if *sweep {
		sweepReport(runs, lim)
	}
	if *passes {
		passReport(runs, lim)
	}
	if !*growth && !*sweep && !*passes {
		fmt.Printf("thresholds: %s\n", lim)
		score(runs, lim).print()
		fmt.Println("\neach detector alone:")
		fmt.Println("| detector | R@0.3 | P@0.3 | masked recall | mask precision |")
		fmt.Println("|---|---|---|---|---|")
		for _, d := range allDetectors {
			if v, ok := lim[d]; ok {
				s := score(runs, limits{d: v})
				fmt.Printf("| %s (%g) | %.2f | %.2f | %.2f | %.2f |\n", d, v, s.recall[0], s.precision[0], s.masked, s.maskPrecision)
			}
		}
	}
}

// sweepReport prints the merged figures over a grid of thresholds around
// lim, best masked recall first among those with mask precision at least
// 0.95.
func sweepReport(runs []run, lim limits) {
	grid := map[string][]float64{
		detect.DetectorPigo:  {-1, 5, 8, 15, 30},
		detect.DetectorSSD:   {-1, 0.2, 0.3, 0.4, 0.5, 0.6},
		detect.DetectorBlaze: {-1, 0.3, 0.5, 0.7, 0.9},
		detect.DetectorYuNet: {-1, 0.2, 0.3, 0.4, 0.5, 0.6},
	}
	type row struct {
		l limits
		s scores
	}
	var rows []row
	var walk func(i int, l limits)
	ds := allDetectors
	walk = func(i int, l limits) {
		if i == len(ds) {
			if len(l) > 0 {
				c := limits{}
				for k, v := range l {
					c[k] = v
				}
				rows = append(rows, row{c, score(runs, c)})
			}
			return
		}
		d := ds[i]
		if _, ok := lim[d]; !ok {
			walk(i+1, l)
			return
		}
		for _, v := range grid[d] {
			if v < 0 {
				delete(l, d)
			} else {
				l[d] = v
			}
			walk(i+1, l)
		}
		delete(l, d)
	}
	walk(0, limits{})
	sort.Slice(rows, func(i, j int) bool {
		oi, oj := rows[i].s.maskPrecision >= 0.95, rows[j].s.maskPrecision >= 0.95
		if oi != oj {
			return oi
		}
		return rows[i].s.masked > rows[j].s.masked
	})
	fmt.Println("| thresholds | R@0.3 | P@0.3 | masked recall | ≥ 14 px | mask precision | contained |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, r := range rows[:min(len(rows), 25)] {
		fmt.Printf("| %s | %.2f | %.2f | %.3f | %.3f | %.3f | %.2f |\n", r.l, r.s.recall[0], r.s.precision[0], r.s.masked, r.s.masked14, r.s.maskPrecision, ratio(r.s.contained, r.s.containedOf))
	}
}

// passReport prints the merged figures without each detector, and
// without each of pigo's angles: what each pass adds.
func passReport(runs []run, lim limits) {
	type variant struct {
		name string
		drop func(f detect.Face) bool
	}
	vs := []variant{{"all", func(detect.Face) bool { return false }}}
	for _, d := range allDetectors {
		if _, ok := lim[d]; ok {
			vs = append(vs, variant{"without " + d, func(f detect.Face) bool { return f.Detector == d }})
		}
	}
	angles := map[float64]bool{}
	for _, r := range runs {
		for _, f := range r.faces {
			if f.Detector == detect.DetectorPigo {
				angles[f.Angle] = true
			}
		}
	}
	if len(angles) > 1 {
		vs = append(vs, variant{"without pigo's turned passes", func(f detect.Face) bool { return f.Detector == detect.DetectorPigo && f.Angle != 0 }})
		for _, side := range []int{30, 40, 60} {
			vs = append(vs, variant{fmt.Sprintf("pigo's turned passes only for faces at least %d px", side), func(f detect.Face) bool {
				return f.Detector == detect.DetectorPigo && f.Angle != 0 && f.Box[2] < side
			}})
		}
	}
	fmt.Println("| detectors | R@0.3 | P@0.3 | masked recall | ≥ 14 px | mask precision |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, v := range vs {
		kept := make([]run, len(runs))
		for i, r := range runs {
			kept[i].truth = r.truth
			for _, f := range r.faces {
				if !v.drop(f) {
					kept[i].faces = append(kept[i].faces, f)
				}
			}
		}
		s := score(kept, lim)
		fmt.Printf("| %s | %.3f | %.3f | %.3f (%d) | %.3f | %.3f |\n", v.name, s.recall[0], s.precision[0], s.masked, s.maskedN, s.masked14, s.maskPrecision)
	}
}

// growthReport prints, for each detector alone, how far its boxes must
// grow on each side (as a share of the box's width or height) to contain
// the labelled box they match (IoU at least 0.3): percentiles over the
// matched faces.
func growthReport(runs []run, lim limits) {
	for _, d := range allDetectors {
		v, ok := lim[d]
		if !ok {
			continue
		}
		var side, top, bottom []float64
		for _, r := range runs {
			faces := limits{d: v}.keep(r.faces)
			for _, f := range faces {
				best, bi := 0.0, -1
				for i, b := range r.truth.Boxes {
					if b[2] < minWidth {
						continue
					}
					if v := detect.IoU(f.Box.R(), rect(b)); v > best {
						best, bi = v, i
					}
				}
				if best < 0.3 {
					continue
				}
				l := rect(r.truth.Boxes[bi])
				bx := f.Box.R()
				w, h := float64(bx.Dx()), float64(bx.Dy())
				side = append(side, max(float64(bx.Min.X-l.Min.X)/w, float64(l.Max.X-bx.Max.X)/w, 0))
				top = append(top, max(float64(bx.Min.Y-l.Min.Y)/h, 0))
				bottom = append(bottom, max(float64(l.Max.Y-bx.Max.Y)/h, 0))
			}
		}
		pct := func(x []float64, p float64) float64 {
			if len(x) == 0 {
				return 0
			}
			sort.Float64s(x)
			return x[min(len(x)-1, int(p*float64(len(x))))]
		}
		fmt.Printf("%s (%g), %d matched faces: growth needed (share of width each side / of height above / below)\n", d, v, len(side))
		for _, p := range []float64{0.9, 0.95, 0.98} {
			fmt.Printf("  %2.0f%%: side %.2f, top %.2f, bottom %.2f\n", 100*p, pct(side, p), pct(top, p), pct(bottom, p))
		}
	}
}

// detectAll runs the detectors over every labelled photo of dir.
func detectAll(dir string, opt detect.FaceOptions) ([]run, float64, error) {
	var labels []truth
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		return nil, 0, err
	}
	if err := json.Unmarshal(b, &labels); err != nil {
		return nil, 0, err
	}
	var runs []run
	var pixels float64
	for _, l := range labels {
		p, err := photo.Open(filepath.Join(dir, l.File), photo.DefaultLimits)
		if err != nil {
			return nil, 0, err
		}
		faces, err := detect.Candidates(p.Image, opt)
		if err != nil {
			return nil, 0, err
		}
		pixels += float64(p.Width() * p.Height())
		runs = append(runs, run{truth: l, faces: faces})
	}
	return runs, pixels, nil
}

type run struct {
	truth truth
	faces []detect.Face
}

type scores struct {
	faces, found           int
	recall, precision      [2]float64 // at IoU 0.3, 0.5
	byWidth                [4][2]int  // found, total
	masked, maskPrecision  float64
	maskedN                int
	masked14               float64 // masked recall of faces at least smallWidth wide
	faces14, masked14N     int
	contained, containedOf int
}

func (s scores) f1(i int) float64 {
	if s.recall[i]+s.precision[i] == 0 {
		return 0
	}
	return 2 * s.recall[i] * s.precision[i] / (s.recall[i] + s.precision[i])
}

func rect(b [4]float64) image.Rectangle {
	return image.Rect(int(b[0]+0.5), int(b[1]+0.5), int(b[0]+b[2]+0.5), int(b[1]+b[3]+0.5))
}

// covered is the share of r covered by the union of masks.
func covered(r image.Rectangle, masks []image.Rectangle) float64 {
	if r.Empty() {
		return 0
	}
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			for _, m := range masks {
				if image.Pt(x, y).In(m) {
					n++
					break
				}
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

func score(runs []run, lim limits) scores {
	var s scores
	var tp, fp [2]int
	var total, maskedN, masks, masksOnFaces int
	for _, r := range runs {
		faces := lim.keep(r.faces)
		var big, small []image.Rectangle
		for _, b := range r.truth.Boxes {
			if b[2] >= minWidth {
				big = append(big, rect(b))
			} else {
				small = append(small, rect(b))
			}
		}
		total += len(big)
		for k, th := range []float64{0.3, 0.5} {
			used := make([]bool, len(big))
			type pair struct {
				d, l int
				v    float64
			}
			var pairs []pair
			for d, f := range faces {
				for l, b := range big {
					if v := detect.IoU(f.Box.R(), b); v >= th {
						pairs = append(pairs, pair{d, l, v})
					}
				}
			}
			sort.Slice(pairs, func(i, j int) bool { return pairs[i].v > pairs[j].v })
			matched := make([]bool, len(faces))
			for _, p := range pairs {
				if matched[p.d] || used[p.l] {
					continue
				}
				matched[p.d], used[p.l] = true, true
				tp[k]++
				if k == 0 {
					if f := faces[p.d]; f.Mask.R().Intersect(big[p.l]) == big[p.l] {
						s.contained++
					}
					s.containedOf++
				}
			}
			for d, f := range faces {
				if matched[d] {
					continue
				}
				ignored := false
				for _, b := range small {
					if detect.IoU(f.Box.R(), b) >= th {
						ignored = true
					}
				}
				if !ignored {
					fp[k]++
				}
			}
			if k == 0 {
				for l, b := range big {
					bin := 3
					switch {
					case b.Dx() < 32:
						bin = 0
					case b.Dx() < 64:
						bin = 1
					case b.Dx() < 128:
						bin = 2
					}
					s.byWidth[bin][1]++
					if used[l] {
						s.byWidth[bin][0]++
					}
				}
			}
		}
		var ms []image.Rectangle
		for _, f := range faces {
			ms = append(ms, f.Mask.R())
		}
		for _, b := range big {
			if covered(b, ms) >= 0.9 {
				maskedN++
			}
		}
		for _, b := range r.truth.Boxes {
			if b[2] >= smallWidth {
				s.faces14++
				if covered(rect(b), ms) >= 0.9 {
					s.masked14N++
				}
			}
		}
		all := append(append([]image.Rectangle{}, big...), small...)
		for _, m := range ms {
			masks++
			for _, b := range all {
				if covered(b, []image.Rectangle{m}) >= 0.5 {
					masksOnFaces++
					break
				}
			}
		}
	}
	s.faces = total
	for k := 0; k < 2; k++ {
		s.recall[k] = float64(tp[k]) / float64(max(1, total))
		s.precision[k] = float64(tp[k]) / float64(max(1, tp[k]+fp[k]))
	}
	s.masked = float64(maskedN) / float64(max(1, total))
	s.maskedN = maskedN
	s.masked14 = float64(s.masked14N) / float64(max(1, s.faces14))
	s.maskPrecision = float64(masksOnFaces) / float64(max(1, masks))
	return s
}

func (s scores) print() {
	fmt.Printf("%d labelled faces at least %d px wide\n", s.faces, minWidth)
	fmt.Println("| IoU | recall | precision | F1 |")
	fmt.Println("|---|---|---|---|")
	for k, th := range []float64{0.3, 0.5} {
		fmt.Printf("| %.1f | %.2f | %.2f | %.2f |\n", th, s.recall[k], s.precision[k], s.f1(k))
	}
	fmt.Println("\nrecall by face width (IoU 0.3):")
	for i, name := range []string{"20-32 px", "32-64 px", "64-128 px", ">128 px"} {
		fmt.Printf("  %-9s %d of %d (%.2f)\n", name, s.byWidth[i][0], s.byWidth[i][1], float64(s.byWidth[i][0])/float64(max(1, s.byWidth[i][1])))
	}
	fmt.Printf("\nmasked recall (labelled faces at least 90%% covered by the masks): %.3f (%d)\n", s.masked, s.maskedN)
	fmt.Printf("masked recall of the %d faces at least %d px wide: %.3f (%d)\n", s.faces14, smallWidth, s.masked14, s.masked14N)
	fmt.Printf("mask precision (masks covering at least half of a labelled face): %.2f\n", s.maskPrecision)
	fmt.Printf("found faces whose mask contains the whole labelled box: %d of %d (%.2f)\n", s.contained, s.containedOf, float64(s.contained)/float64(max(1, s.containedOf)))
}

// cropStats counts, for one age group, the crops, those in which a face is
// found, and how the age estimate labelled the face found nearest the crop's
// centre.
type cropStats struct {
	total, found, child, unsure, adult int
	reasons                            map[string]int // of unsure faces
}

// findCrops detects faces in every crop of a ground_truth.json folder and
// labels the face found nearest the crop's centre with the age network:
// FairFace cuts each crop around its labelled face, so when a crop holds two
// faces (a baby in his mother's arms) the labelled one is the centred one.
func findCrops(dir string, opt detect.FaceOptions) (map[string]*cropStats, error) {
	var gt []struct {
		Filename string `json:"filename"`
		Age      string `json:"age"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "ground_truth.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &gt); err != nil {
		return nil, err
	}
	byAge := map[string]*cropStats{}
	for _, g := range gt {
		p, err := photo.Open(filepath.Join(dir, g.Filename), photo.DefaultLimits)
		if err != nil {
			return nil, err
		}
		faces, err := detect.Faces(p.Image, opt)
		if err != nil {
			return nil, err
		}
		c := byAge[g.Age]
		if c == nil {
			c = &cropStats{reasons: map[string]int{}}
			byAge[g.Age] = c
		}
		c.total++
		if len(faces) == 0 {
			continue
		}
		c.found++
		faces = []detect.Face{centred(faces, p.Image.Bounds())}
		if err := detect.EstimateAges(p.Image, faces, 1); err != nil {
			return nil, err
		}
		switch faces[0].Label {
		case detect.LabelChild:
			c.child++
		case detect.LabelUnsure:
			c.unsure++
			c.reasons[faces[0].Reason]++
		default:
			c.adult++
		}
	}
	return byAge, nil
}

// centred returns the face whose box centre is nearest the centre of b.
func centred(faces []detect.Face, b image.Rectangle) detect.Face {
	c := image.Pt(b.Min.X+b.Max.X, b.Min.Y+b.Max.Y) // twice the centre
	best, bestD := 0, -1
	for i, f := range faces {
		d := image.Pt(2*f.Box[0]+f.Box[2], 2*f.Box[1]+f.Box[3]).Sub(c)
		if n := d.X*d.X + d.Y*d.Y; bestD < 0 || n < bestD {
			best, bestD = i, n
		}
	}
	return faces[best]
}

// ageSummary gathers the figures of the issue, among the crops where a
// face was found: ages 0-9 labelled child and masked, 10-19 masked, 20+
// not labelled child, 30+ left visible (labelled adult).
type ageSummary struct {
	total, found                int
	kids, kidsChild, kidsMasked int // 0-9: found, labelled child, child or unsure
	teens, teensMasked          int // 10-19: found, child or unsure
	adults, adultsNotChild      int // 20+: found, not labelled child
	adults30, adults30Visible   int // 30+: found, labelled adult
	kidsTotal                   int
}

func summarize(byAge map[string]*cropStats) ageSummary {
	var s ageSummary
	for group, c := range byAge {
		s.total += c.total
		s.found += c.found
		switch {
		case ageLow(group) < 10:
			s.kidsTotal += c.total
			s.kids += c.found
			s.kidsChild += c.child
			s.kidsMasked += c.child + c.unsure
		case ageLow(group) < 20:
			s.teens += c.found
			s.teensMasked += c.child + c.unsure
		default:
			s.adults += c.found
			s.adultsNotChild += c.found - c.child
			if ageLow(group) >= 30 {
				s.adults30 += c.found
				s.adults30Visible += c.adult
			}
		}
	}
	return s
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// crops reports the share of face crops in which a face is found, and how
// well the age estimate tells children.
func crops(dir string, opt detect.FaceOptions) {
	byAge, err := findCrops(dir, opt)
	check(err)
	s := summarize(byAge)
	fmt.Printf("face found in %d of %d crops (%.2f)\n\n", s.found, s.total, ratio(s.found, s.total))
	var ages []string
	for a := range byAge {
		ages = append(ages, a)
	}
	sort.Slice(ages, func(i, j int) bool { return ageLow(ages[i]) < ageLow(ages[j]) })
	fmt.Println("| age group | crops | face found | child | can't tell | adult | can't tell because |")
	fmt.Println("|---|---|---|---|---|---|---|")
	for _, a := range ages {
		c := byAge[a]
		var why []string
		for _, r := range append([]string{""}, detect.UnsureReasons...) {
			if n := c.reasons[r]; n > 0 {
				if r == "" {
					r = "age"
				}
				why = append(why, fmt.Sprintf("%s %d", r, n))
			}
		}
		fmt.Printf("| %s | %d | %d | %d | %d | %d | %s |\n", a, c.total, c.found, c.child, c.unsure, c.adult, strings.Join(why, ", "))
	}
	fmt.Printf("\nchild under %g predicted years, adult from %g, among crops where a face was found:\n", float64(detect.ChildUnder), float64(detect.AdultFrom))
	fmt.Printf("  sensitivity, ages 0-9: %d of %d labelled child (%.2f); %d of %d masked by --faces children (%.2f)\n",
		s.kidsChild, s.kids, ratio(s.kidsChild, s.kids), s.kidsMasked, s.kids, ratio(s.kidsMasked, s.kids))
	fmt.Printf("  ages 10-19: %d of %d masked by --faces children (%.2f)\n", s.teensMasked, s.teens, ratio(s.teensMasked, s.teens))
	fmt.Printf("  specificity, ages 20+: %d of %d not labelled child (%.2f)\n", s.adultsNotChild, s.adults, ratio(s.adultsNotChild, s.adults))
	fmt.Printf("  ages 30+: %d of %d left visible by --faces children (%.2f)\n", s.adults30Visible, s.adults30, ratio(s.adults30Visible, s.adults30))
	fmt.Printf("  children aged 0-9 flagged out of all their crops (missed faces count as missed): %d of %d (%.2f)\n",
		s.kidsChild, s.kidsTotal, ratio(s.kidsChild, s.kidsTotal))
}

// ageLow is the lower bound of an age group ("3-9" -> 3, "70+" -> 70).
func ageLow(g string) int {
	n, _ := strconv.Atoi(strings.TrimRight(strings.SplitN(g, "-", 2)[0], "+"))
	return n
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "faceeval:", err)
		os.Exit(1)
	}
}
