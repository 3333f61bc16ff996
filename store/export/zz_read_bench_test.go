package export_test

import (
	"context"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

func BenchmarkReadOnly(b *testing.B) {
	s := benchArchive(b)
	chats, _ := s.Chats(context.Background())
	for b.Loop() {
		start := time.Now()
		n := 0
		for _, c := range chats {
			s.MessagePages(context.Background(), c.ID, store.MessageRange{}, func(p []store.Message) error { n += len(p); return nil })
		}
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "msgs/s")
	}
}
