package feed_test

import (
	"net/url"
	"strings"
	"testing"
)

// Every entry of every feed links to the page that holds its message, at
// its anchor: fetching the link shows id="m-KEY". The busy chat's
// "milestone" messages are spread over all its pages, and so are the
// search feed's entries.
func TestFeedEntriesLinkToThePageHoldingTheMessage(t *testing.T) {
	ts, _, c, _ := busyServer(t, 2500)
	for _, path := range []string{
		chatURL(c.WebID) + "feed.atom",
		"/feed.atom",
		"/search.atom?q=milestone",
		"/search.atom?q=" + url.QueryEscape(`"line 7"`),
	} {
		_, body, _ := get(t, ts.URL+path)
		f := parseFeed(t, body)
		if len(f.Items) == 0 {
			t.Fatalf("%s has no entries", path)
		}
		for _, it := range f.Items {
			key := it.GUID[strings.LastIndex(it.GUID, "/msg/")+len("/msg/"):]
			u, err := url.Parse(it.Link)
			if err != nil || u.Fragment != "m-"+key || u.Query().Get("at") != key || !strings.HasPrefix(it.Link, ts.URL+chatURL(c.WebID)) {
				t.Errorf("%s: entry %s links to %s, want its chat's ?at=%s#m-%s", path, it.GUID, it.Link, key, key)
				continue
			}
			code, page, _ := get(t, it.Link)
			if code != 200 || !strings.Contains(page, `<li id="m-`+key+`" class="message`) {
				t.Errorf("%s: entry %s's link (%d) opens a page without its message", path, key, code)
			}
		}
	}
	_, milestones, _ := get(t, ts.URL+"/search.atom?q=milestone")
	if f := parseFeed(t, milestones); len(f.Items) != 50 {
		t.Errorf("the search feed has %d entries, want 50 spread over the chat", len(f.Items))
	}
}

// The chat page offers its feed to subscribe to, and every chat's as OPML,
// saying who can reach them.
func TestChatPageOffersItsFeeds(t *testing.T) {
	ts, _, c, _ := busyServer(t, 5)
	_, body, _ := get(t, ts.URL+chatURL(c.WebID))
	feedURL := ts.URL + chatURL(c.WebID) + "feed.atom"
	for _, want := range []string{
		`<a href="` + feedURL + `" type="application/atom+xml">Subscribe to this chat</a>`,
		`<a href="` + ts.URL + `/subscriptions.opml" type="text/x-opml">`,
		"Feed readers on this computer can subscribe",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the chat page lacks %s", want)
		}
	}
	code, feed, _ := get(t, feedURL)
	if code != 200 || parseFeed(t, feed).Title != "Team" {
		t.Errorf("the offered feed: %d", code)
	}
	code, opml, _ := get(t, ts.URL+"/subscriptions.opml")
	if code != 200 || !strings.Contains(opml, `xmlUrl="`+feedURL+`"`) {
		t.Errorf("the OPML (%d) does not list the chat's feed", code)
	}
}
