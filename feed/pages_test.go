package feed_test

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
)

const chatName = "#alice/$bob;0123456789abcdef"

// pagesServer archives n messages in one chat (plus a hostile one) and
// serves them.
func pagesServer(t *testing.T, n int) (*httptest.Server, *store.Store) {
	t.Helper()
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := t.Context()
	if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: chatName, Topic: "Project <X>"}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)
	var batch []store.Incoming
	for i := range n {
		author := []string{"bob", "alice"}[i/3%2]
		batch = append(batch, store.Incoming{Chat: chatName, Source: "test", Ref: fmt.Sprint(i), Author: author,
			AuthorName: strings.ToUpper(author[:1]) + author[1:], Time: at.Add(time.Duration(i) * time.Minute), Type: "SAID",
			Body: fmt.Sprintf("message number %d", i)})
	}
	batch = append(batch, store.Incoming{Chat: chatName, Source: "test", Ref: "evil", Author: "mallory", AuthorName: "<b>Mallory</b>",
		Time: at.Add(time.Duration(n) * time.Minute), Type: "SAID", Body: `<script>alert(1)</script> needle`})
	if _, err := s.Ingest(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer((&feed.Server{Store: s, Version: "test"}).Handler())
	t.Cleanup(ts.Close)
	return ts, s
}

func get(t *testing.T, u string) (int, string, http.Header) {
	t.Helper()
	return getWith(t, u, nil)
}

// getWith is get with request headers (conditional requests).
func getWith(t *testing.T, u string, header http.Header) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(req.Header, header)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

func TestIndexPage(t *testing.T) {
	ts, _ := pagesServer(t, 5)
	code, body, h := get(t, ts.URL+"/")
	if code != 200 || !strings.Contains(body, "Project &lt;X&gt;") || !strings.Contains(body, `href="/chats/%28alice%29$bob%3B0123456789abcdef/"`) ||
		!strings.Contains(body, "6 messages") {
		t.Errorf("index (%d):\n%s", code, body)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if code, _, _ := get(t, ts.URL+"/nope"); code != 404 {
		t.Errorf("unknown path answered %d", code)
	}
}

func TestChatPagesAreNewestFirst(t *testing.T) {
	ts, _ := pagesServer(t, 450) // 451 messages
	code, body, _ := get(t, ts.URL+"/chats/(alice)$bob%3B0123456789abcdef/")
	if code != 200 || !strings.Contains(body, "message number 449") || strings.Contains(body, "message number 250<") ||
		!strings.Contains(body, "message number 251<") {
		t.Fatalf("newest page (%d): %s", code, body[:min(len(body), 2000)])
	}
	if strings.Count(body, `<li id="m-`) != 200 {
		t.Errorf("newest page shows %d messages, want the 200 newest", strings.Count(body, `<li id="m-`))
	}
	// The hostile message is escaped, never markup.
	if strings.Contains(body, "<script>") || !strings.Contains(body, "&lt;script&gt;") || strings.Contains(body, "<b>Mallory") {
		t.Error("a message body or name was passed through as HTML")
	}
	_, first, _ := get(t, ts.URL+"/chats/(alice)$bob%3B0123456789abcdef/?after=")
	if !strings.Contains(first, "message number 0<") || !strings.Contains(first, `rel="next"`) || strings.Contains(first, `rel="prev"`) {
		t.Errorf("first page lacks its messages or links")
	}
	// The raw API name is accepted too.
	if code, _, _ := get(t, ts.URL+"/chats/"+url.PathEscape(chatName)+"/?after="); code != 200 {
		t.Errorf("raw chat name: %d", code)
	}
	if code, _, _ := get(t, ts.URL+"/chats/nosuchchat/"); code != 404 {
		t.Errorf("unknown chat: %d", code)
	}
}

func TestSearchPageLinksToTheMessagesPage(t *testing.T) {
	ts, s := pagesServer(t, 450)
	code, body, _ := get(t, ts.URL+"/search?q="+url.QueryEscape(`"number 42"`))
	if code != 200 || !strings.Contains(body, "1 match ·") {
		t.Fatalf("search (%d): %s", code, body)
	}
	c, _ := s.FindChat(t.Context(), chatName)
	msgs, _ := s.ChatMessages(t.Context(), c.ID, 42, 1)
	want := `/chats/%28alice%29$bob%3B0123456789abcdef/?at=` + msgs[0].Key + `#m-` + msgs[0].Key
	if !strings.Contains(body, want) || !strings.Contains(body, "<mark>number 42</mark>") {
		t.Errorf("search result lacks link %s or highlights:\n%s", want, body)
	}
	// The link opens the page that holds the message, not the newest.
	_, page, _ := get(t, ts.URL+strings.Split(want, "#")[0])
	if !strings.Contains(page, `id="m-`+msgs[0].Key+`"`) {
		t.Errorf("the hit's link opens a page without the message")
	}
	_, body, _ = get(t, ts.URL+"/search?q=needle")
	if strings.Contains(body, "<script>") {
		t.Error("a search fragment was passed through as HTML")
	}
	_, body, _ = get(t, ts.URL+"/search?q=")
	if !strings.Contains(body, "Type what to look for") {
		t.Error("an empty search does not explain itself")
	}
	_, body, _ = get(t, ts.URL+"/search?q=date:someday")
	if !strings.Contains(body, "2013-07-30") {
		t.Error("a bad date does not explain the forms")
	}
}

// Every <time> on the pages carries a machine-readable datetime (HTML's
// valid date or global date and time), whatever it shows people.
func TestTimesAreMachineReadable(t *testing.T) {
	ts, s := pagesServer(t, 5)
	c, err := s.FindChat(t.Context(), chatName)
	if err != nil {
		t.Fatal(err)
	}
	attr := regexp.MustCompile(`<time datetime="([^"]*)"`)
	for _, page := range []string{"/", "/chats/", chatURL(c.WebID), "/search?q=needle", "/stats", chatURL(c.WebID) + "stats"} {
		code, body, _ := get(t, ts.URL+page)
		values := attr.FindAllStringSubmatch(body, -1)
		if code != 200 || len(values) == 0 {
			t.Errorf("%s: %d, %d times", page, code, len(values))
		}
		for _, v := range values {
			_, errAt := time.Parse(time.RFC3339, v[1])
			_, errDay := time.Parse(time.DateOnly, v[1])
			if errAt != nil && errDay != nil {
				t.Errorf("%s: <time datetime=%q> is neither a date nor a date and time", page, v[1])
			}
		}
	}
}
