//go:build linux

package export_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/app/procmem"
	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/export"
)

var (
	benchMessages = flag.Int("bench.messages", 200_000, "messages in the benchmark archive")
	benchDir      = flag.String("bench.dir", "", "keep the benchmark archive here between runs (default: a fresh temporary folder)")
)

// benchArchive builds (or reuses, under -bench.dir) an archive of
// benchMessages synthetic messages.
func benchArchive(b *testing.B) *store.Store {
	b.Helper()
	dir := *benchDir
	if dir == "" {
		dir = b.TempDir()
	}
	dir = filepath.Join(dir, fmt.Sprintf("export-%d", *benchMessages))
	done := filepath.Join(dir, "complete")
	if _, err := os.Stat(done); err != nil {
		os.RemoveAll(dir)
		s, err := store.OpenDB(dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := synth.Fill(context.Background(), s, synth.Config{Seed: 1, Messages: *benchMessages}, 5000, nil); err != nil {
			b.Fatal(err)
		}
		s.Close()
		if err := os.WriteFile(done, nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	s, err := store.OpenDB(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// (Linux only: it reads the memory figures of /proc.)
//
// BenchmarkExport writes the whole archive in each format to nowhere
// (io.Discard: the rate is the export's, not the disk's) and reports
// messages per second, messages per second of CPU time (the process's,
// both cores: what a busy machine does not change), and the process's
// peak resident memory while it ran (with the resident memory before it,
// for comparison).
func BenchmarkExport(b *testing.B) {
	s := benchArchive(b)
	for _, format := range []string{"txt", "csv", "json", "skype", "html"} {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				var w export.Writer
				switch format {
				case "txt":
					w = export.NewText(io.Discard)
				case "csv":
					w = export.NewCSV(io.Discard)
				case "json":
					w = export.NewJSON(io.Discard)
				case "skype":
					w = skypeexport.NewWriter(io.Discard)
				case "html": // a page per chat, each to nowhere
					w = feed.NewHTMLExport(context.Background(), s, discardFolder{})
				}
				debug.FreeOSMemory()
				before := procmem.Self("VmRSS:")
				peak := procmem.Watch("self", 5*time.Millisecond, "VmRSS:")
				start, cpu := time.Now(), cpuTime()
				st, err := export.Run(context.Background(), s, export.Filter{}, meta, w, nil)
				took, used := time.Since(start), cpuTime()-cpu
				high := peak()[0]
				if err != nil || st.Messages != *benchMessages {
					b.Fatalf("%+v, %v", st, err)
				}
				b.ReportMetric(float64(st.Messages)/took.Seconds(), "msgs/s")
				b.ReportMetric(float64(st.Messages)/used.Seconds(), "msgs/cpu-s")
				b.ReportMetric(float64(high)/(1<<20), "peak-MB")
				b.ReportMetric(float64(before)/(1<<20), "before-MB")
			}
		})
	}
}

// BenchmarkRead reads every message of the archive and does nothing with
// them: the rate the formats cannot beat.
func BenchmarkRead(b *testing.B) {
	s := benchArchive(b)
	chats, err := s.Chats(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		start, cpu := time.Now(), cpuTime()
		n := 0
		for _, c := range chats {
			err := s.MessagePages(context.Background(), c.ID, store.MessageRange{}, func(p []store.Message) error {
				n += len(p)
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		if n != *benchMessages {
			b.Fatalf("read %d", n)
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "msgs/s")
		b.ReportMetric(float64(n)/(cpuTime()-cpu).Seconds(), "msgs/cpu-s")
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// discardFolder is a feed.ExportFolder whose files go nowhere.
type discardFolder struct{}

func (discardFolder) Create(string) (io.WriteCloser, error) { return nopCloser{io.Discard}, nil }
