package store_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// mainDB is a message as a main.db reports it: its guid, whole seconds.
func mainDB(chat, guid, author string, at time.Time, body string) store.Incoming {
	return store.Incoming{Chat: chat, Source: "maindb:alice", Ref: guid,
		Author: author, AuthorName: author, Time: at.Truncate(time.Second), Type: "SAID", Body: body}
}

// Two chats archived apart turn out to be one dialog (a main.db names both);
// they become one chat with one copy of each message.
func TestChatsNamedAsOneAreMerged(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, dir)
	sec := time.Second
	const older, newer = "#alice/$bob;aaaa", "#bob/$alice;bbbb"

	ingest(t, s,
		liveIn(older, "bob", t0, 1, "hi"),
		liveIn(older, "bob", t0.Add(10*sec), 1, "ok"),
		liveIn(older, "bob", t0.Add(12*sec), 1, "ok"),
		edited(liveIn(older, "alice", t0.Add(30*sec), 1, ""), "alice", t0.Add(40*sec), "hello!"),
	)
	if err := s.SetCollected(ctx, older, true); err != nil {
		t.Fatal(err)
	}
	fromDB := []store.Incoming{
		mainDB(newer, "g1", "bob", t0.Add(2*sec), "hi"),
		mainDB(newer, "g2", "bob", t0.Add(11*sec), "ok"),
		mainDB(newer, "g3", "alice", t0.Add(31*sec), "hello"), // the version before the edit
		mainDB(newer, "g4", "bob", t0.Add(50*sec), "only the main.db has this"),
	}
	ingest(t, s, fromDB...)
	newerChat, err := s.FindChat(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	before := allMessages(t, s, newer)
	folded, moved := before[0], before[3]

	id, err := s.EnsureChat(ctx, store.ChatInfo{Name: newer, Aliases: []string{older, "8:bob"}})
	if err != nil {
		t.Fatalf("merge: %v", err)
	}
	chats, err := s.Chats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(chats) != 1 || chats[0].ID != id || chats[0].Name != older {
		t.Fatalf("chats after merge = %+v, want only %s (the older) as id %d", chats, older, id)
	}
	if c := chats[0]; !c.Collected || c.MessageCount != 5 || !c.LastMessageAt.Equal(t0.Add(50*sec)) {
		t.Errorf("merged chat: collected %v, %d messages, last %v; want collected, 5, %v", c.Collected, c.MessageCount, c.LastMessageAt, t0.Add(50*sec))
	}
	for _, name := range []string{newer, store.WebID(newer), "8:bob", store.WebID(older)} {
		if c, err := s.FindChat(ctx, name); err != nil || c.ID != id {
			t.Errorf("FindChat(%q) = %d, %v; want the merged chat %d", name, c.ID, err, id)
		}
	}

	msgs := allMessages(t, s, older)
	var got []string
	for _, m := range msgs {
		srcs, err := s.Sources(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m.Author+":"+m.Text+":"+strconv.Itoa(len(srcs)))
	}
	wantMsgs := []string{"bob:hi:2", "bob:ok:2", "bob:ok:1", "alice:hello!:2", "bob:only the main.db has this:1"}
	if !slices.Equal(got, wantMsgs) {
		t.Errorf("messages after merge = %q, want %q", got, wantMsgs)
	}
	versions, err := s.Versions(ctx, msgs[3].ID)
	if err != nil || len(versions) != 1 || versions[0].Text != "hello" {
		t.Errorf("versions of the edited message = %+v, %v; want just \"hello\"", versions, err)
	}
	if m, err := s.MessageByKey(ctx, id, moved.Key); err != nil || m.Text != moved.Text {
		t.Errorf("the moved message's permalink: %+v, %v", m, err)
	}
	if m, err := s.MessageByKey(ctx, id, folded.Key); err != nil || m.ID != msgs[0].ID {
		t.Errorf("the folded message's permalink finds %+v, %v; want the message it became part of", m, err)
	}
	if newerChat.ID == id {
		t.Fatalf("the newer chat kept its id; the older should")
	}

	// The index follows: the folded copies are gone from it, the moved
	// message is found in its new chat.
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	for q, n := range map[string]int{"hi": 1, "ok": 2, "hello": 1, `"only the main.db" chat:` + older: 1} {
		res, err := s.Search(ctx, q, store.SearchOptions{})
		if err != nil || res.Total != n {
			t.Errorf("search %q: %d hits (%v), want %d", q, res.Total, err, n)
		}
	}

	// Every source recognizes its messages afterwards, under either name.
	if res := ingest(t, s, fromDB...); res.Unchanged != len(fromDB) {
		t.Errorf("main.db again: %+v, want all unchanged", res)
	}
	if res := ingest(t, s, liveIn(older, "bob", t0, 1, "hi"), liveIn(older, "bob", t0.Add(12*sec), 1, "ok")); res.Unchanged != 2 {
		t.Errorf("live again: %+v, want all unchanged", res)
	}
	s.Close()

	s = openStore(t, dir)
	if res := ingest(t, s, fromDB...); res.Unchanged != len(fromDB) {
		t.Errorf("main.db again after reopening: %+v, want all unchanged", res)
	}
	res, err := s.Search(ctx, "hi", store.SearchOptions{})
	if err != nil || res.Total != 1 {
		t.Errorf("search after reopening: %d hits, %v", res.Total, err)
	}
}

// A chat merged into another leaves a rebuilt index that agrees with the
// one that followed the merge.
func TestReindexAfterMerge(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, dir)
	ingest(t, s, liveIn("#a/$b;1", "bob", t0, 1, "same words"), liveIn("#b/$a;2", "bob", t0.Add(time.Second), 1, "same words"))
	if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: "#a/$b;1", Aliases: []string{"#b/$a;2"}}); err != nil {
		t.Fatal(err)
	}
	// Both came from one source, so they are two real messages: moved, not folded.
	s.Close()
	db := openDB(t, dir)
	if err := db.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s = openStore(t, dir)
	res, err := s.Search(ctx, "same", store.SearchOptions{})
	if err != nil || res.Total != 2 {
		t.Fatalf("search: %d hits, %v; want 2", res.Total, err)
	}
	for _, h := range res.Hits {
		if h.Chat.Name != "#a/$b;1" {
			t.Errorf("hit in %s, want the merged chat", h.Chat.Name)
		}
	}
}
