package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// The index holds, per message, only what search needs: the plain text
// (with positions, for phrases), the author, the chat and the time. It stores
// no text: results are read back from SQLite, which keeps indexing fast.
const (
	fieldText     = "text"
	fieldPairs    = "pairs" // the text as word pairs, so a phrase of common words is one rare term
	fieldFrom     = "from"
	fieldChat     = "chat"
	fieldDay      = "day" // UTC date, 2013-07-30: date filters, and the first sort key by time
	fieldTOD      = "tod" // UTC time of day, 21:27:11: the second sort key by time
	analyzer      = "message"
	pairsAnalyzer = "message_pairs"

	// mappingVersion changes whenever the mapping or the documents' names
	// (docID) do; an index of another version is rebuilt.
	mappingVersion = "3"

	// indexBatchSize is how many changes go into one index batch (one new
	// segment, one per core at a time). 2500 indexes as fast as 5000 did
	// (15k messages/s at 1M) with a peak of ~215 MB instead of ~335 MB.
	indexBatchSize = 2500

	// indexBatchBytes bounds the text one index batch holds: building a
	// segment takes memory in proportion to its distinct words, so a batch
	// of long messages is cut short of indexBatchSize.
	indexBatchBytes = 1 << 20

	// indexTextChars caps what one message feeds the index, in characters:
	// its first indexTextChars are searchable. The whole body stays in
	// SQLite and on the page.
	indexTextChars = 32 << 10

	// LockFile, in the data folder, is held by the process that keeps the
	// index, for as long as its store is open.
	LockFile = "index.lock"
)

// idleClose is how long the index stays open without searches or changes.
// Closed, it holds no memory (its segments are mapped files, ~50 MB at a
// million messages); the next use reopens it in milliseconds.
var idleClose = time.Minute

// errLocked reports a lock file held by another process.
var errLocked = errors.New("locked")

// ErrIndexInUse reports an index another Chat Channels process keeps.
var ErrIndexInUse = errors.New("it is in use by another Chat Channels process")

var (
	keyApplied = []byte("applied_seq")
	keyMapping = []byte("mapping_version")
)

// searchIndex is the Bleve full-text index, derived from SQLite: it records the
// last change sequence it applied and catches up from there. It is opened
// when used and closed when idle.
type searchIndex struct {
	s       *Store
	path    string
	mapping *mapping.IndexMappingImpl // the mapping it was built with, for analyzing
	unlock  func() error              // releases the lock file
	applied atomic.Int64

	mu      sync.Mutex
	idx     bleve.Index // nil while closed
	users   int
	lastUse time.Time

	catchMu sync.Mutex    // one catch-up at a time
	ahead   *changeWindow // the next window, read while the last one built (under catchMu)
	waiting atomic.Int32  // callers of WaitIndexed: the catch-up gives way to no request then (index_giveway.go)
	wake    chan struct{}
	stop    chan struct{}
	done    chan struct{}
}

func newMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	if err := m.AddCustomAnalyzer(analyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		panic(err) // the definition above is fixed; it cannot fail at run time
	}
	if err := m.AddCustomAnalyzer(pairsAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name, commonPairsFilter},
	}); err != nil {
		panic(err)
	}
	text := bleve.NewTextFieldMapping()
	text.Analyzer = analyzer
	text.Store, text.IncludeInAll, text.DocValues = false, false, false
	text.IncludeTermVectors = true // positions, for phrase queries

	pairs := bleve.NewTextFieldMapping()
	pairs.Analyzer = pairsAnalyzer
	pairs.Store, pairs.IncludeInAll, pairs.DocValues = false, false, false
	pairs.IncludeTermVectors = true // positions, for phrases of three common words and more

	keyword := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store, f.IncludeInAll, f.DocValues, f.IncludeTermVectors = false, false, false, false
		return f
	}
	// Time goes in as two keywords with few distinct values (days, seconds
	// of a day) rather than one numeric field: Bleve writes 16 prefix terms
	// per number, nearly unique per message, which tripled indexing time.
	sortable := func() *mapping.FieldMapping {
		f := keyword()
		f.DocValues = true
		return f
	}

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldText, text)
	doc.AddFieldMappingsAt(fieldPairs, pairs)
	doc.AddFieldMappingsAt(fieldFrom, keyword())
	doc.AddFieldMappingsAt(fieldChat, keyword())
	doc.AddFieldMappingsAt(fieldDay, sortable())
	doc.AddFieldMappingsAt(fieldTOD, sortable())
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping()) // no catch-all field: search names its fields
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzer
	m.StoreDynamic, m.IndexDynamic, m.DocValuesDynamic = false, false, false
	return m
}

