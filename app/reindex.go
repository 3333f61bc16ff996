package app

import (
	"context"
	"flag"
	"fmt"
)

var reindexCommand = &command{
	name:     "reindex",
	summary:  "rebuild the full-text index from the archive",
	details:  "Chat Channels must not be running on the same data folder meanwhile.",
	examples: []string{"reindex"},
	define:   func(*flag.FlagSet) runFunc { return runReindex },
}

// runReindex rebuilds the full-text index from SQLite.
func runReindex(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected %q: reindex takes no arguments", args[0])
	}
	s, err := openArchive(e)
	if err != nil {
		return err
	}
	defer s.Close()
	p := newProgress(e.stderr, "reindex")
	err = s.Reindex(ctx, p.update)
	p.done()
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	fmt.Fprintln(e.stdout, "the full-text index is rebuilt")
	return nil
}
