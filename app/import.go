package app

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/app/background"
	"github.com/chatchannels/chatchannels/skypeapi/maindb"
	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/store"
)

var importCommand = &command{
	name:    "import",
	args:    "FILE...",
	summary: "import Skype exports (.tar or messages.json) and main.db files; importing again changes nothing",
	details: `Each file's messages merge with what the archive holds (none twice); a line per
file says what was added, merged and skipped. FILE - reads an export from standard
input. An interrupted import keeps what it committed: importing the same file again
completes it.`,
	examples: []string{"import 8_live_alice_export.tar", "import messages.json main.db", "import - < messages.json"},
	define:   func(*flag.FlagSet) runFunc { return runImport },
}

// runImport imports Skype exports (.tar or messages.json) and classic
// main.db files, reporting what each added, merged and skipped. Importing a
// file again changes nothing. The messages go in first, with the archive
// open without its search index (so that a full disk or a crash meets
// SQLite alone, and the import works while a running Chat Channels holds
// the index); the index catches up after. Indexing beside the import was
// measured: on two cores it bought ~6% at 1M and cost ~47 MB of peak, and
// Bleve's merger panicked when the disk filled under it. Beside a running
// Chat Channels the import runs below normal priority (see giveWayToRunning).
func runImport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("name the Skype export (.tar or messages.json) or main.db to import")
	}
	giveWayToRunning(ctx, e)
	defer limitHeap()()
	if err := importAll(ctx, e, args); err != nil {
		return err
	}
	return catchUpIndex(ctx, e)
}

// giveWayToRunning lowers the process's priority when a Chat Channels runs
// on the data folder: its pages, searches and feeds then get the cores
// first, and the import the rest (BenchmarkServeDuringImport -bench.process
// measures it). Failing to lower it is only logged.
func giveWayToRunning(ctx context.Context, e *env) {
	if runningInstance(ctx, e.dataDir) == nil {
		return
	}
	if err := background.LowerPriority(); err != nil {
		slog.Warn("could not lower the import's priority", "err", err)
	}
}

// importAll imports the files into the archive opened without its index,
// printing a summary line for each. "-" is standard input.
func importAll(ctx context.Context, e *env, paths []string) error {
	for _, path := range paths {
		if path == "-" {
			continue
		}
		fi, err := os.Stat(path)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return fmt.Errorf("import %s: %w", path, err)
		}
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("import %s: %s, not a file; import reads a saved export or main.db (or an export on standard input: import - < %s)",
				path, fileKind(fi.Mode()), path)
		}
	}
	s, err := store.OpenDB(e.dataDir)
	if err != nil {
		return err
	}
	defer s.Close()
	for _, path := range paths {
		name := filepath.Base(path)
		if path == "-" {
			name = "standard input"
		}
		p := newProgress(e.stderr, "import "+name)
		before := s.Ingested()
		p.messages = func() int64 { return s.Ingested() - before }
		var summary string
		if path == "-" {
			summary, err = importStream(ctx, s, e.stdin, p.update)
		} else {
			summary, err = importFile(ctx, s, path, p.update)
		}
		p.done()
		if path == "-" {
			path = name
		}
		if summary != "" {
			fmt.Fprintf(e.stdout, "%s: %s\n", path, summary)
		}
		if err != nil {
			return importFailed(ctx, e.dataDir, path, s.Ingested()-before, err)
		}
	}
	return s.Close()
}

// fileKind names what a path that is not a regular file is: opening a
// named pipe would wait for a writer, and a device would never end.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// importFailed says why importing path stopped (in words a person acts
// on when the disk is full or read-only) and what of it the archive kept:
// whole batches of messages, which importing it again completes without
// duplicates.
func importFailed(ctx context.Context, dataDir, path string, kept int64, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("import %s: interrupted; %d messages of it are archived, and importing the same file again completes it", path, kept)
	}
	why, remedy := "", "importing it again once mended completes it"
	switch problem := store.DiskProblem(dataDir, err); problem {
	case store.ProblemNoSpace:
		why, remedy = problem+"; ", "free some space and import it again to complete it"
	case store.ProblemReadOnly:
		why, remedy = problem+"; ", "make it writable and import it again to complete it"
	}
	if kept > 0 {
		return fmt.Errorf("import %s: %w (%s%d messages of it are archived; %s)", path, err, why, kept, remedy)
	}
	if why != "" {
		return fmt.Errorf("import %s: %w (%s%s)", path, err, why, remedy)
	}
	return fmt.Errorf("import %s: %w", path, err)
}

// catchUpIndex brings the search index up to date with the archive,
// showing how far it got, or leaves that to the running Chat Channels that
// holds the index.
func catchUpIndex(ctx context.Context, e *env) error {
	debug.FreeOSMemory() // what the import used goes back before the index takes its share
	s, err := store.Open(e.dataDir)
	if errors.Is(err, store.ErrIndexInUse) {
		fmt.Fprintln(e.stderr, "the running Chat Channels updates its search index")
		return nil
	}
	if err != nil {
		return err
	}
	defer s.Close()
	behind, err := s.IndexLag(ctx)
	if err != nil || behind == 0 {
		return err
	}
	p := newProgress(e.stderr, "search index")
	defer p.done()
	done := make(chan error, 1)
	go func() { done <- s.WaitIndexed(ctx) }()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if err == nil {
				p.update(behind, behind)
			}
			return err
		case <-tick.C:
			if lag, err := s.IndexLag(ctx); err == nil {
				p.update(behind-min(lag, behind), behind)
			}
		}
	}
}