// runtimeConfig makes a second process give up quickly instead of waiting
// on the index's lock forever, and bounds the size of segments (see
// maxSegmentMessages). (Scorch's "unsafe_batch" would skip waiting for each
// batch to persist, but then Close drops what is not yet on disk.)
func runtimeConfig() map[string]any {
	merges := map[string]any{"MaxSegmentSize": maxSegmentMessages} // the others stay Bleve's defaults
	return map[string]any{"bolt_timeout": "2s", "scorchMergePlanOptions": merges}
}

// maxSegmentMessages bounds the messages a merge puts in one segment
// (segments past half of it merge no more). A merge reads its segments
// whole through memory-mapped files, which count in the process's resident
// memory while it runs: at Bleve's default of 5M, building a 10M-message
// index peaked at 780 MB resident, ~520 MB of it the mapped segments of
// one merge. At 500k a merge reads at most ~75 MB, and a 10M archive has
// some 25 segments to search.
const maxSegmentMessages = 500_000

// openIndex opens the index beside the database, rebuilding it if it is
// missing, corrupt, of another mapping or ahead of the database, and starts
// following the database.
func (s *Store) openIndex() error {
	path := filepath.Join(s.dir, IndexDir)
	unlock, err := lockIndex(s.dir)
	if err != nil {
		return fmt.Errorf("store: open index %s: %w", path, err)
	}
	ix := &searchIndex{s: s, path: path, mapping: newMapping(), unlock: unlock, lastUse: time.Now(),
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	idx, err := bleve.OpenUsing(path, runtimeConfig())
	switch {
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist):
		idx, err = ix.create()
	case err != nil && isLockTimeout(err):
		err = ErrIndexInUse
	case err != nil:
		slog.Warn("full-text index unreadable; rebuilding it from the archive", "path", path, "err", err)
		idx, err = ix.recreate()
	}
	if err != nil {
		unlock()
		return fmt.Errorf("store: open index %s: %w", path, err)
	}
	ix.idx = idx
	applied, version, err := ix.readState()
	if err == nil && (version != mappingVersion || applied > s.seq) {
		slog.Info("full-text index is stale; rebuilding it from the archive", "path", path)
		idx.Close()
		if ix.idx, err = ix.recreate(); err == nil {
			applied, _, err = ix.readState()
		}
	}
	if err != nil {
		if ix.idx != nil {
			ix.idx.Close()
		}
		unlock()
		return fmt.Errorf("store: open index %s: %w", path, err)
	}
	ix.applied.Store(applied)
	s.index = ix
	go ix.follow()
	ix.poke()
	return nil
}

func isLockTimeout(err error) bool {
	return err != nil && strings.Contains(err.Error(), "timeout")
}

// lockIndex takes the data folder's index lock: one process keeps an index.
func lockIndex(dir string) (unlock func() error, err error) {
	unlock, err = lockFile(filepath.Join(dir, LockFile))
	if errors.Is(err, errLocked) {
		return nil, ErrIndexInUse
	}
	return unlock, err
}

// use returns the index, opening it if it was closed for being idle, and a
// function to call when done with it.
func (ix *searchIndex) use() (bleve.Index, func(), error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil {
		idx, err := bleve.OpenUsing(ix.path, runtimeConfig())
		if err != nil {
			return nil, nil, fmt.Errorf("store: reopen index %s: %w", ix.path, err)
		}
		ix.idx = idx
	}
	ix.users++
	return ix.idx, func() {
		ix.mu.Lock()
		ix.users--
		ix.lastUse = time.Now()
		ix.mu.Unlock()
	}, nil
}

// closeIdle closes the index if nothing used it for idleClose.
func (ix *searchIndex) closeIdle() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx == nil || ix.users > 0 || time.Since(ix.lastUse) < idleClose {
		return
	}
	if err := ix.idx.Close(); err != nil {
		slog.Warn("closing the idle full-text index", "err", err)
	}
	ix.idx = nil
}

func (ix *searchIndex) create() (bleve.Index, error) {
	idx, err := bleve.NewUsing(ix.path, newMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, runtimeConfig())
	if err != nil {
		return nil, fmt.Errorf("store: create index %s: %w", ix.path, err)
	}
	if err := idx.SetInternal(keyMapping, []byte(mappingVersion)); err != nil {
		idx.Close()
		return nil, fmt.Errorf("store: create index %s: %w", ix.path, err)
	}
	return idx, nil
}

