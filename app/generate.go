package app

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/chatchannels/chatchannels/app/procmem"
	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/store"
)

var generateCommand = &command{
	name:     "generate",
	summary:  "add synthetic chats, for trying things out and for benchmarks",
	details:  "It prints the rate at which the messages went in and the peak memory.",
	examples: []string{"generate --messages 100000", "generate --data /tmp/bench --messages 1000000 --index=false"},
	hidden:   []string{"batch", "index"},
	define: func(fs *flag.FlagSet) runFunc {
		messages := fs.Int("messages", 10_000, "how many messages to generate (`N`)")
		seed := fs.Int64("seed", 1, "the same seed `N` generates the same chats")
		batch := fs.Int("batch", 5000, "messages per transaction (`N`)")
		index := fs.Bool("index", true, "keep the full-text index up to date meanwhile (else it catches up at the next start)")
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected %q: generate takes only flags", args[0])
			}
			return runGenerate(ctx, e, *messages, *seed, *batch, *index)
		}
	},
}

// runGenerate fills the archive with synthetic chats and reports the rate
// and the peak memory, so it doubles as the ingest benchmark at scale.
func runGenerate(ctx context.Context, e *env, messages int, seed int64, batch int, index bool) error {
	open := store.Open
	if !index {
		open = store.OpenDB
	}
	s, err := open(e.dataDir)
	if err != nil {
		return err
	}
	defer s.Close()
	p := newProgress(e.stderr, "generate")
	start := time.Now()
	res, err := synth.Fill(ctx, s, synth.Config{Seed: seed, Messages: messages}, batch,
		func(done int) { p.update(int64(done), int64(messages)) })
	p.done()
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(e.stdout, "%d messages: %d added, %d merged, %d updated, %d unchanged in %.1fs (%.0f messages/s)\n",
		messages, res.Added, res.Merged, res.Updated, res.Unchanged, took.Seconds(), float64(messages)/took.Seconds())
	if peak := procmem.Self("VmHWM:"); peak > 0 {
		fmt.Fprintf(e.stdout, "peak memory: %d MB (now %d MB anonymous, %d MB of mapped files)\n", peak>>20, procmem.Self("RssAnon:")>>20, procmem.Self("RssFile:")>>20)
	}
	return nil
}
