package store

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDocumentNamesHoldTheIds: a document's name reads back as its
// message's id; names the index never makes are refused.
func TestDocumentNamesHoldTheIds(t *testing.T) {
	ids := []int64{1, 2, 35, 36, 37, 1295, 1296, 10_000_000, math.MaxInt64}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		ids = append(ids, 1+r.Int64N(1<<uint(1+r.IntN(62))))
	}
	for _, id := range ids {
		if got, err := messageOfDoc(docID(id)); err != nil || got != id {
			t.Fatalf("messageOfDoc(docID(%d) = %q) = %d, %v", id, docID(id), got, err)
		}
	}
	for _, bad := range []string{"", "0", "-1", "01", "A1", "a_", "zzzzzzzzzzzzzz"} {
		if id, err := messageOfDoc(bad); err == nil {
			t.Errorf("messageOfDoc(%q) = %d, want an error", bad, id)
		}
	}
}
