package app_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chatchannels/chatchannels/app/procmem"
	"github.com/chatchannels/chatchannels/store"
)

var (
	benchExport   = flag.String("bench.export", "", "the export BenchmarkImportToSearchable imports (default: one of -bench.generate messages, generated and exported by chatchannels itself)")
	benchGenerate = flag.Int("bench.generate", 20_000, "messages in the export BenchmarkImportToSearchable generates when -bench.export is not given")
	benchArchive  = flag.String("bench.archive", "", "import into this folder and keep it, for the reading benchmarks (it must not exist; one iteration)")
	benchBinary   = flag.String("bench.binary", "", "run the import with this chatchannels binary (another version's, to compare in the same conditions) instead of the code under test")
)

// BenchmarkImportToSearchable times `chatchannels import` as a user runs
// it, in a process of its own, from its start until the export's newest
// message is found by search, and reports the command's peak resident
// memory.
func BenchmarkImportToSearchable(b *testing.B) {
	export := *benchExport
	if export == "" {
		export = exportOfGenerated(b, *benchGenerate)
	}
	for b.Loop() {
		data := *benchArchive
		if data == "" {
			data = filepath.Join(b.TempDir(), "data")
		} else if _, err := os.Stat(data); err == nil {
			b.Fatalf("-bench.archive %s exists; the benchmark imports into a new folder", data)
		}
		start := time.Now()
		mem := runChild(b, *benchBinary, "import", "--data", data, export)
		took := time.Since(start)
		found := newestFound(b, data)
		b.ReportMetric(took.Seconds(), "s-to-searchable")
		mem.report(b)
		b.Logf("import to searchable in %v, peak %d MB (anonymous %d, files %d); the newest message %q is found",
			took.Round(time.Millisecond), mem.peak>>20, mem.anon>>20, mem.file>>20, found)
	}
}

// exportOfGenerated generates an archive of n synthetic messages and
// exports it as a Skype export, with the chatchannels commands.
func exportOfGenerated(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	out := filepath.Join(dir, "messages.json")
	runChild(b, "", "generate", "--data", filepath.Join(dir, "gen"), "--index=false", "--messages", strconv.Itoa(n))
	runChild(b, "", "export", "--data", filepath.Join(dir, "gen"), "--format", "skype", "--out", out)
	return out
}

// runChild runs chatchannels (the code under test, or the given binary)
// as a process of its own and returns its resident memory (Linux; zeros
// elsewhere).
func runChild(b *testing.B, binary string, args ...string) childMemory {
	b.Helper()
	cmd := exec.Command(binary, args...)
	if binary == "" {
		cmd = exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), childEnv+"=1")
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		b.Fatalf("chatchannels %s: %v", strings.Join(args, " "), err)
	}
	// anonymous memory (the heap, SQLite's) and file-backed (the mapped
	// index segments, which the kernel may drop and read again)
	stop := procmem.Watch(procmem.Pid(cmd.Process.Pid), 50*time.Millisecond, "RssAnon:", "RssFile:")
	err := cmd.Wait()
	var m childMemory
	parts := stop()
	m.anon, m.file = parts[0], parts[1]
	if err != nil {
		b.Fatalf("chatchannels %s: %v\n%s", strings.Join(args, " "), err, out.Bytes())
	}
	m.peak = childPeak(cmd.ProcessState)
	return m
}

// childMemory is a process's peak resident memory, and the peaks of its
// anonymous and file-backed parts (sampled: they need not coincide).
type childMemory struct{ peak, anon, file int64 }

// report adds the figures to the benchmark's.
func (m childMemory) report(b *testing.B) {
	b.ReportMetric(float64(m.peak>>20), "peak-RSS-MB")
	b.ReportMetric(float64(m.anon>>20), "peak-anon-MB")
	b.ReportMetric(float64(m.file>>20), "peak-file-MB")
}

// newestFound checks that the index has applied every change and that a
// phrase of the newest message's words, on its day, finds it, and returns
// the query.
func newestFound(b *testing.B, data string) string {
	b.Helper()
	ctx := context.Background()
	db, err := store.OpenDB(data)
	if err != nil {
		b.Fatal(err)
	}
	lag, err := db.IndexLag(ctx)
	db.Close()
	if err != nil || lag != 0 {
		b.Fatalf("after the import the index lags %d changes (%v)", lag, err)
	}
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(data, store.DBFile)+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	var id, sent int64
	var text string
	err = raw.QueryRow(`SELECT id, sent_at, coalesce(text, body) FROM messages WHERE NOT deleted AND coalesce(text, body) != '' ORDER BY id DESC LIMIT 1`).Scan(&id, &sent, &text)
	raw.Close()
	if err != nil {
		b.Fatal(err)
	}
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	// on its day: the newest message written need not be the newest sent,
	// and a short phrase is in many messages
	phrase := `"` + strings.Join(words[:min(len(words), 8)], " ") + `" date:` + time.UnixMilli(sent).UTC().Format(time.DateOnly)
	s, err := store.Open(data)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	res, err := s.Search(ctx, phrase, store.SearchOptions{Limit: 1000, ByTime: true})
	if err != nil {
		b.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.Message.ID == id {
			return phrase
		}
	}
	b.Fatalf("search %s does not find the newest message %d (%d hits)", phrase, id, res.Total)
	return ""
}

var (
	benchLongMessages = flag.Int("bench.long", 120, "messages in BenchmarkImportLongMessages' export")
	benchLongBytes    = flag.Int("bench.longbytes", 1<<20, "bytes of distinct words in each of them")
)

// BenchmarkImportLongMessages imports an export of long messages of
// distinct words (-bench.long of -bench.longbytes each) and reports the
// import's peak resident memory, which must not grow with message size.
func BenchmarkImportLongMessages(b *testing.B) {
	export := filepath.Join(b.TempDir(), "messages.json")
	if err := writeLongExport(export, *benchLongMessages, *benchLongBytes); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		data := filepath.Join(b.TempDir(), "data")
		start := time.Now()
		mem := runChild(b, *benchBinary, "import", "--data", data, export)
		b.ReportMetric(time.Since(start).Seconds(), "s-to-searchable")
		mem.report(b)
	}
}

// writeLongExport writes a Skype export of one dialog of n messages, each
// of about size bytes of words seen nowhere else.
func writeLongExport(path string, n, size int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprint(w, `{"userId":"8:live:alice","exportDate":"2024-01-01T00:00:00Z","conversations":[{"id":"8:live:bob","displayName":"Bob","properties":{},"threadProperties":null,"MessageList":[`)
	word := 0
	t0 := time.Date(2020, 7, 6, 17, 0, 0, 0, time.UTC)
	for i := range n {
		if i > 0 {
			w.WriteString(",")
		}
		at := t0.Add(-time.Duration(i) * time.Minute) // newest first, as Skype writes
		fmt.Fprintf(w, `{"id":"%d","displayName":"Bob","originalarrivaltime":"%s","messagetype":"RichText","content":"`,
			at.UnixMilli(), at.Format("2006-01-02T15:04:05.000Z"))
		for written := 0; written < size; word++ {
			n, _ := fmt.Fprintf(w, "q%xz ", word)
			written += n
		}
		fmt.Fprint(w, `","conversationid":"8:live:bob","from":"8:live:bob","properties":{}}`)
	}
	fmt.Fprint(w, `]}]}`)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
