package feed_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
)

func TestPickingChatsNeedsTheFormsTokenAndOrigin(t *testing.T) {
	_, s := pagesServer(t, 3)
	h := (&feed.Server{Store: s, Version: "test"}).Handler()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/chats/", nil)
	req.Host = "127.0.0.1:8006"
	h.ServeHTTP(rec, req)
	m := regexp.MustCompile(`<input type="hidden" name="csrf" value="([^"]+)"`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("the list of chats has no collect form:\n%s", rec.Body.String())
	}
	// The chat page's header posts to the chat's own collect address.
	action, token := "/chats/"+url.PathEscape(store.WebID(chatName))+"/collect", m[1]
	var lastLocation string
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
		lastLocation = rec.Header().Get("Location")
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
	if code := post(token, "http://127.0.0.1:8006"); code != http.StatusSeeOther || !collected() || lastLocation != action[:len(action)-len("collect")] {
		t.Errorf("a good form: %d, collected %v, back to %s", code, collected(), lastLocation)
	}
}
