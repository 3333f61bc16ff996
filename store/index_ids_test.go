package store

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDocumentNamesSortAsIds: document names sort as their messages' ids
// (what spares Bleve its lookups of new names), across every change in
// the number of digits, and read back as the ids; other names are refused.
func TestDocumentNamesSortAsIds(t *testing.T) {
	ids := []int64{1, 2, 35, 36, 37, 1295, 1296, 46655, 46656, 1679615, 1679616, 10_000_000, math.MaxInt64 - 1, math.MaxInt64}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		ids = append(ids, 1+r.Int64N(1<<uint(1+r.IntN(62))))
	}
	for _, a := range ids {
		got, err := messageOfDoc(docID(a))
		if err != nil || got != a {
			t.Fatalf("messageOfDoc(docID(%d) = %q) = %d, %v", a, docID(a), got, err)
		}
		for _, b := range ids[:40] {
			if (a < b) != (docID(a) < docID(b)) {
				t.Fatalf("ids %d < %d is %v, but names %q < %q is %v", a, b, a < b, docID(a), docID(b), docID(a) < docID(b))
			}
		}
	}
	for _, bad := range []string{"", "a", "1", "zz", "b1", "a-1", "a0", "c12", "bA1", "a_"} {
		if id, err := messageOfDoc(bad); err == nil {
			t.Errorf("messageOfDoc(%q) = %d, want an error", bad, id)
		}
	}
}
