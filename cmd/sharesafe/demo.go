package main

import (
	"embed"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	samplefx "github.com/sharesafe/sharesafe/internal/fixtures"
	"github.com/sharesafe/sharesafe/tui"
	"github.com/sharesafe/sharesafe/words"
)

// samples are the demo photos (see samples/README.md): real photographs
// under CC BY 2.0 and CC0, given made-up metadata by internal/fixtures.
//
//go:embed samples/*.jpg samples/*.png
var samples embed.FS

// demoCopies is the folder, in the current folder, where the demo saves its
// safe copies.
const demoCopies = "sharesafe-demo-copies"

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
		Short: g.help.T(words.CLIDemoShort),
		Long:  g.help.T(words.CLIDemoLong),
		Args:  noArgs(g.help),
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := writeSamples()
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			if err := printSampleCredits(s.Err, g, s); err != nil {
				return err
			}
			if !s.interactive {
				lang, err := g.language(s)
				if err != nil {
					return err
				}
				fmt.Fprintln(s.Err, "sharesafe: "+lang.T(words.DemoNoTerminal))
				return runScan(cmd.Context(), s, g, &scanOptions{paths: []string{dir}, audience: "public"})
			}
			// The safe copies go to a folder named for the demo, in the
			// current folder (the export screen says where), not beside
			// the temporary copies of the samples; the review shows each
			// photo's credit.
			cwd, err := os.Getwd()
			if err != nil {
				return err
			}
			return runTUI(cmd.Context(), s, g, []string{dir}, tui.Options{
				ExportDir: filepath.Join(cwd, demoCopies),
				Credit:    samplefx.SampleCredit,
			})
		},
	}
}

// printSampleCredits says where the demo's photos come from, in the
// chosen language.
func printSampleCredits(w io.Writer, g *globalOptions, s *streams) error {
	lang, err := g.language(s)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, lang.T(words.DemoPhotos))
	entries, err := samples.ReadDir("samples")
	if err != nil {
		return err
	}
	for _, e := range entries {
		if c, ok := samplefx.SampleCredit(e.Name(), string(lang)); ok {
			fmt.Fprintf(w, "  %s%s%s\n", e.Name(), lang.T(words.Colon), c)
		}
	}
	return nil
}
