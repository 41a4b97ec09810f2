//go:build unix

package detect

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system CPU time so far: on a busy
// machine it measures a benchmark's work where wall time does not.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
