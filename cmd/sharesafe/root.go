package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/words"
)

// globalOptions are the flags every command shares.
type globalOptions struct {
	lang     string
	pipeline pipelineOptions
	// help is the language of the help and the usage errors (helpLang),
	// chosen before the flags are read.
	help words.Lang
}

func (g *globalOptions) language(s *streams) (advise.Lang, error) {
	if g.lang == "" {
		return words.FromEnv(s.Getenv), nil
	}
	l, err := words.Parse(g.lang)
	if err != nil {
		return "", unknownValue(g.help, "--lang", g.lang, langCodes()...)
	}
	return l, nil
}

// langCodes are the languages' codes, English first.
func langCodes() []string {
	var codes []string
	for _, l := range words.Langs() {
		codes = append(codes, string(l))
	}
	return codes
}

// newRootCmd makes the command line, its help in g.help.
func newRootCmd(s *streams, g *globalOptions) *cobra.Command {
	h := g.help
	root := &cobra.Command{
		Use:           "sharesafe " + h.T(words.CLIRootArgs),
		Short:         h.T(words.CLIRootShort),
		Long:          h.T(words.CLIRootLong),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReview(cmd.Context(), s, g, args)
		},
		Version: version(),
	}
	// ffmpeg is named only when --version is asked (finding it runs it).
	cobra.AddTemplateFunc("sharesafeFFmpeg", g.pipeline.ffmpegLine)
	root.SetVersionTemplate("{{.Version}}\n{{sharesafeFFmpeg}}\n")
	langs := langCodes()
	root.PersistentFlags().StringVar(&g.lang, "lang", "", h.T(words.CLIFlagLang, orList(h, langs...)))
	complete(root, "lang", langs...)
	root.PersistentFlags().StringVar(&g.pipeline.progress, "progress", "auto", h.T(words.CLIFlagProgress))
	complete(root, "progress", "auto", "json", "none")
	g.pipeline.lang = h
	g.pipeline.register(root)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetIn(s.In)
	root.AddCommand(newScanCmd(s, g), newRedactCmd(s, g), newReportCmd(s, g), newDemoCmd(s, g), newManCmd(s, g))
	localize(root, h)
	return root
}

// version says which sharesafe this is: the module version, the commit
// when built from a checkout, and the pinned models.
func version() string {
	v, commit := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		if r := engine.Release(); r != "" {
			v = r // stamped by GoReleaser (.goreleaser.yaml)
		}
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision":
				commit = s.Value[:min(12, len(s.Value))]
			case s.Key == "vcs.modified" && s.Value == "true":
				commit += " (modified)"
			}
		}
	}
	out := "sharesafe " + v
	if commit != "" {
		out += ", commit " + commit
	}
	out += "\nmodels:"
	for _, m := range detect.Models {
		out += "\n  " + m
	}
	return out
}

// run executes the command line and returns the exit code. Errors are
// printed here, one line each. The first Ctrl-C (or SIGTERM) is said on
// stderr at once and stops the run (finished copies are kept); a second one
// ends the process.
func run(args []string, s *streams) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	defer engine.Quit() // no temporary file of ours outlives the process
	g := &globalOptions{help: helpLang(args, s.Getenv)}
	root := newRootCmd(s, g)
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	go func() {
		if _, ok := <-sig; !ok {
			return
		}
		if s.ErrTTY {
			fmt.Fprint(s.Err, "\r\x1b[K")
		}
		lang, _ := g.language(s)
		fmt.Fprintln(s.Err, "sharesafe: "+lang.T(words.Stopping))
		cancel()
		if _, ok := <-sig; ok {
			engine.Quit()
			os.Exit(exitInterrupted)
		}
	}()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	var np noPhotosError
	switch {
	case err == nil || err == errSomeFailed || err == errInterrupted:
	case errors.As(err, &np):
		fmt.Fprintf(s.Err, "sharesafe: %s\n", np)
	default:
		fmt.Fprintf(s.Err, "sharesafe: %s\n", message(err))
	}
	return exitCode(err)
}

// needPaths requires at least one path, and says what to type when there
// is none (the message, in the language of the help).
func needPaths(message string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("%s", message)
		}
		return nil
	}
}

// interrupted says how far a stopped run got, and returns errInterrupted.
func interrupted(s *streams, lang advise.Lang, sum summary, total int) error {
	done := sum.files + sum.failed + sum.existed + sum.inPlace
	fmt.Fprintf(s.Err, "sharesafe: %s\n", lang.N(done, words.InterruptedOne, words.InterruptedMany, total))
	return errInterrupted
}
