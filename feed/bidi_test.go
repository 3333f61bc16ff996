package feed_test

import (
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
)

// TestBidiControlsInNamesAreIsolated: a display name and a chat topic
// holding a right-to-left override (and an isolate left open) reach no page
// and no feed with the control: pages show the names inside <bdi> or an
// element with dir="auto", so a right-to-left name keeps to itself, and the
// feeds' titles and authors are plain text without the controls.
func TestBidiControlsInNamesAreIsolated(t *testing.T) {
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const chat = "#alice/$bob;0123456789abcdef"
	ctx := t.Context()
	if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: chat, Topic: "Plans \u202egnp.exe\u202c", Members: []string{"alice", "bob"}}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2013, 7, 30, 21, 0, 0, 0, time.UTC)
	var batch []store.Incoming
	for i, who := range []string{"bob", "alice", "bob"} {
		batch = append(batch, store.Incoming{Chat: chat, Source: "test", Ref: string(rune('a' + i)), Author: who,
			AuthorName: "Bob \u202eevil\u2067 name", Time: at.Add(time.Duration(i) * time.Minute), Type: "SAID", Body: "see the plan"})
	}
	if _, err := s.Ingest(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer((&feed.Server{Store: s, Version: "test"}).Handler())
	defer ts.Close()
	c, err := s.FindChat(ctx, chat)
	if err != nil {
		t.Fatal(err)
	}
	base := "/chats/" + url.PathEscape(c.WebID) + "/"
	isolated := regexp.MustCompile(`<bdi>Bob evil name</bdi>|dir="auto"[^>]*>Bob evil name<`)
	for _, path := range []string{"/", base, base + "calendar", base + "stats", "/stats", "/search?q=plan", "/chats/",
		base + "feed.atom", "/feed.atom", "/search.atom?q=plan", "/subscriptions.opml"} {
		code, body, _ := get(t, ts.URL+path)
		if code != 200 {
			t.Fatalf("%s: %d", path, code)
		}
		if i := strings.IndexFunc(body, func(r rune) bool { return 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069 }); i >= 0 {
			t.Errorf("%s carries a bidirectional control: …%q…", path, body[max(i-60, 0):min(i+60, len(body))])
		}
		if !strings.Contains(body, "Plans gnp.exe") && !strings.Contains(body, "Bob evil name") {
			t.Errorf("%s shows neither the chat nor the name", path)
		}
	}
	for _, path := range []string{base, "/search?q=plan"} {
		if _, body, _ := get(t, ts.URL+path); !isolated.MatchString(body) {
			t.Errorf("%s does not isolate the name", path)
		}
	}
	_, body, _ := get(t, ts.URL+"/")
	if !regexp.MustCompile(`dir="auto">Plans gnp.exe<`).MatchString(body) {
		t.Errorf("the index does not isolate the chat's title")
	}
	_, body, _ = get(t, ts.URL+base+"feed.atom")
	if f := parseFeed(t, body); len(f.Items) != 3 || f.Items[0].Author == nil || f.Items[0].Author.Name != "Bob evil name" ||
		!strings.HasPrefix(f.Items[0].Title, "Bob evil name in Plans gnp.exe: ") {
		t.Errorf("feed entries %+v", f.Items[0])
	}
}
