package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// oldDialogs builds, through the store's API, an archive as the version
// before dialog pairs left it (chats aliased by a partner alone, as
// EnsureChat still allows), marks it as of schema version 4, and opens it
// again: the migration runs.
func oldDialogs(t *testing.T, build func(s *store.Store)) *store.Store {
	t.Helper()
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	build(s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(filepath.Join(dir, store.DBFile)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA user_version = 4`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return openStore(t, dir)
}

// oldChat records a chat under name with aliases and the messages lines
// ("author: text", a minute apart from at) reported by source.
func oldChat(t *testing.T, s *store.Store, name string, aliases []string, source string, at time.Time, lines ...string) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: name, Aliases: aliases}); err != nil {
		t.Fatal(err)
	}
	var batch []store.Incoming
	for i, l := range lines {
		author, text, _ := cutLine(l)
		when := at.Add(time.Duration(i) * time.Minute)
		batch = append(batch, store.Incoming{Chat: name, Source: source, Ref: source + when.String(), Author: author, Time: when, Type: "SAID", Body: text})
	}
	ingest(t, s, batch...)
}

func cutLine(l string) (author, text string, ok bool) {
	for i := range len(l) - 1 {
		if l[i] == ':' && l[i+1] == ' ' {
			return l[:i], l[i+2:], true
		}
	}
	return "", l, false
}

func texts(t *testing.T, s *store.Store, name string) []string {
	t.Helper()
	var out []string
	for _, m := range allMessages(t, s, name) {
		out = append(out, m.Author+": "+m.Text)
	}
	return out
}

var tm = time.Date(2014, 5, 1, 12, 0, 0, 0, time.UTC)

// Dialogs of different people folded under one relative name are split,
// each into the chat of its pair, merging with the chat the other side's
// files made of it.
func TestMigrationSplitsFoldedDialogs(t *testing.T) {
	s := oldDialogs(t, func(s *store.Store) {
		// carol's export: her dialog with dave.
		oldChat(t, s, "8:dave", nil, "export:carol", tm, "dave: hi carol", "carol: hi dave")
		// dave's and erin's exports: both "8:carol", one chat.
		oldChat(t, s, "8:carol", nil, "export:dave", tm.Add(time.Second), "dave: hi carol", "carol: hi dave")
		oldChat(t, s, "8:carol", nil, "export:erin", tm.Add(time.Hour), "erin: hi carol", "carol: hi erin", "erin: ok", "sys: a notice")
	})
	if got, want := texts(t, s, "dialog:carol+dave"), []string{"dave: hi carol", "carol: hi dave"}; !slices.Equal(got, want) {
		t.Errorf("carol and dave: %q, want %q", got, want)
	}
	if got, want := texts(t, s, "dialog:carol+erin"), []string{"erin: hi carol", "carol: hi erin", "erin: ok", "sys: a notice"}; !slices.Equal(got, want) {
		t.Errorf("carol and erin: %q, want %q", got, want)
	}
	ctx := context.Background()
	chats, _ := s.Chats(ctx)
	if len(chats) != 2 {
		t.Errorf("%d chats, want 2", len(chats))
	}
	for _, c := range chats {
		if c.MessageCount != len(allMessages(t, s, c.Name)) {
			t.Errorf("%s counts %d messages, holds %d", c.Name, c.MessageCount, len(allMessages(t, s, c.Name)))
		}
	}
	// The search index catches up with the moved messages.
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(ctx, `"hi erin"`, store.SearchOptions{})
	if err != nil || res.Total != 1 {
		t.Fatalf("search: %+v (%v)", res, err)
	}
	if c, _ := s.FindChat(ctx, "dialog:carol+erin"); res.Hits[0].Chat.ID != c.ID {
		t.Errorf("the hit is in chat %d, want %d", res.Hits[0].Chat.ID, c.ID)
	}
}

// A dialog archived from both sides under each side's relative name
// becomes one chat.
func TestMigrationJoinsBothSidesOfADialog(t *testing.T) {
	s := oldDialogs(t, func(s *store.Store) {
		oldChat(t, s, "#alice/$bob;0123456789abcdef", []string{"8:bob"}, "maindb:alice", tm, "bob: hi", "alice: hello")
		oldChat(t, s, "8:alice", nil, "export:bob", tm.Add(800*time.Millisecond), "bob: hi", "alice: hello", "bob: later")
	})
	a, errA := s.FindChat(context.Background(), "8:bob")
	b, errB := s.FindChat(context.Background(), "8:alice")
	if errA != nil || errB != nil || a.ID != b.ID {
		t.Fatalf("the two sides are chats %d (%v) and %d (%v)", a.ID, errA, b.ID, errB)
	}
	if got, want := texts(t, s, "dialog:alice+bob"), []string{"bob: hi", "alice: hello", "bob: later"}; !slices.Equal(got, want) {
		t.Errorf("the dialog holds %q, want %q", got, want)
	}
	if c, _ := s.FindChat(context.Background(), "dialog:alice+bob"); c.Title() != "alice and bob" {
		t.Errorf("the dialog's title is %q, want its two people (each owns a source)", c.Title())
	}
}

// When some message could belong to several of the folded dialogs (bob's
// own, seen by bob's file alone), the chat is not split: it keeps all and is
// named by every pair, so re-importing finds it again; and a chat whose
// sources name no account is left as it was.
func TestMigrationLeavesWhatItCannotTell(t *testing.T) {
	s := oldDialogs(t, func(s *store.Store) {
		oldChat(t, s, "8:bob", nil, "maindb:alice", tm, "alice: hi bob", "bob: hi alice")
		oldChat(t, s, "8:bob", nil, "maindb:carol", tm.Add(time.Hour), "carol: hi bob", "bob: hi carol")
		oldChat(t, s, "8:bob", nil, "export:bob", tm.Add(2*time.Hour), "bob: to whom?")
		oldChat(t, s, "8:dan", nil, "maindb", tm, "dan: whose am I?")
	})
	ctx := context.Background()
	mixed, _ := s.FindChat(ctx, "8:bob")
	for _, pair := range []string{"dialog:alice+bob", "dialog:bob+carol"} {
		if c, err := s.FindChat(ctx, pair); err != nil || c.ID != mixed.ID || c.MessageCount != 5 {
			t.Errorf("%s: %+v (%v), want the unsplit chat of 5 messages", pair, c, err)
		}
	}
	if c, err := s.FindChat(ctx, "8:dan"); err != nil || c.MessageCount != 1 {
		t.Errorf("the owner-less dialog: %+v (%v)", c, err)
	}
	if _, err := s.FindChat(ctx, "dialog:?+dan"); err == nil {
		t.Error("the owner-less dialog was given a pair")
	}
}
