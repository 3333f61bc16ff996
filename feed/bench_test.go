package feed_test

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/storetest"
)

var (
	benchMessages   = flag.Int("bench.messages", 200_000, "messages in the benchmark archive")
	benchDir        = flag.String("bench.dir", "", "keep the benchmark archive here between runs")
	benchArchiveDir = flag.String("bench.archive", "", "read this existing archive folder instead of a synthetic one "+
		"(it is opened as chatchannels serve would: migrations and the statistics catch up in it, so give a copy)")
)

// benchServer opens (building if needed) a synthetic archive and returns a
// handler over it, with the busiest chat's web id.
func benchServer(b *testing.B) (http.Handler, string) {
	_, h, busiest := benchArchive(b)
	return h, busiest.WebID
}

// benchArchive opens (building if needed) a synthetic archive and returns
// it, a handler over it, and its busiest chat.
func benchArchive(b *testing.B) (*store.Store, http.Handler, store.Chat) {
	b.Helper()
	ctx := context.Background()
	dir := benchArchiveFolder(b)
	s, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	caughtUp := time.Now()
	if err := s.WaitIndexed(ctx); err != nil { // the index and the statistics
		b.Fatal(err)
	}
	b.Logf("index and statistics caught up in %v", time.Since(caughtUp).Round(time.Millisecond))
	chats, err := s.Chats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	busiest := slices.MaxFunc(chats, func(a, c store.Chat) int { return a.MessageCount - c.MessageCount })
	return s, (&feed.Server{Store: s, Version: "bench"}).Handler(), busiest
}

// benchArchiveFolder is -bench.archive, which must hold an archive, or
// else the synthetic archive of -bench.messages, made on first use (in
// -bench.dir, or a temporary folder).
func benchArchiveFolder(b *testing.B) string {
	if dir := *benchArchiveDir; dir != "" {
		if _, err := os.Stat(filepath.Join(dir, store.DBFile)); err != nil {
			b.Fatalf("-bench.archive: %v", err)
		}
		return dir
	}
	dir := *benchDir
	if dir == "" {
		dir = b.TempDir()
	}
	dir = filepath.Join(dir, fmt.Sprintf("feed-%d", *benchMessages))
	if _, err := os.Stat(filepath.Join(dir, store.DBFile)); err != nil {
		storetest.SynthArchive(b, dir, *benchMessages)
	}
	return dir
}

// timeRequests serves the request b.N times and reports percentiles.
func timeRequests(b *testing.B, h http.Handler, target string, header http.Header, wantCode int) {
	var took []time.Duration
	for b.Loop() {
		req := httptest.NewRequest("GET", target, nil)
		req.Host = "127.0.0.1:8006"
		for k, v := range header {
			req.Header[k] = v
		}
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		took = append(took, time.Since(start))
		if rec.Code != wantCode {
			b.Fatalf("%s: %d, want %d", target, rec.Code, wantCode)
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}

func BenchmarkChatFeed(b *testing.B) {
	h, chat := benchServer(b)
	timeRequests(b, h, "/chats/"+url.PathEscape(chat)+"/feed.atom", nil, 200)
}

// BenchmarkArchiveFeed times the feed of every chat's newest messages.
func BenchmarkArchiveFeed(b *testing.B) {
	h, _ := benchServer(b)
	timeRequests(b, h, "/feed.atom", nil, 200)
}

func BenchmarkChatFeed304(b *testing.B) {
	h, chat := benchServer(b)
	target := "/chats/" + url.PathEscape(chat) + "/feed.atom"
	req := httptest.NewRequest("GET", target, nil)
	req.Host = "127.0.0.1:8006"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	timeRequests(b, h, target, http.Header{"If-None-Match": {rec.Header().Get("ETag")}}, 304)
}

// BenchmarkSearchPage times a page of results, each hit with the messages
// around it (target: p95 < 50 ms at 1M messages), by relevance, by time and
// through the form's filters: the commonest word (in three messages of
// ten), a common one, a rare one (~200 at 1M), a phrase, a word left out,
// an author, half a year, and both (target at 10M: p99 < 100 ms).
func BenchmarkSearchPage(b *testing.B) {
	h, _ := benchServer(b)
	for _, q := range []string{"q=the", "q=look", "q=gritha", "q=%22see+you%22", "q=trip+-the", "q=the&sort=newest", "q=look&sort=oldest&page=3",
		"q=the+from:" + url.QueryEscape(benchAuthorWord), "q=the&since=2013-01-01&until=2013-06-30", "q=the&from=" + url.QueryEscape(benchAuthor) + "&since=2013-01-01&until=2013-06-30"} {
		b.Run(q, func(b *testing.B) { timeRequests(b, h, "/search?"+q, nil, 200) })
	}
}

// benchAuthor is a display name one of the synthetic archive's busier
// authors goes by (~5% of the messages), and benchAuthorWord a word of it.
const benchAuthor, benchAuthorWord = "Noah Smith", "noah"

// BenchmarkStats times the statistics pages (target: < 200 ms at 1M
// messages): the whole archive's and the busiest chat's.
func BenchmarkStats(b *testing.B) {
	h, chat := benchServer(b)
	b.Run("archive", func(b *testing.B) { timeRequests(b, h, "/stats", nil, 200) })
	b.Run("busiest-chat", func(b *testing.B) { timeRequests(b, h, "/chats/"+url.PathEscape(chat)+"/stats", nil, 200) })
}

// BenchmarkIndex times the index: recent activity with a sparkline per chat.
func BenchmarkIndex(b *testing.B) {
	h, _ := benchServer(b)
	timeRequests(b, h, "/", nil, 200)
}

// BenchmarkConditionalFeedLoad drives a real loopback server with
// concurrent readers revalidating a chat feed, and reports requests/s.
func BenchmarkConditionalFeedLoad(b *testing.B) {
	h, chat := benchServer(b)
	ts := httptest.NewServer(h)
	defer ts.Close()
	target := ts.URL + "/chats/" + url.PathEscape(chat) + "/feed.atom"
	res, err := http.Get(target)
	if err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	etag := res.Header.Get("ETag")
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	for b.Loop() {
		var n atomic.Int64
		var wg sync.WaitGroup
		stop := time.Now().Add(3 * time.Second)
		for range 8 {
			wg.Go(func() {
				for time.Now().Before(stop) {
					req, _ := http.NewRequest("GET", target, nil)
					req.Header.Set("If-None-Match", etag)
					res, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					res.Body.Close()
					if res.StatusCode != http.StatusNotModified {
						b.Errorf("status %d", res.StatusCode)
						return
					}
					n.Add(1)
				}
			})
		}
		wg.Wait()
		b.ReportMetric(float64(n.Load())/3, "req/s")
	}
}
