// Package app is Chat Channels' command line and its wiring: each command
// opens the archive (store) and hands over to the importers, the collector
// (app/collector), the web server (feed), the tray (app/tray) or Windows
// setup (app/setup); it also keeps the log and shows progress.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
)

// command is one subcommand of the command line.
type command struct {
	name  string
	usage string // arguments, after the name
	help  string
	run   func(ctx context.Context, env *env, args []string) error
}

// env is what every command gets: where the archive is and where to write.
type env struct {
	dataDir    string
	dataChosen bool // the user named the folder (else it is the default)
	stdout     io.Writer
	stderr     io.Writer
}

var commands = []command{
	{"serve", "[--addr HOST:PORT] [--demo]", "collect from Skype and serve the web view (the default without a command)", runServe},
	{"import", "FILE...", "import Skype exports (.tar or messages.json) and main.db files; again changes nothing", runImport},
	{"chats", "[add NAME | remove NAME]", "list chats, or pick one for collection or drop it", runChats},
	{"search", "[--limit N] [--by-time] QUERY...", "search the archive (words, \"phrases\", -word, from:, chat:, date:)", runSearch},
	{"reindex", "", "rebuild the full-text index from the archive", runReindex},
	{"generate", "[--messages N] [--seed N]", "add synthetic chats, for trying things out and for benchmarks", runGenerate},
	{"install", "[--start-with-windows] [--no-start]", "Windows: install for this user (Start Menu, app list) and start it", runInstall},
	{"uninstall", "[--remove-data]", "Windows: stop and remove what install added; the archive stays unless --remove-data", runUninstall},
}

// errUsage reports a command line that could not be understood; the usage
// has been printed already.
var errUsage = errors.New("usage")

// Main runs the command line and returns the process's exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, args, stdout, stderr); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintf(stderr, "chatchannels: %v\n", oneLine(err))
		}
		return 1
	}
	return 0
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	global := flag.NewFlagSet("chatchannels", flag.ContinueOnError)
	global.SetOutput(stderr)
	dataDir := global.String("data", "", "the data folder (default: $CHATCHANNELS_DATA, else "+defaultDataDirHint()+")")
	global.Usage = func() { usage(stderr, global) }
	if err := global.Parse(args); err != nil {
		return errUsage
	}
	args = global.Args()
	if len(args) == 0 {
		args = []string{""} // no command: the tray, headless where there is none (tray_*.go)
	}
	for _, c := range append([]command{{run: runTray}}, commands...) {
		if c.name != args[0] {
			continue
		}
		dir, err := resolveDataDir(*dataDir)
		if err != nil {
			return err
		}
		e := &env{dataDir: dir, dataChosen: dataDirChosen(*dataDir), stdout: stdout, stderr: stderr}
		return c.run(ctx, e, args[1:])
	}
	usage(stderr, global)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer, global *flag.FlagSet) {
	fmt.Fprintln(w, "Usage: chatchannels [--data DIR] COMMAND [ARGS]")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %s %s\n      %s\n", c.name, c.usage, c.help)
	}
	fmt.Fprintln(w, "\nEvery command also takes --data DIR before or after its name:")
	global.PrintDefaults()
}

// commandFlags makes the flag set of a command; --data is accepted after
// the command's name too.
func commandFlags(e *env, name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("chatchannels "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	data := fs.String("data", "", "the data folder")
	return fs, data
}

// parse parses a command's flags, anywhere among its arguments, and
// applies a --data given after the name.
func parse(e *env, fs *flag.FlagSet, data *string, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	fs.Parse(append([]string{"--"}, positional...)) // leaves them as fs.Args()
	return useData(e, data)
}

// parseLeading parses flags only before the first argument, for commands
// whose arguments may start with '-' (a search for -word).
func parseLeading(e *env, fs *flag.FlagSet, data *string, args []string) error {
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	return useData(e, data)
}

func useData(e *env, data *string) error {
	if *data != "" {
		dir, err := resolveDataDir(*data)
		if err != nil {
			return err
		}
		e.dataDir, e.dataChosen = dir, true
	}
	return nil
}

// oneLine keeps an error message to one line, as the command line promises.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
