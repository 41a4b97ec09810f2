package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
)

// globalOptions are the flags every command shares.
type globalOptions struct {
	lang string
}

func (g *globalOptions) language(s *streams) (advise.Lang, error) {
	if g.lang == "" {
		return advise.LangFromEnv(s.Getenv), nil
	}
	l, err := advise.ParseLang(g.lang)
	if err != nil {
		return "", usageError{err}
	}
	return l, nil
}

func newRootCmd(s *streams) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "sharesafe [PATH...]",
		Short: "Check a photo before you share it, and make a safe copy",
		Long: `sharesafe finds what a photo gives away (faces, children, the place and time
it was taken, names, hidden copies and videos inside the file) and writes a safe
copy with the faces masked and the hidden information removed. The original is
never changed. Everything runs on this computer: nothing is sent anywhere.

With no command, sharesafe opens the review app on the photos given (or the
current folder).`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTUI(cmd.Context(), s, g, args)
		},
	}
	root.PersistentFlags().StringVar(&g.lang, "lang", "", "language of the advice: en or fr (default: from LANG)")
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetIn(s.In)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newScanCmd(s, g), newRedactCmd(s, g), newReportCmd(s, g), newDemoCmd(s, g))
	return root
}

// run executes the command line and returns the exit code. Errors are
// printed here, one line each.
func run(args []string, s *streams) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRootCmd(s)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err != nil && err != errSomeFailed && err != errInterrupted {
		fmt.Fprintf(s.Err, "sharesafe: %v\n", err)
	}
	return exitCode(err)
}

// detectorOptions maps --detector to detect's settings: thorough (the
// default: pigo upright and turned, the SSD and BlazeFace, merged) or fast
// (pigo upright only: several times faster, finds far fewer faces).
func detectorOptions(name string) (detect.Options, error) {
	switch name {
	case "", "thorough":
		return detect.DefaultOptions, nil
	case "fast":
		return detect.Options{Faces: true, Face: detect.FastFaceOptions, Ages: true}, nil
	}
	return detect.Options{}, usagef("unknown detector %q (choose thorough or fast)", name)
}

// usageArgs makes an argument check's failure a usage error (exit 2).
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}
