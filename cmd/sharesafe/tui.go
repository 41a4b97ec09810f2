package main

import (
	"context"

	"github.com/sharesafe/sharesafe/tui"
)

func runTUI(ctx context.Context, s *streams, g *globalOptions, paths []string) error {
	if !s.interactive {
		return usagef("the review app needs a terminal; for scripts use \"sharesafe scan\" or \"sharesafe redact\" (see --help)")
	}
	lang, err := g.language(s)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	return tui.Run(ctx, tui.Options{Paths: paths, Lang: lang, In: s.In, Out: s.Err})
}
