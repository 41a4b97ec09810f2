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

// ErrNotCleanable is wrapped by the errors of Clean for a file that cannot
// be rewritten losslessly (a PNG or WebP whose pixels must be turned
// upright; a HEIF file with an alpha plane, data in other files or an
// unusual primary item): the caller encodes its pixels afresh instead.
var ErrNotCleanable = errors.New("cannot be cleaned losslessly")
