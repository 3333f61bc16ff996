package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// searchFixture archives a small, known set of messages in two chats.
func searchFixture(t *testing.T) *store.Store {
	t.Helper()
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: "#carol/$0123456789abcdef", Topic: "Climbing trip"}); err != nil {
		t.Fatal(err)
	}
	other := func(author string, at time.Time, body string) store.Incoming {
		return liveIn("#carol/$0123456789abcdef", author, at, 1, body)
	}
	ingest(t, s,
		live("bob", t0, 1, "the release is on friday"),
		live("alice", t0.Add(time.Minute), 1, "friday release sounds good"),
		live("bob", t0.AddDate(0, 1, 0), 1, "is the <b>release</b> done? &apos;friday&apos; passed"),
		live("bob", t0.AddDate(1, 0, 0), 1, "Grüße aus München, release candidate two"),
		other("carol", t0.AddDate(0, 0, 1), "rope and release notes for the trip"),
		other("dave", t0.AddDate(0, 2, 0), "trip photos are up"),
	)
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSearch(t *testing.T) {
	s := searchFixture(t)
	tests := []struct {
		query  string
		want   []string // texts, in order (by time when byTime)
		byTime bool
	}{
		{query: "release", byTime: true, want: []string{
			"Grüße aus München, release candidate two",
			"is the release done? 'friday' passed",
			"rope and release notes for the trip",
			"friday release sounds good",
			"the release is on friday",
		}},
		{query: "RELEASE friday", byTime: true, want: []string{
			"is the release done? 'friday' passed", "friday release sounds good", "the release is on friday"}},
		{query: `"release is on"`, want: []string{"the release is on friday"}},
		{query: `"on release"`, want: nil},
		{query: "release -friday", byTime: true, want: []string{
			"Grüße aus München, release candidate two", "rope and release notes for the trip"}},
		{query: `release -"release notes" -friday`, want: []string{"Grüße aus München, release candidate two"}},
		{query: "release from:alice", want: []string{"friday release sounds good"}},
		{query: "from:carol from:dave", byTime: true, want: []string{"trip photos are up", "rope and release notes for the trip"}},
		{query: "chat:climbing", byTime: true, want: []string{"trip photos are up", "rope and release notes for the trip"}},
		{query: "chat:(carol)", byTime: true, want: []string{"trip photos are up", "rope and release notes for the trip"}},
		{query: "chat:nosuchchat release", want: nil},
		{query: "date:2014", want: []string{"Grüße aus München, release candidate two"}},
		{query: "release date:2013-07", byTime: true, want: []string{
			"rope and release notes for the trip", "friday release sounds good", "the release is on friday"}},
		{query: "date:2013-08..2013-09", byTime: true, want: []string{"trip photos are up", "is the release done? 'friday' passed"}},
		{query: "date:2013-08..2013-08", want: []string{"is the release done? 'friday' passed"}},
		{query: "date:2013-07-31", want: []string{"rope and release notes for the trip"}},
		{query: "grüße münchen", want: []string{"Grüße aus München, release candidate two"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			res, err := s.Search(context.Background(), tt.query, store.SearchOptions{ByTime: tt.byTime})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.Message.Text)
			}
			if !tt.byTime {
				slices.Sort(got)
				slices.Sort(tt.want)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
			if res.Total != len(tt.want) {
				t.Errorf("total %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

func TestSearchRanksByRelevanceAndPages(t *testing.T) {
	s := searchFixture(t)
	ctx := context.Background()
	res, err := s.Search(ctx, "friday", store.SearchOptions{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 3 || len(res.Hits) != 2 {
		t.Fatalf("want 2 of 3 hits, got %d of %d", len(res.Hits), res.Total)
	}
	rest, err := s.Search(ctx, "friday", store.SearchOptions{Limit: 2, Offset: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(rest.Hits) != 1 || rest.Hits[0].Message.ID == res.Hits[0].Message.ID || rest.Hits[0].Message.ID == res.Hits[1].Message.ID {
		t.Errorf("second page repeats or misses hits: %+v", rest.Hits)
	}
	if _, err := s.Search(ctx, "   ", store.SearchOptions{}); !errors.Is(err, store.ErrEmptyQuery) {
		t.Errorf("empty search: got %v, want ErrEmptyQuery", err)
	}
	if _, err := s.Search(ctx, "date:2013-13", store.SearchOptions{}); err == nil || !strings.Contains(err.Error(), "2013-07-30") {
		t.Errorf("bad date: got %v, want an error showing the date forms", err)
	}
}

func TestSearchHighlights(t *testing.T) {
	s := searchFixture(t)
	res, err := s.Search(context.Background(), `friday "release is"`, store.SearchOptions{ByTime: true})
	if err != nil {
		t.Fatal(err)
	}
	h := res.Hits[len(res.Hits)-1] // "the release is on friday"
	var b strings.Builder
	for _, sp := range h.Fragment {
		if sp.Match {
			b.WriteString("[" + sp.Text + "]")
		} else {
			b.WriteString(sp.Text)
		}
	}
	if got, want := b.String(), "the [release is] on [friday]"; got != want {
		t.Errorf("fragment %q, want %q", got, want)
	}
	if h.Chat.Name != chat || h.Message.Key == "" {
		t.Errorf("hit lacks its chat or key: %+v", h)
	}
}

func TestSearchFragmentOfLongText(t *testing.T) {
	s := openStore(t, t.TempDir())
	long := strings.Repeat("filler words here ", 100) + "needle" + strings.Repeat(" more filler", 100)
	ingest(t, s, live("bob", t0, 1, long))
	if err := s.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(context.Background(), "needle", store.SearchOptions{})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("search: %v %+v", err, res)
	}
	f := res.Hits[0].Fragment
	var n int
	var matched bool
	for _, sp := range f {
		n += len(sp.Text)
		matched = matched || sp.Match && sp.Text == "needle"
	}
	if !matched || n > 300 || f[0].Text[:3] != "…" || !strings.HasSuffix(f[len(f)-1].Text, "…") {
		t.Errorf("fragment should be a short window around the match with ellipses: %+v", f)
	}
}

func TestIndexFollowsEditsAndDeletions(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	ingest(t, s, live("bob", t0, 1, "original words"), live("bob", t0.Add(time.Second), 1, "doomed words"))
	ingest(t, s, edited(live("bob", t0, 1, ""), "bob", t0.Add(time.Hour), "corrected words"),
		deleted(live("bob", t0.Add(time.Second), 1, ""), t0.Add(time.Hour)))
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"original": 0, "corrected": 1, "doomed": 0, "words": 1} {
		res, err := s.Search(ctx, q, store.SearchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != want {
			t.Errorf("%q: %d hits, want %d", q, res.Total, want)
		}
	}
	if lag, err := s.IndexLag(ctx); err != nil || lag != 0 {
		t.Errorf("index lag %d (%v), want 0", lag, err)
	}
}

func TestSearchFollowsWithinASecond(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	ingest(t, s, live("bob", t0, 1, "zebra crossing"))
	deadline := time.Now().Add(time.Second)
	for {
		res, err := s.Search(ctx, "zebra", store.SearchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the index did not catch up by itself within a second")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPhraseOfCommonWords(t *testing.T) {
	s := openStore(t, t.TempDir())
	ingest(t, s,
		live("bob", t0, 1, "it is what it is"),
		live("bob", t0.Add(time.Second), 1, "is it what you wanted"),
		live("bob", t0.Add(2*time.Second), 1, "what is it"),
		live("bob", t0.Add(3*time.Second), 1, "Is. It?"),
	)
	if err := s.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{
		`"it is"`:         {"it is what it is"},
		`"is it"`:         {"Is. It?", "is it what you wanted", "what is it"},
		`"is it what"`:    {"is it what you wanted"},
		`"what is it"`:    {"what is it"},
		`what -"is it"`:   {"it is what it is"},
		`"it is what it"`: {"it is what it is"},
		`"what you"`:      {"is it what you wanted"},
		`"you it"`:        nil,
	} {
		res, err := s.Search(context.Background(), q, store.SearchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Message.Text)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %q, want %q", q, got, want)
		}
	}
}

func TestPhraseHighlightsThePhraseOnly(t *testing.T) {
	s := openStore(t, t.TempDir())
	ingest(t, s, live("bob", t0, 1, "the release is near; release notes: what is new"))
	if err := s.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		`"release is"`:       "the [release is] near; release notes: what is new",
		`"release is" notes`: "the [release is] near; release [notes]: what is new",
		`release`:            "the [release] is near; [release] notes: what is new",
		`"is near; release"`: "the release [is near; release] notes: what is new",
	} {
		res, err := s.Search(context.Background(), q, store.SearchOptions{})
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("%s: %v %+v", q, err, res)
		}
		var b strings.Builder
		for _, sp := range res.Hits[0].Fragment {
			if sp.Match {
				b.WriteString("[" + sp.Text + "]")
			} else {
				b.WriteString(sp.Text)
			}
		}
		if b.String() != want {
			t.Errorf("%s highlights %q, want %q", q, b.String(), want)
		}
	}
}

// from: takes a handle, a display name or a word of one; chat: a chat's
// exact web id picks that chat alone.
func TestSearchByDisplayNameAndExactChat(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	named := func(chat, author, name string, at time.Time, body string) store.Incoming {
		m := liveIn(chat, author, at, 1, body)
		m.AuthorName = name
		return m
	}
	const longer = "#alice/$bob;0123456789abcdef0"
	ingest(t, s,
		named(chat, "live:bob_1", "Bob Müller", t0, "hello from bob"),
		named(chat, "carol", "Carol", t0.Add(time.Minute), "hello from carol"),
		named(longer, "dave", "Dave Bob", t0.Add(2*time.Minute), "hello from dave"),
	)
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{
		`hello from:"Bob Müller"`:           {"hello from bob"},
		`hello from:"bob  müller"`:          {"hello from bob"},
		`hello from:MÜLLER`:                 {"hello from bob"},
		`hello from:bob`:                    {"hello from bob", "hello from dave"},
		`hello from:live:bob_1`:             {"hello from bob"},
		`hello from:Carol from:dave`:        {"hello from carol", "hello from dave"},
		`hello from:nobody`:                 nil,
		`hello chat:` + store.WebID(chat):   {"hello from bob", "hello from carol"},
		`hello chat:` + store.WebID(longer): {"hello from dave"},
		`hello chat:0123456789abcdef`:       {"hello from bob", "hello from carol", "hello from dave"},
	} {
		res, err := s.Search(ctx, q, store.SearchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Message.Text)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %q, want %q", q, got, want)
		}
	}
}

func TestSearchOldestFirstWithContext(t *testing.T) {
	s := searchFixture(t)
	res, err := s.Search(context.Background(), "release", store.SearchOptions{ByTime: true, Oldest: true, Context: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range res.Hits {
		got = append(got, h.Message.Text)
	}
	want := []string{"the release is on friday", "friday release sounds good", "rope and release notes for the trip",
		"is the release done? 'friday' passed", "Grüße aus München, release candidate two"}
	if !slices.Equal(got, want) {
		t.Fatalf("oldest first: %q, want %q", got, want)
	}
	text := func(m *store.Message) string {
		if m == nil {
			return "-"
		}
		return m.Text
	}
	var around []string
	for _, h := range res.Hits {
		around = append(around, text(h.Before)+" | "+text(h.After))
	}
	wantAround := []string{
		"- | friday release sounds good",
		"the release is on friday | is the release done? 'friday' passed",
		"- | trip photos are up", // the other chat
		"friday release sounds good | Grüße aus München, release candidate two",
		"is the release done? 'friday' passed | -",
	}
	if !slices.Equal(around, wantAround) {
		t.Errorf("context:\n%q\nwant\n%q", around, wantAround)
	}
	if res, err := s.Search(context.Background(), "release", store.SearchOptions{}); err != nil || res.Hits[0].Before != nil || res.Hits[0].After != nil {
		t.Errorf("context read without asking: %+v (%v)", res.Hits[0], err)
	}
}

// A search by time looks in the newest (or oldest) days first; what it
// finds there must be what sorting every hit finds.
func TestSearchByTimeInWindows(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	var msgs []store.Incoming
	at := time.Date(2011, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := range 400 { // every other day over two years, denser at the end, then one from an impossible time
		gap := 3 * 24 * time.Hour
		if i > 350 {
			gap = 5 * time.Hour
		}
		at = at.Add(gap)
		msgs = append(msgs, live("bob", at, 1, fmt.Sprintf("common word %d", i)))
	}
	future := live("bob", time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC), 1, "common from the future")
	future.TimeSuspect = true
	ingest(t, s, append(msgs, future)...)
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	all, err := s.Search(ctx, "common", store.SearchOptions{ByTime: true, Limit: 1000})
	if err != nil || all.Total != 401 {
		t.Fatalf("every hit: %d (%v)", all.Total, err)
	}
	defer store.SetSortAllBelow(10)()
	for _, oldest := range []bool{false, true} {
		var want []string
		for _, h := range all.Hits {
			want = append(want, h.Message.Text)
		}
		if oldest {
			slices.Reverse(want)
		}
		for _, page := range []struct{ offset, limit int }{{0, 20}, {20, 20}, {0, 60}, {380, 20}, {395, 20}} {
			res, err := s.Search(ctx, "common", store.SearchOptions{ByTime: true, Oldest: oldest, Offset: page.offset, Limit: page.limit})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.Message.Text)
			}
			end := min(page.offset+page.limit, len(want))
			if res.Total != 401 || !slices.Equal(got, want[page.offset:end]) {
				t.Errorf("oldest %v, %d from %d: total %d, %q; want %q", oldest, page.limit, page.offset, res.Total, got, want[page.offset:end])
			}
		}
	}
}
