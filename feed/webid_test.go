package feed_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/store"
)

// Two conversations whose names map to one web id are imported as two
// chats, each reachable by its own web id and by its raw name, and
// importing again changes no web id.
func TestCollidingWebIDsThroughImportAndHTTP(t *testing.T) {
	const paren, slash = "19:x)y@thread.skype", "19:x/y@thread.skype"
	conv := func(id, text string) string {
		return `{"id": "` + id + `", "displayName": "` + text + `", "threadProperties": null, "MessageList": [
			{"id": "1", "originalarrivaltime": "2013-07-30T21:27:11Z", "messagetype": "RichText", "content": "` + text + `",
			 "conversationid": "` + id + `", "from": "8:bob", "displayName": "Bob"}]}`
	}
	path := filepath.Join(t.TempDir(), "messages.json")
	doc := `{"userId": "8:alice", "exportDate": "2020-07-06T20:55", "conversations": [` + conv(paren, "in paren") + `, ` + conv(slash, "in slash") + `]}`
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := t.Context()
	if _, err := skypeexport.Import(ctx, s, path, nil); err != nil {
		t.Fatalf("import: %v", err)
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer((&feed.Server{Store: s, Version: "test"}).Handler())
	t.Cleanup(ts.Close)

	chats, err := s.Chats(ctx)
	if err != nil || len(chats) != 2 || chats[0].WebID == chats[1].WebID {
		t.Fatalf("chats %+v (%v), want two with distinct web ids", chats, err)
	}
	webIDs := map[string]string{}
	for _, c := range chats {
		if c.MessageCount != 1 {
			t.Errorf("chat %s holds %d messages, want 1", c.Name, c.MessageCount)
		}
		webIDs[c.Name] = c.WebID
	}
	for name, text := range map[string]string{paren: "in paren", slash: "in slash"} {
		for _, id := range []string{webIDs[name], name} {
			code, body, _ := get(t, ts.URL+"/chats/"+url.PathEscape(id)+"/")
			if code != http.StatusOK || !strings.Contains(body, text) {
				t.Errorf("/chats/%s/: %d, want the page of %s", url.PathEscape(id), code, name)
			}
		}
	}
	// The index links each chat by its web id.
	_, index, _ := get(t, ts.URL+"/")
	for _, id := range webIDs {
		if !strings.Contains(index, `href="/chats/`+url.PathEscape(id)+`/"`) {
			t.Errorf("the index does not link %s", id)
		}
	}
	if _, err := skypeexport.Import(ctx, s, path, nil); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Chats(ctx)
	for _, c := range again {
		if c.WebID != webIDs[c.Name] {
			t.Errorf("importing again moved %s from %s to %s", c.Name, webIDs[c.Name], c.WebID)
		}
	}
}
