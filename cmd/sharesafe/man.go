package main

import (
	"fmt"

	mcobra "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"

	"github.com/sharesafe/sharesafe/words"
)

// newManCmd prints the manual page. The page is English whatever the
// language (docs/languages.md): it is made from a command line whose help
// is English.
func newManCmd(s *streams, g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: g.help.T(words.CLIManShort),
		Args:  noArgs(g.help),
		RunE: func(cmd *cobra.Command, _ []string) error {
			page, err := mcobra.NewManPage(1, newRootCmd(s, &globalOptions{help: words.English}))
			if err != nil {
				return err
			}
			page = page.WithSection("Exit status", "0 all done, 1 some files failed (each named on stderr) or no photo was found, 2 usage error (nothing done), 130 interrupted.")
			page = page.WithSection("JSON lines", "With --json, scan and redact print one line per file found or given, every line with the same keys. status: checked (scan), written (a safe copy was written), exists (the copy made from this photo with these settings is there, unchanged: left alone), skipped (nothing done; reason: not_a_photo, video (not cleaned yet), link, duplicate (the same file met before) or backup (a FILE.orig kept by --in-place)), or failed (error says why).")
			page = page.WithSection("Files", "The record of what made each safe copy (the photo's SHA-256, the settings, the masks, the copy's SHA-256, the names given) and the parent's decisions are kept in $SHARESAFE_STATE, or sharesafe/ in the user's state folder ($XDG_STATE_HOME or ~/.local/state on Linux, ~/Library/Application Support on macOS, %AppData% on Windows), readable by the user only, never in an output folder; a damaged entry is ignored. Faces found are cached in $SHARESAFE_CACHE, or sharesafe/ in the user's cache folder (~/.cache/sharesafe on Linux); --no-cache turns the cache off; deleting the folder clears it. After sharesafe is killed (kill -9), hidden .sharesafe-PID-*.tmp files may be left beside the copies and in those two folders, and a lock file in the record: the next run removes them.")
			_, err = fmt.Fprint(s.Out, page.Build(roff.NewDocument()))
			return err
		},
	}
}
