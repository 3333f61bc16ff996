package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// broadFixture archives 300 messages, one every four days over three
// years and a bit, each with "common" and, every other one, "often"; they
// differ in length and in how often "common" comes, so they score
// differently. Other messages make some days busier than others. Its last
// message with "common" is on the returned day.
func broadFixture(t *testing.T) (*store.Store, time.Time) {
	t.Helper()
	s := openStore(t, t.TempDir())
	var msgs []store.Incoming
	at := time.Date(2011, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := range 300 {
		at = at.Add(4 * 24 * time.Hour)
		words := []string{"common"}
		if i%3 == 0 {
			words = append(words, "common")
		}
		if i%2 == 0 {
			words = append(words, "often")
		}
		words = append(words, strings.Repeat("filler ", i%7), fmt.Sprintf("n%d", i))
		msgs = append(msgs, live("bob", at, 1, strings.Join(words, " ")))
		for k := range i % 4 { // days of more messages, so that a day's own weight would show
			msgs = append(msgs, live("carol", at.Add(time.Duration(k+1)*time.Minute), 1, "other words"))
		}
	}
	ingest(t, s, msgs...)
	if err := s.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s, at
}

func hitTexts(hits []store.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Message.Text)
	}
	return out
}

// A quick search of more matches than it ranks exactly ranks the newest
// window of them holding enough, as the whole ranking orders them; its
// total is exact for one word, "at least" for more. A word is ranked among
// all its matches up to a higher limit.
func TestQuickSearchRanksTheNewestOfABroadSearch(t *testing.T) {
	s, last := broadFixture(t)
	ctx := context.Background()
	all, err := s.Search(ctx, "common", store.SearchOptions{Limit: 1000})
	if err != nil || all.Total != 300 {
		t.Fatalf("every hit ranked: %d (%v)", all.Total, err)
	}
	// a word of up to wordRankedUpTo matches is ranked among all of them
	restore := store.SetBroadLimits(50, 300, 20)
	res, err := s.Search(ctx, "common", store.SearchOptions{Quick: true, Limit: 1000})
	if err != nil || res.Total != 300 || res.TotalAtLeast || !res.RankedSince.IsZero() || !slices.Equal(hitTexts(res.Hits), hitTexts(all.Hits)) {
		t.Errorf("a word of 300 matches, ranked all up to 300: total %d (%v), ranked since %v", res.Total, err, res.RankedSince)
	}
	restore()
	defer store.SetBroadLimits(50, 100, 20)()

	res, err = s.Search(ctx, "common", store.SearchOptions{Quick: true, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 300 || res.TotalAtLeast {
		t.Errorf("one word's total: %d (at least %v), want exactly 300", res.Total, res.TotalAtLeast)
	}
	// one message every four days: a week and a month hold too few, a quarter enough
	if want := last.Truncate(24*time.Hour).AddDate(0, 0, -92); !res.RankedSince.Equal(want) {
		t.Fatalf("ranked since %v, want %v", res.RankedSince, want)
	}
	var want []string
	for _, h := range all.Hits {
		if !h.Message.Time.Before(res.RankedSince) {
			want = append(want, h.Message.Text)
		}
	}
	if res.Ranked != len(want) || len(want) < 20 {
		t.Errorf("ranked %d, want the %d since %v (at least 20)", res.Ranked, len(want), res.RankedSince)
	}
	if got := hitTexts(res.Hits); !slices.Equal(got, want) {
		t.Errorf("the newest ranked:\n%q\nwant them in the order of the whole ranking:\n%q", got, want)
	}
	for _, offset := range []int{0, 10, 20} {
		page, err := s.Search(ctx, "common", store.SearchOptions{Quick: true, Limit: 10, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		end := min(offset+10, len(want))
		if got := hitTexts(page.Hits); !slices.Equal(got, want[offset:end]) || page.Ranked != res.Ranked {
			t.Errorf("page from %d: %q (ranked %d), want %q", offset, got, page.Ranked, want[offset:end])
		}
	}

	two, err := s.Search(ctx, "common often", store.SearchOptions{Quick: true})
	if err != nil {
		t.Fatal(err)
	}
	if two.Total != 50 || !two.TotalAtLeast || two.RankedSince.IsZero() {
		t.Errorf("two words: total %d, at least %v, ranked since %v; want at least 50, ranked from a day", two.Total, two.TotalAtLeast, two.RankedSince)
	}
}

// Up to the limit, a quick search is the search: same hits, same order,
// same total, nothing said about ranking; and by time it lists every
// match in order, however broad, counting what it counts.
func TestQuickSearchChangesNothingUpToItsLimit(t *testing.T) {
	s, _ := broadFixture(t)
	ctx := context.Background()
	defer store.SetBroadLimits(150, 150, 20)()
	defer store.SetSortAllBelow(10)()
	for _, q := range []string{"often", "often -filler", "common -often", `"common often"`, "n7", "filler -n8"} {
		for _, byTime := range []bool{false, true} {
			exact, err := s.Search(ctx, q, store.SearchOptions{ByTime: byTime, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			quick, err := s.Search(ctx, q, store.SearchOptions{ByTime: byTime, Limit: 1000, Quick: true})
			if err != nil {
				t.Fatal(err)
			}
			broad := exact.Total > 150
			if broad && !byTime {
				continue // the test above
			}
			if !slices.Equal(hitTexts(quick.Hits), hitTexts(exact.Hits)) || !quick.RankedSince.IsZero() {
				t.Errorf("%s (by time %v): quick search differs:\n%q\n%q", q, byTime, hitTexts(quick.Hits), hitTexts(exact.Hits))
			}
			if broad && (quick.Total != 150 || !quick.TotalAtLeast) || !broad && (quick.Total != exact.Total || quick.TotalAtLeast) {
				t.Errorf("%s (by time %v): total %d (at least %v), every match %d", q, byTime, quick.Total, quick.TotalAtLeast, exact.Total)
			}
		}
	}
}

// A quick search limited to dates counts its windows back from its own
// last day, not the archive's newest: the newest of its matches are
// ranked as the whole ranking orders them, and a window that would reach
// past its first day ranks it whole. By time it lists every match in
// order, from either end.
func TestQuickSearchWithinDates(t *testing.T) {
	s, _ := broadFixture(t)
	ctx := context.Background()
	const q = "common date:2012-01-01..2012-12-31"
	all, err := s.Search(ctx, q, store.SearchOptions{Limit: 1000})
	if err != nil || all.Total < 80 {
		t.Fatalf("every hit of 2012: %d (%v)", all.Total, err)
	}
	for _, h := range all.Hits {
		if h.Message.Time.Year() != 2012 {
			t.Fatalf("a hit of %v", h.Message.Time)
		}
	}
	restore := store.SetBroadLimits(50, 100, 20)
	res, err := s.Search(ctx, q, store.SearchOptions{Quick: true, Limit: 1000})
	restore()
	if err != nil {
		t.Fatal(err)
	}
	// one message every four days: a week and a month of 2012's end hold too few, a quarter enough
	if want := time.Date(2012, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -92); !res.RankedSince.Equal(want) || !res.TotalAtLeast {
		t.Fatalf("ranked since %v (total %d, at least %v), want %v", res.RankedSince, res.Total, res.TotalAtLeast, want)
	}
	var want []string
	for _, h := range all.Hits {
		if !h.Message.Time.Before(res.RankedSince) {
			want = append(want, h.Message.Text)
		}
	}
	if got := hitTexts(res.Hits); res.Ranked != len(want) || !slices.Equal(got, want) {
		t.Errorf("the newest of 2012 ranked (%d):\n%q\nwant (%d):\n%q", res.Ranked, got, len(want), want)
	}

	restore = store.SetBroadLimits(50, 100, 60) // more than the last half year of 2012 holds: the next window is all of it
	res, err = s.Search(ctx, q, store.SearchOptions{Quick: true, Limit: 1000})
	restore()
	if err != nil || !res.RankedSince.IsZero() || !slices.Equal(hitTexts(res.Hits), hitTexts(all.Hits)) {
		t.Errorf("ranked since %v (%v), want all of 2012 ranked:\n%q\n%q", res.RankedSince, err, hitTexts(res.Hits), hitTexts(all.Hits))
	}

	defer store.SetBroadLimits(50, 100, 20)()
	defer store.SetSortAllBelow(10)()
	for _, oldest := range []bool{false, true} {
		exact, err := s.Search(ctx, q, store.SearchOptions{ByTime: true, Oldest: oldest, Limit: 1000})
		if err != nil || exact.Total != all.Total {
			t.Fatalf("by time: %d (%v), want %d", exact.Total, err, all.Total)
		}
		for _, offset := range []int{0, 10, 30, 80} {
			page, err := s.Search(ctx, q, store.SearchOptions{ByTime: true, Oldest: oldest, Limit: 10, Offset: offset, Quick: true})
			if err != nil {
				t.Fatal(err)
			}
			end := min(offset+10, len(exact.Hits))
			if got := hitTexts(page.Hits); !slices.Equal(got, hitTexts(exact.Hits[offset:end])) {
				t.Errorf("oldest %v, from %d: %q, want %q", oldest, offset, got, hitTexts(exact.Hits[offset:end]))
			}
		}
	}
}