func (ix *searchIndex) recreate() (bleve.Index, error) {
	if err := os.RemoveAll(ix.path); err != nil {
		return nil, fmt.Errorf("store: remove index %s: %w", ix.path, err)
	}
	return ix.create()
}

func (ix *searchIndex) readState() (applied int64, version string, err error) {
	v, err := ix.idx.GetInternal(keyMapping)
	if err != nil {
		return 0, "", err
	}
	a, err := ix.idx.GetInternal(keyApplied)
	if err != nil {
		return 0, "", err
	}
	if len(a) == 8 {
		applied = int64(binary.BigEndian.Uint64(a))
	}
	return applied, string(v), nil
}

// poke tells the follower that the database changed.
func (ix *searchIndex) poke() {
	select {
	case ix.wake <- struct{}{}:
	default:
	}
}

// othersEvery is how often the follower looks for changes that other
// processes (an import from a terminal, say) committed to the archive.
const othersEvery = 2 * time.Second

// follow catches up whenever poked or another process changed the archive,
// and closes the index when idle, until the store closes.
func (ix *searchIndex) follow() {
	defer close(ix.done)
	tick := time.NewTicker(max(min(idleClose/4, othersEvery), 10*time.Millisecond))
	defer tick.Stop()
	stopping, cancel := context.WithCancel(context.Background()) // ends a long count when the store closes
	defer cancel()
	go func() {
		<-ix.stop
		cancel()
	}()
	for {
		select {
		case <-ix.stop:
			return
		case <-tick.C:
			if seq, err := maxSeq(context.Background(), ix.s.db); err == nil && seq > ix.applied.Load() {
				ix.poke()
			}
			ix.closeIdle()
		case <-ix.wake:
			err := ix.s.catchUpWithStats(context.Background(), stopping)
			if err != nil && stopping.Err() == nil {
				slog.Error("catching up with the archive failed", "err", err)
				select { // try again later rather than spin
				case <-ix.stop:
					return
				case <-time.After(5 * time.Second):
					ix.poke()
				}
			}
		}
	}
}

func (ix *searchIndex) close() error {
	close(ix.stop)
	<-ix.done
	ix.catchMu.Lock()
	defer ix.catchMu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var err error
	if ix.idx != nil {
		err = ix.idx.Close()
		ix.idx = nil
	}
	return errors.Join(err, ix.unlock())
}

// Applied is the last change sequence the index holds.
func (ix *searchIndex) appliedSeq() int64 { return ix.applied.Load() }

// catchUp indexes every change after the applied sequence, in batches, one
// at a time whoever asks. Before each it gives way to requests (giveWay)
// holding no lock, so that a caller of WaitIndexed goes on meanwhile.
func (ix *searchIndex) catchUp(ctx context.Context) error {
	for batches := 1; ; batches++ {
		ix.giveWay(ctx)
		more, err := ix.applyNext(ctx)
		if err != nil || !more {
			return err
		}
		if batches == 1 { // more than a batch behind: indexing in bulk
			defer bulkWork()()
		}
	}
}

// applyNext applies the next batch, unless the store is closing, and
// reports whether more changes wait.
func (ix *searchIndex) applyNext(ctx context.Context) (bool, error) {
	ix.catchMu.Lock()
	defer ix.catchMu.Unlock()
	select {
	case <-ix.stop:
		return false, nil
	default:
	}
	_, more, err := ix.applyBatch(ctx)
	return more, err
}

// indexedMessage is what the index keeps of a message.
type indexedMessage struct {
	Text string // also the source of its pairs of common words
	From string
	Chat string
	Day  string // none when the time is impossible: it sorts last by time, and no date: finds it
	TOD  string
}

