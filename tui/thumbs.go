package tui

import (
	"image"
	"runtime/debug"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/disintegration/imaging"

	"github.com/sharesafe/sharesafe/photo"
)

// What the app holds in memory stays bounded whatever the number of
// photos: each photo keeps a small JPEG of itself (thumbnail, about 30 KB
// for thumbSize), the review decodes the few it shows (thumbs, at most
// keepDecoded), the previews drawn are kept for the photo shown only
// (reviewModel.keep), and once the photos are checked or the copies
// written, the memory the decoding took is given back to the system
// (releaseMemory).

// keepDecoded is how many thumbnails are kept decoded: the photo shown
// and the last ones seen, for going back and forth.
const keepDecoded = 4

// maxPreviews is how many pictures drawn the review keeps (each a screen
// of escape codes, up to about 100 KB).
const maxPreviews = 24

// thumbnail is what the app keeps of a photo's pixels: an upright copy,
// thumbSize long, as a JPEG, made on the engine's worker.
type thumbnail struct {
	jpeg  []byte
	size  image.Point // its size in pixels
	scale float64     // its pixels per source pixel
}

// makeThumbnail is the thumbnail of a photo's upright pixels.
func makeThumbnail(img image.Image) thumbnail {
	if img == nil {
		return thumbnail{} // a clip without ffmpeg: no picture
	}
	small := imaging.Fit(img, thumbSize, thumbSize, imaging.Box)
	b, err := photo.Pack(small)
	if err != nil {
		return thumbnail{}
	}
	return thumbnail{jpeg: b, size: small.Bounds().Size(), scale: float64(small.Bounds().Dx()) / float64(img.Bounds().Dx())}
}

// ok reports whether there is a thumbnail.
func (t thumbnail) ok() bool { return len(t.jpeg) > 0 }

// decode returns the thumbnail's pixels.
func (t thumbnail) decode() *image.NRGBA {
	img, err := photo.Unpack(t.jpeg)
	if err != nil {
		return nil
	}
	return img
}

// thumbMsg carries a photo's thumbnail decoded for the review.
type thumbMsg struct {
	p   *photoState
	img *image.NRGBA
}

// decodeThumb is the command that decodes p's thumbnail.
func decodeThumb(p *photoState) tea.Cmd {
	t := p.small
	return func() tea.Msg { return thumbMsg{p, t.decode()} }
}

// thumbs are the photos whose thumbnail is decoded, the last seen last
// (shared by the copies of the model).
type thumbs struct {
	mu     sync.Mutex
	recent []*photoState
}

// use keeps p's decoded thumbnail, and drops the decoded thumbnails of the
// photos seen longest ago beyond keepDecoded.
func (c *thumbs) use(p *photoState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, q := range c.recent {
		if q == p {
			c.recent = append(c.recent[:i], c.recent[i+1:]...)
			break
		}
	}
	c.recent = append(c.recent, p)
	for len(c.recent) > keepDecoded {
		c.recent[0].thumb = nil
		c.recent = c.recent[1:]
	}
}

// forget drops every decoded thumbnail (another folder is opened).
func (c *thumbs) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.recent = nil
}

// releaseMemory gives the memory no longer used back to the system: the
// checks and the writes decode whole photos (about 50 MB each for 12
// megapixels), and Go's runtime would otherwise hold on to it for minutes.
func releaseMemory() tea.Msg {
	debug.FreeOSMemory()
	return nil
}
