package store_test

import (
	"context"
	"flag"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/synth"
)

var benchMessages = flag.Int("bench.messages", 200_000, "messages in the benchmark archives")

// BenchmarkIngest measures storing fresh messages into SQLite.
func BenchmarkIngest(b *testing.B) {
	for b.Loop() {
		s, err := store.OpenDB(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if _, err := synth.Fill(context.Background(), s, synth.Config{Seed: 1, Messages: *benchMessages}, 5000, nil); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(*benchMessages)/time.Since(start).Seconds(), "msgs/s")
		s.Close()
	}
}

// BenchmarkIngestAgain measures the common path of re-running an import:
// every message is already archived.
func BenchmarkIngestAgain(b *testing.B) {
	s, err := store.OpenDB(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	cfg := synth.Config{Seed: 1, Messages: *benchMessages}
	if _, err := synth.Fill(context.Background(), s, cfg, 5000, nil); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		start := time.Now()
		res, err := synth.Fill(context.Background(), s, cfg, 5000, nil)
		if err != nil {
			b.Fatal(err)
		}
		if res.Unchanged != *benchMessages {
			b.Fatalf("re-run changed the archive: %+v", res)
		}
		b.ReportMetric(float64(*benchMessages)/time.Since(start).Seconds(), "msgs/s")
	}
}

// BenchmarkIndexCatchUp measures the full-text index catching up with an
// archive it has never seen.
func BenchmarkIndexCatchUp(b *testing.B) {
	for b.Loop() {
		dir := b.TempDir()
		db, err := store.OpenDB(dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := synth.Fill(context.Background(), db, synth.Config{Seed: 1, Messages: *benchMessages}, 5000, nil); err != nil {
			b.Fatal(err)
		}
		db.Close()
		start := time.Now()
		s, err := store.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.WaitIndexed(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(*benchMessages)/time.Since(start).Seconds(), "msgs/s")
		s.Close()
	}
}
