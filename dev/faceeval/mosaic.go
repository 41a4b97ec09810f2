package main

import (
	"encoding/json"
	"fmt"
	"image"
	"image/draw"
	"os"
	"path/filepath"

	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/photo"
)

// Mosaics: the labelled photos of a folder laid 4 by 4 on black canvases of
// 4032x3024 (a 12-megapixel photo), each photo at its own size in pixels in
// a cell of 1008x756 (cut to the cell when it is larger, the labelled faces
// not wholly inside the cell dropped), so that every face keeps its size:
// a face should be found as well in a 12 MP photo as in a small one.
const (
	mosaicW, mosaicH = 4032, 3024
	mosaicCols       = 4
	mosaicRows       = 4
)

// mosaicPhoto is one labelled photo as it lies in a mosaic: cut to its
// cell, its labels those wholly inside.
type mosaicPhoto struct {
	img   image.Image
	truth truth
}

// mosaicSets returns the photos of dir cut to the cells, and the mosaics
// made of them with their labels moved.
func mosaicSets(dir string) (alone []mosaicPhoto, mosaics []mosaicPhoto, err error) {
	var labels []truth
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		return nil, nil, err
	}
	if err := json.Unmarshal(b, &labels); err != nil {
		return nil, nil, err
	}
	cw, ch := mosaicW/mosaicCols, mosaicH/mosaicRows
	var canvas *image.RGBA
	var mt truth
	for i, l := range labels {
		p, err := photo.Open(filepath.Join(dir, l.File), photo.DefaultLimits)
		if err != nil {
			return nil, nil, err
		}
		src := p.Image.Bounds()
		cut := image.Rect(0, 0, min(src.Dx(), cw), min(src.Dy(), ch))
		one := image.NewRGBA(cut)
		draw.Draw(one, cut, p.Image, src.Min, draw.Src)
		t := truth{File: l.File}
		for _, bx := range l.Boxes {
			if bx[0] >= 0 && bx[1] >= 0 && bx[0]+bx[2] <= float64(cut.Dx()) && bx[1]+bx[3] <= float64(cut.Dy()) {
				t.Boxes = append(t.Boxes, bx)
			}
		}
		alone = append(alone, mosaicPhoto{one, t})
		k := i % (mosaicCols * mosaicRows)
		if k == 0 {
			canvas = image.NewRGBA(image.Rect(0, 0, mosaicW, mosaicH))
			mt = truth{File: fmt.Sprintf("mosaic-%d", len(mosaics)+1)}
		}
		ox, oy := (k%mosaicCols)*cw, (k/mosaicCols)*ch
		draw.Draw(canvas, cut.Add(image.Pt(ox, oy)), one, image.Point{}, draw.Src)
		for _, bx := range t.Boxes {
			mt.Boxes = append(mt.Boxes, [4]float64{bx[0] + float64(ox), bx[1] + float64(oy), bx[2], bx[3]})
		}
		if k == mosaicCols*mosaicRows-1 || i == len(labels)-1 {
			mosaics = append(mosaics, mosaicPhoto{canvas, mt})
		}
	}
	return alone, mosaics, nil
}

// detectPhotos runs the detectors over photos already decoded.
func detectPhotos(ps []mosaicPhoto, opt detect.FaceOptions) ([]run, error) {
	var runs []run
	for _, p := range ps {
		faces, err := detect.Candidates(p.img, opt)
		if err != nil {
			return nil, err
		}
		runs = append(runs, run{truth: p.truth, faces: faces})
	}
	return runs, nil
}

// mosaicReport prints the masked recall of the photos one by one and in
// mosaics, with the CPU time of each.
func mosaicReport(dir string, opt detect.FaceOptions, lim limits) {
	alone, mosaics, err := mosaicSets(dir)
	check(err)
	c0 := cpuTime()
	a, err := detectPhotos(alone, opt)
	check(err)
	c1 := cpuTime()
	m, err := detectPhotos(mosaics, opt)
	check(err)
	c2 := cpuTime()
	sa, sm := score(a, lim), score(m, lim)
	fmt.Printf("| photos | scored faces | masked recall | ≥ 14 px | mask precision | CPU per photo |\n|---|---|---|---|---|---|\n")
	fmt.Printf("| %d one by one (cut to 1008x756) | %d | %.3f | %.3f | %.3f | %.0f ms |\n", len(alone), sa.faces, sa.masked, sa.masked14, sa.maskPrecision, float64((c1-c0).Milliseconds())/float64(len(alone)))
	fmt.Printf("| %d mosaics of 4032x3024 | %d | %.3f | %.3f | %.3f | %.0f ms |\n", len(mosaics), sm.faces, sm.masked, sm.masked14, sm.maskPrecision, float64((c2-c1).Milliseconds())/float64(len(mosaics)))
}
