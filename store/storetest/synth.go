package storetest

import (
	"context"
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/store"
)

// SynthArchive makes an archive in dir of the generator's first world of
// messages messages (seed 1), not indexed, for the benchmarks.
func SynthArchive(tb testing.TB, dir string, messages int) {
	tb.Helper()
	db, err := store.OpenDB(dir)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := synth.Fill(context.Background(), db, synth.Config{Seed: 1, Messages: messages}, 5000, nil); err != nil {
		tb.Fatal(err)
	}
}
