// Package detect finds what a photo gives away: faces (pigo, with its
// cascade embedded), whether each may be a child, and every metadata
// finding (GPS, time, device, names, hidden copies, trailing data).
//
// It is pure analysis: it reads a *photo.Photo and returns a Report, plain
// JSON-tagged data. It writes nothing.
package detect
