package store

import (
	"context"
	"fmt"
	"testing"
)

// TestReadStatementsKept: a read runs on a statement prepared once, sees
// what was committed after it was prepared, and leaves no snapshot open
// behind it (a checkpoint of the whole WAL succeeds); a bad query reports
// its error as before; queries beyond maxReadStmts still run.
func TestReadStatementsKept(t *testing.T) {
	s, err := OpenDB(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	const count = `SELECT count(*) FROM messages`
	var n int
	if err := s.db.QueryRowContext(ctx, count).Scan(&n); err != nil || n != 0 {
		t.Fatalf("count %d (%v), want 0", n, err)
	}
	st := s.db.stmts[count]
	if st == nil {
		t.Fatal("the read's statement was not kept")
	}
	ingestNumbered(t, s, 3)
	rows, err := s.db.QueryContext(ctx, count)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	rows.Close()
	if n != 3 || s.db.stmts[count] != st {
		t.Fatalf("count %d after archiving 3 (statement kept: %v), want 3 on the same statement", n, s.db.stmts[count] == st)
	}
	var busy, logged, done int
	if err := s.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &done); err != nil || busy != 0 {
		t.Fatalf("checkpoint busy %d (%v): a kept statement holds a snapshot", busy, err)
	}

	if err := s.db.QueryRowContext(ctx, `SELECT nothing FROM nowhere`).Scan(&n); err == nil {
		t.Fatal("a bad query ran")
	}
	for i := len(s.db.stmts); i <= maxReadStmts+5; i++ {
		if err := s.db.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d + count(*) FROM messages`, i)).Scan(&n); err != nil || n != i+3 {
			t.Fatalf("query %d: %d (%v), want %d", i, n, err, i+3)
		}
	}
	if len(s.db.stmts) != maxReadStmts {
		t.Fatalf("%d statements kept, want at most %d", len(s.db.stmts), maxReadStmts)
	}
}
