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
	dir := t.TempDir()
	s, err := OpenDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.LimitReferences(budget)
	ctx := context.Background()
	at := time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)
	const chats, each = 4, 120
	var msgs []Incoming
	for c := range chats {
		for i := range each {
			msgs = append(msgs, Incoming{Chat: fmt.Sprintf("#a/$b;%d", c), Source: "export:a", Ref: fmt.Sprint(i),
				Author: "a", AuthorName: "A", Time: at.Add(time.Duration(i*i) * time.Minute), Precise: true, Type: "SAID",
				Body: fmt.Sprintf("message %d of chat %d", i, c)})
		}
	}
	for i, m := range msgs {
		if _, err := s.Ingest(ctx, []Incoming{m}); err != nil {
			t.Fatalf("first import: %v", err)
		}
		if held, inUse := s.known.refs.held, s.known.refs.inUse(); held > budget+inUse {
			t.Fatalf("after %d messages the picture holds %d references, over its budget of %d and the %d of the pages in use", i+1, held, budget, inUse)
		}
	}
	s.forget() // as a new process would start
	for range 2 {
		res, err := s.Ingest(ctx, msgs)
		if err != nil || res.Unchanged != chats*each {
			t.Fatalf("import again: %+v, %v; want all %d unchanged", res, err, chats*each)
		}
		if held, inUse := s.known.refs.held, s.known.refs.inUse(); held > budget+inUse {
			t.Fatalf("the picture holds %d references, over its budget of %d and the %d of the pages in use", held, budget, inUse)
		}
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
	s, err := OpenDB(t.TempDir()) // the references alone: no index
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.LimitReferences(budget)
	ctx := context.Background()
	at := time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)
	var msgs []Incoming
	for i := range each {
		for c := range chats {
			msgs = append(msgs, Incoming{Chat: fmt.Sprintf("#a/$b;%d", c), Source: "export:a", Ref: fmt.Sprint(i),
				Author: "a", AuthorName: "A", Time: at.Add(time.Duration(i*chats+c) * 7 * time.Second), Precise: true, Type: "SAID",
				Body: fmt.Sprintf("message %d of chat %d", i, c)})
		}
	}
	for len(msgs) > 0 {
		n := min(batch, len(msgs))
		if _, err := s.Ingest(ctx, msgs[:n]); err != nil {
			t.Fatal(err)
		}
		msgs = msgs[n:]
		if held, inUse := s.known.refs.held, s.known.refs.inUse(); held > budget+inUse {
			t.Fatalf("the picture holds %d references, over its budget of %d and the %d of the pages in use", held, budget, inUse)
		}
	}
	if loaded := s.known.refs.loaded; loaded > chats*each/2 {
		t.Errorf("writing %d messages read %d references back from the archive; want at most half as many", chats*each, loaded)
	}
}
