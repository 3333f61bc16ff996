package skypeexport

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

var importMessages = flag.Int("bench.import", 200_000, "messages in the import benchmark's export")

// BenchmarkImport imports a generated export into a fresh archive (index
// deferred) and reports messages/s and the peak Go heap.
func BenchmarkImport(b *testing.B) {
	path := filepath.Join(b.TempDir(), "messages.json")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	const convs = 40
	if _, err := genExport(f, convs, *importMessages/convs, 0); err != nil {
		b.Fatal(err)
	}
	f.Close()
	for b.Loop() {
		s, err := store.OpenDB(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		var peak atomic.Uint64
		done := make(chan struct{})
		go func() {
			var ms runtime.MemStats
			for {
				select {
				case <-done:
					return
				case <-time.After(100 * time.Millisecond):
				}
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
			}
		}()
		start := time.Now()
		rep, err := Import(context.Background(), s, path, nil)
		close(done)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Added)/time.Since(start).Seconds(), "msgs/s")
		b.ReportMetric(float64(peak.Load()>>20), "peak-heap-MB")
		s.Close()
	}
}
