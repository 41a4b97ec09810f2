// Package redact makes the safe copy of a photo: it chooses and draws the
// masks (pure functions over image.Image, or over the DCT blocks of a JPEG
// through photo/jpegcoef), and writes the bytes package photo makes
// (photo.Clean, photo.Encode) atomically, for one photo or a batch
// (backups, neutral names). It parses no file format itself.
//
// An input file is never opened for writing. Every output is re-read and
// refused (photo.Verify) if it carries anything outside the allowlist.
package redact
