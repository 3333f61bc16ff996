package feed_test

import (
	"fmt"
	"html"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
)

// broadServer serves an archive of 6,000 messages, one every six hours,
// each saying "hello there": more than a quick search counts.
func broadServer(t *testing.T) *httptest.Server {
	t.Helper()
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	at := time.Date(2012, 3, 1, 0, 0, 0, 0, time.UTC)
	var batch []store.Incoming
	for i := range 6_000 {
		batch = append(batch, store.Incoming{Chat: groupChat, Source: "test", Ref: fmt.Sprint(i), Author: "bob",
			AuthorName: "Bob", Time: at.Add(time.Duration(i) * 6 * time.Hour), Type: "SAID", Body: fmt.Sprintf("hello there, number %d", i)})
	}
	if _, err := s.Ingest(t.Context(), batch); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndexed(t.Context()); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer((&feed.Server{Store: s, Version: "test"}).Handler())
	t.Cleanup(ts.Close)
	return ts
}

var (
	resultsLine = regexp.MustCompile(`<p class="meta results">([^·]*) ·`)
	rankedLine  = regexp.MustCompile(`<p class="meta ranked">So many match that the newest are ranked: the ([0-9,]+) matches since ([^.]+)\. <a href="([^"]+)">Newest first</a> lists them all\.</p>`)
	nextLink    = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
	hitTimes    = regexp.MustCompile(`<time datetime="([^"]+)"`)
)

// A search most messages match says how many (exactly for one word), ranks
// the newest of them and says so, and pages through what it ranked; newest
// first pages through every match, even past what it counted.
func TestSearchOfCommonWordsSaysHowItRanks(t *testing.T) {
	ts := broadServer(t)
	number := func(s string) int {
		n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// One word of 6,000 matches is counted and ranked as ever.
	_, body, _ := get(t, ts.URL+"/search?q=hello")
	if got := resultsLine.FindStringSubmatch(body); got == nil || got[1] != "6,000 matches, page 1 of 300" || rankedLine.MatchString(body) {
		t.Errorf("one word: %q", got)
	}
	// Two words: counting stops, the newest are ranked.
	_, body, _ = get(t, ts.URL+"/search?q=hello+there")
	ranked := rankedLine.FindStringSubmatch(body)
	if ranked == nil {
		t.Fatalf("no word on ranking the newest matches: %s", body)
	}
	n := number(ranked[1])
	pages := (n + 19) / 20
	if n < 200 || n >= 6_000 {
		t.Errorf("ranked %d matches, want the newest 200 or more", n)
	}
	if got, want := resultsLine.FindStringSubmatch(body), fmt.Sprintf("more than 5,000 matches, page 1 of %d", pages); got == nil || got[1] != want {
		t.Errorf("results line %q, want %q", got, want)
	}
	// The hits are from the ranked days; the last page has the rest of them.
	since, err := time.Parse("Monday, 2 January 2006", ranked[2])
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range hitTimes.FindAllStringSubmatch(body, -1) {
		if when, _ := time.Parse(time.RFC3339, at[1]); when.Before(since) {
			t.Errorf("a hit from %s, before the ranked days from %s", at[1], ranked[2])
		}
	}
	_, last, _ := get(t, ts.URL+fmt.Sprintf("/search?q=hello+there&page=%d", pages))
	if got, want := len(hitTimes.FindAllString(last, -1)), n-(pages-1)*20; got != want || nextLink.MatchString(last) {
		t.Errorf("the last page has %d hits (want %d) or a next page", got, want)
	}
	// Newest first lists every match, in pages past what it counted.
	_, body, _ = get(t, ts.URL+html.UnescapeString(ranked[3]))
	if got := resultsLine.FindStringSubmatch(body); got == nil || got[1] != "more than 5,000 matches, page 1" || rankedLine.MatchString(body) {
		t.Errorf("two words, newest first: %q", got)
	}
	first := hitTimes.FindAllStringSubmatch(body, -1)
	next := nextLink.FindStringSubmatch(body)
	if len(first) != 20 || next == nil {
		t.Fatalf("%d hits, next page %v", len(first), next)
	}
	_, page2, _ := get(t, ts.URL+html.UnescapeString(next[1]))
	second := hitTimes.FindAllStringSubmatch(page2, -1)
	want := time.Date(2012, 3, 1, 0, 0, 0, 0, time.UTC).Add(5_999 * 6 * time.Hour).Add(-20 * 6 * time.Hour).Format(time.RFC3339)
	if len(second) != 20 || !strings.Contains(page2, "more than 5,000 matches, page 2") || second[0][1] != want {
		t.Errorf("page 2 of newest first does not go on from page 1: %d hits from %v, want from %s", len(second), second, want)
	}
	_, body, _ = get(t, ts.URL+"/search?q=hello&sort=newest")
	if got := resultsLine.FindStringSubmatch(body); got == nil || got[1] != "6,000 matches, page 1 of 300" {
		t.Errorf("one word, newest first: %q", got)
	}
}
