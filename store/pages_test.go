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

// pagesFixture archives more than two pages of messages in one chat, with
// runs in one millisecond (the cursor must not lose or repeat them at a
// page's edge), two authors, an edit and a deletion.
func pagesFixture(t *testing.T) (*store.Store, store.Chat) {
	t.Helper()
	s := openStore(t, t.TempDir())
	var batch []store.Incoming
	for i := range 2*store.PageSize + 37 {
		at := t0.Add(time.Duration(i/3) * time.Second) // three in each second
		author := []string{"bob", "alice"}[i%2]
		batch = append(batch, export(fmt.Sprint(i), author, at, fmt.Sprintf("message %d", i)))
	}
	batch = append(batch,
		edited(export("7", "bob", t0.Add(2*time.Second), "message 7"), "bob", t0.Add(time.Hour), "message 7, better"),
		deleted(export("9", "bob", t0.Add(3*time.Second), "message 9"), t0.Add(2*time.Hour)))
	ingest(t, s, batch...)
	if err := s.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	c, err := s.FindChat(context.Background(), chat)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

// pages reads the messages MessagePages gives, as keys, checking the pages'
// sizes.
func pages(t *testing.T, s *store.Store, c store.Chat, r store.MessageRange) []store.Message {
	t.Helper()
	var got []store.Message
	err := s.MessagePages(context.Background(), c.ID, r, func(page []store.Message) error {
		if len(page) == 0 || len(page) > store.PageSize {
			t.Errorf("a page of %d", len(page))
		}
		got = append(got, page...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func keysOf(msgs []store.Message) []string {
	var ks []string
	for _, m := range msgs {
		ks = append(ks, m.Key)
	}
	return ks
}

// TestMessagePages: the cursor reads a chat in its pages' order, either
// way, whole or in part, the same as ChatMessages.
func TestMessagePages(t *testing.T) {
	s, c := pagesFixture(t)
	all := allMessages(t, s, chat)
	if len(all) != 2*store.PageSize+37 {
		t.Fatalf("%d messages archived", len(all))
	}
	if got := pages(t, s, c, store.MessageRange{}); !slices.Equal(keysOf(got), keysOf(all)) {
		t.Errorf("oldest first: %d messages, not the chat's %d in order", len(got), len(all))
	}
	newest := slices.Clone(all)
	slices.Reverse(newest)
	if got := pages(t, s, c, store.MessageRange{NewestFirst: true}); !slices.Equal(keysOf(got), keysOf(newest)) {
		t.Errorf("newest first: %d messages, not the chat's %d in reverse", len(got), len(all))
	}

	since, until := t0.Add(100*time.Second), t0.Add(500*time.Second)
	var want []store.Message
	for _, m := range all {
		if !m.Time.Before(since) && m.Time.Before(until) && m.Author == "alice" {
			want = append(want, m)
		}
	}
	got := pages(t, s, c, store.MessageRange{Since: since, Until: until, Authors: []string{"alice", "nobody"}})
	if len(want) == 0 || !slices.Equal(keysOf(got), keysOf(want)) {
		t.Errorf("alice's from 100 s to 500 s: %d messages, want %d", len(got), len(want))
	}
	if got := pages(t, s, c, store.MessageRange{Authors: []string{}}); len(got) != 0 {
		t.Errorf("no authors picked: %d messages", len(got))
	}
}

// TestVersionsOf: the versions of a page of messages at once, as Versions
// gives them one by one; Versioned knows which messages have some.
func TestVersionsOf(t *testing.T) {
	s, _ := pagesFixture(t)
	ctx := context.Background()
	var ids []int64
	for _, m := range allMessages(t, s, chat) {
		ids = append(ids, m.ID)
	}
	got, err := s.VersionsOf(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Errorf("%d messages with versions, want the edited and the deleted one", len(got))
	}
	versioned, err := s.Versioned(ctx)
	if err != nil || versioned.Len() != len(got) {
		t.Fatalf("Versioned: %v, %v", versioned, err)
	}
	for id := range got {
		if !versioned.Has(id) {
			t.Errorf("message %d has versions, not in Versioned", id)
		}
	}
	for _, id := range ids {
		want, err := s.Versions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got[id], want) {
			t.Errorf("message %d: %v, want %v", id, got[id], want)
		}
	}
}

// TestSearchSet: every hit of a query, however many, as the ranked search
// finds them.
func TestSearchSet(t *testing.T) {
	s, _ := pagesFixture(t)
	ctx := context.Background()
	for _, q := range []string{"message", "message -better from:bob", "better", "date:2013-07-30 message", "nothing-like-it", "chat:nowhere message"} {
		set, err := s.SearchSet(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		res, err := s.Search(ctx, q, store.SearchOptions{Limit: 10 * store.PageSize})
		if err != nil {
			t.Fatal(err)
		}
		if set.Len() != res.Total {
			t.Errorf("%s: %d in the set, %d hits", q, set.Len(), res.Total)
		}
		for _, h := range res.Hits {
			if !set.Has(h.Message.ID) {
				t.Errorf("%s: hit %s not in the set", q, h.Message.Key)
			}
		}
	}
	if set, _ := s.SearchSet(ctx, "message"); set.Len() != 2*store.PageSize+36 { // the deleted one says nothing
		t.Errorf("message: %d in the set", set.Len())
	}
	if _, err := s.SearchSet(ctx, "  "); err != store.ErrEmptyQuery {
		t.Errorf("an empty query: %v", err)
	}
}

// TestAuthorHandles: a person by handle or by any display name they wrote
// under, in any case.
func TestAuthorHandles(t *testing.T) {
	s := openStore(t, t.TempDir())
	bob := live("bob", t0, 1, "hi")
	bob.AuthorName = "Bob Müller"
	renamed := live("bob", t0.Add(time.Minute), 1, "again")
	renamed.AuthorName = "Robert"
	other := live("live:bob2", t0.Add(2*time.Minute), 1, "me too")
	other.AuthorName = "bob müller"
	ingest(t, s, bob, renamed, other, live("alice", t0.Add(3*time.Minute), 1, "who?"))
	for who, want := range map[string][]string{
		"bob": {"bob"}, "BOB": {"bob"}, "Robert": {"bob"}, "BOB MÜLLER": {"bob", "live:bob2"}, "carol": nil, "": nil,
	} {
		got, err := s.AuthorHandles(context.Background(), who)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%q: %v (%v), want %v", who, got, err, want)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string][2]string{
		"2013": {"2013-01-01", "2014-01-01"}, "2013-12": {"2013-12-01", "2014-01-01"}, "2013-07-30": {"2013-07-30", "2013-07-31"},
	} {
		start, end, err := store.ParsePeriod(in)
		if err != nil || start.Format(time.DateOnly) != want[0] || end.Format(time.DateOnly) != want[1] || start.Location() != time.UTC {
			t.Errorf("%s: %v %v %v", in, start, end, err)
		}
	}
	for _, bad := range []string{"2013-13", "13", "2013-7", "yesterday", ""} {
		if _, _, err := store.ParsePeriod(bad); err == nil {
			t.Errorf("%q read as a date", bad)
		}
	}
}

func TestMessagePath(t *testing.T) {
	if got := store.MessagePath(store.WebID("#alice/$bob;01"), "k1"); got != "/chats/%28alice%29$bob%3B01/?at=k1#m-k1" {
		t.Errorf("MessagePath = %q", got)
	}
}

// TestCountMessages: what MessagePages would read.
func TestCountMessages(t *testing.T) {
	s, c := pagesFixture(t)
	for _, r := range []store.MessageRange{{}, {Since: t0.Add(100 * time.Second), Until: t0.Add(500 * time.Second)},
		{Authors: []string{"bob"}}, {Authors: []string{}}, {Until: t0}} {
		n, err := s.CountMessages(context.Background(), c.ID, r)
		if want := len(pages(t, s, c, r)); err != nil || n != want {
			t.Errorf("%+v: %d (%v), want %d", r, n, err, want)
		}
	}
}

// TestSearchSetExcludingOnly: words to leave out alone pick every message
// without them that search can find (a deleted message says nothing).
func TestSearchSetExcludingOnly(t *testing.T) {
	s, c := pagesFixture(t)
	set, err := s.SearchSet(context.Background(), "-better -nothing-says-this")
	if err != nil {
		t.Fatal(err)
	}
	all := pages(t, s, c, store.MessageRange{})
	for _, m := range all {
		if want := !m.Deleted && !strings.Contains(m.Text, "better"); set.Has(m.ID) != want {
			t.Errorf("%q (deleted %v): in the set %v", m.Text, m.Deleted, set.Has(m.ID))
		}
	}
	if set.Len() != len(all)-2 {
		t.Errorf("%d of %d in the set, want all but the one that says better and the deleted one", set.Len(), len(all))
	}
}
