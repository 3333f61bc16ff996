package skypeexport

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/app/background"
	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
)

// BenchmarkServeDuringImport is the running Chat Channels under load
// while an import writes to its archive: a real loopback server over the
// archive, its index following, serves chat pages, search results and
// chat feeds to loadClients concurrent clients for as long as the import
// of the realistic export (-bench.import messages, kept in -bench.dir)
// runs beside it. The import runs in this process (through a second
// handle, as an import inside the app would), or with -bench.process in a
// process of its own, below normal priority unless -bench.below=false, as
// `chatchannels import` from a terminal beside the running app does.
// -bench.quiet D then serves the same clients for D with the index caught
// up and nothing written, for reference. It reports the requests and their
// p50 and p99 per kind (target: page p99 < 100 ms), and fails on any
// error. A 1M-message run:
//
//	go test ./skypeapi/skypeexport -run '^$' -bench ServeDuringImport -benchtime 1x -bench.import 1000000 -bench.dir /tmp/soak-bench -bench.process
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

var (
	// benchProcess runs the import as a process of its own, as
	// `chatchannels import` from a terminal beside the running app does.
	benchProcess = flag.Bool("bench.process", false, "serve-during-import: run the import as a process of its own")
	// benchBelow runs that process below normal priority, as `chatchannels
	// import` does beside a running Chat Channels.
	benchBelow = flag.Bool("bench.below", true, "serve-during-import: the import's own process runs below normal priority")
)

// benchQuiet is how long the clients read once the import is over and the
// index has caught up: the same load with nothing written, for reference.
var benchQuiet = flag.Duration("bench.quiet", 0, "after the import and the index's catch-up, serve the same clients this long as a reference (0: not)")

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
	start := time.Now()
	var added int
	imported := make(chan error, 1)
	go func() {
		var err error
		added, err = importBeside(ctx, data, path)
		imported <- err
	}()

	for len(chatsOf(b, running)) == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	stop := make(chan struct{})
	clients := startClients(b, running, srv.URL, stop)
	err = <-imported
	took := time.Since(start)
	close(stop)
	load := clients()
	if err != nil {
		b.Fatal(err)
	}
	lag, _ := running.IndexLag(ctx)
	load.report(b, "")
	b.ReportMetric(float64(added)/took.Seconds(), "import-msgs/s")
	b.Logf("imported %d messages in %.1fs (%s) while serving %d clients; the index was %d changes behind when the import ended", added, took.Seconds(), importWhere(), loadClients, lag)
	if *benchQuiet > 0 {
		if err := running.WaitIndexed(ctx); err != nil {
			b.Fatal(err)
		}
		stop := make(chan struct{})
		clients := startClients(b, running, srv.URL, stop)
		time.Sleep(*benchQuiet)
		close(stop)
		clients().report(b, "quiet-")
	}
}

// importBeside imports the export at path into the archive in data opened
// without its index, in this process or, with -bench.process, in a child
// (this test binary, running TestImportChild), and returns how many
// messages it added.
func importBeside(ctx context.Context, data, path string) (int, error) {
	if !*benchProcess {
		s, err := store.OpenDB(data)
		if err != nil {
			return 0, err
		}
		defer s.Close()
		rep, err := Import(ctx, s, path, nil)
		return rep.Added, err
	}
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestImportChild$")
	cmd.Env = append(os.Environ(), importChildEnv+"="+data+string(os.PathListSeparator)+path, importChildBelow+"="+strconv.FormatBool(*benchBelow))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("the import's process: %w", err)
	}
	var rep Report
	if _, after, ok := strings.Cut(string(out), importChildMark); !ok {
		return 0, fmt.Errorf("the import's process said no report: %q", out)
	} else if err := json.Unmarshal([]byte(strings.SplitN(after, "\n", 2)[0]), &rep); err != nil {
		return 0, fmt.Errorf("the import's process: report: %w", err)
	}
	return rep.Added, nil
}

func importWhere() string {
	switch {
	case !*benchProcess:
		return "in the server's process"
	case *benchBelow:
		return "in a process of its own, below normal priority"
	}
	return "in a process of its own"
}

const (
	importChildEnv   = "CHATCHANNELS_BENCH_IMPORT" // data folder and export, for TestImportChild
	importChildBelow = "CHATCHANNELS_BENCH_IMPORT_BELOW"
	importChildMark  = "import report: "
)

// TestImportChild is the import of BenchmarkServeDuringImport -bench.process
// in a process of its own; without its environment it does nothing.
func TestImportChild(t *testing.T) {
	job := os.Getenv(importChildEnv)
	if job == "" {
		return // not a child: nothing to import
	}
	data, path, _ := strings.Cut(job, string(os.PathListSeparator))
	if os.Getenv(importChildBelow) == "true" {
		if err := background.LowerPriority(); err != nil {
			t.Fatal(err)
		}
	}
	s, err := store.OpenDB(data)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rep, err := Import(context.Background(), s, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(rep)
	fmt.Printf("%s%s\n", importChildMark, out)
}

// startClients starts loadClients clients reading the archive served at
// base until stop closes; the function it returns waits for them and
// returns their figures.
func startClients(b *testing.B, s *store.Store, base string, stop chan struct{}) (wait func() *loadStats) {
	// The chats the clients read: whichever the archive holds so far.
	var chats atomic.Pointer[[]store.Chat]
	list := chatsOf(b, s)
	chats.Store(&list)
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
				load.record(kind, target, get(client, base+target))
			}
		})
	}
	wg.Go(func() { // newly archived chats join the clients' list
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Second):
				list := chatsOf(b, s)
				chats.Store(&list)
			}
		}
	})
	return func() *loadStats {
		wg.Wait()
		client.CloseIdleConnections()
		return load
	}
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

// report reports requests, errors and percentiles, their metrics' names
// starting with prefix, and fails on errors.
func (l *loadStats) report(b *testing.B, prefix string) {
	var line []string
	for _, kind := range loadKinds {
		took := l.took[kind]
		if len(took) == 0 {
			b.Errorf("no %s requests were made", kind)
			continue
		}
		slices.Sort(took)
		p50, p99 := took[len(took)/2], took[len(took)*99/100]
		b.ReportMetric(float64(len(took)), prefix+kind+"-requests")
		b.ReportMetric(float64(p50.Microseconds())/1000, prefix+kind+"-p50-ms")
		b.ReportMetric(float64(p99.Microseconds())/1000, prefix+kind+"-p99-ms")
		line = append(line, fmt.Sprintf("%s: %d requests, p50 %v, p99 %v, max %v", kind, len(took), p50.Round(100*time.Microsecond), p99.Round(100*time.Microsecond), took[len(took)-1].Round(time.Millisecond)))
	}
	b.ReportMetric(float64(len(l.errors)), prefix+"errors")
	b.Log(prefix + strings.Join(line, "; "))
	if len(l.errors) > 0 {
		b.Errorf("%d requests failed, the first: %s", len(l.errors), strings.Join(l.errors[:min(len(l.errors), 5)], "; "))
	}
}
