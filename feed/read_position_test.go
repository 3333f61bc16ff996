package feed_test

import (
	"database/sql"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"

	_ "modernc.org/sqlite"
)

// unreadOnIndex is what the index says is new in the busy chat: "" when
// nothing.
func unreadOnIndex(t *testing.T, base string) string {
	t.Helper()
	_, body, _ := get(t, base+"/")
	m := regexp.MustCompile(`<a class="unread" href="([^"]+)">([^<]+) new</a>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	if !strings.HasSuffix(m[1], "?new#new") {
		t.Errorf("the index links what is new to %s", m[1])
	}
	return html.UnescapeString(m[2])
}

// The chat page marks where the user stopped reading with a "New"
// divider, and showing it moves the read position; nothing else does:
// not feeds, searches, the calendar, a HEAD request, a browser's prefetch,
// a reader of the archive published with a token, nor an older page.
func TestReadPositionMovesWhenThePageIsRead(t *testing.T) {
	ts, s, c, all := busyServer(t, 1200)
	ctx := t.Context()
	page := ts.URL + chatURL(c.WebID)
	if got := unreadOnIndex(t, ts.URL); got != "99+" {
		t.Errorf("never opened: the index says %q new, want 99+", got)
	}
	_, body, _ := get(t, page)
	if tokens, _ := rowTokens(body); len(tokens) < 2 || tokens[1] != "new" {
		t.Errorf("never opened: the page does not start with New: %v", tokens[:min(3, len(tokens))])
	}
	if got := unreadOnIndex(t, ts.URL); got != "" {
		t.Errorf("after reading the newest page the index says %q new", got)
	}
	_, again, _ := get(t, page)
	if strings.Contains(again, `<li class="new"`) {
		t.Error("the page shows New again with nothing new")
	}

	// Three new messages.
	last := all[len(all)-1].Time
	var fresh []store.Incoming
	for i := range 3 {
		fresh = append(fresh, store.Incoming{Chat: busyChat, Source: "test", Ref: fmt.Sprint("new", i), Author: "bob", AuthorName: "Bob",
			Time: last.Add(time.Duration(i+1) * time.Minute), Type: "SAID", Body: fmt.Sprint("fresh ", i)})
	}
	if _, err := s.Ingest(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if got := unreadOnIndex(t, ts.URL); got != "3" {
		t.Fatalf("the index says %q new, want 3", got)
	}

	// Whatever is not the user reading the chat leaves it so.
	newest, _ := s.LatestMessages(ctx, c.ID, 1)
	published := httptest.NewServer((&feed.Server{Store: s, Version: "test", Token: "tok"}).Handler())
	defer published.Close()
	for _, visit := range []struct {
		method, url string
		header      http.Header
	}{
		{"GET", ts.URL + "/chats/" + c.WebID + "/feed.atom", nil},
		{"GET", ts.URL + "/feed.atom", nil},
		{"GET", ts.URL + "/search?q=fresh", nil},
		{"GET", ts.URL + "/search.atom?q=fresh", nil},
		{"GET", page + "calendar", nil},
		{"HEAD", page, nil},
		{"GET", page, http.Header{"Sec-Purpose": {"prefetch"}}},
		{"GET", page, http.Header{"Purpose": {"prefetch"}}},
		{"GET", published.URL + chatURL(c.WebID) + "?t=tok", nil},
		{"GET", page + "?before=" + all[600].Key, nil},
		{"GET", page + "?at=" + all[10].Key, nil},
	} {
		req, _ := http.NewRequest(visit.method, visit.url, nil)
		for k, v := range visit.header {
			req.Header[k] = v
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("%s %s: %d", visit.method, visit.url, res.StatusCode)
		}
		if got := unreadOnIndex(t, ts.URL); got != "3" {
			t.Errorf("after %s %s %v the index says %q new, want 3", visit.method, visit.url, visit.header, got)
		}
	}

	// The index's link opens what is new, after the divider.
	_, body, _ = get(t, page+"?new")
	tokens, _ := rowTokens(body)
	keys := pageKeys(body)
	if len(keys) != 200 || keys[len(keys)-1] != newest[0].Key || len(tokens) < 5 || tokens[len(tokens)-4] != "new" {
		t.Errorf("?new shows %d messages ending %v, want the page ending with the 3 new after New", len(keys), tokens[max(0, len(tokens)-5):])
	}
	if !strings.Contains(body, `<li class="new" id="new"><span>New</span></li>
<li id="m-`) {
		t.Error("the New divider has no anchor before a message")
	}
	if got := unreadOnIndex(t, ts.URL); got != "" {
		t.Errorf("after reading the new messages the index says %q new", got)
	}
}

// A chat page never waits for the archive's writer: while another process
// (an import beside the app) holds it, the page is served at once, and the
// read position is kept once the writer lets go.
func TestReadPositionWaitsNotThePage(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	if _, err := s.Ingest(ctx, []store.Incoming{{Chat: busyChat, Source: "test", Ref: "1", Author: "bob", AuthorName: "Bob",
		Time: time.Date(2013, 7, 30, 21, 27, 0, 0, time.UTC), Type: "SAID", Body: "unread"}}); err != nil {
		t.Fatal(err)
	}
	c, err := s.FindChat(ctx, busyChat)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer((&feed.Server{Store: s, Version: "test"}).Handler())
	defer ts.Close()

	other, err := sql.Open("sqlite", store.FileURI(filepath.Join(dir, store.DBFile)))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	writer, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := writer.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	if status, body, _ := get(t, ts.URL+chatURL(c.WebID)); status != 200 || !strings.Contains(body, "unread") {
		t.Fatalf("the page while another process writes: %d", status)
	}
	held, err := s.Chats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := writer.ExecContext(ctx, "COMMIT"); err != nil {
		t.Fatal(err)
	}
	writer.Close()
	if held[0].Read.Set {
		t.Fatal("the read position was kept while another process held the writer (the page waited for it)")
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		chats, err := s.Chats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if chats[0].Read.Set {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the read position was not kept after the other process let go of the writer")
		}
	}
}
