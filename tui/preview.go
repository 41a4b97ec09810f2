package tui

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/disintegration/imaging"
	"github.com/muesli/termenv"

	"github.com/sharesafe/sharesafe/redact"
)

// thumbSize is the long side of the copy each photo keeps for previews.
const thumbSize = 480

// previewKey identifies a rendered preview in the cache.
type previewKey struct {
	photo    int
	w, h     int
	original bool
	state    string // masks, style and selection
}

// last is the key under which the last picture drawn of the same photo, at
// the same size, is kept.
func (k previewKey) last() previewKey {
	k.state = "\x00last"
	return k
}

// renderPreview draws a photo in w x h terminal cells: two pixels a cell
// with the upper-half block, coloured through lipgloss; the masks drawn as
// the safe copy will have them (unless original), each box outlined and
// numbered. Without colour it draws the boxes as text.
func renderPreview(thumb *image.NRGBA, scale float64, boxes []box, style redact.Style, selected int, original bool, w, h int, st styles) string {
	if thumb == nil || w < 4 || h < 2 {
		return ""
	}
	tb := thumb.Bounds()
	fit := previewFit(tb.Size(), w, h)
	pw, ph := max(1, int(float64(tb.Dx())*fit)), max(2, int(float64(tb.Dy())*fit)/2*2)
	cell := func(r image.Rectangle) image.Rectangle { // source pixels -> preview pixels
		k := scale * fit
		return image.Rect(int(float64(r.Min.X)*k), int(float64(r.Min.Y)*k), int(float64(r.Max.X)*k+0.999), int(float64(r.Max.Y)*k+0.999))
	}
	if st.plain {
		return textPreview(pw, ph/2, boxes, selected, cell)
	}
	img := image.Image(thumb)
	if !original {
		var plan redact.Plan
		for i, b := range boxes {
			if b.on {
				plan.Masks = append(plan.Masks, redact.Mask{Box: scaleRect(b.r, scale), Style: style, Design: i})
			}
		}
		img = redact.Apply(thumb, plan)
	}
	small := imaging.Resize(img, pw, ph, imaging.Box)
	for i, b := range boxes {
		outline(small, cell(b.r), boxColor(b, i == selected))
	}
	// Each box's number, one digit a cell from its corner (12 takes two).
	type mark struct {
		n     int
		digit byte
	}
	labels := map[[2]int]mark{}
	for i, b := range boxes {
		c := cell(b.r)
		s := label(i + 1)
		x0 := max(0, min(pw-len(s), c.Min.X))
		for j := range len(s) {
			labels[[2]int{max(0, c.Min.Y/2), x0 + j}] = mark{i + 1, s[j]}
		}
	}
	col := cellColors(small, st.r.ColorProfile())
	var out strings.Builder
	for y := 0; y < ph; y += 2 {
		for x := 0; x < pw; x++ {
			if m, ok := labels[[2]int{y / 2, x}]; ok {
				bc := boxColor(boxes[m.n-1], m.n-1 == selected)
				out.WriteString(st.r.NewStyle().Foreground(lipgloss.Color("#000000")).Background(hex(bc)).Bold(true).Render(string(m.digit)))
				continue
			}
			out.WriteString(st.r.NewStyle().Foreground(col(x, y)).Background(col(x, y+1)).Render("▀"))
		}
		if y+2 < ph {
			out.WriteByte('\n')
		}
	}
	return out.String()
}

// cellColors gives each preview pixel its terminal colour. With 24-bit
// colour it is the pixel's own; with 256 or 16 colours the picture is
// mapped to the palette with Floyd–Steinberg error diffusion, so that
// faces stay recognisable instead of breaking into flat blocks.
func cellColors(img *image.NRGBA, profile termenv.Profile) func(x, y int) lipgloss.Color {
	var pal color.Palette
	offset := 0
	switch profile {
	case termenv.ANSI256:
		pal, offset = palette256, 16
	case termenv.ANSI:
		pal = palette16
	default:
		return func(x, y int) lipgloss.Color { return hex(img.NRGBAAt(x, y)) }
	}
	pi := image.NewPaletted(img.Bounds(), pal)
	draw.FloydSteinberg.Draw(pi, img.Bounds(), img, img.Bounds().Min)
	return func(x, y int) lipgloss.Color {
		return lipgloss.Color(strconv.Itoa(int(pi.ColorIndexAt(x, y)) + offset))
	}
}

