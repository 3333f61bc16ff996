package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/store"
)

func TestResolveChat(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	for _, info := range []store.ChatInfo{
		{Name: chat, Topic: "Project X"},
		{Name: "#alice/$carol;1111111111111111", Aliases: []string{"19:abc@p2p.thread.skype"}, Topic: "Release planning"},
		{Name: "#alice/$dave;2222222222222222", Topic: "Lunch"},
		{Name: "#alice/$erin;3333333333333333", Topic: "Lunch"},
		{Name: "#alice/$frank;4444444444444444", Members: []string{"alice", "frank"}},
	} {
		if _, err := s.EnsureChat(ctx, info); err != nil {
			t.Fatal(err)
		}
	}
	for name, want := range map[string]string{
		chat:                                   chat,                             // the name
		store.WebID(chat):                      chat,                             // the web id
		"19:abc@p2p.thread.skype":              "#alice/$carol;1111111111111111", // an alias
		"project x":                            chat,                             // the title, any case
		"  Release Planning ":                  "#alice/$carol;1111111111111111",
		"alice and frank":                      "#alice/$frank;4444444444444444", // the title of a chat without a topic
		store.WebID("19:abc@p2p.thread.skype"): "#alice/$carol;1111111111111111",
	} {
		c, err := s.ResolveChat(ctx, name)
		if err != nil || c.Name != want {
			t.Errorf("ResolveChat(%q) = %q, %v; want %q", name, c.Name, err, want)
		}
	}

	_, err := s.ResolveChat(ctx, "Projekt")
	var unknown *store.UnknownChatError
	if !errors.As(err, &unknown) || unknown.Ambiguous || !errors.Is(err, store.ErrNotFound) ||
		len(unknown.Close) != 1 || unknown.Close[0].Name != chat || !strings.Contains(err.Error(), `"Project X"`) {
		t.Errorf("a typo: %v (%+v); want not found, offering Project X", err, unknown)
	}
	_, err = s.ResolveChat(ctx, "release")
	if !errors.As(err, &unknown) || len(unknown.Close) != 1 || unknown.Close[0].Topic != "Release planning" {
		t.Errorf("a part of a title: %v; want Release planning offered", err)
	}
	_, err = s.ResolveChat(ctx, "lunch")
	if !errors.As(err, &unknown) || !unknown.Ambiguous || errors.Is(err, store.ErrNotFound) || len(unknown.Close) != 2 ||
		!strings.Contains(err.Error(), store.WebID("#alice/$dave;2222222222222222")) {
		t.Errorf("a shared title: %v; want both chats, by web id", err)
	}
	_, err = s.ResolveChat(ctx, "zzzzzzzzzz")
	if !errors.As(err, &unknown) || len(unknown.Close) != 0 {
		t.Errorf("nothing close: %v", err)
	}
	if chats, _ := s.Chats(ctx); len(chats) != 5 {
		t.Errorf("resolving made chats: %d, want 5", len(chats))
	}
}

// TestIndexLagWithoutTheIndex: opened without its index, the store says
// how far the index on disk got, and that it cannot while another process
// has the index open.
func TestIndexLagWithoutTheIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openDB(t, dir)
	ingest(t, db, live("bob", t0, 1, "one"), live("bob", t0, 2, "two"))
	if lag, err := db.IndexLag(ctx); err != nil || lag != 2 {
		t.Errorf("no index yet: lag %d, %v; want 2", lag, err)
	}
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.IndexLag(ctx); !errors.Is(err, store.ErrIndexInUse) {
		t.Errorf("index open elsewhere: %v, want ErrIndexInUse", err)
	}
	s.Close()
	if lag, err := db.IndexLag(ctx); err != nil || lag != 0 {
		t.Errorf("index up to date: lag %d, %v; want 0", lag, err)
	}
	ingest(t, db, live("bob", t0, 3, "three"))
	if lag, err := db.IndexLag(ctx); err != nil || lag != 1 {
		t.Errorf("one message since: lag %d, %v; want 1", lag, err)
	}
	s = openStore(t, dir) // looking did not break the index
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if res, err := s.Search(ctx, "three", store.SearchOptions{}); err != nil || res.Total != 1 {
		t.Errorf("search after: %+v, %v", res, err)
	}
}
