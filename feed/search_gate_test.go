package feed

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// gateServer serves a one-message archive on loopback, letting max
// searches run at once.
func gateServer(t *testing.T, max int) (*Server, *httptest.Server) {
	t.Helper()
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Ingest(t.Context(), []store.Incoming{{Chat: "#alice/$bob;0123456789abcdef", Source: "test", Ref: "1",
		Author: "bob", Time: time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC), Type: "SAID", Body: "hi"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndexed(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv := &Server{Store: s, Version: "test", MaxSearches: max}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return srv, ts
}

func fetch(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// TestSearchesAreLimited: with every turn taken (as by searches running),
// a search (page, feed or API) waits briefly, then gets 503 with
// Retry-After; pages other than search are answered meanwhile; a search
// waiting when a turn frees runs.
func TestSearchesAreLimited(t *testing.T) {
	t.Parallel()
	srv, ts := gateServer(t, 2)
	srv.searches <- struct{}{} // two searches running
	srv.searches <- struct{}{}
	for _, path := range []string{"/search?q=hi", "/api/search?q=hi", "/search.atom?q=hi"} {
		res, body := fetch(t, ts.URL+path)
		if res.StatusCode != 503 || res.Header.Get("Retry-After") != "2" || !strings.Contains(body, "busy with other searches") {
			t.Errorf("%s with every turn taken: %d Retry-After %q %.200s", path, res.StatusCode, res.Header.Get("Retry-After"), body)
		}
	}
	if res, _ := fetch(t, ts.URL+"/feed.atom"); res.StatusCode != 200 {
		t.Errorf("a feed while searches are busy: %d", res.StatusCode)
	}
	go func() {
		time.Sleep(200 * time.Millisecond)
		<-srv.searches // one search ends
	}()
	if res, body := fetch(t, ts.URL+"/api/search?q=hi"); res.StatusCode != 200 || !strings.Contains(body, `"total":1`) {
		t.Errorf("a search waiting for a turn that frees: %d %.200s", res.StatusCode, body)
	}
	if n := len(srv.searches); n != 1 {
		t.Errorf("%d turns taken after the search; want 1 (its own given back)", n)
	}
}

// TestPanicIsLoggedAndAnswered500: a handler that panics is answered with
// the 500 error page, and the panic is logged at error level with the
// request's path and the stack.
func TestPanicIsLoggedAndAnswered500(t *testing.T) {
	srv, _ := gateServer(t, 0)
	var logged bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewJSONHandler(&logged, nil)))
	ts := httptest.NewServer(srv.recoverPanics(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var hits []int
		_ = hits[len(r.URL.Path)] // index out of range
	})))
	defer ts.Close()
	res, body := fetch(t, ts.URL+"/some/page")
	if res.StatusCode != 500 || !strings.Contains(body, `class="problem"`) {
		t.Errorf("a panicking handler: %d %.200s", res.StatusCode, body)
	}
	var rec struct {
		Level, Msg, Path, Panic, Stack string
	}
	if err := json.Unmarshal(logged.Bytes(), &rec); err != nil {
		t.Fatalf("log %q: %v", logged.String(), err)
	}
	if rec.Level != "ERROR" || rec.Path != "/some/page" || !strings.Contains(rec.Panic, "index out of range") ||
		!strings.Contains(rec.Stack, "search_gate_test.go") {
		t.Errorf("logged %+v", rec)
	}
}
