// Package maindb imports the classic Skype main.db (Skype 3.x–7.x, SQLite)
// into the archive. Columns are selected by name, since the schema differs
// between Skype versions.
package maindb

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/chatchannels/chatchannels/store"
)

// Report is what an import did.
type Report struct {
	store.IngestResult
	Chats       int // chats the messages were filed under
	SuspectTime int // messages whose time was impossible, kept and flagged
}

// Import archives every message of the main.db at path. Importing it again
// changes nothing; the file is only read.
func Import(ctx context.Context, s *store.Store, path string) (Report, error) {
	db, err := open(path)
	if err != nil {
		return Report{}, err
	}
	defer db.Close()
	r := &reader{db: db, path: path}
	rep, err := r.importInto(ctx, s)
	if err != nil {
		return rep, fmt.Errorf("maindb: %s: %w", path, err)
	}
	return rep, nil
}

// open opens main.db read-only and checks that it is one.
func open(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?mode=ro&_pragma=busy_timeout(2000)")
	if err != nil {
		return nil, fmt.Errorf("maindb: open %s: %w", path, err)
	}
	var n int
	err = db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('Messages', 'Chats')`).Scan(&n)
	switch {
	case err != nil:
		db.Close()
		msg := err.Error()
		if strings.Contains(msg, "locked") || strings.Contains(msg, "busy") {
			return nil, fmt.Errorf("maindb: %s is locked (is Skype running? close it and try again): %w", path, err)
		}
		return nil, fmt.Errorf("maindb: %s is not a readable SQLite database: %w", path, err)
	case n != 2:
		db.Close()
		return nil, fmt.Errorf("maindb: %s is not a Skype main.db (it has no Messages and Chats tables)", path)
	}
	return db, nil
}

type reader struct {
	db   *sql.DB
	path string
}

// columns lists a table's columns, so queries name only those it has.
func (r *reader) columns(table string) (map[string]bool, error) {
	rows, err := r.db.Query(`SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		cols[name] = true
	}
	return cols, rows.Err()
}

// pick is the column if the table has it, else a stand-in value.
func pick(cols map[string]bool, name, otherwise string) string {
	if cols[name] {
		return name
	}
	return otherwise
}
