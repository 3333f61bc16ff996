package skypeexport

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/app/procmem"
	"github.com/chatchannels/chatchannels/store"
)

var (
	importMessages = flag.Int("bench.import", 200_000, "messages in the import benchmarks' exports")
	benchDir       = flag.String("bench.dir", "", "keep the import benchmark's generated export here between runs (default: a fresh temporary folder)")
	benchIndex     = flag.Bool("bench.index", true, "after the import, measure the full-text index catching up")
	benchMemLimit  = flag.Int64("bench.memlimit", 0, "soft memory limit in MB during the import, as chatchannels import sets it (0: none)")
)

// BenchmarkImport imports a realistic synthetic export (see
// writeRealisticExport) into a fresh archive, the index deferred, and
// reports messages/s, MB/s of JSON, the peak resident memory of the import
// and then the rate at which the full-text index catches up.
func BenchmarkImport(b *testing.B) {
	path := realisticExport(b)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		benchmarkImportOnce(b, path, st.Size())
	}
}

// BenchmarkReadRealistic reads the realistic export without archiving it:
// the reader's share of an import.
func BenchmarkReadRealistic(b *testing.B) {
	path := realisticExport(b)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		e, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		n := 0
		if err := e.Each(func(Conversation, Message) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start).Seconds()
		e.Close()
		b.ReportMetric(float64(n)/took, "msgs/s")
		b.ReportMetric(float64(st.Size())/took/1e6, "MB/s")
	}
}

// realisticExport generates the benchmarks' realistic export of
// -bench.import messages, or finds it in -bench.dir.
func realisticExport(b *testing.B) string {
	dir := *benchDir
	if dir == "" {
		dir = b.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("export-%d.json", *importMessages))
	if _, err := os.Stat(path); err != nil {
		if err := writeRealisticExport(path, *importMessages); err != nil {
			b.Fatal(err)
		}
	}
	return path
}

// BenchmarkImportEdited imports an export in which every message is edited,
// so that each one needs a match query: the slow path.
func BenchmarkImportEdited(b *testing.B) {
	path := filepath.Join(b.TempDir(), "messages.json")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	const convs = 40
	size, err := genExport(f, convs, *importMessages/convs, 0)
	if err != nil {
		b.Fatal(err)
	}
	f.Close()
	for b.Loop() {
		benchmarkImportOnce(b, path, size)
	}
}

func benchmarkImportOnce(b *testing.B, path string, size int64) {
	data := b.TempDir()
	s, err := store.OpenDB(data)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	debug.FreeOSMemory()
	if *benchMemLimit > 0 {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(*benchMemLimit << 20))
	}
	resetPeakRSS(b)
	start := time.Now()
	rep, err := Import(context.Background(), s, path, nil)
	took := time.Since(start).Seconds()
	if err != nil {
		b.Fatal(err)
	}
	peak := procmem.Self("VmHWM:")
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc>>20), "live-heap-MB")
	s.Close()
	n := rep.Added + rep.Merged + rep.Updated + rep.Unchanged
	b.ReportMetric(float64(n)/took, "msgs/s")
	b.ReportMetric(float64(size)/took/1e6, "MB/s")
	b.ReportMetric(float64(peak>>20), "peak-RSS-MB")
	b.Logf("%d messages (%d added, %d updated) from %.0f MB in %.1fs", n, rep.Added, rep.Updated, float64(size)/1e6, took)
	if !*benchIndex {
		return
	}
	resetPeakRSS(b)
	start = time.Now()
	s, err = store.Open(data)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.WaitIndexed(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(rep.Added)/time.Since(start).Seconds(), "index-msgs/s")
	b.ReportMetric(float64(procmem.Self("VmHWM:")>>20), "index-peak-RSS-MB")
	s.Close()
}

// resetPeakRSS starts the process's peak resident memory (VmHWM) afresh,
// so that what the benchmark generated before does not count.
func resetPeakRSS(b *testing.B) {
	if err := procmem.ResetPeak(); err != nil {
		b.Logf("peak RSS cannot be reset here (%v): it includes the export's generation", err)
	}
}
