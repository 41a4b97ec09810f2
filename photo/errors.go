package photo

import "errors"

// FormatError reports that the bytes are not a valid image of a known format.
type FormatError string

func (e FormatError) Error() string { return string(e) }

// ErrTooLarge is returned (wrapped) when the header declares more pixels than
// the limit allows; the pixels are never decoded.
var ErrTooLarge = errors.New("image too large")

// ErrUnsupported is returned (wrapped) for a file whose format sharesafe does
// not read.
var ErrUnsupported = errors.New("not a photo sharesafe can read (JPEG, PNG, HEIC or WebP)")
