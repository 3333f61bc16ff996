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
