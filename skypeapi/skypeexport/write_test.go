package skypeexport

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/export"
)

var update = flag.Bool("update", false, "write the golden files anew from what Writer writes")

// writerFixture archives what the Skype shape must carry: the owner's
// dialog with an edit (two earlier versions), a deletion and reactions, a
// dialog of two others, a legacy group, a cloud group, an author's second
// message in the millisecond of an edited one, a live message timed to
// the second, an event, and text that would drive a terminal.
func writerFixture(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	s, err := store.OpenDB(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, c := range []store.ChatInfo{
		{Name: "dialog:alice+bob", Members: []string{"alice", "bob"}},
		{Name: "dialog:carol+dave", Members: []string{"carol", "dave"}},
		{Name: "#alice/$6a072ce5537c4044", Topic: "Project X", Members: []string{"alice", "bob", "live:carol"}},
		{Name: "19:0123456789abcdef0123456789abcdef@thread.skype", Topic: "Cloud \x1b]0;x\x07group", Members: []string{"alice", "+15551234"}},
	} {
		if _, err := s.EnsureChat(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2014, 3, 1, 12, 0, 0, 0, time.UTC)
	msg := func(chat, ref, author, name string, at time.Duration, body string) store.Incoming {
		return store.Incoming{Chat: chat, Source: "export:zoe", Ref: ref, Author: author, AuthorName: name, Time: t0.Add(at),
			Precise: true, Type: "SAID", Body: body}
	}
	first := msg("dialog:alice+bob", "e", "bob", "Bob", 0, "monday")
	second, third := first, first
	second.Body, second.EditedBy, second.EditedAt = "tuesday", "bob", t0.Add(time.Hour)
	third.Body, third.EditedBy, third.EditedAt = "friday", "bob", t0.Add(2*time.Hour)
	gone := msg("dialog:alice+bob", "d", "alice", "", time.Minute, "oops")
	goneNow := gone
	goneNow.Body, goneNow.Deleted, goneNow.EditedBy, goneNow.EditedAt = "", true, "alice", t0.Add(2*time.Minute)
	live := msg("#alice/$6a072ce5537c4044", "l", "live:carol", "Carol", 3*time.Minute, "a < b & live text")
	live.Source, live.Precise = "live:alice", false
	call := msg("19:0123456789abcdef0123456789abcdef@thread.skype", "c", "+15551234", "", 4*time.Minute,
		`<partlist type="ended" alt=""><part identity="4:+15551234"><duration>5</duration></part></partlist>`)
	call.Type = "CALLENDED"
	clash := msg("dialog:carol+dave", "x1", "dave", "Dave", 5*time.Minute, "one")
	clashEdited := msg("dialog:carol+dave", "x2", "dave", "Dave", 5*time.Minute, "two")
	clashEdited2 := clashEdited
	clashEdited2.Body, clashEdited2.EditedBy, clashEdited2.EditedAt = "two, edited", "dave", t0.Add(6*time.Minute)
	for _, b := range [][]store.Incoming{
		{first, gone, live, call, clash, clashEdited, msg("19:0123456789abcdef0123456789abcdef@thread.skype", "h", "alice", "Alice", 7*time.Minute, "\x1b[2J\u202eevil")},
		{second}, {third, goneNow, clashEdited2},
	} {
		if _, err := s.Ingest(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddReactions(ctx, "export:zoe", []store.RefReactions{{Ref: "e", Reactions: []store.Reaction{
		{Emotion: "like", User: "alice", Time: t0.Add(time.Hour)}, {Emotion: "like", User: "live:carol"}, {Emotion: "heart", User: "bob", Time: t0}}}}); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestWriterGolden: the Skype-shaped messages.json of the fixture is as
// its golden file says (go test -update writes it anew), and this
// package's reader reads it: the owner, a dialog per partner, every entry.
func TestWriterGolden(t *testing.T) {
	s := writerFixture(t)
	var buf bytes.Buffer
	meta := export.Meta{Generator: "test", ExportedAt: time.Date(2025, 6, 1, 12, 0, 30, 0, time.UTC)}
	st, err := export.Run(context.Background(), s, export.Filter{}, meta, NewWriter(&buf), nil)
	if err != nil || st != (export.Stats{Chats: 4, Messages: 7}) {
		t.Fatalf("%+v, %v", st, err)
	}
	path := filepath.Join("testdata", "writer.skype.golden")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("differs from %s:\n%s", path, buf.Bytes())
	}

	e, err := newReader(bytes.NewReader(buf.Bytes()), "golden")
	if err != nil {
		t.Fatal(err)
	}
	convs := map[string]int{}
	if err := e.Each(func(c Conversation, m Message) error { convs[c.ID]++; return nil }); err != nil {
		t.Fatal(err)
	}
	if e.UserID != "8:alice" || e.ExportDate != "2025-06-01T12:00" {
		t.Errorf("userId %q, exportDate %q", e.UserID, e.ExportDate)
	}
	want2 := map[string]int{"8:bob": 5, "dialog:carol+dave": 3, LegacyID("#alice/$6a072ce5537c4044"): 1,
		"19:0123456789abcdef0123456789abcdef@thread.skype": 2}
	if len(convs) != len(want2) {
		t.Errorf("conversations %v, want %v", convs, want2)
	}
	for id, n := range want2 {
		if convs[id] != n {
			t.Errorf("conversation %s: %d entries, want %d", id, convs[id], n)
		}
	}
}

// TestOwner: the export is written as the person of the most dialogs, then
// of the most chats.
func TestOwner(t *testing.T) {
	chat := func(name string, members ...string) store.Chat { return store.Chat{Name: name, Members: members} }
	for _, c := range []struct {
		chats []store.Chat
		want  string
	}{
		{nil, ""},
		{[]store.Chat{chat("dialog:alice+bob"), chat("dialog:alice+carol"), chat("#g/$1", "bob", "carol", "dave")}, "alice"},
		{[]store.Chat{chat("dialog:alice+bob"), chat("#g/$1", "bob", "carol")}, "bob"},
		{[]store.Chat{chat("#g/$1", "carol", "dave"), chat("#g/$2", "dave")}, "dave"},
		{[]store.Chat{chat("dialog:?+erin")}, "erin"},
	} {
		if got := Owner(c.chats); got != c.want {
			t.Errorf("Owner(%v) = %q, want %q", c.chats, got, c.want)
		}
	}
}

// TestConversationID: what Import makes of each id is the chat's name.
func TestConversationID(t *testing.T) {
	for _, c := range []struct{ name, owner, id string }{
		{"dialog:alice+bob", "alice", "8:bob"},
		{"dialog:alice+bob", "bob", "8:alice"},
		{"dialog:alice+live:bob", "alice", "8:live:bob"},
		{"dialog:+15551234+alice", "alice", "4:+15551234"},
		{"dialog:28:concierge+alice", "alice", "28:concierge"},
		{"dialog:carol+dave", "alice", "dialog:carol+dave"},
		{"dialog:?+erin", "alice", "dialog:?+erin"},
		{"#alice/$6a072ce5537c4044", "alice", LegacyID("#alice/$6a072ce5537c4044")},
		{"19:abc@thread.skype", "alice", "19:abc@thread.skype"},
	} {
		if got := ConversationID(c.name, c.owner); got != c.id {
			t.Errorf("ConversationID(%q, %q) = %q, want %q", c.name, c.owner, got, c.id)
		}
	}
}

// TestKeepApart: in a second, the messages of a millisecond where an
// author has an edited message and another move to the next free
// milliseconds, in archive order; with no room, or no edit, nothing moves.
func TestKeepApart(t *testing.T) {
	at := time.Date(2014, 3, 1, 12, 0, 0, 0, time.UTC)
	msg := func(id int64, author string, ms int, edited bool) export.Message {
		m := export.Message{Message: store.Message{ID: id, Author: author, Time: at.Add(time.Duration(ms) * time.Millisecond)}}
		if edited {
			m.EditedAt = at.Add(time.Hour)
		}
		return m
	}
	times := func(msgs []export.Message) []int {
		var out []int
		for _, m := range msgs {
			out = append(out, int(m.Time.Sub(at)/time.Millisecond))
		}
		return out
	}
	for _, c := range []struct {
		name string
		in   []export.Message
		want []int
	}{
		{"an edit beside another of its author", []export.Message{msg(1, "bob", 0, false), msg(2, "carol", 0, false), msg(3, "bob", 0, true), msg(4, "bob", 5, false)}, []int{0, 1, 2, 5}},
		{"no edit", []export.Message{msg(1, "bob", 0, false), msg(2, "bob", 0, false)}, []int{0, 0}},
		{"other authors", []export.Message{msg(1, "bob", 0, true), msg(2, "carol", 0, false)}, []int{0, 0}},
		{"the next millisecond taken", []export.Message{msg(1, "bob", 0, false), msg(2, "bob", 0, true), msg(3, "dave", 1, false)}, []int{0, 0, 1}},
		{"the end of the second", []export.Message{msg(1, "bob", 999, false), msg(2, "bob", 999, true)}, []int{999, 999}},
	} {
		keepApart(c.in)
		if got := times(c.in); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	var many []export.Message // more than are compared pairwise
	for i := range 40 {
		many = append(many, msg(int64(i), fmt.Sprint("p", i), i, false))
	}
	many = append(many, msg(40, "p39", 39, true))
	keepApart(many)
	if got := times(many); got[39] != 39 || got[40] != 40 {
		t.Errorf("in a busy second: %v", got[38:])
	}
}
