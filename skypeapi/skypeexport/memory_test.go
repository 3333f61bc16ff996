package skypeexport

import (
	"bytes"
	"io"
	"runtime"
	"testing"
	"time"
)

// TestStreamMemory streams a ~20 MB export generated on the fly through an
// io.Pipe and checks that the heap stays small while it is read.
func TestStreamMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("generates ~20 MB")
	}
	const convs, msgs, skip = 150, 300, 200000 // ≈ 20 MB
	pr, pw := io.Pipe()
	written := make(chan int64, 1)
	go func() {
		n, err := genExport(pw, convs, msgs, skip)
		pw.CloseWithError(err)
		written <- n
	}()
	runtime.GC()
	var ms runtime.MemStats
	var peak uint64
	sample := func() {
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc > peak {
			peak = ms.HeapAlloc
		}
	}
	sample()
	e, err := newReader(pr, "pipe")
	if err != nil {
		t.Fatal(err)
	}
	n, nc := 0, 0
	var last time.Time
	err = e.Walk(func(c Conversation, m Message) error {
		n++
		if n%2000 == 0 {
			sample()
		}
		if n%msgs != 1 && !m.Time.Before(last) {
			t.Errorf("message %d not newest-first in file order", n)
		}
		last = m.Time
		return nil
	}, func(Conversation) error { nc++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	sample()
	size := <-written
	t.Logf("%d bytes, %d conversations, %d messages, peak HeapAlloc %.1f MB", size, nc, n, float64(peak)/(1<<20))
	if size < 18<<20 {
		t.Errorf("generated only %d bytes", size)
	}
	if n != convs*msgs || nc != convs {
		t.Errorf("got %d messages in %d conversations", n, nc)
	}
	if peak > 30<<20 {
		t.Errorf("peak HeapAlloc %d bytes, want < 30 MB", peak)
	}
}

// BenchmarkEach reads a generated in-memory export and reports
// messages per second (and MB/s through SetBytes).
func BenchmarkEach(b *testing.B) {
	var buf bytes.Buffer
	const convs, msgs = 50, 200
	if _, err := genExport(&buf, convs, msgs, 0); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	total := 0
	for i := 0; i < b.N; i++ {
		e, err := newReader(bytes.NewReader(data), "bench.json")
		if err != nil {
			b.Fatal(err)
		}
		if err := e.Each(func(Conversation, Message) error { total++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "msgs/s")
}
