// Package store keeps the archive: chats and messages in SQLite (the source of
// truth) and a Bleve full-text index derived from it.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DBFile and IndexDir name the store's files inside its data folder.
const (
	DBFile   = "chatchannels.db"
	IndexDir = "index.bleve"
)

// Store is an open archive. It is safe for concurrent use; writes are
// serialized by the store itself.
type Store struct {
	dir string
	db  *readDB // reads prepared once (stmts_read.go)

	// mu serializes writers; it guards seq and known.
	mu    sync.Mutex
	seq   int64 // last change sequence handed out
	known *knownSet
	// refsBudget is how many references known keeps in memory (0: the default).
	refsBudget int

	index    *searchIndex
	statsMu  sync.Mutex   // one statistics catch-up at a time (stats.go)
	years    yearsCache   // chats' calendar years (calendar.go)
	ingested atomic.Int64 // incoming messages committed, for Ingested

	closeOnce sync.Once
	closeErr  error
}

// Open opens (creating if needed) the archive in dir, migrates its schema,
// opens the full-text index and starts keeping the index up to date in the
// background. An index that is missing, corrupt or from another schema is
// rebuilt from SQLite.
func Open(dir string) (*Store, error) {
	s, err := OpenDB(dir)
	if err != nil {
		return nil, err
	}
	if err := s.openIndex(); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// OpenDB opens only the SQLite side of the archive, for commands that never
// search (listing chats, rebuilding the index).
func OpenDB(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create data folder %s: %w", dir, err)
	}
	path := filepath.Join(dir, DBFile)
	db, err := openSQLite(path)
	if err != nil {
		return nil, err
	}
	s := &Store{dir: dir, db: &readDB{DB: db}, known: newKnownSet(0)}
	if err := migrate(s); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := calendarZone(context.Background(), s); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if s.seq, err = maxSeq(context.Background(), db); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return s, nil
}

// busyTimeout is how long a write waits for another process's write to end.
var busyTimeout = 5 * time.Second

// openSQLite opens the database file with the settings the store relies on:
// WAL so readers never block the writer, foreign keys enforced, a busy
// timeout so a second process waits briefly instead of failing at once, and
// NORMAL sync, which in WAL mode loses no committed transaction on a crash
// of the process (only on power loss, the last few).
func openSQLite(path string) (*sql.DB, error) {
	dsn := FileURI(path) +
		"?_pragma=busy_timeout(" + strconv.FormatInt(busyTimeout.Milliseconds(), 10) + ")" +
		"&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=cache_size(-16384)" +
		"&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, describe(err))
	}
	// Each connection keeps its own page cache (up to 16 MB): connections a
	// burst of requests opened are closed again once idle.
	db.SetConnMaxIdleTime(time.Minute)
	return db, nil
}

// describe turns the SQLite errors users meet into sentences they understand.
func describe(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "file is not a database"), strings.Contains(msg, "malformed"):
		return fmt.Errorf("the archive is corrupt (%w); restore a backup or move the file away to start afresh", err)
	case strings.Contains(msg, "database is locked"), strings.Contains(msg, "SQLITE_BUSY"):
		return fmt.Errorf("the archive is locked by another program (%w); close it and try again", err)
	}
	return err
}

// Close stops the index follower and closes the index and the database.
// Closing again does nothing.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		var errs []error
		if s.index != nil {
			errs = append(errs, s.index.close())
		}
		errs = append(errs, s.db.Close())
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// tx runs fn in one write transaction, holding the writer lock.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return describe(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return describe(err)
	}
	return nil
}

// maxSeq reads the last change sequence number in the archive: the newest
// message's id, the newest change's or the newest removal's, whichever is
// later.
func maxSeq(ctx context.Context, q querier) (int64, error) {
	var seq int64
	err := q.QueryRowContext(ctx, `SELECT max(coalesce((SELECT max(id) FROM messages), 0), coalesce((SELECT max(seq) FROM changes), 0),
		coalesce((SELECT max(seq) FROM removed_messages), 0))`).Scan(&seq)
	return seq, err
}

// nextSeq hands out the next change sequence number. Callers hold s.mu.
func (s *Store) nextSeq() int64 {
	s.seq++
	return s.seq
}
