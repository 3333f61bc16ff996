package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one subcommand of the command line: what help says of it, its
// flags, and what it runs.
type command struct {
	name     string
	args     string   // the arguments after the flags, for the synopsis ("FILE...")
	summary  string   // one line, for the list of commands
	details  string   // more for `help NAME`: what it does, its output ("" when the summary says it all)
	examples []string // command lines, without the leading "chatchannels "
	hidden   []string // flags left out of the synopsis (used by other programs, not people)
	windows  bool     // only does something on Windows

	// dashArgs: arguments may start with one dash (search's -word leaves a
	// word out), so only double-dashed words are flags.
	dashArgs bool

	// define declares the command's flags on fs and returns what runs the
	// command with their values and its other arguments.
	define func(fs *flag.FlagSet) runFunc
}

// runFunc runs a command with its arguments, its flags already parsed.
type runFunc func(ctx context.Context, e *env, args []string) error

// dataUsage is the --data flag's, which every command takes.
var dataUsage = "the data folder (default: $CHATCHANNELS_DATA, else " + defaultDataDirHint() + ")"

// flagSet makes the command's flags, with --data, and its runner.
func (c *command) flagSet() (*flag.FlagSet, runFunc) {
	fs := flag.NewFlagSet("chatchannels "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported as usage errors, help by commandHelp
	fs.String("data", "", dataUsage)
	return fs, c.define(fs)
}

// findCommand finds a command by its name.
func findCommand(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// usageError is a command line that could not be understood: Main says
// why, shows the command's synopsis and exits with exitUsage.
type usageError struct {
	cmd *command // nil: the program as a whole
	msg string
}

func (e *usageError) Error() string {
	if e.cmd == nil || e.cmd.name == "" {
		return e.msg
	}
	return e.cmd.name + ": " + e.msg
}

// usagef makes a usage error; run names the command it is about.
func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// parseArgs parses a command's flags, wherever they are among its
// arguments, and returns the other arguments in order. "--" ends the
// flags; a lone "-" is an argument (standard input). A flag takes one dash
// or two, its value after '=' or as the next argument. With dashArgs, a
// word with one dash is an argument and only -h stands for help. help
// reports -h or --help: the caller shows the command's help.
func parseArgs(fs *flag.FlagSet, dashArgs bool, args []string) (positional []string, help bool, err error) {
	var flags []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		double := strings.HasPrefix(a, "--")
		name, _, hasValue := cutFlag(a)
		switch {
		case a == "-h" || a == "--help" || (!dashArgs && a == "-help"):
			return nil, true, nil
		case dashArgs && !double:
			positional = append(positional, a) // -word: leave the word out
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			if dashArgs {
				return nil, false, usagef("unknown flag %s; to search for it as text, quote it: chatchannels search '\"%s\"'", a, a)
			}
			return nil, false, usagef("unknown flag %s", a)
		}
		flags = append(flags, "--"+strings.TrimLeft(a, "-"))
		if !hasValue && !isBoolFlag(f) {
			if i+1 == len(args) {
				return nil, false, usagef("--%s needs a value", name)
			}
			i++
			flags = append(flags, args[i])
		}
	}
	if err := fs.Parse(flags); err != nil {
		return nil, false, usagef("%s", strings.ReplaceAll(err.Error(), "flag -", "flag --"))
	}
	return positional, false, nil
}

// cutFlag splits "-name", "--name" or "--name=value" into the flag's name
// and its value; name is "" when a is not a flag's shape.
func cutFlag(a string) (name, value string, hasValue bool) {
	rest, ok := strings.CutPrefix(a, "--")
	if !ok {
		rest = strings.TrimPrefix(a, "-")
	}
	name, value, hasValue = strings.Cut(rest, "=")
	if name == "" || strings.HasPrefix(name, "-") {
		return "", "", false
	}
	return name, value, hasValue
}

// isBoolFlag reports whether a flag takes no value (--json, not --limit N).
func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
