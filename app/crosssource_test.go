package app_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// saidInFixture is what the shared main.db's dialog says (type 61 rows of
// conversation 33): author, unix second, body.
var saidInFixture = []struct {
	author string
	at     int64
	body   string
}{
	{"gen.beringer", 1375219588, "yt?"},
	{"gen.beringer", 1375219631, "need to know if you got it this time."},
	{"european.bbq.competitor", 1375219676, "I&apos;m here"},
	{"european.bbq.competitor", 1375219684, "where do I get it from?"},
	{"gen.beringer", 1375219811, `<a href="https://www.dropbox.com/s/3t95y5d8j64azsj/Recipes.docx">https://www.dropbox.com/s/3t95y5d8j64azsj/Recipes.docx</a>`},
	{"gen.beringer", 1375219816, "but give me a minute...."},
	{"european.bbq.competitor", 1375219921, "i got it"},
	{"gen.beringer", 1375219940, "try not to spill coffee on it this time"},
	{"european.bbq.competitor", 1375219957, "fer christ sake, it was an accident!"},
	{"gen.beringer", 1375219979, "whatever."},
	{"gen.beringer", 1375219988, "later"},
}

// sameDialogExport writes the Skype export of the fixture's dialog as the
// server kept it: ids of its own, times in milliseconds and a little off,
// newest first, and one message said after the main.db was last written.
func sameDialogExport(t *testing.T) string {
	t.Helper()
	type message struct {
		ID      string `json:"id"`
		Time    string `json:"originalarrivaltime"`
		Type    string `json:"messagetype"`
		From    string `json:"from"`
		Content string `json:"content"`
		Conv    string `json:"conversationid"`
	}
	const conv = "8:european.bbq.competitor"
	var list []message
	add := func(author string, at time.Time, body string) {
		list = append([]message{{ID: strconv.FormatInt(at.UnixMilli(), 10), Time: at.Format("2006-01-02T15:04:05.000Z"),
			Type: "RichText", From: "8:" + author, Content: body, Conv: conv}}, list...)
	}
	for i, m := range saidInFixture {
		add(m.author, time.Unix(m.at, 0).Add(time.Duration(300+i*150)*time.Millisecond).UTC(), m.body)
	}
	add("european.bbq.competitor", time.Date(2014, 1, 2, 10, 0, 0, 0, time.UTC), "only the export has this")
	doc := map[string]any{"userId": "8:gen.beringer", "exportDate": "2025-04-30T12:00",
		"conversations": []any{map[string]any{"id": conv, "displayName": nil, "threadProperties": nil, "MessageList": list}}}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "messages.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A main.db and an export of the same chats give one copy of each message,
// whichever is imported first.
func TestMainDBAndExportOfTheSameChats(t *testing.T) {
	const mainDB = "../skypeapi/maindb/testdata/skype6_main.db"
	export := sameDialogExport(t)
	for name, order := range map[string][]string{"main.db first": {mainDB, export}, "export first": {export, mainDB}} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			for _, file := range append(order, order...) { // and each again: nothing changes
				if out, errOut, code := runMain(t, "--data", dir, "import", file); code != 0 {
					t.Fatalf("import %s (%d): %s %s", file, code, out, errOut)
				}
			}
			s, err := store.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			ctx := context.Background()
			chats, err := s.Chats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(chats) != 3 {
				t.Errorf("%d chats, want 3 (the dialog, the fixture's other chat and its conversation with the echo service)", len(chats))
			}
			dialog, err := s.FindChat(ctx, "dialog:european.bbq.competitor+gen.beringer")
			if err != nil {
				t.Fatal(err)
			}
			if c, err := s.FindChat(ctx, "#gen.beringer/$european.bbq.competitor;72abdaf9cf5da36"); err != nil || c.ID != dialog.ID {
				t.Errorf("the main.db's name is chat %d (%v), the export's %d", c.ID, err, dialog.ID)
			}
			msgs, err := s.ChatMessages(ctx, dialog.ID, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			// 14 from the main.db (11 said, a contact request, its grant, an SMS), one more from the export.
			if len(msgs) != 15 {
				t.Errorf("the dialog holds %d messages, want 15", len(msgs))
			}
			bySource := map[int]int{}
			for _, m := range msgs {
				srcs, err := s.Sources(ctx, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				bySource[len(srcs)]++
			}
			if bySource[2] != len(saidInFixture) || bySource[1] != 4 {
				t.Errorf("messages by number of sources %v, want %d seen by both, 4 by one", bySource, len(saidInFixture))
			}
			res, err := s.Search(ctx, `"need to know"`, store.SearchOptions{})
			if err != nil || res.Total != 1 {
				t.Errorf("search finds %d copies (%v), want 1", res.Total, err)
			}
		})
	}
}
