package detect

// areaGrid maps a sw x sh picture onto a w x h one for area averaging (the
// one downscaler of grayScaled and rgbScaled): each source pixel falls in
// one output cell, and a cell's value is the mean of its pixels.
type areaGrid struct {
	sh, h  int
	col    []int    // output column of each source column
	perCol []uint32 // source columns in each output column
}

func newAreaGrid(sw, sh, w, h int) areaGrid {
	g := areaGrid{sh: sh, h: h, col: make([]int, sw), perCol: make([]uint32, w)}
	for x := range g.col {
		g.col[x] = x * w / sw
		g.perCol[g.col[x]]++
	}
	return g
}

// rows calls add for every source row in order, and done when output row
// oy has all its rows, with the number of pixels in each of its cells:
// count(i) for cell i.
func (g areaGrid) rows(add func(y int), done func(oy int, count func(i int) uint32)) {
	cur, n := 0, uint32(0)
	count := func(i int) uint32 { return g.perCol[i] * n }
	for y := 0; y < g.sh; y++ {
		if oy := y * g.h / g.sh; oy != cur {
			done(cur, count)
			cur, n = oy, 0
		}
		add(y)
		n++
	}
	done(cur, count)
}
