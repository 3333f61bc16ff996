package skypeexport_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/store"
)

// listEntry is one MessageList entry of a test export.
type listEntry struct {
	id, at, from, content, props string // props: the properties object, "" for none
}

// writeExport writes a bare messages.json of alice's with the given
// conversations (id → entries, newest first) and returns its path.
func writeExport(t *testing.T, convs map[string][]listEntry) string {
	t.Helper()
	var list []string
	for conv, entries := range convs {
		var msgs []string
		for _, e := range entries {
			at := ""
			if e.at != "" {
				at = `"originalarrivaltime": "` + e.at + `", `
			}
			props := ""
			if e.props != "" {
				props = `, "properties": ` + e.props
			}
			msgs = append(msgs, fmt.Sprintf(`{"id": %q, %s"messagetype": "RichText", "content": %q, "conversationid": %q, "from": %q, "displayName": null%s}`,
				e.id, at, e.content, conv, e.from, props))
		}
		list = append(list, fmt.Sprintf(`{"id": %q, "displayName": null, "threadProperties": null, "MessageList": [%s]}`, conv, strings.Join(msgs, ",\n")))
	}
	doc := `{"userId": "8:alice", "exportDate": "2020-07-06T20:55", "conversations": [` + strings.Join(list, ",\n") + `]}`
	path := filepath.Join(t.TempDir(), "messages.json")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func openArchive(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// texts lists a chat's messages as "author: text", with " [n versions]"
// when it has earlier versions.
func texts(t *testing.T, s *store.Store, chat string) []string {
	t.Helper()
	ctx := context.Background()
	c, err := s.FindChat(ctx, chat)
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := s.ChatMessages(ctx, c.ID, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		line := m.Author + ": " + m.Text
		if vs, err := s.Versions(ctx, m.ID); err != nil {
			t.Fatal(err)
		} else if len(vs) > 0 {
			line += fmt.Sprintf(" [%d versions]", len(vs))
		}
		out = append(out, line)
	}
	return out
}

// One author posting in two chats in the same millisecond: two messages,
// one in each chat, and the import completes.
func TestOneMillisecondInTwoChats(t *testing.T) {
	s := openArchive(t)
	ctx := context.Background()
	const at = "2013-07-30T21:27:11.123Z"
	path := writeExport(t, map[string][]listEntry{
		"8:bob":   {{id: "1", at: at, from: "8:alice", content: "to bob"}, {id: "2", at: "2013-07-30T21:20:00Z", from: "8:bob", content: "hi alice"}},
		"8:carol": {{id: "3", at: at, from: "8:alice", content: "to carol"}},
		"8:dave":  {{id: "4", at: at, from: "8:alice", content: "to bob"}},
	})
	rep, err := skypeexport.Import(ctx, s, path, nil)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if rep.Added != 4 || rep.SkippedTotal() != 0 {
		t.Errorf("report %+v, want 4 added", rep)
	}
	for chat, want := range map[string]string{store.Dialog("alice", "bob"): "bob: hi alice|alice: to bob", store.Dialog("alice", "carol"): "alice: to carol", store.Dialog("alice", "dave"): "alice: to bob"} {
		if got := strings.Join(texts(t, s, chat), "|"); got != want {
			t.Errorf("%s holds %q, want %q", chat, got, want)
		}
	}
	again, err := skypeexport.Import(ctx, s, path, nil)
	if err != nil || again.Unchanged != 4 || again.Added+again.Merged+again.Updated != 0 {
		t.Errorf("again: %+v (%v), want 4 unchanged", again, err)
	}
}

// Entries with distinct ids, the same author and original time and no edit
// mark are distinct messages, whether they say the same or not; only the
// copies of an edited message become one message with its versions.
func TestDistinctEntriesOfOneMillisecond(t *testing.T) {
	s := openArchive(t)
	ctx := context.Background()
	const at, at2 = "2013-07-30T21:27:11.123Z", "2013-07-30T21:28:00.5Z"
	path := writeExport(t, map[string][]listEntry{"8:bob": {
		{id: "7", at: at2, from: "8:bob", content: "fixed<e_m ts=\"1375219680\" ts_ms=\"1375219680500\" a=\"bob\" t=\"61\"/>"},
		{id: "6", at: at2, from: "8:bob", content: "fxied"},
		{id: "5", at: at, from: "8:bob", content: "the plan", props: `{"edittime": "1375219900000"}`},
		{id: "4", at: at, from: "8:bob", content: "teh plan"},
		{id: "3", at: at, from: "8:alice", content: "something else", props: `{"emotions": [{"key": "like", "users": [{"mri": "8:bob", "time": "1375219700000", "value": "1"}]}]}`},
		{id: "2", at: at, from: "8:alice", content: "ok"},
		{id: "1", at: at, from: "8:alice", content: "ok"},
	}})
	rep, err := skypeexport.Import(ctx, s, path, nil)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	got := texts(t, s, store.Dialog("alice", "bob"))
	want := []string{"alice: ok", "alice: ok", "alice: something else", "bob: the plan [1 versions]", "bob: fixed [1 versions]"}
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("archived %q, want %q", got, want)
	}
	if rep.Added != 5 || rep.Updated != 2 {
		t.Errorf("report %+v, want 5 added and 2 updated (the earlier copies of the edited ones)", rep)
	}
	// The reaction is on the message it was given to.
	c, _ := s.FindChat(ctx, store.Dialog("alice", "bob"))
	msgs, _ := s.ChatMessages(ctx, c.ID, 0, 100)
	var ids []int64
	for _, m := range msgs {
		ids = append(ids, m.ID)
	}
	reactions, err := s.Reactions(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if n := len(reactions[m.ID]); n != 0 && m.Text != "something else" || m.Text == "something else" && n != 1 {
			t.Errorf("%q has %d reactions, want the like on \"something else\" only", m.Text, n)
		}
	}
	again, err := skypeexport.Import(ctx, s, path, nil)
	if err != nil || again.Unchanged != 7 || again.Added+again.Merged+again.Updated != 0 {
		t.Errorf("again: %+v (%v), want 7 unchanged", again, err)
	}
	if got := texts(t, s, store.Dialog("alice", "bob")); !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("after importing again: %q", got)
	}
}

