package store_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// want is one archived message as a test expects it.
type want struct {
	author, text string
	deleted      bool
	versions     []string
	sources      int
}

func TestIdentity(t *testing.T) {
	sec := time.Second
	tests := []struct {
		name    string
		batches [][]store.Incoming
		want    []want
	}{{
		name: "two identical messages in the same second are both kept",
		batches: [][]store.Incoming{{
			live("bob", t0, 1, "ok"), live("bob", t0, 2, "ok"),
		}},
		want: []want{{author: "bob", text: "ok", sources: 1}, {author: "bob", text: "ok", sources: 1}},
	}, {
		name: "an edit updates in place and keeps the earlier version",
		batches: [][]store.Incoming{
			{live("bob", t0, 1, "helo")},
			{edited(live("bob", t0, 1, ""), "bob", t0.Add(time.Minute), "hello")},
		},
		want: []want{{author: "bob", text: "hello", versions: []string{"helo"}, sources: 1}},
	}, {
		name: "a deletion marks the message deleted and keeps what it said",
		batches: [][]store.Incoming{
			{live("bob", t0, 1, "oops")},
			{deleted(live("bob", t0, 1, ""), t0.Add(time.Minute))},
		},
		want: []want{{author: "bob", deleted: true, versions: []string{"oops"}, sources: 1}},
	}, {
		name: "the same message from another source a few seconds off merges",
		batches: [][]store.Incoming{
			{live("bob", t0, 1, "see <ss type=\"smile\">:)</ss> you")},
			{export("1375219614123", "bob", t0.Add(3*sec+123*time.Millisecond), "see :) you")},
		},
		want: []want{{author: "bob", text: "see :) you", sources: 2}},
	}, {
		name: "merging is one to one: two oks stay two",
		batches: [][]store.Incoming{
			{live("bob", t0, 1, "ok"), live("bob", t0.Add(2*sec), 1, "ok")},
			{export("2", "bob", t0.Add(5*sec), "ok"), export("1", "bob", t0.Add(3*sec), "ok")},
		},
		want: []want{{author: "bob", text: "ok", sources: 2}, {author: "bob", text: "ok", sources: 2}},
	}, {
		name: "a third ok from the other source is a message of its own",
		batches: [][]store.Incoming{
			{live("bob", t0, 1, "ok")},
			{export("1", "bob", t0.Add(1*sec), "ok"), export("2", "bob", t0.Add(4*sec), "ok")},
		},
		want: []want{{author: "bob", text: "ok", sources: 2}, {author: "bob", text: "ok", sources: 1}},
	}, {
		name: "status never enters identity: received then read is one message",
		batches: [][]store.Incoming{
			{live("bob", t0, 1, "hi")}, // STATUS RECEIVED
			{live("bob", t0, 1, "hi")}, // STATUS READ
		},
		want: []want{{author: "bob", text: "hi", sources: 1}},
	}, {
		name: "an export's edited text merges with the live original",
		batches: [][]store.Incoming{
			{live("bob", t0, 1, "teh plan")},
			{edited(export("9", "bob", t0.Add(2*sec), ""), "bob", t0.Add(time.Hour), "the plan")},
		},
		want: []want{{author: "bob", text: "the plan", versions: []string{"teh plan"}, sources: 2}},
	}, {
		name: "an original seen after its edit becomes an earlier version",
		batches: [][]store.Incoming{
			{edited(export("9", "bob", t0, ""), "bob", t0.Add(time.Hour), "the plan")},
			{live("bob", t0.Add(-sec), 1, "teh plan")},
		},
		want: []want{{author: "bob", text: "the plan", versions: []string{"teh plan"}, sources: 2}},
	}, {
		name: "a deletion in an export merges with the live message",
		batches: [][]store.Incoming{
			{live("bob", t0, 1, "secret")},
			{deleted(export("9", "bob", t0.Add(sec), ""), t0.Add(time.Hour))},
		},
		want: []want{{author: "bob", deleted: true, versions: []string{"secret"}, sources: 2}},
	}, {
		name: "the same words far apart in time are two messages",
		batches: [][]store.Incoming{
			{live("bob", t0, 1, "good night")},
			{export("9", "bob", t0.Add(24*time.Hour), "good night")},
		},
		want: []want{{author: "bob", text: "good night", sources: 1}, {author: "bob", text: "good night", sources: 1}},
	}, {
		name: "different authors never merge",
		batches: [][]store.Incoming{
			{live("bob", t0, 1, "ok")},
			{export("9", "alice", t0, "ok")},
		},
		want: []want{{author: "alice", text: "ok", sources: 1}, {author: "bob", text: "ok", sources: 1}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openStore(t, t.TempDir())
			for _, b := range tt.batches {
				ingest(t, s, b...)
			}
			got := describeAll(t, s)
			if !slices.EqualFunc(got, tt.want, equalWant) {
				t.Errorf("archive holds\n  %+v\nwant\n  %+v", got, tt.want)
			}
			// Re-running every batch changes nothing (DESIGN.md).
			for _, b := range tt.batches {
				if res := ingest(t, s, b...); res.Added+res.Merged+res.Updated != 0 {
					t.Errorf("re-run changed the archive: %+v", res)
				}
			}
			if again := describeAll(t, s); !slices.EqualFunc(again, got, equalWant) {
				t.Errorf("after re-run the archive holds %+v, before %+v", again, got)
			}
		})
	}
}

