package skypeexport_test

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/store"
)

// importExport is a small export: a migrated P2P group, a dialog, a system
// conversation, an edited message that appears twice, a deletion and a
// server-generated blank.
func importExport(t *testing.T) string {
	legacy := "#alice/$bob;0123456789abcdef"
	p2p := "19:" + base64.StdEncoding.EncodeToString([]byte(legacy)) + "@p2p.thread.skype"
	doc := `{"userId": "8:alice", "exportDate": "2020-07-06T20:55", "conversations": [
 {"id": "` + p2p + `", "displayName": "Project X", "threadProperties": {"topic": "Project X", "members": "[\"8:alice\",\"8:bob\"]"},
  "MessageList": [
   {"id": "5", "originalarrivaltime": "2013-07-30T21:30:00.5Z", "messagetype": "RichText", "content": "", "conversationid": "` + p2p + `", "from": "8:bob", "displayName": "Bob", "properties": {"deletetime": "1375220000000"}},
   {"id": "4", "originalarrivaltime": "2013-07-30T21:27:11.123Z", "messagetype": "RichText", "content": "the plan", "conversationid": "` + p2p + `", "from": "8:bob", "displayName": "Bob", "properties": {"edittime": "1375219900000"}},
   {"id": "3", "originalarrivaltime": "2013-07-30T21:27:11.123Z", "messagetype": "RichText", "content": "teh plan", "conversationid": "` + p2p + `", "from": "8:bob", "displayName": "Bob", "properties": {"edittime": "1375219800000"}},
   {"id": "2", "originalarrivaltime": "2013-07-30T21:26:40Z", "messagetype": "RichText", "content": "", "conversationid": "` + p2p + `", "from": "8:bob", "properties": {"isserversidegenerated": true}},
   {"id": "1", "originalarrivaltime": "2013-07-30T21:26:28.6Z", "messagetype": "RichText", "content": "hi &apos;all&apos;", "conversationid": "` + p2p + `", "from": "8:alice", "displayName": null}
  ]},
 {"id": "8:carol", "displayName": null, "threadProperties": null, "MessageList": [
   {"id": "10", "originalarrivaltime": "2014-01-01T10:00:00Z", "messagetype": "Text", "content": "happy new year", "conversationid": "8:carol", "from": "8:carol", "displayName": "Carol"}
 ]},
 {"id": "48:calllogs", "MessageList": [
   {"id": "20", "originalarrivaltime": "2014-01-01T10:00:00Z", "messagetype": "Event/Call", "content": "x", "conversationid": "48:calllogs", "from": "8:alice"}
 ]}
]}`
	path := filepath.Join(t.TempDir(), "messages.json")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImport(t *testing.T) {
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	// The live collector saw the group's first message before, a second off.
	if _, err := s.Ingest(ctx, []store.Incoming{{Chat: "#alice/$bob;0123456789abcdef", Source: "live:alice",
		Ref: store.ContentRef("#alice/$bob;0123456789abcdef", "alice", time.Unix(1375219589, 0), 1), Author: "alice",
		Time: time.Unix(1375219589, 0), Type: "SAID", Body: "hi 'all'"}}); err != nil {
		t.Fatal(err)
	}
	path := importExport(t)
	rep, err := skypeexport.Import(ctx, s, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 3 || rep.Merged != 1 || rep.Updated != 1 || rep.SkippedSystem != 1 || rep.SkippedBlank != 1 || rep.Conversations != 2 {
		t.Errorf("report %+v", rep)
	}
	group, err := s.FindChat(ctx, "#alice/$bob;0123456789abcdef")
	if err != nil || group.Topic != "Project X" || strings.Join(group.Members, " ") != "alice bob" {
		t.Fatalf("group %+v (%v)", group, err)
	}
	msgs, _ := s.ChatMessages(ctx, group.ID, 0, 10)
	var got []string
	for _, m := range msgs {
		text := m.Text
		if m.Deleted {
			text = "(deleted)"
		}
		got = append(got, m.Author+": "+text)
	}
	if want := "alice: hi 'all'|bob: the plan|bob: (deleted)"; strings.Join(got, "|") != want {
		t.Errorf("group holds %q, want %q", got, want)
	}
	if vs, _ := s.Versions(ctx, msgs[1].ID); len(vs) != 1 || vs[0].Text != "teh plan" {
		t.Errorf("the edited message's versions: %+v", vs)
	}
	if _, err := s.FindChat(ctx, "dialog:alice+carol"); err != nil {
		t.Errorf("the dialog: %v", err)
	}
	// Again: nothing changes.
	again, err := skypeexport.Import(ctx, s, path, nil)
	if err != nil || again.Added+again.Merged+again.Updated != 0 {
		t.Errorf("a second import changed the archive: %+v (%v)", again, err)
	}
}

func TestImportOfABadFileLeavesTheArchiveAlone(t *testing.T) {
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	bad := filepath.Join(t.TempDir(), "messages.json")
	os.WriteFile(bad, []byte(`{"userId": "8:alice", "conversations": [{"id": "8:bob", "MessageList": [{"id": "1", "originalarrivaltime": "2013-07-30T21:26:28Z", "from": "8:bob", "content": "hi"}, {"id": "2", "orig`), 0o600)
	_, err = skypeexport.Import(context.Background(), s, bad, nil)
	if err == nil || !strings.Contains(err.Error(), "messages.json") || !strings.Contains(err.Error(), "byte") {
		t.Errorf("got %v, want an error naming the file and position", err)
	}
	if c, _ := s.Counts(context.Background()); c.Messages != 0 {
		t.Errorf("a failed import left %d messages (the batch was not whole)", c.Messages)
	}
}
