package feed_test

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The search form's filters narrow the search, its results come in pages
// of hits with the messages around them, and it can be subscribed to as
// the same search.
func TestSearchFormFiltersAndPages(t *testing.T) {
	ts, s := archiveServer(t)
	form := url.Values{"q": {"plan"}, "from": {"Bob Müller"}, "since": {"2012-06-01"}, "until": {"2013-12-31"}, "sort": {"oldest"}}
	code, body, _ := get(t, ts.URL+"/search?"+form.Encode())
	if code != 200 {
		t.Fatalf("search: %d", code)
	}
	total := regexp.MustCompile(`([0-9,]+) matches, page 1 of ([0-9]+) · [0-9.]+ ms`).FindStringSubmatch(body)
	if total == nil {
		t.Fatalf("the results do not say how many, which page and how long: %s", body)
	}
	hits := regexp.MustCompile(`(?s)<li>\s*<a class="where" href="[^"]+"><bdi>([^<]+)</bdi> · <time datetime="([^"]+)"[^>]*>[^<]*</time> · <bdi>([^<]+)</bdi></a>(.*?)</li>`).FindAllStringSubmatch(body, -1)
	if len(hits) != 20 {
		t.Fatalf("%d hits on the first page, want 20", len(hits))
	}
	var last time.Time
	for _, h := range hits {
		at, err := time.Parse(time.RFC3339, h[2])
		if err != nil {
			t.Fatal(err)
		}
		if h[3] != "Bob Müller" || at.Before(time.Date(2012, 6, 1, 0, 0, 0, 0, time.UTC)) ||
			!at.Before(time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)) || at.Before(last) {
			t.Errorf("a hit outside the filters or the order: %s %s %s", h[1], h[2], h[3])
		}
		last = at
		if !strings.Contains(h[4], "<mark>plan</mark>") || strings.Count(h[4], `class="around"`) == 0 {
			t.Errorf("a hit without its phrase highlighted or the messages around it: %s", h[4])
		}
	}
	// The next page goes on where the first ended.
	next := regexp.MustCompile(`<a href="([^"]+)" rel="next">`).FindStringSubmatch(body)
	if next == nil {
		t.Fatal("no link to the next page")
	}
	_, page2, _ := get(t, ts.URL+html.UnescapeString(next[1]))
	if !strings.Contains(page2, "page 2 of "+total[2]) || strings.Contains(page2, hits[0][0][:80]) {
		t.Errorf("the second page is not the next 20")
	}
	// Subscribing gives the same search as a feed.
	sub := regexp.MustCompile(`<a class="feed" href="([^"]+)">Subscribe to this search</a>`).FindStringSubmatch(body)
	if sub == nil {
		t.Fatal("no Subscribe link on the results")
	}
	u, _ := url.Parse(html.UnescapeString(sub[1]))
	if q := u.Query().Get("q"); u.Path != "/search.atom" || !strings.Contains(q, `from:"Bob Müller"`) || !strings.Contains(q, "date:2012-06-01..2013-12-31") {
		t.Errorf("the saved search is %s", u)
	}
	code, feedBody, _ := get(t, ts.URL+u.String())
	if code != 200 || strings.Count(feedBody, "<entry>") == 0 || strings.Contains(feedBody, "Alice Anders</name>") {
		t.Errorf("the search's feed (%d) has no entries or others' messages", code)
	}
	// The chat filter keeps to the chat.
	form.Set("chat", webID(t, s, clubChat))
	_, body, _ = get(t, ts.URL+"/search?"+form.Encode())
	inChat := regexp.MustCompile(`<a class="where" href="[^"]+"><bdi>([^<]+)</bdi> · `).FindAllStringSubmatch(body, -1)
	if len(inChat) == 0 {
		t.Error("no hits in the book club")
	}
	for _, h := range inChat {
		if h[1] != "Book club" {
			t.Errorf("a hit in %s, not the book club", h[1])
		}
	}
	// Every field has its label.
	for _, id := range []string{"q", "chat", "from", "since", "until", "sort"} {
		if !strings.Contains(body, `<label for="`+id+`">`) || !strings.Contains(body, `id="`+id+`"`) {
			t.Errorf("the field %s has no label", id)
		}
	}
}

func TestSearchSaysWhatIsWrong(t *testing.T) {
	ts, _ := archiveServer(t)
	_, body, _ := get(t, ts.URL+"/search")
	if strings.Contains(body, `class="error"`) || !strings.Contains(body, `<form class="searching"`) {
		t.Error("the bare search page is not just the form")
	}
	_, body, _ = get(t, ts.URL+"/search?q=plan&since=2014-01-01&until=2013-01-01")
	if !strings.Contains(body, "the range ends before it starts") || strings.Contains(body, "store:") {
		t.Errorf("a backwards date range is not explained in words: %s", body)
	}
	_, body, _ = get(t, ts.URL+"/search?q=plan+from:nobody")
	if !strings.Contains(body, "0 matches") {
		t.Error("no one's messages are not 0 matches")
	}
}
