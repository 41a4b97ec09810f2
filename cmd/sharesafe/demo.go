package main

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

// samples are the demo photos (see samples/README.md): public-domain and
// CC0 pictures given realistic metadata by internal/fixtures.
//
//go:embed samples/*.jpg samples/*.png
var samples embed.FS

// writeSamples copies the samples into a new temporary folder.
func writeSamples() (string, error) {
	dir, err := os.MkdirTemp("", "sharesafe-demo-")
	if err != nil {
		return "", err
	}
	entries, err := samples.ReadDir("samples")
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		b, err := samples.ReadFile("samples/" + e.Name())
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
	}
	return dir, nil
}

func newDemoCmd(s *streams, g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Try sharesafe on built-in sample photos (for workshops: nothing to prepare)",
		Long: `demo opens the review app on sample photos built into sharesafe: a child at a
school gate in Lyon, a day at the beach, a drawing on the kitchen table and a
cat, carrying between them every kind of hidden information sharesafe finds.
The photos are public domain or CC0; their names, places and serial numbers are
made up. Without a terminal, demo prints the scan of the samples instead.

For a page to show on a projector: sharesafe report --demo -o report.html`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := writeSamples()
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			if !s.interactive {
				fmt.Fprintln(s.Err, "sharesafe: no terminal: showing the scan of the sample photos instead of the review app")
				return runScan(cmd.Context(), s, g, &scanOptions{paths: []string{dir}, audience: "public"})
			}
			return runTUI(cmd.Context(), s, g, []string{dir})
		},
	}
}
