package feed_test

import (
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

// pickerServer archives three chats of different sizes and ages and serves
// them on loopback.
func pickerServer(t *testing.T) (string, *store.Store) {
	t.Helper()
	_, s := pagesServer(t, 2) // "Project <X>": 3 messages, newest 2013-07-30
	ctx := t.Context()
	at := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)
	var batch []store.Incoming
	for i, chat := range []string{"#carol/$dave;1", "#carol/$dave;1", "#carol/$dave;1", "#carol/$dave;1", "#erin/$zed;2"} {
		batch = append(batch, store.Incoming{Chat: chat, Source: "test", Ref: chat + string(rune('a'+i)), Author: "carol",
			Time: at.Add(-time.Duration(i) * 24 * time.Hour), Type: "SAID", Body: "hello"})
	}
	if _, err := s.Ingest(ctx, batch); err != nil {
		t.Fatal(err)
	}
	for _, info := range []store.ChatInfo{{Name: "#carol/$dave;1", Topic: "Dave's Garage", Members: []string{"carol", "dave"}},
		{Name: "#erin/$zed;2", Members: []string{"erin", "zed"}}} {
		if _, err := s.EnsureChat(ctx, info); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptestServer(t, &feed.Server{Store: s, Version: "test"})
	return srv, s
}

// httptestServer serves srv on loopback for the test's life.
func httptestServer(t *testing.T, srv *feed.Server) string {
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts.URL
}

// titles lists the chat titles a picker page shows, in order.
func titles(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<a class="title" href="[^"]+" dir="auto">([^<]+)</a>`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestChatPickerListsSortsAndFilters(t *testing.T) {
	base, _ := pickerServer(t)
	cases := []struct {
		query string
		want  string
	}{
		{"", "Dave&#39;s Garage|erin and zed|Project &lt;X&gt;"},
		{"?sort=recent", "Dave&#39;s Garage|erin and zed|Project &lt;X&gt;"},
		{"?sort=title", "Dave&#39;s Garage|erin and zed|Project &lt;X&gt;"},
		{"?sort=messages", "Dave&#39;s Garage|Project &lt;X&gt;|erin and zed"},
		{"?q=PROJECT", "Project &lt;X&gt;"},
		{"?q=zed&sort=title", "erin and zed"},                               // by member
		{"?q=%24dave", "Dave&#39;s Garage"},                                 // by name
		{"?q=nothing+like+it", ""},                                          // none
		{"?sort=bogus", "Dave&#39;s Garage|erin and zed|Project &lt;X&gt;"}, // the default order
	}
	for _, c := range cases {
		code, body, _ := get(t, base+"/chats/"+c.query)
		if got := strings.Join(titles(body), "|"); code != 200 || got != c.want {
			t.Errorf("/chats/%s: %d, chats %q, want %q", c.query, code, got, c.want)
		}
	}
	_, body, _ := get(t, base+"/chats/?q=zed&sort=messages")
	for _, want := range []string{`name="q" value="zed"`, `<option value="messages" selected>`, "1 of 3 chats matching “zed”"} {
		if !strings.Contains(body, want) {
			t.Errorf("the filtered page lacks %q:\n%s", want, body)
		}
	}
}

func TestChatPickerPicksAndComesBack(t *testing.T) {
	base, s := pickerServer(t)
	_, body, _ := get(t, base+"/chats/?q=dave&sort=title")
	m := regexp.MustCompile(`<form class="collect" method="post" action="/chats/"><input type="hidden" name="csrf" value="([^"]+)"><input type="hidden" name="chat" value="([^"]+)">`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no collect form on the picker:\n%s", body)
	}
	token, chat := m[1], m[2]
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(csrf, origin, collect string) *http.Response {
		form := url.Values{"csrf": {csrf}, "chat": {chat}, "q": {"dave"}, "sort": {"title"}, "collect": {collect}}
		req, _ := http.NewRequest("POST", base+"/chats/", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	collected := func() bool {
		c, err := s.FindChat(t.Context(), "#carol/$dave;1")
		if err != nil {
			t.Fatal(err)
		}
		return c.Collected
	}
	if res := post("forged", base, "on"); res.StatusCode != 403 || collected() {
		t.Errorf("a forged token: %d, collected %v", res.StatusCode, collected())
	}
	if res := post(token, "http://evil.example", "on"); res.StatusCode != 403 || collected() {
		t.Errorf("another site: %d, collected %v", res.StatusCode, collected())
	}
	res := post(token, base, "on")
	if res.StatusCode != http.StatusSeeOther || !collected() {
		t.Fatalf("picking: %d, collected %v", res.StatusCode, collected())
	}
	if loc := res.Header.Get("Location"); loc != "/chats/?q=dave&sort=title#"+url.PathEscape(chat) {
		t.Errorf("back to %q, want the same filtered list at the chat", loc)
	}
	_, body, _ = get(t, base+"/chats/?q=dave")
	if !strings.Contains(body, "Stop collecting") || !strings.Contains(body, "1 collected") {
		t.Errorf("after picking, the page shows:\n%s", body)
	}
	if res := post(token, base, "off"); res.StatusCode != http.StatusSeeOther || collected() {
		t.Errorf("dropping: %d, collected %v", res.StatusCode, collected())
	}
}

func TestChatPickerPublishedIsReadOnly(t *testing.T) {
	_, s := pickerServer(t)
	base := httptestServer(t, &feed.Server{Store: s, Version: "test", Token: "secret-token-secret-token-secret"})
	code, body, _ := get(t, base+"/chats/?t=secret-token-secret-token-secret")
	if code != 200 || strings.Contains(body, `method="post"`) || !strings.Contains(body, `name="t" value="secret-token-secret-token-secret"`) ||
		len(titles(body)) != 3 {
		t.Errorf("published picker (%d):\n%s", code, body)
	}
	if code, _, _ := get(t, base+"/chats/"); code != 403 {
		t.Errorf("without the token: %d", code)
	}
}
