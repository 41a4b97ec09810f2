//go:build race

package main

// raceEnabled is set in race-detector builds, where the corpus tests (no
// concurrency of their own: they decode hundreds of photos) would take ten
// times as long.
const raceEnabled = true