func equalWant(a, b want) bool {
	return a.author == b.author && a.text == b.text && a.deleted == b.deleted &&
		slices.Equal(a.versions, b.versions) && a.sources == b.sources
}

// describeAll lists the archive's messages by author and text.
func describeAll(t *testing.T, s *store.Store) []want {
	t.Helper()
	ctx := context.Background()
	var got []want
	for _, m := range allMessages(t, s, chat) {
		w := want{author: m.Author, text: m.Text, deleted: m.Deleted}
		vs, err := s.Versions(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			w.versions = append(w.versions, v.Text)
		}
		srcs, err := s.Sources(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.sources = len(srcs)
		got = append(got, w)
	}
	slices.SortStableFunc(got, func(a, b want) int {
		if a.author != b.author {
			if a.author < b.author {
				return -1
			}
			return 1
		}
		return 0
	})
	return got
}

func TestSameSecondInTwoChatsIsTwoMessages(t *testing.T) {
	s := openStore(t, t.TempDir())
	const other = "#alice/$carol;fedcba9876543210"
	ingest(t, s, live("alice", t0, 1, "to bob"), liveIn(other, "alice", t0, 1, "to carol"))
	if got := allMessages(t, s, chat); len(got) != 1 || got[0].Text != "to bob" {
		t.Errorf("first chat holds %+v", got)
	}
	if got := allMessages(t, s, other); len(got) != 1 || got[0].Text != "to carol" {
		t.Errorf("second chat holds %+v", got)
	}
}

// A source's reference names a message within one chat: the same
// reference in another chat is another message (an export's author and
// millisecond, when one author posted in two chats at once).
func TestAReferenceNamesAMessageWithinItsChat(t *testing.T) {
	s := openStore(t, t.TempDir())
	ingest(t, s, export("42", "bob", t0, "hello"))
	other := export("42", "bob", t0, "hello again")
	other.Chat = "#alice/$carol;fedcba9876543210"
	if res := ingest(t, s, other); res.Added != 1 {
		t.Errorf("the other chat's message: %+v, want it added", res)
	}
	if got := allMessages(t, s, chat); len(got) != 1 || got[0].Text != "hello" {
		t.Errorf("the first chat's message changed: %+v", got)
	}
	if got := allMessages(t, s, other.Chat); len(got) != 1 || got[0].Text != "hello again" {
		t.Errorf("the other chat holds %+v", got)
	}
	if res := ingest(t, s, export("42", "bob", t0, "hello"), other); res.Unchanged != 2 {
		t.Errorf("again: %+v, want both unchanged", res)
	}
}

func TestKeysAreStableAndDistinct(t *testing.T) {
	s := openStore(t, t.TempDir())
	ingest(t, s, live("bob", t0, 1, "ok"), live("bob", t0, 2, "ok"))
	msgs := allMessages(t, s, chat)
	if len(msgs) != 2 || msgs[0].Key == msgs[1].Key {
		t.Fatalf("want two messages with distinct keys, got %+v", msgs)
	}
	keys := []string{msgs[0].Key, msgs[1].Key}
	ingest(t, s, edited(live("bob", t0, 1, ""), "bob", t0.Add(time.Minute), "ok!"))
	after := allMessages(t, s, chat)
	if got := []string{after[0].Key, after[1].Key}; !slices.Equal(got, keys) {
		t.Errorf("keys changed by an edit: %v, were %v", got, keys)
	}
	// The same input in a fresh archive yields the same keys.
	other := openStore(t, t.TempDir())
	ingest(t, other, live("bob", t0, 1, "ok"), live("bob", t0, 2, "ok"))
	fresh := allMessages(t, other, chat)
	if got := []string{fresh[0].Key, fresh[1].Key}; !slices.Equal(got, keys) {
		t.Errorf("keys differ between archives: %v and %v", got, keys)
	}
}

func TestIngestResultCounts(t *testing.T) {
	s := openStore(t, t.TempDir())
	res := ingest(t, s, live("bob", t0, 1, "a"), live("bob", t0.Add(time.Second), 1, "b"))
	if !reflect.DeepEqual(res, store.IngestResult{Added: 2}) {
		t.Errorf("first ingest: %+v", res)
	}
	res = ingest(t, s, export("1", "bob", t0, "a"), edited(live("bob", t0.Add(time.Second), 1, ""), "bob", t0.Add(time.Hour), "B"), live("bob", t0, 1, "a"))
	if !reflect.DeepEqual(res, store.IngestResult{Merged: 1, Updated: 1, Unchanged: 1}) {
		t.Errorf("second ingest: %+v", res)
	}
}
