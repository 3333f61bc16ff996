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
	inUse := 2 * s.known.refs.pageMax() // a sighting's two pages, whatever the budget
	for i, m := range msgs {
		if _, err := s.Ingest(ctx, []Incoming{m}); err != nil {
			t.Fatalf("first import: %v", err)
		}
		if held := s.known.refs.held; held > budget+inUse {
			t.Fatalf("after %d messages the picture holds %d references, over its budget of %d and the pages in use", i+1, held, budget)
		}
	}
	s.forget() // as a new process would start
	for range 2 {
		res, err := s.Ingest(ctx, msgs)
		if err != nil || res.Unchanged != chats*each {
			t.Fatalf("import again: %+v, %v; want all %d unchanged", res, err, chats*each)
		}
		if held := s.known.refs.held; held > budget+inUse {
			t.Fatalf("the picture holds %d references, over its budget of %d and the pages in use", held, budget)
		}
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM messages`).Scan(&n); err != nil || n != chats*each {
		t.Fatalf("%d messages archived (%v), want %d", n, err, chats*each)
	}
}
