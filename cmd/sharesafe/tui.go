package main

import (
	"context"
	"strings"

	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/tui"
	"github.com/sharesafe/sharesafe/words"
)

// runReview opens the review app on paths; the parent's decisions (masks
// and styles) are kept in the state folder and come back next time.
func runReview(ctx context.Context, s *streams, g *globalOptions, paths []string) error {
	return runApp(ctx, s, g, paths, true)
}

// runTUI opens the review app on paths without keeping the parent's
// decisions (the demo: every class starts from the photos as found); demo,
// when set, holds what the demo adds (its folder of safe copies, its
// photos' credits).
func runTUI(ctx context.Context, s *streams, g *globalOptions, paths []string, demo ...tui.Options) error {
	return runApp(ctx, s, g, paths, false, demo...)
}

// runApp opens the review app; keep says the parent's decisions are kept.
func runApp(ctx context.Context, s *streams, g *globalOptions, paths []string, keep bool, demo ...tui.Options) error {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	// A path that does not exist is named, before anything else; the app
	// opens on the others, and not at all when none exists.
	lang, err := g.language(s)
	if err != nil {
		return err
	}
	missing := tui.MissingPaths(paths)
	if len(missing) == len(paths) {
		return usagef("%s", lang.T(words.NoSuchPath, strings.Join(missing, ", ")))
	}
	if !s.interactive {
		return usagef("%s", lang.T(words.AppNeedsTerminal))
	}
	// The app masks what the parent chooses; the style is picked per photo.
	set, err := g.pipeline.settings(s, redact.AllFaces, redact.Emoji)
	if err != nil {
		return err
	}
	if set.Record, err = g.pipeline.record(s, lang); err != nil {
		return err
	}
	g.pipeline.useFFmpeg(&set) // a folder may hold clips: their posters and faces
	o := tui.Options{Paths: paths, Lang: lang, In: s.In, Out: s.Err, Missing: missing, Engine: set}
	if keep {
		// The parent's decisions live beside the record of the copies.
		o.Decisions = engine.OpenDecisions(set.Record.Dir())
	}
	for _, d := range demo {
		o.ExportDir, o.Credit = d.ExportDir, d.Credit
	}
	return tui.Run(ctx, o)
}
