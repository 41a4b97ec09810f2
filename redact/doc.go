// Package redact makes the safe copy of a photo: it masks faces (pure
// functions over image.Image) and writes a clean file (atomic I/O) that
// carries no metadata but the colour profile.
//
// An input file is never opened for writing. Every output is re-read and
// refused if it carries anything outside the allowlist.
package redact
