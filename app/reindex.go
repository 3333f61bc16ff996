package app

import (
	"context"
	"fmt"

	"github.com/chatchannels/chatchannels/store"
)

// runReindex rebuilds the full-text index from SQLite.
func runReindex(ctx context.Context, e *env, args []string) error {
	fs, data := commandFlags(e, "reindex")
	if err := parse(e, fs, data, args); err != nil {
		return err
	}
	s, err := store.OpenDB(e.dataDir)
	if err != nil {
		return err
	}
	defer s.Close()
	p := newProgress(e.stderr, "reindex")
	if err := s.Reindex(ctx, p.update); err != nil {
		return err
	}
	p.done()
	fmt.Fprintln(e.stdout, "the full-text index is rebuilt")
	return nil
}
