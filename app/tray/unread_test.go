package tray

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// countPicked counts the new messages of the picked chats in the archive,
// and of no other.
func TestCountPicked(t *testing.T) {
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	at := time.Date(2013, 7, 30, 12, 0, 0, 0, time.UTC)
	var batch []store.Incoming
	for i, chat := range []string{"#alice/$picked", "#alice/$other"} {
		for j := range 3 + i {
			batch = append(batch, store.Incoming{Chat: chat, Source: "test", Ref: fmt.Sprint(chat, j), Author: "bob",
				Time: at.Add(time.Duration(j) * time.Minute), Type: "SAID", Body: fmt.Sprint("line ", j)})
		}
	}
	if _, err := s.Ingest(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCollected(ctx, "#alice/$picked", true); err != nil {
		t.Fatal(err)
	}
	c, _ := s.FindChat(ctx, "#alice/$picked")
	msgs, _ := s.LatestMessages(ctx, c.ID, 2)
	if _, err := s.MarkRead(ctx, c.ID, msgs[1]); err != nil { // read all but the newest
		t.Fatal(err)
	}
	chats, err := s.Chats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := countPicked(ctx, s, chats); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, c := range chats {
		got[c.Name] = c.Unread
	}
	if got["#alice/$picked"] != 1 || got["#alice/$other"] != 0 {
		t.Errorf("unread %v, want 1 in the picked chat and none counted in the other", got)
	}
	if n := newChats(chats); len(n) != 1 || n[0].Name != "#alice/$picked" {
		t.Errorf("new chats %+v", n)
	}
}
