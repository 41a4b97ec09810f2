// Command gen12mp writes N distinct 12-megapixel JPEGs with a face and a
// phone's metadata into a folder, for bench/run.sh.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/sharesafe/sharesafe/internal/fixtures"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: gen12mp SOURCE.png DIR N")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	check(err)
	n, err := strconv.Atoi(os.Args[3])
	check(err)
	check(os.MkdirAll(os.Args[2], 0o755))
	for i := 0; i < n; i++ {
		b, err := fixtures.TwelveMP(src, i)
		check(err)
		check(os.WriteFile(filepath.Join(os.Args[2], fmt.Sprintf("IMG_%04d.jpg", i)), b, 0o644))
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen12mp:", err)
		os.Exit(1)
	}
}
