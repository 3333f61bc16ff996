package feed_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/chatchannels/chatchannels/store"
)

func parseFeed(t *testing.T, body string) *gofeed.Feed {
	t.Helper()
	f, err := gofeed.NewParser().ParseString(body)
	if err != nil {
		t.Fatalf("a real feed parser rejects the feed: %v\n%s", err, body[:min(len(body), 1500)])
	}
	return f
}

func TestChatFeed(t *testing.T) {
	ts, s := pagesServer(t, 60)
	u := ts.URL + "/chats/(alice)$bob%3B0123456789abcdef/feed.atom"
	code, body, h := get(t, u)
	if code != 200 || h.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("feed (%d, %s)", code, h.Get("Content-Type"))
	}
	f := parseFeed(t, body)
	if f.FeedType != "atom" || f.Title != "Project <X>" || len(f.Items) != 50 {
		t.Fatalf("feed %q type %s with %d entries", f.Title, f.FeedType, len(f.Items))
	}
	newest := f.Items[0]
	c, _ := s.FindChat(t.Context(), chatName)
	msgs, _ := s.LatestMessages(t.Context(), c.ID, 1)
	if want := "tag:chatchannels,2006:chat/(alice)$bob;0123456789abcdef/msg/" + msgs[0].Key; newest.GUID != want {
		t.Errorf("entry id %q, want %q (never the host)", newest.GUID, want)
	}
	if !strings.HasPrefix(newest.Title, "<b>Mallory</b> in Project <X>: ") || newest.Author == nil || newest.Author.Name != "<b>Mallory</b>" {
		t.Errorf("entry title %q author %+v", newest.Title, newest.Author)
	}
	if newest.Published == "" || newest.Updated == "" || !strings.HasSuffix(newest.Link, "#m-"+msgs[0].Key) || !strings.HasPrefix(newest.Link, "http://") {
		t.Errorf("entry dates %q %q link %q", newest.Published, newest.Updated, newest.Link)
	}
	if strings.Contains(newest.Content, "<script>") {
		t.Errorf("hostile body passed into the feed: %q", newest.Content)
	}
	if !strings.Contains(body, `rel="self"`) || !strings.Contains(body, `rel="alternate"`) {
		t.Error("the feed lacks its self or alternate link")
	}
}

func TestFeedsAreDeterministicAndConditional(t *testing.T) {
	ts, _ := pagesServer(t, 10)
	for _, path := range []string{"/feed.atom", "/feed.xml", "/chats/(alice)$bob%3B0123456789abcdef/feed.atom", "/search.atom?q=" + url.QueryEscape("number")} {
		_, first, h := get(t, ts.URL+path)
		_, second, _ := get(t, ts.URL+path)
		if first != second {
			t.Errorf("%s: two fetches differ", path)
		}
		parseFeed(t, first)
		etag, lastMod := h.Get("ETag"), h.Get("Last-Modified")
		if !strings.HasPrefix(etag, `"`) || lastMod == "" {
			t.Fatalf("%s: validators %q %q", path, etag, lastMod)
		}
		for name, hdr := range map[string][2]string{
			"etag":       {"If-None-Match", etag},
			"modified":   {"If-Modified-Since", lastMod},
			"later date": {"If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"},
		} {
			code, body, h := getWith(t, ts.URL+path, http.Header{hdr[0]: {hdr[1]}})
			if code != http.StatusNotModified || len(body) != 0 || h.Get("ETag") != etag {
				t.Errorf("%s with %s: %d, %d bytes, etag %q", path, name, code, len(body), h.Get("ETag"))
			}
		}
		code, _, _ := getWith(t, ts.URL+path, http.Header{"If-None-Match": {`"stale"`}, "If-Modified-Since": {"Fri, 01 Jan 2100 00:00:00 GMT"}})
		if code != 200 {
			t.Errorf("%s: a stale ETag must win over the date: %d", path, code)
		}
	}
}

func TestPagesAdvertiseTheirFeeds(t *testing.T) {
	ts, _ := pagesServer(t, 3)
	_, index, _ := get(t, ts.URL+"/")
	if !strings.Contains(index, `<link rel="alternate" type="application/atom+xml" title="All chats" href="http://127.0.0.1:`) {
		t.Errorf("the index lacks its feed link")
	}
	_, chat, _ := get(t, ts.URL+"/chats/(alice)$bob%3B0123456789abcdef/")
	if !strings.Contains(chat, `/feed.atom">`) || !strings.Contains(chat, `type="application/atom+xml"`) {
		t.Errorf("the chat page lacks its feed link")
	}
}

func TestFeedValidatorsFollowTheArchive(t *testing.T) {
	ts, s := pagesServer(t, 3)
	for _, path := range []string{"/feed.atom", "/chats/(alice)$bob%3B0123456789abcdef/feed.atom", "/search.atom?q=number"} {
		_, _, h := get(t, ts.URL+path)
		etag := h.Get("ETag")
		n := len(path) // a distinct message per feed
		at := time.Date(2014, 1, 1, 0, 0, n, 0, time.UTC)
		if _, err := s.Ingest(t.Context(), []store.Incoming{{Chat: chatName, Source: "test", Ref: "new" + path, Author: "bob",
			Time: at, Type: "SAID", Body: "number news"}}); err != nil {
			t.Fatal(err)
		}
		s.WaitIndexed(t.Context())
		code, body, h := getWith(t, ts.URL+path, http.Header{"If-None-Match": {etag}})
		if code != 200 || h.Get("ETag") == etag || !strings.Contains(body, "number news") {
			t.Errorf("%s: after a new message: %d, etag %s (was %s)", path, code, h.Get("ETag"), etag)
		}
	}
}

// A shared file kept after its message was archived (an export's media are
// copied after its messages) changes the feeds' validators: readers fetch
// the version that shows it.
func TestFeedValidatorsFollowKeptMedia(t *testing.T) {
	ts, s := pagesServer(t, 3)
	const id = "0-weu-d3-0000000000000000000000000000000a"
	body := `<URIObject type="Picture.1" uri="https://api.asm.skype.com/v1/objects/` + id + `" doc_id="` + id + `"><OriginalName v="cat.png"/></URIObject>`
	if _, err := s.Ingest(t.Context(), []store.Incoming{{Chat: chatName, Source: "test", Ref: "picture", Author: "bob",
		Time: time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC), Type: "SAID", Body: body}}); err != nil {
		t.Fatal(err)
	}
	path := ts.URL + "/chats/(alice)$bob%3B0123456789abcdef/feed.atom"
	_, before, h := get(t, path)
	if strings.Contains(before, "/media/"+id) {
		t.Fatal("the feed links a file the archive does not keep")
	}
	if _, err := s.PutMediaPart(id, store.MediaContent, strings.NewReader("\x89PNG"), 4); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutMedia(store.Media{ID: id, Name: "cat.png", Type: "image/png", Size: 4}); err != nil {
		t.Fatal(err)
	}
	code, after, _ := getWith(t, path, http.Header{"If-None-Match": {h.Get("ETag")}})
	if code != 200 || !strings.Contains(after, "/media/"+id) {
		t.Errorf("after keeping the picture: %d, the feed shows it: %v", code, strings.Contains(after, "/media/"+id))
	}
}
