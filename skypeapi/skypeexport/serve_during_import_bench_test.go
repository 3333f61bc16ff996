package skypeexport

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
)

// BenchmarkServeDuringImport is the running Chat Channels under load
// while an import writes to its archive: a real loopback server over the
// archive, its index following, serves chat pages, search results and
// chat feeds to loadClients concurrent clients for as long as the import
// of the realistic export (-bench.import messages, kept in -bench.dir)
// runs beside it, as `chatchannels import` does when Chat Channels runs.
// It reports the requests and their p50 and p99 per kind (target: page
// p99 < 100 ms), and fails on any error. A 1M-message run:
//
//	go test ./skypeapi/skypeexport -run '^$' -bench ServeDuringImport -benchtime 1x -bench.import 1000000 -bench.dir /tmp/soak-bench
func BenchmarkServeDuringImport(b *testing.B) {
	path := realisticExport(b)
	for b.Loop() {
		serveDuringImport(b, path)
	}
}

// loadClients is how many clients read while the import runs.
const loadClients = 8

// loadKinds are the kinds of request the clients make, in turn.
var loadKinds = []string{"page", "search", "feed"}

// loadQueries are what the clients search for.
var loadQueries = []string{"the", "ok", `"see you"`, "look -the", "trip"}

func serveDuringImport(b *testing.B, path string) {
	ctx := context.Background()
	data := b.TempDir()
	running, err := store.Open(data) // the running Chat Channels
	if err != nil {
		b.Fatal(err)
	}
	defer running.Close()
	srv := httptest.NewServer((&feed.Server{Store: running, Version: "bench"}).Handler())
	defer srv.Close()
	importer, err := store.OpenDB(data) // the import, beside it
	if err != nil {
		b.Fatal(err)
	}
	defer importer.Close()

	start := time.Now()
	var rep Report
	imported := make(chan error, 1)
	go func() {
		var err error
		rep, err = Import(ctx, importer, path, nil)
		imported <- err
	}()

	// The chats the clients read: whichever the archive holds so far.
	var chats atomic.Pointer[[]store.Chat]
	for len(chatsOf(b, running)) == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	list := chatsOf(b, running)
	chats.Store(&list)

	stop := make(chan struct{})
	load := newLoadStats()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2 * loadClients}, Timeout: time.Minute}
	var wg sync.WaitGroup
	for c := range loadClients {
		wg.Go(func() {
			r := rand.New(rand.NewSource(int64(c)))
			for i := c; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				kind := loadKinds[i%len(loadKinds)]
				list := *chats.Load()
				chat := url.PathEscape(list[r.Intn(len(list))].WebID)
				target := map[string]string{
					"page":   "/chats/" + chat + "/",
					"search": "/search?q=" + url.QueryEscape(loadQueries[r.Intn(len(loadQueries))]),
					"feed":   "/chats/" + chat + "/feed.atom",
				}[kind]
				load.record(kind, target, get(client, srv.URL+target))
			}
		})
	}
	wg.Go(func() { // newly archived chats join the clients' list
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Second):
				list := chatsOf(b, running)
				chats.Store(&list)
			}
		}
	})
	err = <-imported
	took := time.Since(start)
	close(stop)
	wg.Wait()
	if err != nil {
		b.Fatal(err)
	}
	lag, _ := running.IndexLag(ctx)
	load.report(b)
	b.ReportMetric(float64(rep.Added)/took.Seconds(), "import-msgs/s")
	b.Logf("imported %d messages in %.1fs while serving %d clients; the index was %d changes behind when the import ended", rep.Added, took.Seconds(), loadClients, lag)
}

// chatsOf lists the archive's chats that have messages.
func chatsOf(b *testing.B, s *store.Store) []store.Chat {
	list, err := s.Chats(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return slices.DeleteFunc(list, func(c store.Chat) bool { return c.MessageCount == 0 })
}

// get makes a request, reads the whole answer, and says how long it took
// and what went wrong (nil for a 200).
func get(client *http.Client, target string) loadResult {
	start := time.Now()
	res, err := client.Get(target)
	if err == nil {
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err == nil && res.StatusCode != http.StatusOK {
			err = fmt.Errorf("status %d", res.StatusCode)
		}
	}
	return loadResult{took: time.Since(start), err: err}
}

type loadResult struct {
	took time.Duration
	err  error
}

// loadStats collects the clients' timings and errors by kind.
type loadStats struct {
	mu     sync.Mutex
	took   map[string][]time.Duration
	errors []string
}

func newLoadStats() *loadStats { return &loadStats{took: map[string][]time.Duration{}} }

func (l *loadStats) record(kind, target string, r loadResult) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.took[kind] = append(l.took[kind], r.took)
	if r.err != nil {
		l.errors = append(l.errors, target+": "+r.err.Error())
	}
}

// report reports requests, errors and percentiles, and fails on errors.
func (l *loadStats) report(b *testing.B) {
	var line []string
	for _, kind := range loadKinds {
		took := l.took[kind]
		if len(took) == 0 {
			b.Errorf("no %s requests were made", kind)
			continue
		}
		slices.Sort(took)
		p50, p99 := took[len(took)/2], took[len(took)*99/100]
		b.ReportMetric(float64(len(took)), kind+"-requests")
		b.ReportMetric(float64(p50.Microseconds())/1000, kind+"-p50-ms")
		b.ReportMetric(float64(p99.Microseconds())/1000, kind+"-p99-ms")
		line = append(line, fmt.Sprintf("%s: %d requests, p50 %v, p99 %v, max %v", kind, len(took), p50.Round(100*time.Microsecond), p99.Round(100*time.Microsecond), took[len(took)-1].Round(time.Millisecond)))
	}
	b.ReportMetric(float64(len(l.errors)), "errors")
	b.Log(strings.Join(line, "; "))
	if len(l.errors) > 0 {
		b.Errorf("%d requests failed, the first: %s", len(l.errors), strings.Join(l.errors[:min(len(l.errors), 5)], "; "))
	}
}
