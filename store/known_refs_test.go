package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestReferencesStayWithinTheirBudget: with room for fewer references
// than the archive holds, the picture drops the chats used least recently
// and loads them again when used; re-importing everything still finds
// every message unchanged, and nothing is archived twice.
func TestReferencesStayWithinTheirBudget(t *testing.T) {
	defer func(was int) { refsBudget = was }(refsBudget)
	refsBudget = 50
	dir := t.TempDir()
	s, err := OpenDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	at := time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)
	const chats, each = 4, 40
	var msgs []Incoming
	for c := range chats {
		for i := range each {
			msgs = append(msgs, Incoming{Chat: fmt.Sprintf("#a/$b;%d", c), Source: "export:a", Ref: fmt.Sprint(i),
				Author: "a", AuthorName: "A", Time: at.Add(time.Duration(i) * time.Minute), Precise: true, Type: "SAID",
				Body: fmt.Sprintf("message %d of chat %d", i, c)})
		}
	}
	if res, err := s.Ingest(ctx, msgs); err != nil || res.Added != chats*each {
		t.Fatalf("first import: %+v, %v", res, err)
	}
	if held := s.known.refs.held(); held > refsBudget+each {
		t.Fatalf("the picture holds %d references, over its budget of %d and the chat in use", held, refsBudget)
	}
	s.forget() // as a new process would start
	for range 2 {
		res, err := s.Ingest(ctx, msgs)
		if err != nil || res.Unchanged != chats*each {
			t.Fatalf("import again: %+v, %v; want all %d unchanged", res, err, chats*each)
		}
		if held := s.known.refs.held(); held > refsBudget {
			t.Fatalf("the picture holds %d references, over its budget of %d", held, refsBudget)
		}
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM messages`).Scan(&n); err != nil || n != chats*each {
		t.Fatalf("%d messages archived (%v), want %d", n, err, chats*each)
	}
}
