package feed_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/skypeapi/maindb"
	"github.com/chatchannels/chatchannels/store"
)

// The real main.db fixture holds an SMS dated 2404 (timestamp 13727168620)
// in the dialog whose other messages are of July 2013; another chat of it
// was last active in October 2013. The SMS is kept and flagged, and its
// time stays out of everything derived from ordering.
func TestImpossibleTimesStayOutOfOrdering(t *testing.T) {
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := t.Context()
	if _, err := maindb.Import(ctx, s, "../skypeapi/maindb/testdata/skype6_main.db", nil); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer((&feed.Server{Store: s, Version: "test"}).Handler())
	t.Cleanup(ts.Close)
	dialog, err := s.FindChat(ctx, "#gen.beringer/$european.bbq.competitor;72abdaf9cf5da36")
	if err != nil {
		t.Fatal(err)
	}
	const julyLast = "2013-07-30 21:33:08 UTC" // the dialog's last possible message
	const october = "2013-10-27"               // the other chat's only message

	// The index of chats: the October chat first, the dialog last active in July.
	_, index, _ := get(t, ts.URL+"/")
	if i, j := strings.Index(index, october), strings.Index(index, julyLast); i < 0 || j < 0 || i > j || strings.Contains(index, "2404") {
		t.Errorf("index of chats: October at %d, the dialog's July at %d; want October first and no 2404:\n%s", i, j, index)
	}
	chats, err := s.Chats(ctx)
	if err != nil || len(chats) < 2 || chats[0].ID == dialog.ID {
		t.Errorf("chats ordered %+v (%v), want the dialog after the October chat", chats, err)
	}

	// Feeds: neither the dialog's, nor the one of all chats, nor a search's dates anything 2404.
	for _, path := range []string{"/chats/" + url.PathEscape(dialog.WebID) + "/feed.atom", "/feed.atom", "/search.atom?q=from:gen.beringer"} {
		code, body, h := get(t, ts.URL+path)
		if code != http.StatusOK {
			t.Fatalf("%s: %d", path, code)
		}
		f := parseFeed(t, body)
		modified, err := http.ParseTime(h.Get("Last-Modified"))
		if err != nil || modified.Year() != 2013 || f.UpdatedParsed == nil || f.UpdatedParsed.Year() != 2013 {
			t.Errorf("%s: Last-Modified %q, updated %q; want dates of 2013", path, h.Get("Last-Modified"), f.Updated)
		}
		for _, it := range f.Items {
			if strings.Contains(it.Published+it.Updated, "2404") {
				t.Errorf("%s: an entry dated %s", path, it.Published)
			}
		}
		if strings.Contains(body, "2404-") {
			t.Errorf("%s mentions 2404", path)
		}
	}

	// The subscription list is dated by the October chat.
	_, opml, _ := get(t, ts.URL+"/subscriptions.opml")
	created := regexp.MustCompile(`<dateCreated>([^<]*)</dateCreated>`).FindStringSubmatch(opml)
	if len(created) < 2 {
		t.Errorf("the OPML has no dateCreated:\n%s", opml)
	} else if when, err := time.Parse(time.RFC1123Z, created[1]); err != nil || when.Format(time.DateOnly) != october {
		t.Errorf("OPML dateCreated %q, want the October chat's", created[1])
	}

	// Search newest first: the SMS last, flagged.
	res, err := s.Search(ctx, "from:gen.beringer", store.SearchOptions{ByTime: true, Limit: 50})
	if err != nil || len(res.Hits) < 2 || res.Hits[0].Message.TimeSuspect || !res.Hits[len(res.Hits)-1].Message.TimeSuspect {
		t.Errorf("search by time: %+v (%v); want the SMS last", res.Hits, err)
	}
	_, found, _ := get(t, ts.URL+"/search?q=from:gen.beringer")
	if strings.Count(found, `class="suspect"`) != 1 {
		t.Errorf("the search page flags %d hits, want the SMS", strings.Count(found, `class="suspect"`))
	}

	// The dialog's page shows the SMS with its flag, once.
	_, page, _ := get(t, ts.URL+"/chats/"+url.PathEscape(dialog.WebID)+"/")
	if strings.Count(page, `class="suspect"`) != 1 || !strings.Contains(page, "impossible time") {
		t.Errorf("the dialog's page flags %d messages, want the SMS", strings.Count(page, `class="suspect"`))
	}
}
