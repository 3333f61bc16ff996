package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/maindb"
	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/store"
)

// runImport imports Skype exports (.tar or messages.json) and classic
// main.db files, reporting what each added, merged and skipped. Importing a
// file again changes nothing. The messages go in first, with the archive
// open without its search index (so the import has the machine, and works
// while a running Chat Channels holds the index); the index catches up
// after.
func runImport(ctx context.Context, e *env, args []string) error {
	fs, data := commandFlags(e, "import")
	if err := parse(e, fs, data, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("import: name the Skype export (.tar or messages.json) or main.db to import")
	}
	if err := importAll(ctx, e, fs.Args()); err != nil {
		return err
	}
	return catchUpIndex(ctx, e)
}

// importAll imports the files into the archive opened without its index,
// under importMemoryLimit, printing a summary line for each.
func importAll(ctx context.Context, e *env, paths []string) error {
	s, err := store.OpenDB(e.dataDir)
	if err != nil {
		return err
	}
	defer s.Close()
	if limit := debug.SetMemoryLimit(-1); limit > importMemoryLimit {
		debug.SetMemoryLimit(importMemoryLimit)
		defer debug.SetMemoryLimit(limit)
	}
	for _, path := range paths {
		p := newProgress(e.stderr, "import "+filepath.Base(path))
		before := s.Ingested()
		p.messages = func() int64 { return s.Ingested() - before }
		summary, err := importFile(ctx, s, path, p.update)
		p.done()
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", path, summary)
	}
	return s.Close()
}

// importMemoryLimit is the soft limit of the Go heap while messages are
// imported: the garbage collector works harder instead of letting the heap
// grow to twice what is live. What is live grows with the archive (the
// in-memory identity picture, about 31 bytes a message: 31 MB at a million),
// not with the export.
const importMemoryLimit = 240 << 20

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
// in one line what it did. progress (may be nil) hears how far it got, in
// comparable units with the total known from the start: bytes of an
// export, rows of a main.db.
func importFile(ctx context.Context, s *store.Store, path string, progress func(done, total int64)) (summary string, err error) {
	if isSQLite(path) {
		rep, err := maindb.Import(ctx, s, path, progress)
		if err != nil {
			return "", err
		}
		summary = fmt.Sprintf("%d chats; %s", rep.Chats, counts(rep.IngestResult))
		summary += skippedBy(rep.Skipped, rep.SkippedNamed)
		if rep.SuspectTime > 0 {
			summary += fmt.Sprintf("; %d with impossible times, kept and flagged", rep.SuspectTime)
		}
		return summary, nil
	}
	rep, err := skypeexport.Import(ctx, s, path, progress)
	if err != nil {
		return "", err
	}
	summary = fmt.Sprintf("%d conversations; %s", rep.Conversations, counts(rep.IngestResult))
	summary += skipped(rep)
	summary += rep.MediaAndReactions()
	return summary, nil
}

// skipped says which messages of an export were left out and why, as a
// "; "-led clause ("" when none were).
func skipped(rep skypeexport.Report) string {
	reasons := map[string]int{"in system conversations": rep.SkippedSystem, "empty server notices": rep.SkippedBlank,
		"without a sender": rep.SkippedNoFrom}
	for reason, n := range rep.SkippedTypes {
		reasons[reason] += n
	}
	for reason, n := range rep.Skipped {
		reasons[reason] += n
	}
	return skippedBy(reasons, rep.SkippedNamed)
}

// skippedBy says how many messages were left out for each reason, and
// names those the store could not archive, as a "; "-led clause ("" when
// none were).
func skippedBy(reasons map[string]int, named []string) string {
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

// counts says what an import did with the messages it read.
func counts(r store.IngestResult) string {
	return fmt.Sprintf("%d messages added, %d merged with ones already archived, %d updated, %d already archived",
		r.Added, r.Merged, r.Updated, r.Unchanged)
}

// isSQLite reports whether path is an SQLite database (a main.db).
func isSQLite(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	return string(head[:n]) == "SQLite format 3\x00"
}
