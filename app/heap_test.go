package app

import (
	"context"
	"math"
	"runtime/debug"
	"testing"
)

// TestServiceLimitsTheHeap: while a service runs, the heap's soft limit
// is heapLimit, and closing the service puts the one before back; a lower
// limit the user set (GOMEMLIMIT) stays.
func TestServiceLimitsTheHeap(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	svc, err := startService(context.Background(), serviceOptions{dataDir: t.TempDir(), addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	if got := debug.SetMemoryLimit(-1); got != heapLimit {
		t.Errorf("limit while serving: %d MB, want %d MB", got>>20, heapLimit>>20)
	}
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit after the service closed: %d, want none (%d)", got, int64(math.MaxInt64))
	}

	const lower = 100 << 20
	debug.SetMemoryLimit(lower)
	restore := limitHeap()
	if got := debug.SetMemoryLimit(-1); got != lower {
		t.Errorf("a lower limit became %d MB", got>>20)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != lower {
		t.Errorf("a lower limit was put back as %d MB", got>>20)
	}
}
