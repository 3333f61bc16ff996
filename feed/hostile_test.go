package feed_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
)

// TestHostileBodiesInPagesAndFeeds archives the hostile corpus (plus a
// 1 MB body, control characters and invalid UTF-8 in names) and checks the
// pages escape it and every feed stays valid for a real parser.
func TestHostileBodiesInPagesAndFeeds(t *testing.T) {
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2013, 7, 30, 21, 0, 0, 0, time.UTC)
	bodies := append(hostileBodies(t), strings.Repeat("<b>big &amp; bold</b> ", 50_000))
	var batch []store.Incoming
	for i, b := range bodies {
		batch = append(batch, store.Incoming{Chat: chatName, Source: "test", Ref: fmt.Sprint(i), Author: "mallory",
			AuthorName: "Mal\x01lory \xff<script>", Time: at.Add(time.Duration(i) * time.Second), Type: "SAID", Body: b})
	}
	if _, err := s.Ingest(t.Context(), batch); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndexed(t.Context()); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer((&feed.Server{Store: s, Version: "test"}).Handler())
	defer ts.Close()

	for _, path := range []string{"/", "/chats/(alice)$bob%3B0123456789abcdef/", "/search?q=script", "/search?q=big&from=mallory",
		"/stats", "/chats/(alice)$bob%3B0123456789abcdef/stats", "/chats/"} {
		code, body, _ := get(t, ts.URL+path)
		if code != 200 {
			t.Fatalf("%s: %d", path, code)
		}
		low := strings.ToLower(body)
		for _, bad := range []string{"<script", "<img", "<iframe", "\x01", "\xff"} {
			if strings.Contains(low, bad) {
				i := strings.Index(low, bad)
				t.Errorf("%s contains %q: …%s…", path, bad, body[max(i-80, 0):min(i+80, len(body))])
			}
		}
		if bad := liveMarkup(low); bad != "" {
			t.Errorf("%s holds live markup from a body: %s", path, bad)
		}
	}
	for _, path := range []string{"/feed.atom", "/chats/(alice)$bob%3B0123456789abcdef/feed.atom", "/search.atom?q=script"} {
		_, body, _ := get(t, ts.URL+path)
		f := parseFeed(t, body)
		if len(f.Items) == 0 {
			t.Errorf("%s: no entries", path)
		}
		for _, it := range f.Items {
			if strings.Contains(strings.ToLower(it.Content), "<script") {
				t.Errorf("%s: entry content carries a script tag: %.200q", path, it.Content)
			}
		}
	}
}

// hostileBodies reads the markup package's corpus of hostile bodies (one
// Go-quoted string a line, # for comments).
func hostileBodies(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../store/markup/testdata/hostile.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for line := range strings.Lines(string(data)) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			s, err := strconv.Unquote(line)
			if err != nil {
				t.Fatalf("hostile.txt: %q: %v", line, err)
			}
			out = append(out, s)
		}
	}
	return out
}

var (
	tagRe    = regexp.MustCompile(`<[a-z][^<>]*>`)
	quotedRe = regexp.MustCompile(`"[^"]*"|'[^']*'`)
	handler  = regexp.MustCompile(`\son[a-z]+\s*=`)
	hrefRe   = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
)

// liveMarkup finds a real tag (not escaped text) with an event handler, or
// a link anywhere but http(s), mailto or this server.
func liveMarkup(page string) string {
	for _, tag := range tagRe.FindAllString(page, -1) {
		if handler.MatchString(quotedRe.ReplaceAllString(tag, `""`)) {
			return tag
		}
		for _, m := range hrefRe.FindAllStringSubmatch(tag, -1) {
			u := m[1]
			if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "mailto:") &&
				!strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "#") && !strings.HasPrefix(u, "?") {
				return tag
			}
		}
	}
	return ""
}

func TestEarlierVersionsOnTheChatPage(t *testing.T) {
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2013, 7, 30, 21, 0, 0, 0, time.UTC)
	orig := store.Incoming{Chat: chatName, Source: "test", Ref: "1", Author: "bob", Time: at, Type: "SAID", Body: "teh plan"}
	gone := store.Incoming{Chat: chatName, Source: "test", Ref: "2", Author: "bob", Time: at.Add(time.Second), Type: "SAID", Body: "secret"}
	s.Ingest(t.Context(), []store.Incoming{orig, gone})
	orig.Body, orig.EditedBy, orig.EditedAt = "the plan", "bob", at.Add(time.Hour)
	gone.Body, gone.EditedBy, gone.EditedAt, gone.Deleted = "", "bob", at.Add(time.Hour), true
	if _, err := s.Ingest(t.Context(), []store.Incoming{orig, gone}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer((&feed.Server{Store: s, Version: "test"}).Handler())
	defer ts.Close()
	_, body, _ := get(t, ts.URL+"/chats/(alice)$bob%3B0123456789abcdef/")
	for _, want := range []string{"the plan", "(edited)", "<summary>earlier versions</summary>", "teh plan",
		"This message has been removed.", "secret"} {
		if !strings.Contains(body, want) {
			t.Errorf("the chat page lacks %q", want)
		}
	}
}

func TestSubscriptionsOPML(t *testing.T) {
	ts, _ := pagesServer(t, 3)
	code, body, h := get(t, ts.URL+"/subscriptions.opml")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/x-opml") {
		t.Fatalf("opml: %d %s", code, h.Get("Content-Type"))
	}
	for _, want := range []string{`<opml version="2.0">`, `<title>Chat Channels</title>`, `type="rss"`,
		`xmlUrl="` + ts.URL + `/chats/%28alice%29$bob%3B0123456789abcdef/feed.atom"`, `text="Project &lt;X&gt;"`} {
		if !strings.Contains(body, want) {
			t.Errorf("opml lacks %s:\n%s", want, body)
		}
	}
}
