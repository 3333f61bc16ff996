package store

import (
	"context"
	"database/sql"
)

// stmtCache prepares each statement once per write transaction.
type stmtCache struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newStmtCache(ctx context.Context, tx *sql.Tx) stmtCache {
	return stmtCache{ctx: ctx, tx: tx, stmts: map[string]*sql.Stmt{}}
}

// stmt prepares query, or returns it prepared before.
func (c *stmtCache) stmt(query string) (*sql.Stmt, error) {
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	st, err := c.tx.PrepareContext(c.ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = st
	return st, nil
}

func (c *stmtCache) close() {
	for _, st := range c.stmts {
		st.Close()
	}
}
