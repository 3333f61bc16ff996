package feed_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
)

const busyChat = "#alice/$team;00000000000000ff"

// busyServer archives a chat of n messages, four minutes apart (2500 span
// more than 48 hours: three days or more in any zone), in threes
// sent in the same second (one of them twice, word for word; every 50th
// says "milestone"), and serves it. It returns the chat's messages in the chat's order as the store
// lists them.
func busyServer(t *testing.T, n int) (*httptest.Server, *store.Store, store.Chat, []store.Message) {
	t.Helper()
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := t.Context()
	if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: busyChat, Topic: "Team", Members: []string{"alice", "bob", "carol"}}); err != nil {
		t.Fatal(err)
	}
	start := time.Date(2013, 7, 29, 12, 0, 0, 0, time.UTC)
	var batch []store.Incoming
	for i := range n {
		author := []string{"alice", "bob", "carol"}[i/6%3]
		body := fmt.Sprintf("line %d", i)
		switch {
		case i%300 == 2:
			body = fmt.Sprintf("line %d", i-1) // the same words in the same second, sent twice
		case i%50 == 0:
			body += " milestone" // a word spread over the whole chat, for searches
		}
		batch = append(batch, store.Incoming{Chat: busyChat, Source: "test", Ref: fmt.Sprint(i), Author: author,
			AuthorName: strings.ToUpper(author[:1]) + author[1:], Time: start.Add(time.Duration(i/3) * 4 * time.Minute),
			Type: "SAID", Body: body})
	}
	if _, err := s.Ingest(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	c, err := s.FindChat(ctx, busyChat)
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.ChatMessages(ctx, c.ID, 0, n+1)
	if err != nil || len(all) != n {
		t.Fatalf("the chat holds %d messages (%v), want %d", len(all), err, n)
	}
	ts := httptest.NewServer((&feed.Server{Store: s, Version: "test"}).SyncHandler())
	t.Cleanup(ts.Close)
	return ts, s, c, all
}

var (
	rowKeys  = regexp.MustCompile(`<li id="m-([^"]+)" class="(?:message|event)`)
	olderRel = regexp.MustCompile(`<a href="([^"]+)" rel="prev">`)
	newerRel = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
)

// pageKeys lists the keys of the messages a chat page shows, in order.
func pageKeys(body string) []string {
	var keys []string
	for _, m := range rowKeys.FindAllStringSubmatch(body, -1) {
		keys = append(keys, m[1])
	}
	return keys
}

