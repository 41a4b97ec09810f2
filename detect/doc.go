// Package detect finds what a photo gives away: faces (YuNet by default;
// pigo, face-api's SSD MobileNet V1 and MediaPipe's BlazeFace are kept
// behind the detector interface of detector.go, to measure against and to
// confirm that a face is a person's), whether each may be a child
// (face-api's age network on a crop framed by the eyes; unsure, with a
// reason, when the guess cannot be trusted), and every metadata finding
// (GPS, time, device, names, hidden copies, trailing data).
//
// It is pure analysis: it reads a *photo.Photo and returns a Report, plain
// JSON-tagged data. It writes nothing.
package detect
