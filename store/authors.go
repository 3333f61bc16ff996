package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// AuthorHandles finds the people a person means by who: the handles that
// are who, or that wrote under who as their display name, compared without
// regard to case. A person's display name changes over time: each handle
// that ever went by who counts, with all its messages. nil when none does.
func (s *Store) AuthorHandles(ctx context.Context, who string) ([]string, error) {
	who = strings.TrimSpace(who)
	if who == "" {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT author, author_name FROM messages`)
	if err != nil {
		return nil, fmt.Errorf("store: find %q among the authors: %w", who, describe(err))
	}
	defer rows.Close()
	var handles []string
	for rows.Next() {
		var handle, name string
		if err := rows.Scan(&handle, &name); err != nil {
			return nil, fmt.Errorf("store: find %q among the authors: %w", who, err)
		}
		if (strings.EqualFold(handle, who) || strings.EqualFold(name, who)) && !slices.Contains(handles, handle) {
			handles = append(handles, handle)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: find %q among the authors: %w", who, describe(err))
	}
	slices.Sort(handles)
	return handles, nil
}
