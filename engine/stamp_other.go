//go:build !linux && !darwin

package engine

import (
	"fmt"
	"os"
)

// stampOf is what tells a file changed without reading it: here, its
// modification time (the system gives no change time through Go's os).
func stampOf(st os.FileInfo) string {
	return fmt.Sprintf("m%d", st.ModTime().UnixNano())
}
