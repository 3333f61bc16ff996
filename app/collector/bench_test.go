package collector

import (
	"context"
	"flag"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/app/procmem"
	"github.com/chatchannels/chatchannels/skypeapi/skypesim"
	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/store"
)

var (
	benchMessages = flag.Int("bench.messages", 100_000, "messages in the history BenchmarkCollectorInitialSync collects")
	benchArchive  = flag.String("bench.archive", "", "collect into this existing archive (give it a copy; one iteration) instead of an empty one")
	benchSeed     = flag.Int64("bench.seed", 1, "the simulated world's seed: another for each collection into one -bench.archive")
)

// BenchmarkCollectorInitialSync measures copying a history (100k messages,
// or -bench.messages) from the in-memory simulator: about 9 GETs a message,
// pipelined. -bench.archive collects it into an existing archive, as
// collecting beside a large one. Besides the rate it reports the
// process's resident memory once the simulated world is made (world-MB:
// the simulator's, not the collector's) and its peak while collecting
// (Linux).
func BenchmarkCollectorInitialSync(b *testing.B) {
	messages := *benchMessages
	w := synth.SimWorld(*benchSeed, messages, 0, time.Second)
	for b.Loop() {
		dir := *benchArchive
		if dir == "" {
			dir = b.TempDir()
		}
		s, err := store.OpenDB(dir)
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		before, err := s.Counts(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range w.Chats {
			if _, err := s.FindChat(ctx, c.Name); err == nil {
				b.Fatalf("the archive already holds the simulated chat %s: collect another world (-bench.seed)", c.Name)
			}
			s.EnsureChat(ctx, store.ChatInfo{Name: c.Name})
			s.SetCollected(ctx, c.Name, true)
		}
		sim := skypesim.New(w, skypesim.Options{})
		c := &Collector{Store: s, Connector: sim}
		runtime.GC()
		debug.FreeOSMemory()
		world := procmem.Self("VmRSS:")
		peak := procmem.Watch("self", 50*time.Millisecond, "VmRSS:", "RssAnon:")
		start := time.Now()
		done := make(chan struct{})
		go func() { c.Run(ctx); close(done) }()
		for {
			n, err := s.Counts(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if n.Messages == before.Messages+messages {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		b.ReportMetric(float64(messages)/time.Since(start).Seconds(), "msgs/s")
		peaks := peak()
		b.ReportMetric(float64(world>>20), "world-MB")
		b.ReportMetric(float64(peaks[0]>>20), "peak-RSS-MB")
		b.ReportMetric(float64(peaks[1]>>20), "peak-anon-MB")
		cancel()
		<-done
		s.Close()
	}
}

// BenchmarkCollectorLiveLatency measures how long a message Skype announces
// takes to reach the archive.
func BenchmarkCollectorLiveLatency(b *testing.B) {
	const interval = 20 * time.Millisecond
	w := synth.SimWorld(2, 1000, 300, interval)
	s, err := store.OpenDB(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, c := range w.Chats {
		s.EnsureChat(ctx, store.ChatInfo{Name: c.Name})
		s.SetCollected(ctx, c.Name, true)
	}
	sim := skypesim.New(w, skypesim.Options{})
	c := &Collector{Store: s, Connector: sim}
	go sim.Run(ctx)
	go c.Run(ctx)
	// The script counts from the attach; the n-th live message is archived
	// when the count passes history+n.
	var attached time.Time
	for attached.IsZero() {
		if strings.HasPrefix(c.State().Skype, "attached") {
			attached = time.Now()
		}
		time.Sleep(100 * time.Microsecond)
	}
	var lags []time.Duration
	seen := 1000
	for b.Loop() {
		for seen < 1000+len(w.Script) {
			n, err := s.Counts(ctx)
			if err != nil {
				b.Fatal(err)
			}
			for ; seen < n.Messages; seen++ {
				due := attached.Add(time.Duration(w.Script[seen-1000].AfterMS) * time.Millisecond)
				lags = append(lags, time.Since(due))
			}
			time.Sleep(500 * time.Microsecond)
		}
	}
	b.ReportMetric(float64(pct(lags, 50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(pct(lags, 95).Microseconds())/1000, "p95-ms")
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	for i := range s { // insertion sort: a few hundred items
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s[min(len(s)*p/100, len(s)-1)]
}
