package main

import (
	"errors"
	"fmt"
)

// Exit codes: a contract with scripts (the README's "For scripts").
const (
	exitOK          = 0
	exitSomeFailed  = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// usageError is a mistake in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// errSomeFailed says that some files failed; each was named on stderr.
var errSomeFailed = errors.New("some files failed")

// errInterrupted says the run was stopped by a signal.
var errInterrupted = errors.New("interrupted")

// exitCode maps an error of a command to the process exit code: the only
// place that does.
func exitCode(err error) int {
	var u usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &u):
		return exitUsage
	case errors.Is(err, errInterrupted):
		return exitInterrupted
	}
	return exitSomeFailed
}
