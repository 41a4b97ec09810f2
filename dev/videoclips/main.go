// Command videoclips writes the development clips of the video tests into a
// folder (ffmpeg and exiftool needed): go run ./dev/videoclips [-tiny] DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/sharesafe/sharesafe/internal/videoclips"
)

func main() {
	tiny := flag.Bool("tiny", false, "clips of a few kilobytes (testdata/videos)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: videoclips [-tiny] DIR")
		os.Exit(2)
	}
	o := videoclips.Dev
	if *tiny {
		o = videoclips.Tiny
	}
	paths, err := videoclips.Make(flag.Arg(0), o)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, p := range paths {
		fmt.Println(p)
	}
}
