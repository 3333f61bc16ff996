package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// TestReactionsFollowTheMessage: reactions filed under an export's
// reference show on the message that reference merged into, once per
// person even when two sources report them, and recording them again adds
// nothing.
func TestReactionsFollowTheMessage(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	// Live saw the message first; the export's copy merges into it.
	ingest(t, s, live("bob", t0, 1, "lunch?"), live("bob", t0.Add(time.Minute), 1, "no reactions here"))
	ingest(t, s, export("bob@1", "bob", t0.Add(800*time.Millisecond), "lunch?"))
	like := func(user string, sec int) store.Reaction {
		return store.Reaction{Emotion: "like", User: user, Time: t0.Add(time.Duration(sec) * time.Second)}
	}
	list := []store.RefReactions{{Ref: "bob@1", Reactions: []store.Reaction{like("alice", 30), like("carol", 10),
		{Emotion: "heart", User: "alice", Time: t0.Add(20 * time.Second)}}}}
	if n, err := s.AddReactions(ctx, "export:alice", list); err != nil || n != 3 {
		t.Fatalf("added %d (%v), want 3", n, err)
	}
	if n, err := s.AddReactions(ctx, "export:alice", list); err != nil || n != 0 {
		t.Errorf("again: added %d (%v), want 0", n, err)
	}
	// Carol's export saw her own like too.
	if n, err := s.AddReactions(ctx, "export:carol", []store.RefReactions{{Ref: "bob@1", Reactions: []store.Reaction{like("carol", 10)}}}); err != nil || n != 1 {
		t.Fatalf("carol's: added %d (%v)", n, err)
	}
	ingest(t, s, store.Incoming{Chat: chat, Source: "export:carol", Ref: "bob@1", Author: "bob", Time: t0.Add(800 * time.Millisecond),
		Precise: true, Type: "SAID", Body: "lunch?"})

	msgs := allMessages(t, s, chat)
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want 2", len(msgs))
	}
	got, err := s.Reactions(ctx, []int64{msgs[0].ID, msgs[1].ID})
	if err != nil {
		t.Fatal(err)
	}
	if want := "like carol, heart alice, like alice"; describe(got[msgs[0].ID]) != want {
		t.Errorf("reactions %q, want %q", describe(got[msgs[0].ID]), want)
	}
	if len(got[msgs[1].ID]) != 0 {
		t.Errorf("the other message has reactions: %v", got[msgs[1].ID])
	}
	if _, err := s.AddReactions(ctx, "export:alice", []store.RefReactions{{Ref: "x", Reactions: []store.Reaction{{Emotion: "like"}}}}); err == nil {
		t.Error("a reaction without a user was taken")
	}
}

func describe(rs []store.Reaction) string {
	s := ""
	for i, r := range rs {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s %s", r.Emotion, r.User)
	}
	return s
}

// BenchmarkReactionsOfAPage reads the reactions to a chat page's 200
// messages, a tenth of them with reactions and in an archive without any,
// beside reading the page's messages themselves for scale.
func BenchmarkReactionsOfAPage(b *testing.B) {
	ctx := context.Background()
	withReactions, ids := reactionsArchive(b, true)
	without, _ := reactionsArchive(b, false)
	b.Run("reactions", func(b *testing.B) {
		for b.Loop() {
			if rs, err := withReactions.Reactions(ctx, ids); err != nil || len(rs) != 20 {
				b.Fatalf("%d messages with reactions (%v)", len(rs), err)
			}
		}
	})
	b.Run("none", func(b *testing.B) {
		for b.Loop() {
			if rs, err := without.Reactions(ctx, ids); err != nil || len(rs) != 0 {
				b.Fatalf("%d messages with reactions (%v)", len(rs), err)
			}
		}
	})
	b.Run("messages", func(b *testing.B) {
		c, err := withReactions.FindChat(ctx, chat)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := withReactions.ChatMessages(ctx, c.ID, 10_000, 200); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// reactionsArchive archives 20,000 messages, a tenth with two reactions
// each when withReactions is set, and returns the ids of 200 in the middle.
func reactionsArchive(b *testing.B, withReactions bool) (*store.Store, []int64) {
	b.Helper()
	s := openStore(b, b.TempDir())
	ctx := context.Background()
	var batch []store.Incoming
	var reactions []store.RefReactions
	for i := range 20_000 {
		m := export(fmt.Sprint(i), "bob", t0.Add(time.Duration(i)*time.Minute), fmt.Sprint("message ", i))
		batch = append(batch, m)
		if i%10 == 0 {
			reactions = append(reactions, store.RefReactions{Ref: m.Ref, Reactions: []store.Reaction{
				{Emotion: "like", User: "alice", Time: m.Time}, {Emotion: "heart", User: "carol", Time: m.Time}}})
		}
	}
	ingest(b, s, batch...)
	if !withReactions {
		reactions = nil
	}
	if _, err := s.AddReactions(ctx, "export:alice", reactions); err != nil {
		b.Fatal(err)
	}
	c, err := s.FindChat(ctx, chat)
	if err != nil {
		b.Fatal(err)
	}
	page, err := s.ChatMessages(ctx, c.ID, 10_000, 200)
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]int64, len(page))
	for i, m := range page {
		ids[i] = m.ID
	}
	if err := s.WaitIndexed(ctx); err != nil { // no indexing beside the benchmark
		b.Fatal(err)
	}
	return s, ids
}
