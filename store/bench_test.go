package store_test

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/markup"
	"github.com/chatchannels/chatchannels/store/storetest"
)

var (
	benchMessages = flag.Int("bench.messages", 200_000, "messages in the benchmark archives")
	benchRefs     = flag.Int("bench.refs", 0, "references BenchmarkIngest keeps in memory (default: the store's budget; a smaller one plays a larger archive)")
)

// BenchmarkIngest measures storing fresh messages into SQLite, all chats
// written at once in time order (as the generator, a main.db and live
// collection write them).
func BenchmarkIngest(b *testing.B) {
	for b.Loop() {
		s, err := store.OpenDB(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		if *benchRefs > 0 {
			s.LimitReferences(*benchRefs)
		}
		start := time.Now()
		if _, err := synth.Fill(context.Background(), s, synth.Config{Seed: 1, Messages: *benchMessages}, 5000, nil); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(*benchMessages)/time.Since(start).Seconds(), "msgs/s")
		s.Close()
	}
}

// BenchmarkIngestAgain measures the common path of re-running an import:
// every message is already archived.
func BenchmarkIngestAgain(b *testing.B) {
	s, err := store.OpenDB(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	cfg := synth.Config{Seed: 1, Messages: *benchMessages}
	if _, err := synth.Fill(context.Background(), s, cfg, 5000, nil); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		start := time.Now()
		res, err := synth.Fill(context.Background(), s, cfg, 5000, nil)
		if err != nil {
			b.Fatal(err)
		}
		if res.Unchanged != *benchMessages {
			b.Fatalf("re-run changed the archive: %+v", res)
		}
		b.ReportMetric(float64(*benchMessages)/time.Since(start).Seconds(), "msgs/s")
	}
}

// BenchmarkIndexCatchUp measures the full-text index catching up with an
// archive it has never seen.
func BenchmarkIndexCatchUp(b *testing.B) {
	for b.Loop() {
		dir := synthArchive(b)
		start := time.Now()
		s, err := store.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.WaitIndexed(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(*benchMessages)/time.Since(start).Seconds(), "msgs/s")
		s.Close()
	}
}

var benchDir = flag.String("bench.dir", "", "keep the search benchmark's archive here between runs (default: a fresh temporary folder)")

