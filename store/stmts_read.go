package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// readDB is the archive's database with its reads' statements prepared
// once and kept: SQLite, compiled to Go, takes ~100 µs to parse a query,
// which was a fifth of the serving process's CPU under load (a search
// answer runs two queries per hit for its context). Writes go through
// transactions and are left as they are.
type readDB struct {
	*sql.DB

	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// maxReadStmts bounds how many statements readDB keeps; a query beyond them
// is parsed each time, as before. The store's reads are far fewer.
const maxReadStmts = 256

// stmt returns query prepared, preparing it the first time; nil when it
// cannot be kept (too many kept, or an error, which running it unprepared
// reports the same).
func (d *readDB) stmt(ctx context.Context, query string) *sql.Stmt {
	d.mu.Lock()
	defer d.mu.Unlock()
	if st, ok := d.stmts[query]; ok {
		return st
	}
	if len(d.stmts) >= maxReadStmts {
		return nil
	}
	st, err := d.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if d.stmts == nil {
		d.stmts = map[string]*sql.Stmt{}
	}
	d.stmts[query] = st
	return st
}

// QueryContext runs query with its statement prepared once.
func (d *readDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := d.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return d.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query with its statement prepared once.
func (d *readDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := d.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return d.DB.QueryRowContext(ctx, query, args...)
}

// QueryRow is QueryRowContext without a context.
func (d *readDB) QueryRow(query string, args ...any) *sql.Row {
	return d.QueryRowContext(context.Background(), query, args...)
}

// Close closes the kept statements, then the database.
func (d *readDB) Close() error {
	d.mu.Lock()
	var errs []error
	for _, st := range d.stmts {
		errs = append(errs, st.Close())
	}
	d.stmts = nil
	d.mu.Unlock()
	return errors.Join(append(errs, d.DB.Close())...)
}
