package feed_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// BenchmarkHugeWildcardQuery sends the 360 KB query of wildcards that once
// took seconds and a gigabyte to the search API on loopback: its time and
// allocations per request are the cost of refusing it.
//
//	go test -run '^$' -bench HugeWildcardQuery -benchmem ./feed
func BenchmarkHugeWildcardQuery(b *testing.B) {
	srv, s := newServer(b)
	if err := s.WaitIndexed(b.Context()); err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	u := ts.URL + "/api/search?q=" + url.QueryEscape(strings.Repeat("a* ", 120_000))
	for b.Loop() {
		res, err := http.Get(u)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 400 {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
}
