package feed_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
)

func newServer(t testing.TB) (*feed.Server, *store.Store) {
	t.Helper()
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	at := time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)
	if _, err := s.Ingest(t.Context(), []store.Incoming{{Chat: "#alice/$bob;0123456789abcdef", Source: "test", Ref: "1",
		Author: "bob", Time: at, Type: "SAID", Body: "hi"}}); err != nil {
		t.Fatal(err)
	}
	return &feed.Server{Store: s, Version: "test", Skype: func() feed.SkypeStatus {
		return feed.SkypeStatus{State: "attached as alice", User: "alice", Protocol: 8}
	}}, s
}

func TestStatus(t *testing.T) {
	srv, _ := newServer(t)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	res, err := http.Get(ts.URL + "/api/status")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var st feed.Status
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	if st.Chats != 1 || st.Messages != 1 || st.Skype.User != "alice" || st.Version != "test" {
		t.Errorf("status %+v", st)
	}
	if got := res.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("content type %q", got)
	}
}

func TestOnlyLoopbackHostsAreAnswered(t *testing.T) {
	srv, _ := newServer(t)
	h := srv.Handler()
	for host, want := range map[string]int{
		"127.0.0.1:8006":     http.StatusOK,
		"localhost:8006":     http.StatusOK,
		"[::1]:8006":         http.StatusOK,
		"LOCALHOST":          http.StatusOK,
		"evil.example:8006":  http.StatusMisdirectedRequest,
		"192.168.1.10:8006":  http.StatusMisdirectedRequest,
		"127.0.0.1.evil.com": http.StatusMisdirectedRequest,
	} {
		req := httptest.NewRequest("GET", "/api/status", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %s: %d, want %d", host, rec.Code, want)
		}
	}
}