// palette16 is xterm's default 16 colours (terminals vary a little).
var palette16 = color.Palette{
	rgb(0, 0, 0), rgb(205, 0, 0), rgb(0, 205, 0), rgb(205, 205, 0), rgb(0, 0, 238), rgb(205, 0, 205), rgb(0, 205, 205), rgb(229, 229, 229),
	rgb(127, 127, 127), rgb(255, 0, 0), rgb(0, 255, 0), rgb(255, 255, 0), rgb(92, 92, 255), rgb(255, 0, 255), rgb(0, 255, 255), rgb(255, 255, 255),
}

// palette256 is colours 16 to 255 of the 256-colour palette: the 6×6×6
// cube and the 24 greys (0 to 15 are left out: each terminal sets them).
var palette256 = func() color.Palette {
	levels := []uint8{0, 95, 135, 175, 215, 255}
	var p color.Palette
	for _, r := range levels {
		for _, g := range levels {
			for _, b := range levels {
				p = append(p, rgb(r, g, b))
			}
		}
	}
	for i := 0; i < 24; i++ {
		v := uint8(8 + 10*i)
		p = append(p, rgb(v, v, v))
	}
	return p
}()

func rgb(r, g, b uint8) color.NRGBA { return color.NRGBA{r, g, b, 255} }

// label is a box's number as drawn on the preview: every digit, so that
// the faces of a class photo are told apart past 9 (as the list numbers
// them).
func label(n int) string { return fmt.Sprint(n) }

func scaleRect(r image.Rectangle, k float64) image.Rectangle {
	return image.Rect(int(float64(r.Min.X)*k), int(float64(r.Min.Y)*k), int(float64(r.Max.X)*k+0.999), int(float64(r.Max.Y)*k+0.999))
}

var (
	colSelected = color.NRGBA{255, 220, 0, 255}
	colOn       = color.NRGBA{0, 200, 255, 255}
	colOff      = color.NRGBA{255, 60, 60, 255}
)

func boxColor(b box, selected bool) color.NRGBA {
	switch {
	case selected:
		return colSelected
	case !b.on:
		return colOff
	}
	return colOn
}

func hex(c color.NRGBA) lipgloss.Color {
	return lipgloss.Color(fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B))
}

func outline(img *image.NRGBA, r image.Rectangle, c color.NRGBA) {
	r = r.Intersect(img.Bounds())
	if r.Empty() {
		return
	}
	for x := r.Min.X; x < r.Max.X; x++ {
		img.SetNRGBA(x, r.Min.Y, c)
		img.SetNRGBA(x, r.Max.Y-1, c)
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		img.SetNRGBA(r.Min.X, y, c)
		img.SetNRGBA(r.Max.X-1, y, c)
	}
}

// textPreview draws the picture's frame and its boxes with characters, for
// terminals without colour: '#' fills a masked box, '.' an unmasked one.
func textPreview(w, h int, boxes []box, selected int, cell func(image.Rectangle) image.Rectangle) string {
	grid := make([][]rune, h)
	for y := range grid {
		grid[y] = []rune(strings.Repeat(" ", w))
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			switch {
			case (y == 0 || y == h-1) && (x == 0 || x == w-1):
				grid[y][x] = '+'
			case y == 0 || y == h-1:
				grid[y][x] = '-'
			case x == 0 || x == w-1:
				grid[y][x] = '|'
			}
		}
	}
	for i, b := range boxes {
		c := cell(b.r)
		r := image.Rect(c.Min.X, c.Min.Y/2, c.Max.X, (c.Max.Y+1)/2).Intersect(image.Rect(1, 1, w-1, h-1))
		fill := '.'
		if b.on {
			fill = '#'
		}
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				grid[y][x] = fill
			}
		}
		if !r.Empty() {
			s := label(i + 1)
			if i == selected {
				s = "*" + s
			}
			for j, ch := range s {
				if x := r.Min.X + j; x < w-1 && (j == 0 || x < r.Max.X) {
					grid[r.Min.Y][x] = ch
				}
			}
		}
	}
	lines := make([]string, h)
	for y, row := range grid {
		lines[y] = string(row)
	}
	return strings.Join(lines, "\n")
}
