package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

func unread(t *testing.T, s *store.Store, name string) (int, store.ReadPosition) {
	t.Helper()
	c, err := s.FindChat(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	chats := []store.Chat{c}
	if err := s.CountUnread(context.Background(), chats); err != nil {
		t.Fatal(err)
	}
	return chats[0].Unread, chats[0].Read
}

// The read position moves forward only, to a message with a possible
// time; messages after it are unread, those of impossible times never.
func TestReadPosition(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	var batch []store.Incoming
	for i := range 6 {
		batch = append(batch, live("bob", t0.Add(time.Duration(i/2)*time.Second), 1+i%2, fmt.Sprint("line ", i))) // two per second
	}
	odd := live("bob", time.Date(2404, 1, 1, 0, 0, 0, 0, time.UTC), 1, "from the future")
	odd.TimeSuspect = true
	ingest(t, s, append(batch, odd)...)
	msgs := allMessages(t, s, chat)
	c, _ := s.FindChat(ctx, chat)
	if n, pos := unread(t, s, chat); n != 6 || pos.Set {
		t.Fatalf("never read: %d unread, position %+v; want the 6 of possible times", n, pos)
	}
	readTo := -1 // the furthest message read so far
	for _, step := range []struct {
		at     int // index in msgs
		moved  bool
		unread int
	}{
		{2, true, 3},  // the first of its second: the other of that second stays unread
		{1, false, 3}, // never back
		{3, true, 2},  // the second of the same second
		{6, false, 2}, // an impossible time moves nothing
		{5, true, 0},  // the last
		{5, false, 0}, // again: nothing
	} {
		moved, err := s.MarkRead(ctx, c.ID, msgs[step.at])
		if err != nil {
			t.Fatal(err)
		}
		if step.moved {
			readTo = step.at
		}
		n, pos := unread(t, s, chat)
		if moved != step.moved || n != step.unread || !pos.Set || !pos.Opened {
			t.Errorf("read to message %d: moved %v, %d unread, %+v; want moved %v, %d unread", step.at, moved, n, pos, step.moved, step.unread)
		}
		for i, m := range msgs {
			if want := i > readTo && !m.TimeSuspect; pos.Unread(m) != want {
				t.Errorf("read to message %d: message %d unread %v, want %v", readTo, i, pos.Unread(m), want)
			}
		}
	}
}

// A source's read horizon seeds the position until the chat is first read
// here, forward only; unread counts stop at MaxUnread+1.
func TestSeedReadPosition(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	var batch []store.Incoming
	for i := range store.MaxUnread + 210 { // past the cap, and more than a page
		batch = append(batch, live("bob", t0.Add(time.Duration(i)*time.Second), 1, fmt.Sprint("line ", i)))
	}
	ingest(t, s, batch...)
	msgs := allMessages(t, s, chat)
	if n, _ := unread(t, s, chat); n != store.MaxUnread+1 {
		t.Errorf("never read: %d unread, want the cap %d", n, store.MaxUnread+1)
	}
	var seeded time.Time // the latest seed
	for _, step := range []struct {
		at     time.Time
		unread int
	}{
		{msgs[len(msgs)-6].Time, 5},
		{msgs[len(msgs)-20].Time, 5}, // an earlier horizon moves nothing
		{msgs[len(msgs)-3].Time.Add(300 * time.Millisecond), 2},
	} {
		if err := s.SeedReadPosition(ctx, "8:nobody", step.at); err == nil {
			t.Error("seeding a chat the archive lacks succeeds")
		}
		if err := s.SeedReadPosition(ctx, chat, step.at); err != nil {
			t.Fatal(err)
		}
		if step.at.After(seeded) {
			seeded = step.at
		}
		if n, pos := unread(t, s, chat); n != step.unread || pos.Opened || !pos.Time().Equal(seeded) {
			t.Errorf("seeded at %s: %d unread, position at %s; want %d, at %s", step.at, n, pos.Time(), step.unread, seeded)
		}
	}
	c, _ := s.FindChat(ctx, chat)
	if _, err := s.MarkRead(ctx, c.ID, msgs[len(msgs)-2]); err != nil {
		t.Fatal(err)
	}
	if err := s.SeedReadPosition(ctx, chat, msgs[len(msgs)-1].Time); err != nil {
		t.Fatal(err)
	}
	if n, _ := unread(t, s, chat); n != 1 {
		t.Errorf("a seed after reading here moved the position: %d unread, want 1", n)
	}
	// The page of what is new starts after the position.
	p, err := s.ChatPage(ctx, c.ID, store.PageQuery{Unread: true}, 200)
	if err != nil || p.Target.ID != msgs[len(msgs)-1].ID || len(p.Messages) != 200 || p.Messages[len(p.Messages)-1].ID != p.Target.ID {
		t.Errorf("the page of new messages: target %d, %d messages (%v)", p.Target.ID, len(p.Messages), err)
	}
}
