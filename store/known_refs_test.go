package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestReferencesStayWithinTheirBudget: with room for fewer references
// than the archive holds, even fewer than one of its chats, the picture
// pages them in and out; re-importing everything still finds every
// message unchanged, and nothing is archived twice.
func TestReferencesStayWithinTheirBudget(t *testing.T) {
	const budget = 50
	s := withBudget(t, budget)
	ctx := context.Background()
	const chats, each = 4, 120
	var msgs []Incoming
	for c := range chats {
		for i := range each {
			msgs = append(msgs, chatMessage(c, i, time.Duration(i*i)*time.Minute))
		}
	}
	for i, m := range msgs {
		if _, err := s.Ingest(ctx, []Incoming{m}); err != nil {
			t.Fatalf("first import: %v", err)
		}
		checkBudget(t, s, budget, fmt.Sprintf("after %d messages", i+1))
	}
	s.forget() // as a new process would start
	for range 2 {
		res, err := s.Ingest(ctx, msgs)
		if err != nil || res.Unchanged != chats*each {
			t.Fatalf("import again: %+v, %v; want all %d unchanged", res, err, chats*each)
		}
		checkBudget(t, s, budget, "importing again")
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM messages`).Scan(&n); err != nil || n != chats*each {
		t.Fatalf("%d messages archived (%v), want %d", n, err, chats*each)
	}
}

// TestChatsWrittenAtOnceKeepTheirPages: many chats written at once in time
// order (as the generator, a main.db and live collection write them), in
// an archive larger than the budget, read back from the archive little
// more than the pages they split, not their pages again for every batch.
func TestChatsWrittenAtOnceKeepTheirPages(t *testing.T) {
	const budget, chats, each, batch = 1280, 40, 300, 100
	s := withBudget(t, budget)
	var msgs []Incoming
	for i := range each {
		for c := range chats {
			msgs = append(msgs, chatMessage(c, i, time.Duration(i*chats+c)*7*time.Second))
		}
	}
	for len(msgs) > 0 {
		n := min(batch, len(msgs))
		if _, err := s.Ingest(context.Background(), msgs[:n]); err != nil {
			t.Fatal(err)
		}
		msgs = msgs[n:]
		checkBudget(t, s, budget, fmt.Sprintf("with %d messages to go", len(msgs)))
	}
	if loaded := s.known.refs.loaded; loaded > chats*each/2 {
		t.Errorf("writing %d messages read %d references back from the archive; want at most half as many", chats*each, loaded)
	}
}

// withBudget opens a new archive without its index (the references alone)
// that keeps at most budget references in memory, closed when the test ends.
func withBudget(t *testing.T, budget int) *Store {
	t.Helper()
	s, err := OpenDB(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.LimitReferences(budget)
	return s
}

// chatMessage is message i of chat c, sent after a fixed time.
func chatMessage(c, i int, after time.Duration) Incoming {
	at := time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)
	return Incoming{Chat: fmt.Sprintf("#a/$b;%d", c), Source: "export:a", Ref: fmt.Sprint(i),
		Author: "a", AuthorName: "A", Time: at.Add(after), Precise: true, Type: "SAID",
		Body: fmt.Sprintf("message %d of chat %d", i, c)}
}

// checkBudget fails the test when the picture holds more references than
// its budget and the pages of the last sighting.
func checkBudget(t *testing.T, s *Store, budget int, when string) {
	t.Helper()
	if held, inUse := s.known.refs.held, s.known.refs.inUse(); held > budget+inUse {
		t.Fatalf("%s the picture holds %d references, over its budget of %d and the %d of the pages in use", when, held, budget, inUse)
	}
}
