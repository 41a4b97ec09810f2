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
			page = page.WithSection("Exit status", "0 all done, 1 some files failed (each named on stderr) or no photos found, 2 usage error, 130 interrupted.")
			page = page.WithSection("Files", "Faces found are cached in $SHARESAFE_CACHE, or sharesafe/ in the user's cache folder (~/.cache/sharesafe on Linux); --no-cache turns the cache off; deleting the folder clears it.")
			_, err = fmt.Fprint(s.Out, page.Build(roff.NewDocument()))
			return err
		},
	}
}
