package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

func openStore(t testing.TB, dir string) *store.Store {
	t.Helper()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func ingest(t testing.TB, s *store.Store, msgs ...store.Incoming) store.IngestResult {
	t.Helper()
	res, err := s.Ingest(context.Background(), msgs)
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	return res
}

func allMessages(t testing.TB, s *store.Store, chat string) []store.Message {
	t.Helper()
	c, err := s.FindChat(context.Background(), chat)
	if err != nil {
		t.Fatalf("find chat: %v", err)
	}
	msgs, err := s.ChatMessages(context.Background(), c.ID, 0, 1_000_000)
	if err != nil {
		t.Fatalf("chat messages: %v", err)
	}
	return msgs
}

var t0 = time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)

const chat = "#alice/$bob;0123456789abcdef"

// live is a message as the live collector reports it.
func live(author string, at time.Time, n int, body string) store.Incoming {
	return liveIn(chat, author, at, n, body)
}

// liveIn is live in another chat.
func liveIn(chat, author string, at time.Time, n int, body string) store.Incoming {
	return store.Incoming{Chat: chat, Source: "live:alice", Ref: store.ContentRef(chat, author, at, n),
		Author: author, AuthorName: author, Time: at, Type: "SAID", Body: body}
}

// export is a message as a Skype export reports it: its own id, millisecond times.
func export(id, author string, at time.Time, body string) store.Incoming {
	return store.Incoming{Chat: chat, Source: "export:alice", Ref: id,
		Author: author, AuthorName: author, Time: at, Precise: true, Type: "SAID", Body: body}
}

func edited(m store.Incoming, by string, at time.Time, body string) store.Incoming {
	m.EditedBy, m.EditedAt, m.Body = by, at, body
	return m
}

func deleted(m store.Incoming, at time.Time) store.Incoming {
	m.EditedBy, m.EditedAt, m.Body, m.Deleted = m.Author, at, "", true
	return m
}
