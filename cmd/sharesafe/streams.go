package main

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// streams are the command's standard files, swappable in tests.
type streams struct {
	In          io.Reader
	Out, Err    io.Writer
	OutTTY      bool // stdout is a terminal
	ErrTTY      bool // stderr is a terminal
	Getenv      func(string) string
	interactive bool // stdin and stderr are terminals: the TUI may run
}

func systemStreams() *streams {
	tty := func(f *os.File) bool { return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()) }
	return &streams{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		OutTTY: tty(os.Stdout), ErrTTY: tty(os.Stderr),
		Getenv:      os.Getenv,
		interactive: tty(os.Stdin) && tty(os.Stderr),
	}
}
