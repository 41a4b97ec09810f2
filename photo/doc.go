// Package photo is the only package that knows image file formats.
//
// It sniffs the format from the bytes (never the extension), walks the
// container (JPEG markers, PNG chunks) to find every metadata block, checks
// the pixel dimensions declared in the header against a limit before any
// decode (decompression bombs), and decodes the pixels once with the EXIF
// orientation applied. Every other package borrows the decoded pixels and the
// metadata blocks from a *Photo; nothing here writes files.
package photo
