package photo

import (
	"fmt"
	"image"
	"io"
	"os"
)

// Limits bound what Open accepts before any pixel is decoded.
type Limits struct {
	// MaxPixels is the largest width*height accepted (decompression bombs).
	MaxPixels int64
	// MaxBytes is the largest file read.
	MaxBytes int64
	// MaxVideoBytes is the largest video walked. A video is never read
	// whole: its movie box is (bounded on its own), and its samples are
	// copied in pieces.
	MaxVideoBytes int64
}

// DefaultLimits accept a 150-megapixel panorama, files up to 512 MiB and
// videos up to 64 GiB.
var DefaultLimits = Limits{MaxPixels: 150_000_000, MaxBytes: 512 << 20, MaxVideoBytes: 64 << 30}

// Photo is one image file: its bytes, its container layout, its metadata and,
// once decoded, its upright pixels.
type Photo struct {
	// Path is the file the photo came from (for messages).
	Path string
	// Format is the container format sniffed from the bytes.
	Format Format
	// Data is the file's bytes. Nobody may modify them.
	Data []byte
	// StoredWidth and StoredHeight are the pixel dimensions as stored,
	// before orientation.
	StoredWidth, StoredHeight int
	// Orientation is the EXIF orientation, 1 to 8 (1 when absent).
	Orientation int
	// Meta holds the raw metadata blocks.
	Meta Metadata
	// JPEG is the marker layout of a JPEG file (nil otherwise).
	JPEG *JPEGLayout
	// PNG is the chunk layout of a PNG file (nil otherwise).
	PNG *PNGLayout
	// WebP is the chunk layout of a WebP file (nil otherwise).
	WebP *RIFFLayout
	// HEIF is the box layout of a HEIC/HEIF file (nil otherwise).
	HEIF *HEIFLayout
	// Video is the box layout of a video (nil otherwise). A video loaded
	// from a file (Load) has no Data: its samples stay in the file.
	Video *VideoLayout
	// Image holds the upright pixels after Decode (nil before).
	Image image.Image

	// icc caches the colour profile a copy carries (CleanICC of
	// Meta.ICC); iccDone says it was made.
	icc     []byte
	iccDone bool
}

// CopyICC returns the colour profile a safe copy of p carries: its own
// rewritten by CleanICC, or nil when it has none or it cannot be read (the
// copy then has no profile).
func (p *Photo) CopyICC() []byte {
	if !p.iccDone {
		p.iccDone = true
		if len(p.Meta.ICC) > 0 {
			p.icc, _ = CleanICC(p.Meta.ICC)
		}
	}
	return p.icc
}

// Width returns the width of the upright picture.
func (p *Photo) Width() int {
	if p.Orientation >= 5 {
		return p.StoredHeight
	}
	return p.StoredWidth
}

// Height returns the height of the upright picture.
func (p *Photo) Height() int {
	if p.Orientation >= 5 {
		return p.StoredWidth
	}
	return p.StoredHeight
}

// Open reads a file, walks its container and decodes its pixels upright.
// The file is opened read-only.
func Open(path string, lim Limits) (*Photo, error) {
	p, err := Load(path, lim)
	if err != nil {
		return nil, err
	}
	if err := p.Decode(); err != nil {
		return nil, err
	}
	return p, nil
}

// Load reads a file and walks its container without decoding pixels: enough
// for metadata findings and for a lossless rewrite.
func Load(path string, lim Limits) (*Photo, error) {
	if p, err, ok := loadIfVideo(path, lim); ok {
		return p, err
	}
	data, err := readFile(path, lim.MaxBytes)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, lim)
}

func readFile(path string, maxBytes int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("photo: %s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("photo: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("photo: %s: not a regular file", path)
	}
	if maxBytes > 0 && st.Size() > maxBytes {
		return nil, fmt.Errorf("photo: %s: file of %d bytes is over the %d-byte limit: %w", path, st.Size(), maxBytes, ErrTooLarge)
	}
	data, err := io.ReadAll(io.LimitReader(f, max(st.Size()+1, 1<<20)))
	if err != nil {
		return nil, fmt.Errorf("photo: %s: cannot read it: %w", path, unwrapPath(err))
	}
	if maxBytes > 0 && int64(len(data)) > maxBytes {
		return nil, fmt.Errorf("photo: %s: file is over the %d-byte limit: %w", path, maxBytes, ErrTooLarge)
	}
	return data, nil
}

// Parse sniffs and walks the bytes of an image file and checks its declared
// size against the limits. It decodes no pixels.
func Parse(path string, data []byte, lim Limits) (*Photo, error) {
	p := &Photo{Path: path, Data: data, Format: Sniff(data), Orientation: 1}
	wrap := func(err error) error { return fmt.Errorf("photo: %s: %w", path, err) }
	c := codecOf(p.Format)
	if c == nil || c.walk == nil {
		return nil, wrap(unsupported(p))
	}
	if err := c.walk(p); err != nil {
		return nil, wrap(err)
	}
	if !c.uprights {
		p.Orientation = exifOrientation(p.Meta.EXIF)
	}
	if err := p.checkSize(lim); err != nil {
		return nil, wrap(err)
	}
	return p, nil
}

// checkSize sets the stored size from the header, checked against the
// pixel limit.
func (p *Photo) checkSize(lim Limits) error {
	cfg, err := codecOf(p.Format).size(p)
	if err != nil {
		return FormatError("unreadable header: " + err.Error())
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return FormatError("image has no pixels")
	}
	if lim.MaxPixels > 0 && int64(cfg.Width)*int64(cfg.Height) > lim.MaxPixels {
		return fmt.Errorf("%dx%d pixels is over the %d-megapixel limit: %w",
			cfg.Width, cfg.Height, lim.MaxPixels/1_000_000, ErrTooLarge)
	}
	p.StoredWidth, p.StoredHeight = cfg.Width, cfg.Height
	return nil
}

// Decode decodes the pixels and turns them upright. It does nothing when
// the pixels are already decoded.
func (p *Photo) Decode() error {
	if p.Image != nil {
		return nil
	}
	var (
		img image.Image
		err = ErrUnsupported
	)
	if c := codecOf(p.Format); c != nil && c.decode != nil {
		img, err = c.decode(p)
	}
	if err != nil {
		return fmt.Errorf("photo: %s: cannot decode pixels: %w", p.Path, err)
	}
	p.Image = Upright(img, p.Orientation)
	return nil
}

// safeDecode runs a decoder, turning its panic into an error.
func safeDecode(dec Decoder, data []byte) (img image.Image, err error) {
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("decoder failed: %v", r)
		}
	}()
	return dec(data)
}
