package feed_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/feed"
)

// TestPublishedWithAToken: beyond loopback every request needs the token,
// any Host is answered, nothing but reads, and every link carries it.
func TestPublishedWithAToken(t *testing.T) {
	_, s := pagesServer(t, 5)
	const token = "s3cret-token_0123456789abcdefABCDEF"
	h := (&feed.Server{Store: s, Version: "test", Token: token}).Handler()
	do := func(method, target, host string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, target, nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := do("GET", "/", "192.168.1.10:8006"); rec.Code != http.StatusForbidden {
		t.Errorf("without the token: %d", rec.Code)
	}
	if rec := do("GET", "/?t=wrong", "192.168.1.10:8006"); rec.Code != http.StatusForbidden {
		t.Errorf("with a wrong token: %d", rec.Code)
	}
	if rec := do("POST", "/?t="+token, "192.168.1.10:8006"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("a POST: %d", rec.Code)
	}
	if rec := do("GET", "/static/style.css", "192.168.1.10:8006"); rec.Code != 200 {
		t.Errorf("the style sheet: %d", rec.Code)
	}
	href := regexp.MustCompile(`(?:href|action|xmlUrl|htmlUrl)="([^"]*)"`)
	for _, target := range []string{"/", "/chats/(alice)$bob%3B0123456789abcdef/?page=1", "/search?q=number", "/search?q=message&sort=oldest",
		"/stats", "/chats/(alice)$bob%3B0123456789abcdef/stats", "/chats/", "/nowhere",
		"/feed.atom", "/chats/(alice)$bob%3B0123456789abcdef/feed.atom", "/subscriptions.opml"} {
		rec := do("GET", target+sep(target)+"t="+token, "chat.example.lan:8006")
		if want := map[bool]int{true: 404, false: 200}[target == "/nowhere"]; rec.Code != want {
			t.Fatalf("%s with the token: %d, want %d", target, rec.Code, want)
		}
		body := rec.Body.String()
		for _, m := range href.FindAllStringSubmatch(body, -1) {
			u := strings.ReplaceAll(m[1], "&amp;", "&")
			if strings.HasPrefix(u, "/static/") || strings.HasPrefix(u, "#") {
				continue
			}
			if strings.HasPrefix(m[0], "action=") { // a GET form carries the token in a field
				if !strings.Contains(body, `name="t" value="`+token+`"`) {
					t.Errorf("%s: the form to %s drops the token", target, u)
				}
				continue
			}
			if !strings.Contains(u, "t="+token) {
				t.Errorf("%s: link %s lacks the token", target, u)
			}
		}
	}
}

func sep(u string) string {
	if strings.Contains(u, "?") {
		return "&"
	}
	return "?"
}