// applyBatch indexes the next window of sequence numbers: the messages
// archived at them and the messages changed at them. It reports how many
// documents it wrote and whether more changes wait.
//
// Building a segment is single-threaded in Bleve, so the window is split
// into one batch per core, built concurrently. A message appears in only
// one of them (rows carry its current state, so one copy is enough), which
// keeps concurrent batches from racing over a document; each builds its
// own documents. Meanwhile, in bulk, the next window is read from SQLite
// (nextWindow), so that no core waits for the reading. The applied
// sequence is recorded only once all of them are in.
func (ix *searchIndex) applyBatch(ctx context.Context) (int, bool, error) {
	applied := ix.applied.Load()
	last, err := maxSeq(ctx, ix.s.db)
	if err != nil {
		return 0, false, fmt.Errorf("store: index: %w", describe(err))
	}
	if last <= applied {
		return 0, false, nil
	}
	idx, release, err := ix.use()
	if err != nil {
		return 0, false, err
	}
	defer release()
	workers, size := ix.windowShape()
	docs, upto, err := ix.nextWindow(ctx, applied, last, workers, size)
	if err != nil {
		return 0, false, err
	}
	builder, err := messageDocs()
	if err != nil {
		return 0, false, err
	}
	shares := make([][]int64, workers) // the messages of each batch
	i := 0
	for id := range docs {
		shares[i%workers] = append(shares[i%workers], id)
		i++
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i, share := range shares {
		wg.Go(func() { errs[i] = buildBatch(idx, builder, share, docs) })
	}
	if workers > 1 && upto < last { // in bulk: the next window is read while this one builds
		ix.ahead = ix.readWindow(ctx, upto, last, workers, size)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		ix.ahead = nil
		return 0, false, fmt.Errorf("store: index: %w", err)
	}
	if err := idx.SetInternal(keyApplied, binary.BigEndian.AppendUint64(nil, uint64(upto))); err != nil {
		return 0, false, fmt.Errorf("store: index: %w", err)
	}
	ix.applied.Store(upto)
	return len(docs), upto < last, nil
}

// buildBatch builds the documents of the messages ids (nil ones are
// deleted) and applies them to the index in one batch.
func buildBatch(idx bleve.Index, builder *docBuilder, ids []int64, docs map[int64]*indexedMessage) error {
	b := idx.NewBatch()
	for _, id := range ids {
		name := docID(id)
		if doc := docs[id]; doc == nil {
			b.Delete(name)
		} else if err := b.IndexAdvanced(builder.document(name, doc)); err != nil {
			return fmt.Errorf("index message %d: %w", id, err)
		}
	}
	return batch(idx, b)
}

// batch applies b to the index. Bleve can panic inside a batch when its
// files fail under it (a full disk closes a segment the batch reads): the
// index is derived and catches up from SQLite, so that is an error here,
// never the end of the process.
func batch(idx bleve.Index, b *bleve.Batch) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bleve failed inside a batch: %v", r)
		}
	}()
	return idx.Batch(b)
}

// readChanges reads, in sequence, the current state of every message
// archived, changed or removed in the window (from, upto], stopping early
// once the texts read reach maxBytes; it returns the sequence it read up to.
// nil marks a message to drop from the index.
func (ix *searchIndex) readChanges(ctx context.Context, from, upto int64, maxBytes int) (map[int64]*indexedMessage, int64, error) {
	// Each arm is in its primary key's order, so SQLite merges them
	// without sorting.
	rows, err := ix.s.db.QueryContext(ctx, `
		SELECT id, id, chat_id, author, sent_at, time_suspect, substr(coalesce(text, body), 1, ?3), deleted FROM messages WHERE id > ?1 AND id <= ?2
		UNION ALL
		SELECT c.seq, m.id, m.chat_id, m.author, m.sent_at, m.time_suspect, substr(coalesce(m.text, m.body), 1, ?3), m.deleted
		FROM changes c JOIN messages m ON m.id = c.message_id WHERE c.seq > ?1 AND c.seq <= ?2
		UNION ALL
		SELECT seq, message_id, 0, '', 0, 0, '', 1 FROM removed_messages WHERE seq > ?1 AND seq <= ?2
		ORDER BY 1`, from, upto, indexTextChars)
	if err != nil {
		return nil, 0, fmt.Errorf("store: index: read changes: %w", describe(err))
	}
	defer rows.Close()
	docs := map[int64]*indexedMessage{}
	reached, bytes := from, 0
	for bytes < maxBytes && rows.Next() {
		var seq, id, chat, sent int64
		var author, text string
		var deleted, suspect bool
		if err := rows.Scan(&seq, &id, &chat, &author, &sent, &suspect, &text, &deleted); err != nil {
			return nil, 0, fmt.Errorf("store: index: read changes: %w", err)
		}
		reached, bytes = seq, bytes+len(text)
		if deleted || text == "" {
			docs[id] = nil
			continue
		}
		doc := &indexedMessage{Text: text, From: toLower(author), Chat: chatKey(chat)}
		if !suspect {
			t := time.UnixMilli(sent).UTC()
			doc.Day, doc.TOD = t.Format(time.DateOnly), t.Format(time.TimeOnly)
		}
		docs[id] = doc
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: index: read changes: %w", err)
	}
	if bytes < maxBytes {
		reached = upto // every row of the window was read
	}
	return docs, reached, nil
}

