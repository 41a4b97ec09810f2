// Package photo is the only package that knows image file formats: it
// reads them and it writes them.
//
// It sniffs the format from the bytes (never the extension), walks the
// container (JPEG markers, PNG and WebP chunks, HEIF boxes) to find every
// metadata block, checks the pixel dimensions declared in the header against
// a limit before any decode (decompression bombs), and decodes the pixels
// once with the EXIF orientation applied. Every other package borrows the
// decoded pixels and the metadata blocks from a *Photo; interpreting the
// blocks (EXIF tags, XMP) is the job of package detect.
//
// It also makes the bytes of a safe copy, from an allowlist and from what
// it decoded, never from bytes it did not read: Clean rewrites a file
// losslessly (JPEG coefficients coded again, PNG rows compressed again,
// WebP pictures cut where their decoders stop, HEIC coded pictures without
// SEI; the colour profile rewritten by CleanICC; an orientation tag where
// the format keeps one), Encode writes changed pixels afresh, and Verify
// re-reads an output and refuses anything outside the allowlist or not as
// the writer writes it. Package redact masks the pixels and writes the
// files; package photo/jpegcoef reads and writes JPEG coefficients. Nothing
// here writes a file.
//
// Everything that depends on the format goes through one table, codecs in
// format.go: sniff, walk, size, decode, clean, encode, verify and the file
// extensions of each format. Adding a format is one file and one entry
// there (docs/formats.md, "Adding a format").
package photo
