package export_test

import (
	"context"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// t0 is the time of the fixture's first message.
var t0 = time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)

const (
	group  = "#alice/$6a072ce5537c4044"
	dialog = "dialog:alice+bob"
	quiet  = "#carol/$0123456789abcdef" // a chat with nothing said in July 2013
)

// hostile is message data that would drive a terminal: retitle it, clear
// the screen, colour text, reorder the line.
const hostile = "\x1b]0;pwned\x07\x1b[2J look \x1b[31mhere\x1b[0m \u202eevil\u202c\u009b2J"

// fixture archives a small archive that has what every format must write
// right: two chats with messages and one without, several lines, an edit
// (with its earlier version), a deletion, an emote, an event, reactions,
// millisecond and second times, two messages in one second, names with
// accents, text that would drive a terminal and cells a spreadsheet would
// take for formulas. index: open the archive with its search index.
func fixture(t testing.TB, index bool) *store.Store {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []store.ChatInfo{
		{Name: group, Topic: "Project X", Members: []string{"alice", "bob", "carol"}},
		{Name: dialog, Members: []string{"alice", "bob"}},
		{Name: quiet, Topic: "Climbing " + hostile, Members: []string{"carol", "dave"}},
	} {
		if _, err := s.EnsureChat(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	msg := func(chat, ref, author, name string, when time.Time, body string) store.Incoming {
		return store.Incoming{Chat: chat, Source: "export:alice", Ref: ref, Author: author, AuthorName: name, Time: when,
			Precise: true, Type: "SAID", Body: body}
	}
	live := func(chat, ref, author, name string, when time.Time, body string) store.Incoming {
		m := msg(chat, ref, author, name, when, body)
		m.Source, m.Precise = "live:alice", false
		return m
	}
	editedOnce := msg(group, "e1", "bob", "Bob", at(2*time.Minute), "the release is on thursday")
	editedNow := editedOnce
	editedNow.Body, editedNow.EditedBy, editedNow.EditedAt = "the release is on friday", "bob", at(5*time.Minute)
	gone := msg(group, "d1", "carol", "Carol Müller", at(3*time.Minute), "oops, wrong chat")
	goneNow := gone
	goneNow.Body, goneNow.Deleted, goneNow.EditedBy, goneNow.EditedAt = "", true, "carol", at(4*time.Minute)
	emote := live(group, "m5", "alice", "Alice", at(6*time.Minute), "waves")
	emote.Type = "EMOTED"
	topic := live(group, "m6", "alice", "Alice", at(7*time.Minute+500*time.Millisecond), "Project X &amp; friends")
	topic.Type = "SETTOPIC"
	batches := [][]store.Incoming{
		{
			msg(group, "m1", "alice", "Alice", at(0), "need to know if you got it this time."),
			msg(group, "m2", "bob", "Bob", at(time.Minute+250*time.Millisecond), "first line\nsecond line\n\nafter a blank"),
			editedOnce, gone,
			emote, topic,
			msg(group, "m7", "carol", "Carol Müller", at(8*time.Minute), "=SUM(A1:A9)"),
			msg(group, "m8", "carol", "Carol Müller", at(8*time.Minute), "+1 for that"),
			msg(group, "m9", "live:dave", "-Dave-", at(9*time.Minute), "@everyone\ttabs and \"quotes\", commas"),
			msg(group, "m10", "bob", "Bob", at(10*time.Minute), hostile),
			msg(dialog, "p1", "bob", "Bob", at(24*time.Hour), "Grüße aus München 🍺 &lt;b&gt;not bold&lt;/b&gt;"),
			msg(dialog, "p2", "alice", "Alice", at(24*time.Hour+time.Second), "<b>bold</b> and <a href=\"https://example.org/\">a link</a>"),
			msg(quiet, "q1", "carol", "Carol Müller", t0.AddDate(0, 2, 0), "see you in September"),
		},
		{editedNow, goneNow},
	}
	for _, b := range batches {
		if _, err := s.Ingest(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddReactions(ctx, "export:alice", []store.RefReactions{{Ref: "e1", Reactions: []store.Reaction{
		{Emotion: "like", User: "alice", Time: at(6 * time.Minute)}, {Emotion: "laugh", User: "carol"}}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if !index {
		s.Close()
		if s, err = store.OpenDB(dir); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { s.Close() })
	return s
}
