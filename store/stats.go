package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode"

	"github.com/chatchannels/chatchannels/store/markup"
)

// The statistics (messages per month, per person, by weekday and hour, the
// busiest days, the longest silences) are sums kept up to date with the
// change sequence, as the full-text index is: stats_state records the last
// change counted, and catching up counts every message archived, changed or
// removed since. What each message counted for is kept in stats_counted, so
// that a change takes back exactly that before counting the message anew.
//
// Messages are summed per UTC hour (stats_hours, chat 0 being the whole
// archive), so that pages can show them in any time zone: to the hour, as
// zones half an hour off UTC see each UTC hour in one of their two hours.
// Words are summed per chat and author (stats_authors).

// statsBatchSize is how many changes one catching-up transaction counts, so
// that a writer never waits long for it.
const statsBatchSize = 5000

// countsInStats is the one rule of what the statistics count: messages, as
// pages show them (not events such as joins, calls or topic changes: see
// markup.IsEvent), not deleted, sent at a possible time.
func countsInStats(typ string, timeSuspect, deleted bool) bool {
	return !timeSuspect && !deleted && !markup.IsEvent(typ)
}

// countWords counts the words of a text: its runs of non-space characters
// that hold a letter or a digit (a lone "-" or emoji is no word).
func countWords(text string) int {
	n := 0
	for f := range strings.FieldsSeq(text) {
		if strings.IndexFunc(f, isWordRune) >= 0 {
			n++
		}
	}
	return n
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// hourOf is the UTC hour (unix time / 3600) of a unix time in ms.
func hourOf(ms int64) int64 {
	if ms < 0 {
		return (ms+1)/3_600_000 - 1
	}
	return ms / 3_600_000
}

// CatchUpStats counts every change since the statistics last did. The
// store's follower calls it after the index catches up; pages call it
// before reading statistics, so that what they show is current.
func (s *Store) CatchUpStats(ctx context.Context) error {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	for {
		more, err := s.countStatsBatch(ctx)
		if err != nil {
			return fmt.Errorf("store: statistics: %w", err)
		}
		if !more {
			return nil
		}
	}
}

// CountRecentChanges counts what changed since the statistics last counted
// when that is little (one batch) and no one is counting already, so that
// a page shows a message archived a moment ago without ever waiting for a
// long count (the follower does those).
func (s *Store) CountRecentChanges(ctx context.Context) error {
	if !s.statsMu.TryLock() {
		return nil
	}
	defer s.statsMu.Unlock()
	lag, err := s.StatsLag(ctx)
	if err != nil || lag == 0 || lag > statsBatchSize {
		return err
	}
	if _, err := s.countStatsBatch(ctx); err != nil {
		return fmt.Errorf("store: statistics: %w", err)
	}
	return nil
}

// StatsLag is how many changes the statistics have yet to count.
func (s *Store) StatsLag(ctx context.Context) (int64, error) {
	last, err := maxSeq(ctx, s.db)
	if err != nil {
		return 0, fmt.Errorf("store: statistics lag: %w", describe(err))
	}
	applied, err := statsApplied(ctx, s.db)
	if err != nil {
		return 0, fmt.Errorf("store: statistics lag: %w", describe(err))
	}
	return max(last-applied, 0), nil
}

func statsApplied(ctx context.Context, q querier) (int64, error) {
	var applied int64
	err := q.QueryRowContext(ctx, `SELECT applied_seq FROM stats_state`).Scan(&applied)
	return applied, err
}

// countStatsBatch counts the next window of changes in one transaction and
// reports whether more wait.
func (s *Store) countStatsBatch(ctx context.Context) (bool, error) {
	last, err := maxSeq(ctx, s.db)
	if err != nil {
		return false, describe(err)
	}
	applied, err := statsApplied(ctx, s.db)
	if err != nil {
		return false, describe(err)
	}
	if applied >= last {
		return false, nil
	}
	s.mu.Lock() // one writer at a time in this process
	defer s.mu.Unlock()
	more := false
	err = s.tx(ctx, func(tx *sql.Tx) error {
		applied, err := statsApplied(ctx, tx) // another process may have counted meanwhile
		if err != nil {
			return err
		}
		if last, err = maxSeq(ctx, tx); err != nil {
			return err
		}
		if applied >= last {
			return nil
		}
		upto := min(applied+statsBatchSize, last)
		c := &statsCounter{stmtCache: newStmtCache(ctx, tx), applied: applied,
			hours: map[hourKey]int{}, authors: map[authorKey]sums{}, names: map[nameKey]int64{}}
		defer c.close()
		changed, err := readStatsChanges(ctx, tx, applied, upto)
		if err != nil {
			return err
		}
		for _, m := range changed {
			if err := c.recount(m); err != nil {
				return err
			}
		}
		if err := c.write(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stats_state SET applied_seq = ?`, upto); err != nil {
			return err
		}
		more = upto < last
		return nil
	})
	return more, err
}

// statsMessage is what the statistics read of a changed message.
type statsMessage struct {
	id, chat, sent         int64
	author, name, typ      string
	text                   string
	suspect, deleted, gone bool // gone: removed from the archive
}

// readStatsChanges reads the current state of every message archived,
// changed or removed in the sequence window (from, upto], each once.
func readStatsChanges(ctx context.Context, tx *sql.Tx, from, upto int64) ([]statsMessage, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT id, chat_id, sent_at, author, author_name, type, coalesce(text, body), time_suspect, deleted, 0
		FROM messages WHERE id > ?1 AND id <= ?2
		UNION ALL
		SELECT m.id, m.chat_id, m.sent_at, m.author, m.author_name, m.type, coalesce(m.text, m.body), m.time_suspect, m.deleted, 0
		FROM changes c JOIN messages m ON m.id = c.message_id WHERE c.seq > ?1 AND c.seq <= ?2
		UNION ALL
		SELECT message_id, 0, 0, '', '', '', '', 0, 1, 1 FROM removed_messages WHERE seq > ?1 AND seq <= ?2`, from, upto)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := map[int64]bool{}
	var out []statsMessage
	for rows.Next() {
		var m statsMessage
		if err := rows.Scan(&m.id, &m.chat, &m.sent, &m.author, &m.name, &m.typ, &m.text, &m.suspect, &m.deleted, &m.gone); err != nil {
			return nil, err
		}
		if !seen[m.id] { // rows are current states: one is enough
			seen[m.id] = true
			out = append(out, m)
		}
	}
	return out, rows.Err()
}

type hourKey struct{ chat, hour int64 }

type authorKey struct {
	chat   int64
	author string
}

type nameKey struct{ author, name string }

type sums struct{ messages, words int }

// statsCounter gathers one batch's changes to the sums, then writes them.
type statsCounter struct {
	stmtCache
	applied int64
	hours   map[hourKey]int
	authors map[authorKey]sums
	names   map[nameKey]int64 // newest time each name was seen
	counted []any             // stats_counted rows to write (see putCounted)
}

// recount takes back what a message counted for and counts it as it is now.
func (c *statsCounter) recount(m statsMessage) error {
	if m.id <= c.applied { // counted before, perhaps
		get, err := c.stmt(`SELECT chat_id, sent_at, author, words FROM stats_counted WHERE message_id = ?`)
		if err != nil {
			return err
		}
		var chat, sent int64
		var author string
		var words int
		switch err := get.QueryRowContext(c.ctx, m.id).Scan(&chat, &sent, &author, &words); err {
		case sql.ErrNoRows:
		case nil:
			c.add(chat, sent, author, -1, -words)
		default:
			return err
		}
	}
	if !m.gone && m.name != "" {
		k := nameKey{m.author, m.name}
		seen := m.sent
		if m.suspect {
			seen = 0 // an impossible time says nothing of which name is newer
		}
		c.names[k] = max(c.names[k], seen)
	}
	if m.gone || !countsInStats(m.typ, m.suspect, m.deleted) {
		del, err := c.stmt(`DELETE FROM stats_counted WHERE message_id = ?`)
		if err != nil {
			return err
		}
		_, err = del.ExecContext(c.ctx, m.id)
		return err
	}
	words := countWords(m.text)
	c.add(m.chat, m.sent, m.author, 1, words)
	return c.putCounted(m.id, m.chat, m.sent, m.author, words)
}

// add adds a message's counts (or, negative, takes them back) to its chat's
// and the archive's sums.
func (c *statsCounter) add(chat, sent int64, author string, messages, words int) {
	h := hourOf(sent)
	c.hours[hourKey{chat, h}] += messages
	c.hours[hourKey{0, h}] += messages
	a := c.authors[authorKey{chat, author}]
	c.authors[authorKey{chat, author}] = sums{a.messages + messages, a.words + words}
}

// write adds the batch's sums to the tables, dropping rows that fall to zero.
func (c *statsCounter) write() error {
	if err := c.flushCounted(); err != nil {
		return err
	}
	for k, n := range c.hours {
		if n == 0 {
			continue
		}
		if err := c.exec(`INSERT INTO stats_hours (chat_id, hour, messages) VALUES (?1, ?2, ?3)
			ON CONFLICT DO UPDATE SET messages = messages + ?3`, k.chat, k.hour, n); err != nil {
			return err
		}
		if n < 0 {
			if err := c.exec(`DELETE FROM stats_hours WHERE chat_id = ? AND hour = ? AND messages <= 0`, k.chat, k.hour); err != nil {
				return err
			}
		}
	}
	for k, d := range c.authors {
		if d == (sums{}) {
			continue
		}
		if err := c.exec(`INSERT INTO stats_authors (chat_id, author, messages, words) VALUES (?1, ?2, ?3, ?4)
			ON CONFLICT DO UPDATE SET messages = messages + ?3, words = words + ?4`, k.chat, k.author, d.messages, d.words); err != nil {
			return err
		}
		if d.messages < 0 {
			if err := c.exec(`DELETE FROM stats_authors WHERE chat_id = ? AND author = ? AND messages <= 0`, k.chat, k.author); err != nil {
				return err
			}
		}
	}
	if err := c.writeSpans(); err != nil {
		return err
	}
	for k, seen := range c.names {
		if err := c.exec(`INSERT INTO stats_names (author, name, seen_at) VALUES (?1, ?2, ?3)
			ON CONFLICT DO UPDATE SET seen_at = max(seen_at, ?3)`, k.author, k.name, seen); err != nil {
			return err
		}
	}
	return nil
}

func (c *statsCounter) exec(query string, args ...any) error {
	st, err := c.stmt(query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(c.ctx, args...)
	return err
}