// IndexLag is how many changes the index has yet to apply. Opened without
// its index (OpenDB), the store looks at the index on disk, read-only:
// ErrIndexInUse when another process has it open.
func (s *Store) IndexLag(ctx context.Context) (int64, error) {
	seq, err := maxSeq(ctx, s.db)
	if err != nil {
		return 0, fmt.Errorf("store: index lag: %w", describe(err))
	}
	applied := int64(0)
	if s.index != nil {
		applied = s.index.appliedSeq()
	} else if applied, err = s.appliedOnDisk(); err != nil {
		return 0, fmt.Errorf("store: index lag: %w", err)
	}
	return max(seq-applied, 0), nil
}

// appliedOnDisk reads the last change the index on disk applied, opening
// it read-only for a moment; 0 when there is no index, or one that would
// be rebuilt (unreadable, of another mapping, ahead of the database).
func (s *Store) appliedOnDisk() (int64, error) {
	path := filepath.Join(s.dir, IndexDir)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	idx, err := bleve.OpenUsing(path, map[string]any{"read_only": true, "bolt_timeout": "200ms"})
	if isLockTimeout(err) {
		return 0, ErrIndexInUse
	}
	if err != nil {
		return 0, nil
	}
	defer idx.Close()
	ix := &searchIndex{idx: idx}
	applied, version, err := ix.readState()
	if err != nil || version != mappingVersion || applied > s.seq {
		return 0, nil
	}
	return applied, nil
}

// LastChange is the archive's last change sequence number: anything
// derived from the archive is current while it stays the same.
func (s *Store) LastChange(ctx context.Context) (int64, error) {
	seq, err := maxSeq(ctx, s.db)
	if err != nil {
		return 0, fmt.Errorf("store: last change: %w", describe(err))
	}
	return seq, nil
}

// WaitIndexed brings the index, and the statistics that search and pages
// read beside it (the names people went by, say), up to date with
// everything committed so far.
func (s *Store) WaitIndexed(ctx context.Context) error {
	if s.index == nil {
		return errors.New("store: opened without its index")
	}
	s.index.waiting.Add(1)
	defer s.index.waiting.Add(-1)
	return s.catchUpWithStats(ctx, ctx)
}

// catchUpWithStats brings the index and the statistics, which follow the
// same changes, up to date at the same time: the statistics count on one
// core while the index builds, not after it (the index reads SQLite and
// writes Bleve; the statistics write tables of their own). statsCtx ends
// the count.
func (s *Store) catchUpWithStats(ctx, statsCtx context.Context) error {
	stats := make(chan error, 1)
	go func() { stats <- s.CatchUpStats(statsCtx) }()
	err := s.index.catchUp(ctx)
	return errors.Join(err, <-stats)
}

// Reindex rebuilds the full-text index from SQLite, reporting progress in
// changes applied of all (messages, and edits after them). The store must
// have been opened with OpenDB (so that no index is open).
func (s *Store) Reindex(ctx context.Context, progress func(done, total int64)) error {
	if s.index != nil {
		return errors.New("store: reindex needs the store opened without its index")
	}
	path := filepath.Join(s.dir, IndexDir)
	// Make sure no running Chat Channels uses the index before removing it.
	unlock, err := lockIndex(s.dir)
	if err != nil {
		return fmt.Errorf("store: reindex %s: %w; stop it first", path, err)
	}
	defer unlock()
	ix := &searchIndex{s: s, path: path}
	idx, err := ix.recreate()
	if err != nil {
		return err
	}
	ix.idx = idx
	defer idx.Close()
	defer bulkWork()()
	total, err := maxSeq(ctx, s.db)
	if err != nil {
		return fmt.Errorf("store: reindex: %w", describe(err))
	}
	for {
		_, more, err := ix.applyBatch(ctx)
		if err != nil {
			return err
		}
		if progress != nil {
			progress(ix.applied.Load(), total)
		}
		if !more {
			return nil
		}
	}
}

// toLower folds a handle for the index; handles are ASCII in practice, so
// the common case allocates nothing.
func toLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}
