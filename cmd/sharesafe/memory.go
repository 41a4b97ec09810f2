package main

import (
	"os"
	"runtime/debug"
)

// memoryLimit is the soft limit the garbage collector keeps the heap under
// (unless GOMEMLIMIT says otherwise): the networks' feature maps are large
// and short-lived, and with Go's default pacing two jobs on 12-megapixel
// photos peaked at 570 MB; under this limit they peak at about 220 MB for
// the same CPU time (issue #27: at most 300 MB; docs/speed.md). It is a
// soft limit: a photo that needs more still gets it.
const memoryLimit = 200 << 20

// limitMemory sets memoryLimit, unless GOMEMLIMIT is set.
func limitMemory(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

func init() { limitMemory(os.Getenv) }
