// Command skypesim plays Skype for Desktop API clients: it loads a world
// file and, on Windows, opens the window that answers Discover broadcasts
// and WM_COPYDATA commands, playing the world's script until it is killed.
//
//	skypesim --world FILE [--v]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"

	"github.com/chatchannels/chatchannels/skypeapi/skypesim"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("skypesim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	world := fs.String("world", "", "the simulator world `file` (JSON)")
	verbose := fs.Bool("v", false, "log debug detail")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *world == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: skypesim --world FILE")
		return 2
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})))

	w, err := skypesim.LoadWorld(*world)
	if err != nil {
		fmt.Fprintln(stderr, "skypesim:", err)
		return 1
	}
	sim := skypesim.New(w, skypesim.Options{})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	go func() {
		if err := sim.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			slog.Error("skypesim: script", "error", err)
		} else if err == nil {
			slog.Info("skypesim: script done")
		}
	}()
	if err := sim.ServeWindows(ctx); err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "skypesim:", err)
		return 1
	}
	return 0
}
