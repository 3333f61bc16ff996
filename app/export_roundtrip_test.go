package app_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/maindb"
	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/store"
)

// variedArchive makes an archive from every kind of source, with what a
// round trip through a Skype export must keep: synthetic live-collected
// chats (legacy dialog and group names, whole seconds, same-second runs,
// repeated messages), the real main.db fixture, an export of another tool
// with its quirks (no userId), and messages written here: edits with two
// earlier versions, a deletion, two messages of one author in one
// millisecond, dialogs of the owner, of two other people and of an unknown
// owner, a cloud group, a bot, a phone number, odd handles, emotes,
// events, reactions, a live body with a literal <, and text that would
// drive a terminal.
func variedArchive(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	s, err := store.OpenDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := synth.Fill(ctx, s, synth.Config{Seed: 7, Chats: 12, Users: 30, Messages: 3000}, 1000, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := maindb.Import(ctx, s, filepath.Join("..", "skypeapi", "maindb", "testdata", "skype6_main.db"), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := skypeexport.Import(ctx, s, filepath.Join("..", "skypeapi", "skypeexport", "testdata", "quirks.json"), nil); err != nil {
		t.Fatal(err)
	}
	chats := []store.ChatInfo{
		{Name: "dialog:alice+bob", Members: []string{"alice", "bob"}},
		{Name: "dialog:carol+dave", Members: []string{"carol", "dave"}},
		{Name: "dialog:?+erin"},
		{Name: "dialog:28:concierge+alice", Members: []string{"alice", "28:concierge"}},
		{Name: "dialog:+15551234+alice", Members: []string{"alice", "+15551234"}},
		{Name: "19:0123456789abcdef0123456789abcdef@thread.skype", Topic: "Cloud \x1b]0;x\x07group ✓", Members: []string{"alice", "live:.cid.9f3e", "+15551234"}},
		{Name: "#alice/$*T;189", Topic: "Legacy group"},
	}
	for _, c := range chats {
		if _, err := s.EnsureChat(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2014, 3, 1, 12, 0, 0, 0, time.UTC)
	n := 0
	msg := func(chat, author, name string, at time.Duration, body string) store.Incoming {
		n++
		return store.Incoming{Chat: chat, Source: "export:zoe", Ref: fmt.Sprint("r", n), Author: author, AuthorName: name,
			Time: t0.Add(at), Precise: true, Type: "SAID", Body: body}
	}
	edit := func(m store.Incoming, at time.Duration, body string) store.Incoming {
		m.Body, m.EditedBy, m.EditedAt = body, m.Author, t0.Add(at)
		return m
	}
	first := msg("dialog:alice+bob", "bob", "Bob", 0, "the release is on monday")
	second := edit(first, time.Hour, "the release is on tuesday")
	third := edit(first, 2*time.Hour, "the release is on friday <e_m ts=\"1\" a=\"bob\" t=\"61\"/>")
	gone := msg("dialog:alice+bob", "alice", "Alice", time.Minute, "wrong window, sorry")
	goneNow := gone
	goneNow.Body, goneNow.Deleted, goneNow.EditedBy, goneNow.EditedAt = "", true, "alice", t0.Add(3*time.Minute)
	emote := msg("dialog:carol+dave", "carol", "", 2*time.Minute, "waves")
	emote.Type = "EMOTED"
	lt := msg("dialog:carol+dave", "dave", "Dave", 3*time.Minute, "if a < b && c > d then")
	lt.Source, lt.Precise = "live:dave", false
	topic := msg("19:0123456789abcdef0123456789abcdef@thread.skype", "alice", "Alice", 4*time.Minute,
		"<topicupdate><eventtime>1</eventtime><initiator>8:alice</initiator><value>Cloud group</value></topicupdate>")
	topic.Type = "SETTOPIC"
	call := msg("19:0123456789abcdef0123456789abcdef@thread.skype", "live:.cid.9f3e", "Cid", 5*time.Minute,
		`<partlist type="ended" alt=""><part identity="8:live:.cid.9f3e"><name>Cid</name><duration>62.5</duration></part></partlist>`)
	call.Type = "CALLENDED"
	plainCall := msg("#alice/$*T;189", "alice", "Alice", 6*time.Minute, "")
	plainCall.Type = "CALLENDED"
	batches := [][]store.Incoming{{
		first, gone, emote, lt, topic, call, plainCall,
		msg("dialog:alice+bob", "bob", "Bob", 30*time.Second, "one"),
		msg("dialog:alice+bob", "bob", "Bob", 30*time.Second, "two, same millisecond"),
		msg("dialog:alice+bob", "bob", "Bob", 31*time.Second, "ok"),
		msg("dialog:alice+bob", "bob", "Bob", 31*time.Second+400*time.Millisecond, "ok"),
		msg("dialog:?+erin", "erin", "Erin", 7*time.Minute, "who owns this dialog?"),
		msg("dialog:28:concierge+alice", "28:concierge", "Concierge", 8*time.Minute, "How can I help?"),
		msg("dialog:+15551234+alice", "+15551234", "", 9*time.Minute, "=cmd|' /C calc'!A0"),
		msg("19:0123456789abcdef0123456789abcdef@thread.skype", "+15551234", "Phone", 10*time.Minute, "\x1b[2J\u202eevil"),
		msg("#alice/$*T;189", "bob", "Bob Müller", 11*time.Minute, "<b>bold</b> &amp; <a href=\"https://example.org/\">link</a>"),
	}, {second}, {third, goneNow}}
	for _, b := range batches {
		if _, err := s.Ingest(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddReactions(ctx, "export:zoe", []store.RefReactions{
		{Ref: first.Ref, Reactions: []store.Reaction{{Emotion: "like", User: "alice", Time: t0.Add(time.Hour)}, {Emotion: "like", User: "carol"},
			{Emotion: "laugh", User: "live:.cid.9f3e", Time: t0.Add(2 * time.Hour)}}},
	}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// archived is what a round trip must keep of an archive: per chat, its
// topic, members and messages as text lines.
type archived map[string][]string

// readArchive reads an archive for comparing: every chat with its
// messages, their earlier versions and reactions. The time's precision is
// left out (what an export says is to the millisecond).
func readArchive(t *testing.T, dir string) archived {
	t.Helper()
	ctx := context.Background()
	s, err := store.OpenDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	chats, err := s.Chats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := archived{}
	for _, c := range chats {
		if c.MessageCount == 0 {
			continue // an export holds the chats that have messages
		}
		lines := []string{fmt.Sprintf("topic %q members %q count %d", c.Topic, c.Members, c.MessageCount)}
		err := s.MessagePages(ctx, c.ID, store.MessageRange{}, func(page []store.Message) error {
			var ids []int64
			for _, m := range page {
				ids = append(ids, m.ID)
			}
			versions, err := s.VersionsOf(ctx, ids)
			if err != nil {
				return err
			}
			reactions, err := s.Reactions(ctx, ids)
			if err != nil {
				return err
			}
			for _, m := range page {
				lines = append(lines, fmt.Sprintf("%s %s %s %q %s %q %q edited %s by %q deleted %v versions %v reactions %v",
					m.Key, m.Time.Format(time.RFC3339Nano), m.Author, m.AuthorName, m.Type, m.Body, m.Text,
					m.EditedAt.Format(time.RFC3339Nano), m.EditedBy, m.Deleted, versions[m.ID], reactions[m.ID]))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		out[c.Name] = lines
	}
	return out
}

// TestExportSkypeRoundTrip: an archive of every kind of source, exported
// as a Skype messages.json and imported into a fresh archive, gives the
// same chats (names, topics, members) and the same messages (keys, times,
// authors, names, types, bodies, texts, edits, deletions), with their
// earlier versions and reactions. Importing the export into the archive it
// came from changes nothing.
func TestExportSkypeRoundTrip(t *testing.T) {
	dir := variedArchive(t)
	file := filepath.Join(t.TempDir(), "messages.json")
	if _, errOut, code := runMain(t, "--data", dir, "export", "--format", "skype", "--out", file); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	out, errOut, code := runMain(t, "--data", fresh, "import", file)
	if code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	if !strings.Contains(out, "0 merged") || !strings.Contains(out, "skipped") == strings.Contains(out, "skipped 0") {
		t.Logf("import: %s", out)
	}
	want, got := readArchive(t, dir), readArchive(t, fresh)
	for name, lines := range want {
		back, ok := got[name]
		if !ok {
			t.Errorf("chat %s is missing after the round trip", name)
			continue
		}
		for i := range max(len(lines), len(back)) {
			var w, g string
			if i < len(lines) {
				w = lines[i]
			}
			if i < len(back) {
				g = back[i]
			}
			if w != g {
				t.Errorf("chat %s, line %d:\n was %s\n now %s", name, i, w, g)
			}
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("chat %s appeared in the round trip", name)
		}
	}
	if len(want) < 20 {
		t.Errorf("only %d chats: the archive is not as varied as it should be", len(want))
	}

	again, errOut, code := runMain(t, "--data", dir, "import", file)
	if code != 0 || !strings.Contains(again, " 0 messages added") {
		t.Errorf("importing the export into its own archive: %s %s", again, errOut)
	}
	if after := readArchive(t, dir); !equalArchives(after, want) {
		t.Error("importing the export into its own archive changed it")
	}
}

func equalArchives(a, b archived) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// TestExportSkypeRoundTripLosses: what a Skype export cannot say, and a
// fresh archive imported from it therefore lacks (README, export --format
// skype): how precise a time is (an export's are to the millisecond),
// that a time was impossible (its stand-in is kept), chats without
// messages, a chat's other names, and which sources saw a message. And
// what it changes: a message in the millisecond of an edited one of the
// same author (which Import would take for a copy of it) moves to the
// next millisecond, keeping its place and its versions its own.
func TestExportSkypeRoundTripLosses(t *testing.T) {
	dir := variedArchive(t)
	ctx := context.Background()
	s, err := store.OpenDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2015, 5, 5, 5, 5, 5, 0, time.UTC)
	said := store.Incoming{Chat: "dialog:alice+bob", Source: "export:zoe", Ref: "same-ms-1", Author: "bob", Time: at, Precise: true, Type: "SAID", Body: "first"}
	other := said
	other.Ref, other.Body = "same-ms-2", "second"
	changed := other
	changed.Body, changed.EditedBy, changed.EditedAt = "second, edited", "bob", at.Add(time.Minute)
	for _, b := range [][]store.Incoming{{said, other}, {changed}} {
		if _, err := s.Ingest(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: "#nobody/$said;0000000000000000", Aliases: []string{"8:nobody"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	file := filepath.Join(t.TempDir(), "messages.json")
	if _, errOut, code := runMain(t, "--data", dir, "export", "--format", "skype", "--out", file); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, errOut, code := runMain(t, "--data", fresh, "import", file); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	was, now := losses(t, dir), losses(t, fresh)
	if was.seconds == 0 || now.seconds != 0 {
		t.Errorf("messages timed to the second: %d, then %d; want all to the millisecond after", was.seconds, now.seconds)
	}
	if was.suspect == 0 || now.suspect != 0 {
		t.Errorf("messages with impossible times: %d, then %d", was.suspect, now.suspect)
	}
	if !was.empty || now.empty || !was.alias || now.alias {
		t.Errorf("the chat without messages (%v, then %v) or its alias (%v, then %v) survived", was.empty, now.empty, was.alias, now.alias)
	}
	if was.sources < 4 || now.sources != 1 {
		t.Errorf("sources: %d, then %d; want one, the export's", was.sources, now.sources)
	}
	wantWas := []string{`05.000 "first" []`, `05.000 "second, edited" [second]`}
	wantNow := []string{`05.000 "first" []`, `05.001 "second, edited" [second]`}
	if !slices.Equal(was.sameMillisecond, wantWas) || !slices.Equal(now.sameMillisecond, wantNow) {
		t.Errorf("bob's messages in one millisecond: %q, then %q; want %q", was.sameMillisecond, now.sameMillisecond, wantNow)
	}
}

// lost counts what a round trip loses, in one archive.
type lost struct {
	seconds, suspect, sources int
	empty, alias              bool
	sameMillisecond           []string // bob's messages in the second where two were in one millisecond
}

func losses(t *testing.T, dir string) lost {
	t.Helper()
	ctx := context.Background()
	s, err := store.OpenDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	chats, err := s.Chats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var l lost
	sources := map[string]bool{}
	same := time.Date(2015, 5, 5, 5, 5, 5, 0, time.UTC)
	for _, c := range chats {
		l.empty = l.empty || c.Name == "#nobody/$said;0000000000000000"
		err := s.MessagePages(ctx, c.ID, store.MessageRange{}, func(page []store.Message) error {
			for _, m := range page {
				if m.TimePrecision == time.Second {
					l.seconds++
				}
				if m.TimeSuspect {
					l.suspect++
				}
				if m.Author == "bob" && m.Time.Truncate(time.Second).Equal(same) {
					vs, err := s.Versions(ctx, m.ID)
					if err != nil {
						return err
					}
					var texts []string
					for _, v := range vs {
						texts = append(texts, v.Text)
					}
					l.sameMillisecond = append(l.sameMillisecond, fmt.Sprintf("%s %q %v", m.Time.Format("05.000"), m.Body, texts))
				}
				names, err := s.Sources(ctx, m.ID)
				if err != nil {
					return err
				}
				for _, n := range names {
					sources[n] = true
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if c, err := s.FindChat(ctx, "8:nobody"); err == nil && c.Name == "#nobody/$said;0000000000000000" {
		l.alias = true
	}
	l.sources = len(sources)
	return l
}
