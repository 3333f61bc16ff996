package store_test

import (
	"slices"
	"testing"

	"github.com/chatchannels/chatchannels/store"
)

// Filters pick messages and have no say in their ranking: a search with
// a date range lists, in the same order, the messages the search without
// it ranks in that range. (Scored, a day's term favoured quiet days.)
func TestFiltersDoNotRank(t *testing.T) {
	s, _ := broadFixture(t)
	ctx := t.Context()
	all, err := s.Search(ctx, "common", store.SearchOptions{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, filter := range []string{"date:2012", "date:2012-03..2013-02 from:bob", "chat:bob date:2013"} {
		got, err := s.Search(ctx, "common "+filter, store.SearchOptions{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		q, err := store.ParseQuery("common " + filter)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, h := range all.Hits {
			at := h.Message.Time
			if !at.Before(q.Since) && (q.Until.IsZero() || at.Before(q.Until)) {
				want = append(want, h.Message.Text)
			}
		}
		if len(want) < 20 {
			t.Fatalf("%s: only %d messages in range; the fixture changed", filter, len(want))
		}
		if texts := hitTexts(got.Hits); !slices.Equal(texts, want) {
			t.Errorf("common %s ranks its %d hits otherwise than common does (%d in range):\n got %q\nwant %q",
				filter, len(texts), len(want), texts[:min(5, len(texts))], want[:min(5, len(want))])
		}
	}
}
