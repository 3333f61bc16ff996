package store

import (
	"context"
	"fmt"
)

// MergedWith counts the messages that source reported after another source
// had archived them (so that they merged), by the source that archived them
// first. An importer reads it before and after a file to say what the file
// merged with (MergedSince); it reads the whole of message_refs once, not
// message by message.
func (s *Store) MergedWith(ctx context.Context, source string) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT first.name, count(*)
		FROM message_refs r
		JOIN sources me ON me.id = r.source_id
		JOIN messages m ON m.id = r.message_id
		JOIN sources first ON first.id = m.source_id
		WHERE me.name = ? AND first.id != me.id
		GROUP BY first.name`, source)
	if err != nil {
		return nil, fmt.Errorf("store: messages %s merged with: %w", source, describe(err))
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return nil, fmt.Errorf("store: messages %s merged with: %w", source, err)
		}
		counts[name] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: messages %s merged with: %w", source, describe(err))
	}
	return counts, nil
}

// MergedSince is what MergedWith gained since it said before: the messages
// that source merged with each other source meanwhile.
func (s *Store) MergedSince(ctx context.Context, source string, before map[string]int) (map[string]int, error) {
	after, err := s.MergedWith(ctx, source)
	if err != nil {
		return nil, err
	}
	for name, n := range after {
		if n -= before[name]; n > 0 {
			after[name] = n
		} else {
			delete(after, name)
		}
	}
	return after, nil
}
