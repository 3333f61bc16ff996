// Package maindb imports the classic Skype main.db (Skype 3.x–7.x, SQLite)
// into the archive. Columns are selected by name, since the schema differs
// between Skype versions.
package maindb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/chatchannels/chatchannels/store"
)

// Report is what an import did. Every message read is accounted for: Read
// is Added + Merged + Updated + Unchanged + the skipped ones.
type Report struct {
	store.IngestResult
	Owner       string // the account the file belongs to (Accounts.skypename); "" if it names none
	Read        int    // Messages rows read
	Chats       int    // chats the messages were filed under
	SuspectTime int    // messages whose time was impossible, kept and flagged

	SkippedNoChat   int // messages naming no conversation (neither convo_id nor chatname), left out
	SkippedNoAuthor int // messages without an author, left out
	// SkippedBadValue counts the rows left out for holding a value of the
	// wrong kind (text where Skype keeps a number), by "Table.column":
	// Messages rows are messages skipped; rows of other tables leave out
	// what they tell (a conversation, a chat's name, a member).
	SkippedBadValue map[string]int

	// MergedWith counts the messages merged with ones already archived, by
	// the source that archived them first (see store.Store.MergedWith).
	MergedWith map[string]int
}

// SkippedReasons counts the messages left out, by the reason (only reasons
// that occurred).
func (r Report) SkippedReasons() map[string]int {
	reasons := map[string]int{}
	for reason, n := range map[string]int{"without a conversation": r.SkippedNoChat, "without an author": r.SkippedNoAuthor} {
		if n > 0 {
			reasons[reason] = n
		}
	}
	for col, n := range r.SkippedBadValue {
		if table, _, _ := strings.Cut(col, "."); table == "Messages" {
			reasons["with a value of the wrong kind in "+col] += n
		}
	}
	for reason, n := range r.IngestResult.Skipped { // what the store could not archive
		reasons[reason] += n
	}
	return reasons
}

// skipBadValue counts a row left out for a value of the wrong kind in col
// ("Table.column").
func (r *reader) skipBadValue(col string) {
	if r.bad == nil {
		r.bad = map[string]int{}
	}
	r.bad[col]++
}

// OtherRowsSkipped says which rows of tables other than Messages were left
// out for a value of the wrong kind, as "Table.column: n" parts ("" when none).
func (r Report) OtherRowsSkipped() string {
	var parts []string
	for col, n := range r.SkippedBadValue {
		if table, _, _ := strings.Cut(col, "."); table != "Messages" {
			parts = append(parts, fmt.Sprintf("%d in %s", n, col))
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

// Import archives every message of the main.db at path, reporting progress
// (when not nil) as Messages rows read so far and their number. The file
// is only read, in one read transaction, and checked whole
// (PRAGMA quick_check) before anything is archived: a locked, damaged or
// truncated main.db is a one-line error naming it, and the archive stays
// as it was. Importing it again changes nothing.
func Import(ctx context.Context, s *store.Store, path string, progress func(done, total int64)) (Report, error) {
	db, err := open(path)
	if err != nil {
		return Report{}, err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Report{}, unreadable(path, err)
	}
	defer tx.Rollback()
	r := &reader{q: tx, path: path}
	if err := r.check(ctx); err != nil {
		return Report{}, err
	}
	rep, err := r.importInto(ctx, s, progress)
	if err != nil {
		return rep, fmt.Errorf("maindb: %s: %w", path, err)
	}
	return rep, nil
}

// open opens main.db read-only and checks that it is one.
func open(path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", store.FileURI(path)+"?mode=ro&_pragma=busy_timeout(2000)")
	if err != nil {
		return nil, fmt.Errorf("maindb: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	var n int
	err = db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('Messages', 'Chats')`).Scan(&n)
	switch {
	case err != nil:
		db.Close()
		return nil, unreadable(path, err)
	case n != 2:
		db.Close()
		return nil, fmt.Errorf("maindb: %s is not a Skype main.db (it has no Messages and Chats tables)", path)
	}
	return db, nil
}

// unreadable says why main.db at path could not be read.
func unreadable(path string, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "locked") || strings.Contains(msg, "busy"):
		return fmt.Errorf("maindb: %s is locked (is Skype running? close it and try again): %w", path, err)
	case strings.Contains(msg, "malformed") || strings.Contains(msg, "corrupt"):
		return fmt.Errorf("maindb: %s is damaged; nothing was imported (a copy made while Skype was closed may read): %w", path, err)
	}
	return fmt.Errorf("maindb: %s is not a readable SQLite database: %w", path, err)
}

// check reads the whole file once (PRAGMA quick_check), so that a damaged
// or truncated main.db fails before anything is archived.
func (r *reader) check(ctx context.Context) error {
	rows, err := r.q.QueryContext(ctx, `PRAGMA quick_check(5)`)
	if err != nil {
		return unreadable(r.path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return unreadable(r.path, err)
		}
		if line != "ok" {
			problems = append(problems, strings.Join(strings.Fields(line), " "))
		}
	}
	if err := rows.Err(); err != nil {
		return unreadable(r.path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("maindb: %s is damaged; nothing was imported: %s (database disk image is malformed)", r.path, strings.Join(problems, "; "))
	}
	return nil
}

// querier is the read transaction main.db is read in.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

type reader struct {
	q     querier
	path  string
	owner string         // the account the file belongs to, "" if unknown
	bad   map[string]int // rows left out for a value of the wrong kind, by "Table.column"
}

// columns lists a table's columns, so queries name only those it has.
func (r *reader) columns(ctx context.Context, table string) (map[string]bool, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
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
