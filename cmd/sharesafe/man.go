package main

import (
	"fmt"

	mcobra "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
)

func newManCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "Print the manual page (sharesafe man > sharesafe.1; man ./sharesafe.1)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			page, err := mcobra.NewManPage(1, cmd.Root())
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
