package store_test

import (
	"context"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// mappedIndexFiles counts this process's mappings of files in the index.
func mappedIndexFiles(t *testing.T, dir string) int {
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(maps), dir+"/"+store.IndexDir+"/")
}

// An idle index is closed, its files unmapped, and reopened on use: search
// and indexing go on as before, and the index stays this process's.
func TestIdleIndexIsClosedAndReopened(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/self/maps to see the index's memory released")
	}
	defer store.SetIdleClose(50 * time.Millisecond)()
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, dir)
	ingest(t, s, live("bob", t0, 1, "before the nap"))
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the idle index closed", func() bool { return mappedIndexFiles(t, dir) == 0 })

	if _, err := store.Open(dir); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("a second store opened the index while it was closed for being idle: %v", err)
	}
	res, err := s.Search(ctx, "nap", store.SearchOptions{})
	if err != nil || res.Total != 1 {
		t.Fatalf("search after idling: %d hits, %v", res.Total, err)
	}
	eventually(t, "the index closed again", func() bool { return mappedIndexFiles(t, dir) == 0 })
	ingest(t, s, live("bob", t0.Add(time.Minute), 1, "after the nap"))
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if res, err := s.Search(ctx, "nap", store.SearchOptions{}); err != nil || res.Total != 2 {
		t.Errorf("a message archived while the index was closed: %d hits, %v", res.Total, err)
	}
}

// eventually waits for cond, failing the test after a while.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
