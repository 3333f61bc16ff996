package feed_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/chatchannels/chatchannels/store"
)

// hostileServer is newServer's archive, indexed, served on loopback.
func hostileServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	srv, s := newServer(t)
	if err := s.WaitIndexed(t.Context()); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, "/chats/" + url.PathEscape(webID(t, s, "#alice/$bob;0123456789abcdef")) + "/"
}

// TestNumericParametersAreChecked sends every numeric parameter of every
// handler out of range, too large for an int, or not a number: each is
// answered (never a dropped connection, never a 500) with 400 or 404,
// and /search?q=a&offset=9223372036854775807, which once made Bleve
// panic, answers its page (the search page pages by page=, not offset=).
func TestNumericParametersAreChecked(t *testing.T) {
	ts, chat := hostileServer(t)
	const huge = "9223372036854775807"
	for path, want := range map[string]int{
		"/search?q=a&offset=" + huge:                   200,
		"/search?q=hi&offset=" + huge:                  200,
		"/search?q=hi&page=" + huge:                    400,
		"/search?q=hi&page=99999999999999999999999":    400,
		"/search?q=hi&page=-1":                         400,
		"/search?q=hi&page=x":                          400,
		"/search?q=hi&page=5000":                       200, // the deepest page
		"/search?q=hi&page=5001":                       400,
		"/search?q=hi&sort=newest&page=" + huge:        400,
		"/api/search?q=hi&offset=" + huge:              400,
		"/api/search?q=hi&offset=-1":                   400,
		"/api/search?q=hi&offset=99990&limit=20":       400, // deeper than a search goes
		"/api/search?q=hi&offset=99980&limit=20":       200,
		"/api/search?q=hi&limit=" + huge:               400,
		"/api/search?q=hi&limit=0":                     400,
		"/api/search?q=hi&limit=1e3":                   400,
		"/search.atom?q=hi&offset=" + huge:             200,
		chat + "?page=" + huge:                         404,
		chat + "?page=-5":                              404,
		chat + "?before=" + huge:                       404,
		chat + "?after=" + strings.Repeat("k", 10_000): 404,
		chat + "?at=%00%ff":                            404,
		chat + "?date=99999-01-01":                     400,
		chat + "?date=2013-02-30":                      400,
		chat + "calendar?year=" + huge + "0":           404,
		chat + "calendar?year=-1":                      404,
	} {
		code, body, _ := get(t, ts.URL+path)
		if code != want {
			t.Errorf("%s: %d, want %d: %.200s", path, code, want, body)
		}
	}
	code, body, _ := get(t, ts.URL+"/api/search?q=hi&offset="+huge)
	if code != 400 || !strings.Contains(body, `offset: a number from 0 to 99999`) {
		t.Errorf("the API's huge offset: %d %s", code, body)
	}
	code, body, _ = get(t, ts.URL+"/search?q=hi&page="+huge)
	if code != 400 || !strings.Contains(body, `class="problem"`) || !strings.Contains(body, "page: a number from 1 to 5000") {
		t.Errorf("the page's huge page: %d %.300s", code, body)
	}
}

// TestHugeWildcardQueryIsRefused sends a 360 KB query of wildcards, four
// at once, to the search page, the API and the search feed: each is
// refused with 400 by the query's limits before anything is looked up
// (the query syntax has no wildcards to expand: "a*" is the word "a").
// A query at the limits runs.
func TestHugeWildcardQueryIsRefused(t *testing.T) {
	ts, _ := hostileServer(t)
	huge := url.QueryEscape(strings.Repeat("a* ", 120_000))
	var wg sync.WaitGroup
	for _, path := range []string{"/search?q=", "/api/search?q=", "/search.atom?q=", "/search?q="} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := http.Get(ts.URL + path + huge)
			if err != nil {
				t.Error(err)
				return
			}
			defer res.Body.Close()
			body := new(strings.Builder)
			_, _ = io.Copy(body, res.Body)
			if res.StatusCode != 400 || !strings.Contains(body.String(), "write at most 1024") {
				t.Errorf("%s(360 KB): %d %.200s", path, res.StatusCode, body)
			}
		}()
	}
	wg.Wait()
	atLimit := url.QueryEscape(strings.TrimSpace(strings.Repeat("hi* ", store.MaxQueryTerms)))
	for _, path := range []string{"/search?q=", "/api/search?q=", "/search.atom?q="} {
		if code, body, _ := get(t, ts.URL+path+atLimit); code != 200 {
			t.Errorf("%s(%d words): %d %.200s", path, store.MaxQueryTerms, code, body)
		}
	}
	tooMany := url.QueryEscape(strings.TrimSpace(strings.Repeat("hi ", store.MaxQueryTerms+1)))
	if code, body, _ := get(t, ts.URL+"/api/search?q="+tooMany); code != 400 || !strings.Contains(body, "at most 32") {
		t.Errorf("%d words: %d %s", store.MaxQueryTerms+1, code, body)
	}
}

// TestCrossSiteRequestsOnlyForFeeds: a request another site's page makes
// (Sec-Fetch-Site: cross-site) is refused with the 403 error page, except
// for the feeds and the OPML list; the same request from our own pages
// (same-origin), typed or bookmarked (none), or from a program (no header)
// is answered.
func TestCrossSiteRequestsOnlyForFeeds(t *testing.T) {
	ts, chat := hostileServer(t)
	pages := []string{"/", "/search?q=hi", "/api/search?q=hi", "/api/status", chat, chat + "calendar", "/stats", "/chats/", "/nothing-here"}
	feeds := []string{"/feed.atom", "/feed.xml", chat + "feed.atom", "/search.atom?q=hi", "/subscriptions.opml"}
	for _, site := range []string{"cross-site", "same-origin", "same-site", "none", ""} {
		header := http.Header{}
		if site != "" {
			header.Set("Sec-Fetch-Site", site)
		}
		for _, path := range append(pages, feeds...) {
			code, body, _ := getWith(t, ts.URL+path, header)
			isFeed := false
			for _, f := range feeds {
				isFeed = isFeed || f == path
			}
			switch {
			case site == "cross-site" && !isFeed:
				if code != 403 || !strings.Contains(body, `class="problem"`) || !strings.Contains(body, "Another web site") {
					t.Errorf("%s from %s: %d %.200s", path, site, code, body)
				}
			case path == "/nothing-here":
				if code != 404 {
					t.Errorf("%s from %q: %d", path, site, code)
				}
			case code != 200:
				t.Errorf("%s from %q: %d %.200s", path, site, code, body)
			}
		}
	}
}
