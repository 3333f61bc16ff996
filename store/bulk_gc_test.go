package store

import (
	"runtime/debug"
	"testing"
)

// TestBulkWorkRestores checks that overlapping bulk works raise the
// collector's target and bound the heap while any runs, and put back the
// process's own settings when the last ends, whatever order they end in.
func TestBulkWorkRestores(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(70))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 30))
	first := bulkWork()
	second := bulkWork()
	if got := debug.SetGCPercent(-1); got != bulkGCPercent {
		t.Errorf("GC percent during bulk work %d, want %d", got, bulkGCPercent)
	}
	debug.SetGCPercent(bulkGCPercent)
	if got := debug.SetMemoryLimit(-1); got != bulkMemoryLimit {
		t.Errorf("memory limit during bulk work %d, want %d", got, bulkMemoryLimit)
	}
	first()
	first() // twice changes nothing
	if got := debug.SetMemoryLimit(-1); got != bulkMemoryLimit {
		t.Errorf("memory limit while a bulk work runs still %d, want %d", got, bulkMemoryLimit)
	}
	second()
	if got := debug.SetGCPercent(70); got != 70 {
		t.Errorf("GC percent after bulk work %d, want 70 back", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("memory limit after bulk work %d, want %d back", got, 1<<30)
	}
}
