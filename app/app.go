// Package app is Chat Channels' command line and its wiring: each command
// opens the archive (store) and hands over to the importers, the collector
// (app/collector), the web server (feed), the tray (app/tray) or Windows
// setup (app/setup); it also keeps the log and shows progress.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// env is what every command gets: where the archive is and where to write.
type env struct {
	dataDir    string
	dataChosen bool // the user named the folder (else it is the default)
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
}

// Exit codes: a failure, and a command line that could not be understood.
const (
	exitFailure = 1
	exitUsage   = 2
)

// Main runs the command line and returns the process's exit code: 0, 1 on
// a failure (a one-line reason on standard error), 2 on a command line
// that could not be understood (the reason and a short usage).
func Main(args []string, stdout, stderr io.Writer) int {
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, args, stdout, stderr)
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "chatchannels: %s\n", describeError(err))
	var usage *usageError
	if errors.As(err, &usage) {
		shortUsage(stderr, usage.cmd)
		return exitUsage
	}
	return exitFailure
}

// run finds the command, parses its flags and runs it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	data, args, err := leadingOptions(args)
	if err != nil {
		return err
	}
	c := &trayCommand // no command: the tray, headless where there is none (tray_*.go)
	if len(args) > 0 {
		if c = findCommand(args[0]); c == nil {
			return &usageError{msg: fmt.Sprintf("unknown command %q", args[0])}
		}
		args = args[1:]
	}
	err = runCommand(ctx, c, data, args, stdout, stderr)
	var usage *usageError
	if errors.As(err, &usage) && usage.cmd == nil {
		usage.cmd = c
	}
	return err
}

// runCommand parses a command's flags and runs it.
func runCommand(ctx context.Context, c *command, data string, args []string, stdout, stderr io.Writer) error {
	fs, runner := c.flagSet()
	positional, help, err := parseArgs(fs, c.dashArgs, args)
	if err != nil {
		return err
	}
	if help {
		return commandHelp(stdout, c)
	}
	if d := fs.Lookup("data").Value.String(); d != "" {
		data = d
	}
	e := &env{stdin: os.Stdin, stdout: stdout, stderr: stderr, dataChosen: dataDirChosen(data)}
	if e.dataDir, err = resolveDataDir(data); err != nil {
		return err
	}
	return runner(ctx, e, positional)
}

// leadingOptions reads the options before the command's name: --data DIR,
// which every command also takes after its name, and the program's own
// --help and --version, which stand for the commands help and version.
func leadingOptions(args []string) (data string, rest []string, err error) {
	for len(args) > 0 {
		a := args[0]
		if a == "--" {
			return data, args[1:], nil
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		name, value, hasValue := cutFlag(a)
		switch name {
		case "h", "help":
			return data, append([]string{"help"}, args[1:]...), nil
		case "version":
			return data, append([]string{"version"}, args[1:]...), nil
		case "data":
			if !hasValue {
				if len(args) < 2 {
					return "", nil, &usageError{msg: "--data needs a folder"}
				}
				value, args = args[1], args[1:]
			}
			data, args = value, args[1:]
		default:
			return "", nil, &usageError{msg: fmt.Sprintf("unknown option %s (a command's flags go after its name)", a)}
		}
	}
	return data, args, nil
}
