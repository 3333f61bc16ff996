package feed_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/feed"
)

func TestPickingChatsNeedsTheFormsTokenAndOrigin(t *testing.T) {
	_, s := pagesServer(t, 3)
	h := (&feed.Server{Store: s, Version: "test"}).Handler()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/", nil)
	req.Host = "127.0.0.1:8006"
	h.ServeHTTP(rec, req)
	m := regexp.MustCompile(`action="([^"]+/collect)"><input type="hidden" name="csrf" value="([^"]+)"`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("the index has no collect form:\n%s", rec.Body.String())
	}
	action, token := m[1], m[2]
	post := func(csrf, origin string) int {
		form := url.Values{"csrf": {csrf}, "collect": {"on"}}
		req := httptest.NewRequest("POST", action, strings.NewReader(form.Encode()))
		req.Host = "127.0.0.1:8006"
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	collected := func() bool {
		c, _ := s.FindChat(t.Context(), chatName)
		return c.Collected
	}
	for _, c := range []struct{ csrf, origin string }{
		{"", "http://127.0.0.1:8006"},       // no token
		{"forged", "http://127.0.0.1:8006"}, // a wrong token
		{token, "http://evil.example"},      // another site
		{token, ""},                         // no origin at all
	} {
		if code := post(c.csrf, c.origin); code != http.StatusForbidden || collected() {
			t.Errorf("csrf %q origin %q: %d, collected %v", c.csrf, c.origin, code, collected())
		}
	}
	if code := post(token, "http://127.0.0.1:8006"); code != http.StatusSeeOther || !collected() {
		t.Errorf("a good form: %d, collected %v", code, collected())
	}
}
