package feed_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
)

func TestSearchAPI(t *testing.T) {
	ts, _ := pagesServer(t, 30)
	search := func(params url.Values) (int, feed.SearchResults, string) {
		t.Helper()
		code, body, header := get(t, ts.URL+"/api/search?"+params.Encode())
		if ct := header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%v: content type %q", params, ct)
		}
		var res feed.SearchResults
		if code == 200 {
			if err := json.Unmarshal([]byte(body), &res); err != nil {
				t.Fatalf("%v: %v", params, err)
			}
		}
		return code, res, body
	}

	code, res, _ := search(url.Values{"q": {"needle"}})
	if code != 200 || res.Query != "needle" || res.Total != 1 || len(res.Hits) != 1 {
		t.Fatalf("needle: %d %+v", code, res)
	}
	h := res.Hits[0]
	if h.Chat.Name != chatName || h.Chat.WebID != "(alice)$bob;0123456789abcdef" || h.Chat.Title != "Project <X>" ||
		h.Author != "mallory" || h.AuthorName != "<b>Mallory</b>" || h.Text != "<script>alert(1)</script> needle" || h.Key == "" ||
		!h.Time.Equal(time.Date(2013, 7, 30, 21, 57, 11, 0, time.UTC)) || h.Time.Location() != time.UTC ||
		h.URL != "/chats/%28alice%29$bob%3B0123456789abcdef/?at="+h.Key+"#m-"+h.Key {
		t.Errorf("hit %+v", h)
	}
	var matched []string
	for _, sp := range h.Fragment {
		if sp.Match {
			matched = append(matched, sp.Text)
		}
	}
	if strings.Join(matched, "|") != "needle" {
		t.Errorf("fragment %+v", h.Fragment)
	}

	code, res, _ = search(url.Values{"q": {"number"}, "limit": {"3"}, "by": {"time"}})
	if code != 200 || res.Total != 30 || len(res.Hits) != 3 || res.Hits[0].Text != "message number 29" || res.Hits[2].Text != "message number 27" {
		t.Errorf("newest 3 of number: %d %+v", code, res)
	}
	code, res, _ = search(url.Values{"q": {"number"}, "limit": {"2"}, "offset": {"28"}, "by": {"time"}})
	if code != 200 || len(res.Hits) != 2 || res.Hits[1].Text != "message number 0" {
		t.Errorf("the last page: %d %+v", code, res)
	}

	for _, bad := range []url.Values{{"q": {""}}, {"q": {"date:2013-13"}}, {"q": {"x"}, "limit": {"0"}},
		{"q": {"x"}, "limit": {"many"}}, {"q": {"x"}, "offset": {"-1"}}, {"q": {"x"}, "by": {"size"}}} {
		code, _, body := search(bad)
		var e struct{ Error string }
		if code != http.StatusBadRequest || json.Unmarshal([]byte(body), &e) != nil || e.Error == "" {
			t.Errorf("%v: %d %s; want 400 with an error", bad, code, body)
		}
	}
}

// TestSearchAPIIsGuarded: the JSON search answers only as the pages do:
// loopback names, or the access token when published.
func TestSearchAPIIsGuarded(t *testing.T) {
	_, s := pagesServer(t, 3)
	for _, c := range []struct {
		token, target, host string
		want                int
	}{
		{"", "/api/search?q=number", "127.0.0.1:8006", 200},
		{"", "/api/search?q=number", "evil.example:8006", http.StatusMisdirectedRequest},
		{"tok3n-0123456789abcdef0123456789ab", "/api/search?q=number", "chat.example.lan", http.StatusForbidden},
		{"tok3n-0123456789abcdef0123456789ab", "/api/search?q=number&t=tok3n-0123456789abcdef0123456789ab", "chat.example.lan", 200},
	} {
		req := httptest.NewRequest("GET", c.target, nil)
		req.Host = c.host
		rec := httptest.NewRecorder()
		(&feed.Server{Store: s, Version: "test", Token: c.token}).Handler().ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("%+v: %d", c, rec.Code)
		}
	}
}