// link is the first match of re in body, unescaped; "" when none.
func link(re *regexp.Regexp, body string) string {
	m := re.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

func keysOf(msgs []store.Message) []string {
	keys := make([]string, len(msgs))
	for i, m := range msgs {
		keys[i] = m.Key
	}
	return keys
}

func TestChatPagesByKey(t *testing.T) {
	ts, _, c, all := busyServer(t, 2500)
	keys := keysOf(all)
	if len(slices.Compact(slices.Sorted(slices.Values(keys)))) != len(keys) {
		t.Fatal("the fixture's keys are not distinct")
	}
	base := ts.URL + chatURL(c.WebID)
	page := func(query string) (int, string, []string) {
		t.Helper()
		code, body, _ := get(t, base+query)
		return code, body, pageKeys(body)
	}

	// The newest page is full: the 200 newest.
	code, newest, got := page("")
	if code != 200 || !slices.Equal(got, keys[len(keys)-200:]) {
		t.Fatalf("newest page (%d): %d messages, want the 200 newest", code, len(got))
	}
	if link(newerRel, newest) != "" || link(olderRel, newest) == "" {
		t.Error("the newest page links to newer pages, or not to older ones")
	}

	// Older links walk back to the start, newer links forward to the end:
	// each message once, in order.
	var walked []string
	body, pages := newest, 0
	for {
		walked = append(pageKeys(body), walked...)
		next := link(olderRel, body)
		if next == "" {
			break
		}
		if pages++; pages > 20 {
			t.Fatal("the older links do not end")
		}
		_, body, _ = get(t, ts.URL+next)
		if n := len(pageKeys(body)); n == 0 || n > 200 {
			t.Fatalf("%s shows %d messages", next, n)
		}
	}
	if !slices.Equal(walked, keys) {
		t.Errorf("walking back shows %d messages, want all %d in order", len(walked), len(keys))
	}
	walked, pages = nil, 0
	_, body, _ = page("?after=")
	for {
		walked = append(walked, pageKeys(body)...)
		next := link(newerRel, body)
		if next == "" {
			break
		}
		if pages++; pages > 20 {
			t.Fatal("the newer links do not end")
		}
		_, body, _ = get(t, ts.URL+next)
	}
	if !slices.Equal(walked, keys) {
		t.Errorf("walking forward shows %d messages, want all %d in order", len(walked), len(keys))
	}

	// ?before and ?after: the 200 on either side, whatever shares the key's second.
	for _, i := range []int{1, 2, 3, 299, 300, 301, 302, 1000, 1001, 2300, 2498} {
		_, _, got := page("?before=" + keys[i])
		if want := keys[max(0, i-200):i]; !slices.Equal(got, want) {
			t.Errorf("?before=%s (message %d): %d messages from %v, want %d from %v", keys[i], i, len(got), first(got), len(want), first(want))
		}
		_, _, got = page("?after=" + keys[i])
		if want := keys[i+1 : min(len(keys), i+201)]; !slices.Equal(got, want) {
			t.Errorf("?after=%s (message %d): %d messages, want %d", keys[i], i, len(got), len(want))
		}
	}

	// ?at: a full page holding the message, in its middle away from the ends.
	for _, i := range []int{0, 1, 2, 50, 301, 302, 1234, 1235, 2449, 2499} {
		_, body, got := page("?at=" + keys[i])
		lo := min(max(0, i-100), len(keys)-200)
		if want := keys[lo : lo+200]; !slices.Equal(got, want) {
			t.Errorf("?at=%s (message %d): the page starts at %d messages, want %d", keys[i], i, indexOf(keys, first(got)), lo)
		}
		if !strings.Contains(body, `id="m-`+keys[i]+`"`) {
			t.Errorf("?at=%s lacks the message's anchor", keys[i])
		}
	}

	// ?date: from the day's first message.
	days := map[string]int{}
	for i, m := range all {
		if d := m.Time.Local().Format(time.DateOnly); days[d] == 0 && (i == 0 || all[i-1].Time.Local().Format(time.DateOnly) != d) {
			days[d] = i + 1
		}
	}
	if len(days) < 3 {
		t.Fatalf("the fixture spans %d days, want several", len(days))
	}
	for d, i := range days {
		i--
		_, body, got := page("?date=" + d)
		if indexOf(got, keys[i]) < 0 || !strings.Contains(body, `<li class="day" id="d-`+d+`">`) {
			t.Errorf("?date=%s does not show the day's first message or its separator", d)
		}
		if i+200 <= len(keys) && (len(got) != 200 || got[0] != keys[i]) {
			t.Errorf("?date=%s: the page starts with message %d, want %d", d, indexOf(keys, first(got)), i)
		}
	}
	// A day without messages opens the next day that has some, and says so.
	_, body, got = page("?date=2013-07-01")
	if !slices.Equal(got, keys[:200]) || !strings.Contains(body, "No messages on") {
		t.Errorf("a day before the chat: %d messages from %s", len(got), first(got))
	}

	for query, want := range map[string]int{
		"?at=nosuchkey": 404, "?before=abcdefghijklmnop": 404, "?date=someday": 400, "?page=99": 404, "?page=x": 404,
	} {
		if code, _, _ := page(query); code != want {
			t.Errorf("%s: %d, want %d", query, code, want)
		}
	}
}

// Links of earlier versions (?page=N, counted from the oldest in pages of
// 200) lead for good to the same messages' stable address.
func TestOldPageLinksRedirect(t *testing.T) {
	ts, _, c, all := busyServer(t, 650)
	keys := keysOf(all)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for n := 1; n <= 4; n++ {
		res, err := client.Get(ts.URL + chatURL(c.WebID) + fmt.Sprintf("?page=%d", n))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		to := res.Header.Get("Location")
		if res.StatusCode != http.StatusMovedPermanently || !strings.Contains(to, "?after=") {
			t.Fatalf("?page=%d: %d to %q", n, res.StatusCode, to)
		}
		_, body, _ := get(t, ts.URL+to)
		if want := keys[(n-1)*200 : min(len(keys), n*200)]; !slices.Equal(pageKeys(body), want) {
			t.Errorf("?page=%d leads to %s, which shows %d messages from %d; want page %d's %d", n, to,
				len(pageKeys(body)), indexOf(keys, first(pageKeys(body))), n, len(want))
		}
	}
}

func chatURL(webID string) string { return "/chats/" + url.PathEscape(webID) + "/" }

func first(keys []string) string {
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

func indexOf(keys []string, key string) int { return slices.Index(keys, key) }
