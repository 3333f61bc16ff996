package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"time"
)

// MessageRange picks messages of a chat to read in order (MessagePages).
type MessageRange struct {
	Since, Until time.Time // sent in [Since, Until); zero: open at that end
	Authors      []string  // sent by one of these handles; nil: by anyone
	NewestFirst  bool      // newest first instead of oldest first
}

// PageSize is how many messages one step of MessagePages reads.
const PageSize = 1000

// MessagePages calls fn with the messages of chat chatID that r picks, a
// page of up to PageSize at a time, in the chat's order: by send time, then
// by id (as its pages show them), or the reverse. Each page is read after
// the last message of the one before (a cursor, never an offset), so that
// memory stays flat and every page costs the same however long the chat.
// fn must not keep the slice: the next page reuses it.
func (s *Store) MessagePages(ctx context.Context, chatID int64, r MessageRange, fn func(page []Message) error) error {
	where, args, err := r.where(chatID)
	if err != nil {
		return err
	}
	// The cursor moves the range's bound (?2 oldest first, ?3 newest first)
	// rather than adding one of its own: given two lower bounds, SQLite may
	// seek by the other and walk the chat from its start for every page.
	cmp, order, bound := ">", "", 1
	if r.NewestFirst {
		cmp, order, bound = "<", " DESC", 2
	}
	after := len(args) + 1 // the last message's time and id
	query := fmt.Sprintf(`SELECT %s FROM messages WHERE %s AND (sent_at %s ?%d OR id %s ?%d)
		ORDER BY sent_at%s, id%s LIMIT %d`, messageColumns, where, cmp, after, cmp, after+1, order, order, PageSize)
	args = append(args, args[bound], int64(math.MinInt64))
	if r.NewestFirst {
		args[after] = int64(math.MaxInt64)
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return fmt.Errorf("store: read chat %d: %w", chatID, describe(err))
	}
	defer st.Close()
	page := make([]Message, 0, PageSize)
	for {
		page, err = readPage(ctx, st, page[:0], args)
		if err != nil {
			return fmt.Errorf("store: read chat %d: %w", chatID, err)
		}
		if len(page) == 0 {
			return nil
		}
		if err := fn(page); err != nil {
			return err
		}
		if len(page) < PageSize {
			return nil
		}
		last := page[len(page)-1]
		sent := last.Time.UnixMilli()
		args[after-1], args[after] = sent, last.ID
		if r.NewestFirst {
			args[bound] = sent + 1 // sent_at < ?3: at or before the last one's time
		} else {
			args[bound] = sent // sent_at >= ?2
		}
	}
}

// CountMessages counts the messages of chat chatID that r picks: what
// MessagePages would read.
func (s *Store) CountMessages(ctx context.Context, chatID int64, r MessageRange) (int, error) {
	where, args, err := r.where(chatID)
	if err != nil {
		return 0, err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM messages WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count the messages of chat %d: %w", chatID, describe(err))
	}
	return n, nil
}

// where is the condition that picks r's messages of a chat, with its
// arguments (numbered parameters ?1…).
func (r MessageRange) where(chatID int64) (string, []any, error) {
	where := `chat_id = ?1 AND sent_at >= ?2 AND sent_at < ?3`
	args := []any{chatID, int64(math.MinInt64), int64(math.MaxInt64)}
	if !r.Since.IsZero() {
		args[1] = r.Since.UnixMilli()
	}
	if !r.Until.IsZero() {
		args[2] = r.Until.UnixMilli()
	}
	if r.Authors != nil {
		authors, err := json.Marshal(r.Authors)
		if err != nil {
			return "", nil, err
		}
		where += ` AND author IN (SELECT value FROM json_each(?4))`
		args = append(args, string(authors))
	}
	return where, args, nil
}

// readPage reads one page of messages into page.
func readPage(ctx context.Context, st *sql.Stmt, page []Message, args []any) ([]Message, error) {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return page, describe(err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return page, err
		}
		page = append(page, m)
	}
	return page, rows.Err()
}

// Versioned is the set of messages that have earlier versions (few, as
// edits are), so that a reader of many pages asks VersionsOf only for
// those.
func (s *Store) Versioned(ctx context.Context) (*MessageSet, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT message_id FROM message_versions`)
	if err != nil {
		return nil, fmt.Errorf("store: read versions: %w", describe(err))
	}
	defer rows.Close()
	set := newMessageSet()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: read versions: %w", err)
		}
		set.add(id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read versions: %w", describe(err))
	}
	return set, nil
}

// VersionsOf lists the earlier versions of the given messages, oldest
// first, by message id (messages without any are left out): Versions for a
// page of messages in one query.
func (s *Store) VersionsOf(ctx context.Context, messageIDs []int64) (map[int64][]Version, error) {
	if len(messageIDs) == 0 {
		return nil, nil
	}
	ids, err := json.Marshal(messageIDs)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT message_id, body, text, edited_by, edited_at FROM message_versions
		WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, edited_at, id`, string(ids))
	if err != nil {
		return nil, fmt.Errorf("store: read versions: %w", describe(err))
	}
	defer rows.Close()
	out := map[int64][]Version{}
	for rows.Next() {
		var id, edited int64
		var v Version
		if err := rows.Scan(&id, &v.Body, &v.Text, &v.EditedBy, &edited); err != nil {
			return nil, fmt.Errorf("store: read versions: %w", err)
		}
		v.EditedAt = millisTime(edited)
		out[id] = append(out[id], v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read versions: %w", describe(err))
	}
	return out, nil
}
