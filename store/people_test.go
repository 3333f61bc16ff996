package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// Untitled chats are titled by the display names of their people, seen
// from the archive's owners: a dialog by the partner, by both people when
// neither owns a source; a group by its members but the owner.
func TestChatsAreTitledByDisplayNames(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	said := func(chat, author, name string, at time.Time, suspect bool) store.Incoming {
		return store.Incoming{Chat: chat, Source: "export:alice", Ref: chat + author + at.String(), Author: author, AuthorName: name,
			Time: at, Precise: true, TimeSuspect: suspect, Type: "SAID", Body: "hi from " + author}
	}
	chats := []store.ChatInfo{
		{Name: "dialog:alice+live:user30", Members: []string{"alice", "live:user30"}},
		{Name: "dialog:alice+bob"},
		{Name: "dialog:dan+erin"},
		{Name: "dialog:?+frank"},
		{Name: "19:group@thread.skype", Members: []string{"alice", "bob", "carol", "dan", "erin", "frank", "gina"}},
		{Name: "19:titled@thread.skype", Topic: "Project X", Members: []string{"alice", "bob"}},
	}
	for _, c := range chats {
		if _, err := s.EnsureChat(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	// The newest message's name wins, whatever order they come in; an
	// impossible time tells nothing.
	ingest(t, s, said("dialog:alice+bob", "bob", "Bob B.", t0.Add(time.Hour), false))
	ingest(t, s, said("dialog:alice+bob", "bob", "Bobby", t0, false),
		said("dialog:alice+bob", "bob", "Bob in 2404", time.Date(2404, 1, 1, 0, 0, 0, 0, time.UTC), true),
		said("dialog:alice+live:user30", "live:user30", "", t0, false), // an export gives no name
		said("dialog:alice+live:user30", "alice", "Alice A.", t0, false),
		said("dialog:dan+erin", "dan", "Dan D.", t0, false), said("dialog:dan+erin", "erin", "Erin E.", t0, false),
		said("dialog:?+frank", "frank", "Frank F.", t0, false),
		said("19:group@thread.skype", "carol", "Carol C.", t0, false), said("19:group@thread.skype", "gina", "gina", t0, false))
	if err := s.SetPeople(ctx, []store.Person{{Handle: "live:user30", ContactName: "Carol Smith"}, {Handle: "dan", FullName: "Daniel Dunn"}}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"dialog:alice+live:user30": "Carol Smith",             // the owner's name for the partner
		"dialog:alice+bob":         "Bob B.",                  // the newest name bob gave
		"dialog:dan+erin":          "Daniel Dunn and Erin E.", // neither owns a source: both, the full name before the said one
		"dialog:?+frank":           "Frank F.",
		"19:group@thread.skype":    "Bob B., Carol C., Daniel Dunn, Erin E. and 2 others", // four names, people are named alike in every chat
		"19:titled@thread.skype":   "Project X",
	}
	check := func(when string) {
		t.Helper()
		for name, title := range want {
			c, err := s.FindChat(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			if c.Title() != title {
				t.Errorf("%s: %s is titled %q, want %q", when, name, c.Title(), title)
			}
		}
		list, err := s.Chats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range list {
			if c.Title() != want[c.Name] {
				t.Errorf("%s: the list titles %s %q, want %q", when, c.Name, c.Title(), want[c.Name])
			}
		}
	}
	check("before")

	// What the owner calls someone wins over the name they gave themselves.
	if err := s.SetPeople(ctx, []store.Person{{Handle: "bob", FullName: "Robert Brown"}, {Handle: "dan", ContactName: "Dan (work)"}}); err != nil {
		t.Fatal(err)
	}
	want["dialog:alice+bob"] = "Robert Brown"
	want["dialog:dan+erin"] = "Dan (work) and Erin E."
	want["19:group@thread.skype"] = "Robert Brown, Carol C., Dan (work), Erin E. and 2 others"
	check("after naming")

	// An owner a source named, before any of their messages: not in the titles.
	if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: "dialog:gina+hank"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPeople(ctx, []store.Person{{Handle: "hank", Owner: true}, {Handle: "gina", FullName: "Gina G."}}); err != nil {
		t.Fatal(err)
	}
	want["dialog:gina+hank"] = "Gina G."
	want["19:group@thread.skype"] = "Robert Brown, Carol C., Dan (work), Erin E. and 2 others"
	check("after naming an owner")

	names, err := s.PersonNames(ctx, []string{"bob", "alice", "nobody"})
	if err != nil || names.Of("bob") != "Robert Brown" || names.Of("alice") != "Alice A." || names.Of("nobody") != "nobody" {
		t.Errorf("names %v (%v)", names, err)
	}
	// Search hits carry the same titles.
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(ctx, "from:live:user30", store.SearchOptions{Limit: 5})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].Chat.Title() != "Carol Smith" {
		t.Errorf("search hit %+v (%v)", res.Hits, err)
	}
}

// An archive made by an earlier version (schema 4, skypeapi/maindb's
// fixture) gains people's names from its messages, a calendar counting
// every message, and no read positions (every message is new).
func TestAnEarlierArchiveGainsNamesCalendarAndReadPositions(t *testing.T) {
	dir := t.TempDir()
	old, err := os.ReadFile("../skypeapi/maindb/testdata/archive-v4/chatchannels.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, store.DBFile), old, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, dir)
	ctx := context.Background()
	names, err := s.PersonNames(ctx, []string{"alice", "bob", "carol", "erin"})
	if err != nil || names["alice"] != "Alice" || names["bob"] != "Bob" || names["carol"] != "Carol" || names["erin"] != "" {
		t.Errorf("names after the upgrade: %v (%v)", names, err)
	}
	chats, err := s.Chats(ctx)
	if err != nil || len(chats) == 0 {
		t.Fatalf("chats %v (%v)", chats, err)
	}
	if err := s.CountUnread(ctx, chats); err != nil {
		t.Fatal(err)
	}
	for _, c := range chats {
		days, err := s.Calendar(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		counted := 0
		for _, d := range days {
			counted += d.Count
		}
		if msgs := allMessages(t, s, c.Name); counted != len(msgs) || c.MessageCount != len(msgs) {
			t.Errorf("%s: the calendar counts %d messages, the chat %d, it holds %d", c.Name, counted, c.MessageCount, len(msgs))
		}
		if c.Read.Set || c.Unread != c.MessageCount {
			t.Errorf("%s: read position %+v, %d unread of %d", c.Name, c.Read, c.Unread, c.MessageCount)
		}
	}
}
