//go:build race

package main

// raceEnabled is set in race-detector builds, where the corpus evaluations
// (pure computation, no concurrency) would take ten times as long.
const raceEnabled = true
