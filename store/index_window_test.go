package store_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// TestCatchUpReadsAheadAcrossWindows catches the index up over several
// windows of changes, each read while the one before it builds, with edits
// whose changes come windows after the messages they change: every message
// is found, by its latest text only.
func TestCatchUpReadsAheadAcrossWindows(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2)) // two batches a window, whatever the machine
	dir := t.TempDir()
	db := openDB(t, dir)
	const n = 12_000 // windows of 2 × 2,500 changes
	msgs := make([]store.Incoming, n)
	for i := range msgs {
		msgs[i] = live("bob", t0.Add(time.Duration(i)*time.Minute), 1, fmt.Sprintf("common word%d", i))
	}
	ingest(t, db, msgs...)
	var edits []store.Incoming
	for i := 0; i < n; i += 1000 {
		edits = append(edits, edited(msgs[i], "bob", msgs[i].Time.Add(time.Second), fmt.Sprintf("common revised%d", i)))
	}
	if res := ingest(t, db, edits...); res.Updated != len(edits) {
		t.Fatalf("edits: %+v", res)
	}
	db.Close()

	s := openStore(t, dir)
	ctx := context.Background()
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	found := func(q string) int {
		t.Helper()
		res, err := s.Search(ctx, q, store.SearchOptions{Limit: 10})
		if err != nil {
			t.Fatalf("search %s: %v", q, err)
		}
		return res.Total
	}
	if got := found("common"); got != n {
		t.Errorf("common: %d messages found, want %d", got, n)
	}
	for i := 0; i < n; i += 250 {
		want, wantRevised := 1, 0
		if i%1000 == 0 {
			want, wantRevised = 0, 1
		}
		if got := found(fmt.Sprintf("word%d", i)); got != want {
			t.Errorf("word%d: found %d, want %d", i, got, want)
		}
		if got := found(fmt.Sprintf("revised%d", i)); got != wantRevised {
			t.Errorf("revised%d: found %d, want %d", i, got, wantRevised)
		}
	}
}