// An entry that cannot be archived (it has no time) is left out, counted
// and named with its reason; the rest of the file goes in.
func TestUnarchivableEntryIsSkipped(t *testing.T) {
	s := openArchive(t)
	path := writeExport(t, map[string][]listEntry{"8:bob": {
		{id: "3", at: "2013-07-30T21:27:13Z", from: "8:bob", content: "after"},
		{id: "2", from: "8:bob", content: "no time"},
		{id: "1", at: "2013-07-30T21:27:11Z", from: "8:bob", content: "before"},
	}})
	rep, err := skypeexport.Import(context.Background(), s, path, nil)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if rep.Added != 2 || rep.Skipped["message has no time"] != 1 || len(rep.SkippedNamed) != 1 || !strings.Contains(rep.SkippedNamed[0], store.Dialog("alice", "bob")) {
		t.Errorf("report %+v, want 2 added and the timeless listEntry skipped, named", rep)
	}
	if got := strings.Join(texts(t, s, store.Dialog("alice", "bob")), "|"); got != "bob: before|bob: after" {
		t.Errorf("archived %q", got)
	}
}

// An archive an earlier version made from an export with two unedited
// messages of one author and millisecond holds the second as a hidden
// "earlier version" of the first. Opening it moves that text back into a
// message of its own, keeping the first's key, and importing the same
// export again changes nothing.
func TestUpgradeSplitsHiddenVersions(t *testing.T) {
	ctx := context.Background()
	const at = "2013-07-30T21:27:11.123Z"
	first := listEntry{id: "1", at: at, from: "8:alice", content: "ok"}
	second := listEntry{id: "2", at: at, from: "8:alice", content: "something else"}
	both := writeExport(t, map[string][]listEntry{"8:bob": {first, second}}) // newest first: the old store kept the first listed, the second as its version

	// The hash the store gives the second text, from an archive of today's.
	scratchDir := t.TempDir()
	scratch, err := store.Open(scratchDir)
	if err != nil {
		t.Fatal(err)
	}
	defer scratch.Close()
	if _, err := skypeexport.Import(ctx, scratch, both, nil); err != nil {
		t.Fatal(err)
	}
	var hash int64
	if err := rawDB(t, scratchDir).QueryRow(`SELECT text_hash FROM messages WHERE body = 'something else'`).Scan(&hash); err != nil {
		t.Fatal(err)
	}

	// The old archive: the first message, the second as its version, schema 4.
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := skypeexport.Import(ctx, s, writeExport(t, map[string][]listEntry{"8:bob": {first}}), nil); err != nil {
		t.Fatal(err)
	}
	s.Close() // its index and statistics catch up in the background, writing the database
	db := rawDB(t, dir)
	var key string
	if err := db.QueryRow(`SELECT key FROM messages`).Scan(&key); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO message_versions (message_id, body, text, text_hash, edited_by, edited_at) SELECT id, 'something else', 'something else', ?, '', 0 FROM messages`,
		`PRAGMA user_version = 4`,
	} {
		if _, err := db.Exec(q, hash); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	s, err = store.Open(dir)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	if got := strings.Join(sortedTexts(t, s, store.Dialog("alice", "bob")), "|"); got != "alice: ok|alice: something else" {
		t.Errorf("after the upgrade the chat holds %q", got)
	}
	c, _ := s.FindChat(ctx, store.Dialog("alice", "bob"))
	if m, err := s.MessageByKey(ctx, c.ID, key); err != nil || m.Text != "ok" {
		t.Errorf("the first message's key leads to %+v (%v)", m, err)
	}
	if c.MessageCount != 2 {
		t.Errorf("the chat counts %d messages, want 2", c.MessageCount)
	}
	rep, err := skypeexport.Import(ctx, s, both, nil)
	if err != nil || rep.Unchanged != 2 || rep.Added+rep.Merged+rep.Updated != 0 {
		t.Errorf("importing the export again: %+v (%v), want 2 unchanged", rep, err)
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if res, err := s.Search(ctx, "something", store.SearchOptions{}); err != nil || res.Total != 1 {
		t.Errorf("search finds %d (%v), want the split message", res.Total, err)
	}
}

func sortedTexts(t *testing.T, s *store.Store, chat string) []string {
	return slices.Sorted(slices.Values(texts(t, s, chat)))
}

// rawDB opens the SQLite file of the archive in dir.
func rawDB(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, store.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
