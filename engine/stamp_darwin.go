package engine

import (
	"fmt"
	"os"
	"syscall"
)

// stampOf is what tells a file changed without reading it: its
// modification and change times (the change time cannot be set back by a
// program), its inode and device.
func stampOf(st os.FileInfo) string {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return fmt.Sprintf("m%d c%d.%d i%d d%d", st.ModTime().UnixNano(), s.Ctimespec.Sec, s.Ctimespec.Nsec, s.Ino, s.Dev)
	}
	return fmt.Sprintf("m%d", st.ModTime().UnixNano())
}
