package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// longText is a text of distinct words, about n bytes, starting with first
// and ending with last.
func longText(first, last string, n int) string {
	var b strings.Builder
	b.WriteString(first)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, " w%dx", i)
	}
	b.WriteString(" " + last)
	return b.String()
}

// TestIndexCapsWhatOneMessageFeeds: the index takes a message's first
// indexTextChars characters; the whole text stays in the archive.
func TestIndexCapsWhatOneMessageFeeds(t *testing.T) {
	s := mustOpen(t, t.TempDir())
	defer s.Close()
	ctx := context.Background()
	text := longText("openingword", "closingword", 4*indexTextChars)
	at := time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)
	if _, err := s.Ingest(ctx, []Incoming{{Chat: "#a/$b;1", Source: "export:a", Ref: "1", Author: "a", AuthorName: "A",
		Time: at, Precise: true, Type: "SAID", Body: text}}); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(ctx, "openingword", SearchOptions{})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("the message's first word finds %d hits (%v), want 1", len(res.Hits), err)
	}
	if got := res.Hits[0].Message.Text; got != text {
		t.Fatalf("the archive keeps %d bytes of the message, want all %d", len(got), len(text))
	}
	if res, err := s.Search(ctx, "closingword", SearchOptions{}); err != nil || res.Total != 0 {
		t.Fatalf("a word past the index's cap finds %d hits (%v), want none", res.Total, err)
	}
}

// TestIndexBatchesAreBoundedByBytes: a window of long messages is read
// only up to the byte budget, and catching up still indexes every one.
func TestIndexBatchesAreBoundedByBytes(t *testing.T) {
	s := mustOpen(t, t.TempDir())
	defer s.Close()
	ctx := context.Background()
	const n = 40
	var msgs []Incoming
	at := time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)
	for i := range n {
		msgs = append(msgs, Incoming{Chat: "#a/$b;1", Source: "export:a", Ref: fmt.Sprint(i), Author: "a", AuthorName: "A",
			Time: at.Add(time.Duration(i) * time.Minute), Precise: true, Type: "SAID",
			Body: longText(fmt.Sprintf("first%dword", i), "", indexTextChars)})
	}
	if _, err := s.Ingest(ctx, msgs); err != nil {
		t.Fatal(err)
	}
	last, err := maxSeq(ctx, s.db)
	if err != nil {
		t.Fatal(err)
	}
	budget := 10 * indexTextChars
	docs, reached, err := s.index.readChanges(ctx, 0, last, budget)
	if err != nil {
		t.Fatal(err)
	}
	if reached >= last || len(docs) != 10 {
		t.Fatalf("a budget of 10 messages' bytes read %d messages, up to %d of %d", len(docs), reached, last)
	}
	for _, d := range docs {
		if len(d.Text) > indexTextChars {
			t.Fatalf("a message feeds the index %d bytes, over the cap of %d", len(d.Text), indexTextChars)
		}
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if res, err := s.Search(ctx, fmt.Sprintf("first%dword", i), SearchOptions{}); err != nil || res.Total != 1 {
			t.Fatalf("message %d: %d hits (%v), want 1", i, res.Total, err)
		}
	}
}