// searchArchive builds (or reuses) an archive of benchMessages synthetic
// messages, fully indexed, with an FTS5 table of the same texts beside it.
func searchArchive(b *testing.B) (*store.Store, *sql.DB, *synth.Generator) {
	b.Helper()
	dir := *benchDir
	if dir == "" {
		dir = b.TempDir()
	}
	dir = filepath.Join(dir, fmt.Sprintf("search-%d", *benchMessages))
	cfg := synth.Config{Seed: 1, Messages: *benchMessages}
	ctx := context.Background()
	if _, err := os.Stat(filepath.Join(dir, "fts.db")); err != nil {
		os.RemoveAll(dir)
		db, err := store.OpenDB(dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := synth.Fill(ctx, db, cfg, 5000, nil); err != nil {
			b.Fatal(err)
		}
		db.Close()
		fts, err := sql.Open("sqlite", filepath.Join(dir, "fts.db"))
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range []string{
			`ATTACH DATABASE '` + filepath.Join(dir, store.DBFile) + `' AS archive`,
			`CREATE VIRTUAL TABLE fts USING fts5(text, author, day UNINDEXED, tokenize = 'unicode61')`,
			`INSERT INTO fts (rowid, text, author, day) SELECT id, coalesce(text, body), author, date(sent_at / 1000, 'unixepoch') FROM archive.messages`,
			`DETACH DATABASE archive`,
		} {
			if _, err := fts.Exec(q); err != nil {
				b.Fatalf("%s: %v", q, err)
			}
		}
		fts.Close()
	}
	s, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if err := s.WaitIndexed(ctx); err != nil {
		b.Fatal(err)
	}
	fts, err := sql.Open("sqlite", filepath.Join(dir, "fts.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { fts.Close() })
	return s, fts, synth.New(cfg)
}

// benchQuery is one search in both syntaxes.
type benchQuery struct{ ours, fts string }

// benchQueries picks searches a person would type: frequent, middling and
// rare words, two words, phrases taken from real messages, an exclusion, an
// author and a date filter.
func benchQueries(g *synth.Generator) []benchQuery {
	var words []string
	for _, w := range g.Vocabulary() {
		if w != "" && strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") == "" && len(w) > 2 {
			words = append(words, w)
		}
	}
	pick := func(rank int) string { return words[min(rank, len(words)-1)] }
	var phrases []string
	for len(phrases) < 5 {
		m, ok := g.Next()
		if !ok {
			break
		}
		f := strings.Fields(markup.Text("SAID", m.Body))
		for i := 0; i+1 < len(f); i++ {
			a, b := f[i], f[i+1]
			if strings.Trim(a+b, "abcdefghijklmnopqrstuvwxyz") == "" {
				phrases = append(phrases, a+" "+b)
				break
			}
		}
	}
	author := g.Chats()[0].Members[0]
	var qs []benchQuery
	for _, rank := range []int{10, 30, 100, 300, 1000, 2000} {
		qs = append(qs, benchQuery{pick(rank), pick(rank)})
	}
	qs = append(qs,
		benchQuery{pick(20) + " " + pick(200), pick(20) + " " + pick(200)},
		benchQuery{pick(50) + " " + pick(60), pick(50) + " " + pick(60)},
		benchQuery{pick(40) + " -" + pick(15), pick(40) + " NOT " + pick(15)},
		benchQuery{pick(100) + " from:" + author, pick(100) + ` AND author:"` + author + `"`},
	)
	for _, p := range phrases {
		qs = append(qs, benchQuery{`"` + p + `"`, `"` + p + `"`})
	}
	return qs
}

// BenchmarkSearch runs the same searches against Bleve (through the store,
// reading hits back from SQLite) and against SQLite FTS5 (bm25 ranking, hits
// read from the same table), and reports percentiles of both.
func BenchmarkSearch(b *testing.B) {
	s, fts, g := searchArchive(b)
	queries := benchQueries(g)
	ctx := context.Background()
	var ours, theirs []time.Duration
	for b.Loop() {
		for _, q := range queries {
			start := time.Now()
			if _, err := s.Search(ctx, q.ours, store.SearchOptions{Limit: 20}); err != nil {
				b.Fatalf("%s: %v", q.ours, err)
			}
			ours = append(ours, time.Since(start))

			start = time.Now()
			rows, err := fts.QueryContext(ctx, `SELECT rowid, highlight(fts, 0, '[', ']') FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 20`, q.fts)
			if err != nil {
				b.Fatalf("fts %s: %v", q.fts, err)
			}
			for rows.Next() {
			}
			rows.Close()
			theirs = append(theirs, time.Since(start))
		}
	}
	p50, p99 := percentile(ours, 50), percentile(ours, 99)
	f50, f99 := percentile(theirs, 50), percentile(theirs, 99)
	b.ReportMetric(float64(p50.Microseconds())/1000, "bleve-p50-ms")
	b.ReportMetric(float64(p99.Microseconds())/1000, "bleve-p99-ms")
	b.ReportMetric(float64(f50.Microseconds())/1000, "fts5-p50-ms")
	b.ReportMetric(float64(f99.Microseconds())/1000, "fts5-p99-ms")
	b.ReportMetric(float64(p50)/float64(f50), "p50-ratio")
}

// BenchmarkSearchEach reports each benchmark query on its own.
func BenchmarkSearchEach(b *testing.B) {
	s, _, g := searchArchive(b)
	for _, q := range benchQueries(g) {
		b.Run(q.ours, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(context.Background(), q.ours, store.SearchOptions{Limit: 20}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)*p/100, len(s)-1)]
}

// BenchmarkSearchFollows measures how long a new message takes to become
// searchable after Ingest returns, with the follower catching up unasked.
func BenchmarkSearchFollows(b *testing.B) {
	s, err := store.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := synth.Fill(ctx, s, synth.Config{Seed: 1, Messages: 10_000}, 5000, nil); err != nil {
		b.Fatal(err)
	}
	if err := s.WaitIndexed(ctx); err != nil {
		b.Fatal(err)
	}
	var lags []time.Duration
	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	for b.Loop() {
		n++
		word := fmt.Sprintf("zq%dx", n)
		msg := store.Incoming{Chat: "#bench/$0123456789abcdef", Source: "bench", Ref: word, Author: "bob",
			Time: at.Add(time.Duration(n) * time.Second), Type: "SAID", Body: "new " + word}
		if _, err := s.Ingest(ctx, []store.Incoming{msg}); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		for {
			res, err := s.Search(ctx, word, store.SearchOptions{})
			if err != nil {
				b.Fatal(err)
			}
			if res.Total == 1 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		lags = append(lags, time.Since(start))
	}
	b.ReportMetric(float64(percentile(lags, 50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(percentile(lags, 95).Microseconds())/1000, "p95-ms")
}

// BenchmarkStatsCatchUp measures the statistics counting an archive they
// have never seen (as after the upgrade that brings them), and counting
// again after a batch of new messages, as live collection adds them.
func BenchmarkStatsCatchUp(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		s, err := store.OpenDB(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := synth.Fill(ctx, s, synth.Config{Seed: 1, Messages: *benchMessages}, 5000, nil); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := s.CatchUpStats(ctx); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		b.ReportMetric(float64(*benchMessages)/took.Seconds(), "msgs/s")
		b.ReportMetric(took.Seconds(), "s")
		g := synth.New(synth.Config{Seed: 1, Messages: *benchMessages + 100})
		var more []store.Incoming
		for n := 0; ; n++ { // the next hundred the same chats would have had
			m, ok := g.Next()
			if !ok {
				break
			}
			if n >= *benchMessages {
				more = append(more, synth.Incoming(m, n))
			}
		}
		if _, err := s.Ingest(ctx, more); err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		if err := s.CatchUpStats(ctx); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(start).Microseconds())/1000, "100-new-ms")
		s.Close()
	}
}

var benchArchive = flag.String("bench.archive", "", "BenchmarkReindex rebuilds this archive's index (default: a synthetic archive of -bench.messages)")

// BenchmarkReindex measures building the full-text index from SQLite: the
// bottleneck of an import's time to searchable. On an archive imported by
// `chatchannels import` (-bench.archive) it measures realistic messages.
func BenchmarkReindex(b *testing.B) {
	dir := *benchArchive
	if dir == "" {
		dir = synthArchive(b)
	}
	for b.Loop() {
		s, err := store.OpenDB(dir)
		if err != nil {
			b.Fatal(err)
		}
		var changes int64
		start := time.Now()
		if err := s.Reindex(context.Background(), func(done, total int64) { changes = total }); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(changes)/time.Since(start).Seconds(), "changes/s")
		s.Close()
	}
}

// synthArchive is a new archive of benchMessages synthetic messages, not
// indexed.
func synthArchive(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	storetest.SynthArchive(b, dir, *benchMessages)
	return dir
}
