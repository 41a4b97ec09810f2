package main

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/sharesafe/sharesafe/words"
)

// helpLang is the language of the help and of the usage errors, chosen
// before cobra reads the command line (the commands' words are set when
// they are made): the last --lang that names a language, else the
// environment's (LC_ALL, LC_MESSAGES, LANG). A --lang that names none
// leaves the environment's, which then says that the language is unknown.
func helpLang(args []string, getenv func(string) string) words.Lang {
	lang := words.FromEnv(getenv)
	for i, a := range args {
		v := ""
		switch {
		case a == "--":
			return lang
		case a == "--lang" && i+1 < len(args):
			v = args[i+1]
		case strings.HasPrefix(a, "--lang="):
			v = strings.TrimPrefix(a, "--lang=")
		default:
			continue
		}
		if l, err := words.Parse(v); err == nil {
			lang = l
		}
	}
	return lang
}

// orList joins choices as the language says them: "a, b or c".
func orList(lang words.Lang, choices ...string) string {
	if len(choices) < 2 {
		return strings.Join(choices, "")
	}
	return strings.Join(choices[:len(choices)-1], ", ") + " " + lang.T(words.CLIOr) + " " + choices[len(choices)-1]
}

// unknownValue is the usage error of a flag given a value it does not take.
func unknownValue(lang words.Lang, flag, value string, choices ...string) error {
	return usagef("%s", lang.T(words.CLIUnknownValue, flag, value, orList(lang, choices...)))
}

// noArgs refuses any argument, in the language of the help (cobra.NoArgs
// says "unknown command" in English).
func noArgs(lang words.Lang) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("%s", lang.T(words.CLINoArgs, cmd.CommandPath(), strings.Join(args, " ")))
		}
		return nil
	}
}

// flagError says a mistake in the flags (pflag's errors) in the language
// of the help; it is a usage error (exit 2).
func flagError(lang words.Lang) func(*cobra.Command, error) error {
	return func(_ *cobra.Command, err error) error {
		var (
			notExist *pflag.NotExistError
			required *pflag.ValueRequiredError
			invalid  *pflag.InvalidValueError
			syntax   *pflag.InvalidSyntaxError
		)
		switch {
		case errors.As(err, &notExist):
			return usagef("%s", lang.T(words.CLIUnknownFlag, typed(notExist.GetSpecifiedName(), notExist.GetSpecifiedShortnames())))
		case errors.As(err, &required):
			return usagef("%s", lang.T(words.CLIFlagNeedsValue, typed(required.GetSpecifiedName(), required.GetSpecifiedShortnames())))
		case errors.As(err, &invalid):
			return usagef("%s", lang.T(words.CLIBadFlagValue, invalid.GetValue(), "--"+invalid.GetFlag().Name))
		case errors.As(err, &syntax):
			return usagef("%s", lang.T(words.CLIBadFlagSyntax, syntax.GetSpecifiedFlag()))
		}
		return usageError{err}
	}
}

// typed is a flag as it was typed: --name, or -x within a group of
// shorthands.
func typed(name, shorthands string) string {
	if shorthands != "" {
		return "-" + name
	}
	return "--" + name
}

// localize puts the words cobra adds itself in the language: the help and
// completion commands, the -h and -v flags, and the usage that --help and
// a usage error show ("Usage:", "Flags:"…). The commands' own words are
// set where they are made.
func localize(root *cobra.Command, lang words.Lang) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	shells := map[string]words.Key{"bash": words.CLICompletionBash, "zsh": words.CLICompletionZsh,
		"fish": words.CLICompletionFish, "powershell": words.CLICompletionPowershell}
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Use, c.Short, c.Long = "help "+lang.T(words.CLICommandWord), lang.T(words.CLIHelpShort), lang.T(words.CLIHelpLong, root.Name())
		case "completion":
			c.Short, c.Long = lang.T(words.CLICompletionShort), lang.T(words.CLICompletionLong, root.Name())
			for _, sh := range c.Commands() {
				sh.Short, sh.Long, sh.Args = lang.T(words.CLICompletionShellShort, sh.Name()), lang.T(shells[sh.Name()], root.Name()), noArgs(lang)
				if f := sh.Flags().Lookup("no-descriptions"); f != nil {
					f.Usage = lang.T(words.CLINoDescriptions)
				}
			}
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		// Defined here, cobra does not add its own English ones.
		c.Flags().BoolP("help", "h", false, lang.T(words.CLIHelpFor, c.Name()))
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	root.Flags().BoolP("version", "v", false, lang.T(words.CLIVersionFor, root.Name()))
	root.SetUsageFunc(usage(lang))
	root.SetFlagErrorFunc(flagError(lang))
}

// usage writes a command's usage as cobra's default template does
// (cobra v1.10.2, without command groups, which sharesafe does not use),
// in the language.
func usage(lang words.Lang) func(*cobra.Command) error {
	return func(c *cobra.Command) error {
		var b strings.Builder
		b.WriteString(lang.T(words.CLIUsage))
		if c.Runnable() {
			line := c.UseLine()
			if l, ok := strings.CutSuffix(line, " [flags]"); ok {
				line = l + " " + lang.T(words.CLIFlagsWord)
			}
			fmt.Fprintf(&b, "\n  %s", line)
		}
		if c.HasAvailableSubCommands() {
			fmt.Fprintf(&b, "\n  %s %s", c.CommandPath(), lang.T(words.CLICommandWord))
		}
		if len(c.Aliases) > 0 {
			fmt.Fprintf(&b, "\n\n%s\n  %s", lang.T(words.CLIAliases), c.NameAndAliases())
		}
		if c.HasExample() {
			fmt.Fprintf(&b, "\n\n%s\n%s", lang.T(words.CLIExamples), c.Example)
		}
		if c.HasAvailableSubCommands() {
			b.WriteString("\n\n" + lang.T(words.CLICommands))
			for _, sub := range c.Commands() {
				if sub.IsAvailableCommand() || sub.Name() == "help" {
					fmt.Fprintf(&b, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short)
				}
			}
		}
		if c.HasAvailableLocalFlags() {
			fmt.Fprintf(&b, "\n\n%s\n%s", lang.T(words.CLIFlags), flagUsages(lang, c.LocalFlags()))
		}
		if c.HasAvailableInheritedFlags() {
			fmt.Fprintf(&b, "\n\n%s\n%s", lang.T(words.CLIGlobalFlags), flagUsages(lang, c.InheritedFlags()))
		}
		if c.HasHelpSubCommands() {
			b.WriteString("\n\n" + lang.T(words.CLIHelpTopics))
			for _, sub := range c.Commands() {
				if sub.IsAdditionalHelpTopicCommand() {
					fmt.Fprintf(&b, "\n  %-*s %s", sub.CommandPathPadding(), sub.CommandPath(), sub.Short)
				}
			}
		}
		if c.HasAvailableSubCommands() {
			b.WriteString("\n\n" + lang.T(words.CLIMoreHelp, c.CommandPath()))
		}
		b.WriteString("\n")
		_, err := fmt.Fprint(c.OutOrStderr(), b.String())
		return err
	}
}

// flagUsages lists flags as pflag does, its "(default x)" in the language.
func flagUsages(lang words.Lang, f *pflag.FlagSet) string {
	s := strings.ReplaceAll(f.FlagUsages(), " (default ", " ("+lang.T(words.CLIDefault)+" ")
	return strings.TrimRightFunc(s, unicode.IsSpace)
}