// importFile imports one file with the importer its kind needs and says
// in one line what it did (also when it returns an error for a part it
// could not read, such as a tar's media cut short): whose file it is, what became of every message
// it read, and which sources the merged ones were archived from. progress
// (may be nil) hears how far it got, in comparable units with the total
// known from the start: bytes of an export, rows of a main.db.
func importFile(ctx context.Context, s *store.Store, path string, progress func(done, total int64)) (summary string, err error) {
	if isSQLite(path) {
		rep, err := maindb.Import(ctx, s, path, progress)
		if err != nil {
			return "", err
		}
		summary = fmt.Sprintf("%s; %d chats; %s", whose(rep.Owner, "main.db"), rep.Chats, tally(rep.Read, rep.IngestResult, rep.MergedWith, rep.SkippedReasons()))
		if rep.SuspectTime > 0 {
			summary += fmt.Sprintf("; %d with impossible times, kept and flagged", rep.SuspectTime)
		}
		if other := rep.OtherRowsSkipped(); other != "" {
			summary += "; rows with a value of the wrong kind left out: " + other
		}
		return summary, nil
	}
	rep, err := skypeexport.Import(ctx, s, path, progress)
	if err != nil {
		return "", err
	}
	if rep.MediaDamage != nil {
		return exportSummary(rep), fmt.Errorf("its media broke off: %w; the messages and the %d media files before the break are archived",
			rep.MediaDamage, rep.MediaCopied+rep.MediaKept)
	}
	return exportSummary(rep), nil
}

// importStream imports an export read from r (standard input). A main.db
// cannot be read so: SQLite needs the file.
func importStream(ctx context.Context, s *store.Store, r io.Reader, progress func(done, total int64)) (string, error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(len(sqliteMagic)); string(head) == sqliteMagic {
		return "", errors.New("a main.db cannot be read from standard input; name the file instead")
	}
	rep, err := skypeexport.ImportReader(ctx, s, br, "standard input", progress)
	if err != nil {
		return "", err
	}
	return exportSummary(rep), nil
}

// exportSummary says in one line what the import of an export did.
func exportSummary(rep skypeexport.Report) string {
	summary := fmt.Sprintf("%s; %d conversations; %s", whose(rep.Owner, "export"), rep.Conversations, tally(rep.Read, rep.IngestResult, rep.MergedWith, rep.SkippedReasons()))
	summary += rep.MediaAndReactions()
	return summary
}

// whose names a file by the account it belongs to: "alice's main.db".
func whose(owner, kind string) string {
	if owner == "" {
		return kind + " of an unnamed account"
	}
	return owner + "'s " + kind
}

// tally says what became of the messages a file's import read: added,
// merged (with which sources), updated, already archived, skipped (why),
// which together make up every message read.
func tally(read int, r store.IngestResult, mergedWith, skippedFor map[string]int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d messages added, %d merged with ones already archived", r.Added, r.Merged)
	var with []string
	for _, source := range slices.Sorted(maps.Keys(mergedWith)) {
		with = append(with, fmt.Sprintf("%d from %s", mergedWith[source], sourceLabel(source)))
	}
	if len(with) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(with, ", "))
	}
	fmt.Fprintf(&b, ", %d updated, %d already archived", r.Updated, r.Unchanged)
	b.WriteString(skipped(skippedFor, r.SkippedNamed))
	accounted := r.Added + r.Merged + r.Updated + r.Unchanged
	for _, n := range skippedFor {
		accounted += n
	}
	fmt.Fprintf(&b, "; %d read", read)
	if accounted != read {
		fmt.Fprintf(&b, " (%d unaccounted for)", read-accounted)
	}
	return b.String()
}

// sourceLabel names a source (store.SourceName) for people: "alice's
// main.db", "bob's export", "alice's Skype".
func sourceLabel(source string) string {
	kind, owner, _ := strings.Cut(source, ":")
	switch kind {
	case "maindb":
		return whose(owner, "main.db")
	case "export":
		return whose(owner, "export")
	case "live":
		return whose(owner, "Skype")
	}
	return source
}

// skipped says how many messages were left out for each reason, and names
// those the store could not archive, as a "; "-led clause ("" when none
// were).
func skipped(reasons map[string]int, named []string) string {
	var parts []string
	total := 0
	for _, reason := range slices.Sorted(maps.Keys(reasons)) {
		if n := reasons[reason]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, reason))
			total += n
		}
	}
	if total == 0 {
		return ""
	}
	clause := fmt.Sprintf("; skipped %d (%s)", total, strings.Join(parts, ", "))
	if len(named) > 0 {
		clause += "; could not archive: " + strings.Join(named, "; ")
	}
	return clause
}

// isSQLite reports whether path is an SQLite database (a main.db).
func isSQLite(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	n, _ := io.ReadFull(f, head)
	return string(head[:n]) == sqliteMagic
}

// sqliteMagic is how an SQLite database file starts.
const sqliteMagic = "SQLite format 3\x00"
