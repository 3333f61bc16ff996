package store

import (
	"context"
	"fmt"
	"math"
	"time"
)

// The read position is kept per chat in the archive (chats.read_at,
// read_id, read_opened). Reading the chat's pages here moves it forward
// (MarkRead); before the chat was first read here, a source that knows how
// far its owner had read in Skype seeds it (SeedReadPosition: a main.db's
// consumption_horizon); nothing else changes it.

// ReadPosition is where the user stopped reading a chat: the messages at
// or before it, in the chat's order (time, then archive id), are read.
// Messages with an impossible time are never new: their place in time is
// a stand-in.
type ReadPosition struct {
	Set    bool // false: never read here nor seeded, so every message is new
	Opened bool // moved by reading the chat here, not only seeded
	at, id int64
}

// Time is the time of the last message read; zero when not Set.
func (p ReadPosition) Time() time.Time {
	if !p.Set {
		return time.Time{}
	}
	return time.UnixMilli(p.at).UTC()
}

// Unread reports whether m comes after the position.
func (p ReadPosition) Unread(m Message) bool {
	if m.TimeSuspect {
		return false
	}
	if !p.Set {
		return true
	}
	sent := m.Time.UnixMilli()
	return sent > p.at || sent == p.at && m.ID > p.id
}

// PositionAt is the read position up to and including m.
func PositionAt(m Message) ReadPosition {
	return ReadPosition{Set: true, at: m.Time.UnixMilli(), id: m.ID}
}

// MaxUnread is the most unread messages CountUnread counts: beyond it a
// page says "99+", as chat apps do.
const MaxUnread = 99

// CountUnread fills in each chat's Unread: how many of its messages with
// a possible time come after its read position, at most MaxUnread+1. It
// reads the chat's time index alone (no message rows), and subtracts the
// messages of impossible times, which a partial index lists.
func (s *Store) CountUnread(ctx context.Context, chats []Chat) error {
	const after = `chat_id = ?1 AND sent_at >= ?2 AND NOT (sent_at = ?2 AND id <= ?3)`
	suspects, err := s.db.PrepareContext(ctx, `SELECT count(*) FROM messages WHERE time_suspect AND `+after)
	if err != nil {
		return fmt.Errorf("store: count unread messages: %w", describe(err))
	}
	defer suspects.Close()
	all, err := s.db.PrepareContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM messages INDEXED BY messages_by_chat_time WHERE `+after+` LIMIT ?4)`)
	if err != nil {
		return fmt.Errorf("store: count unread messages: %w", describe(err))
	}
	defer all.Close()
	for i := range chats {
		c := &chats[i]
		at, id := int64(math.MinInt64), int64(0)
		if c.Read.Set {
			at, id = c.Read.at, c.Read.id
		}
		var odd, n int
		err := suspects.QueryRowContext(ctx, c.ID, at, id).Scan(&odd)
		if err == nil {
			err = all.QueryRowContext(ctx, c.ID, at, id, MaxUnread+1+odd).Scan(&n)
		}
		if err != nil {
			return fmt.Errorf("store: count unread messages of %s: %w", c.Name, describe(err))
		}
		c.Unread = n - odd
	}
	return nil
}

// MarkRead moves the chat's read position forward to m, the last message
// the user was shown, and reports whether it moved. A message with an
// impossible time never moves it, and nor does one at or before it.
func (s *Store) MarkRead(ctx context.Context, chatID int64, m Message) (bool, error) {
	if m.TimeSuspect {
		return false, nil
	}
	p := PositionAt(m)
	res, err := s.db.ExecContext(ctx, `UPDATE chats SET read_at = ?2, read_id = ?3, read_opened = 1
		WHERE id = ?1 AND (read_at IS NULL OR read_at < ?2 OR read_at = ?2 AND read_id < ?3)`, chatID, p.at, p.id)
	if err != nil {
		return false, fmt.Errorf("store: mark chat %d read: %w", chatID, describe(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: mark chat %d read: %w", chatID, describe(err))
	}
	return n > 0, nil
}

// SeedReadPosition records that the owner of a source had read the named
// chat up to at (every message sent then or before), as a main.db's
// consumption horizon says. It applies until the chat is first read here,
// and only forward: the latest seed of all sources wins.
func (s *Store) SeedReadPosition(ctx context.Context, chat string, at time.Time) error {
	if at.IsZero() {
		return nil
	}
	c, err := s.FindChat(ctx, chat)
	if err != nil {
		return err
	}
	ms := at.UnixMilli()
	if _, err := s.db.ExecContext(ctx, `UPDATE chats SET read_at = ?2, read_id = ?3
		WHERE id = ?1 AND NOT read_opened AND (read_at IS NULL OR read_at < ?2)`, c.ID, ms, int64(math.MaxInt64)); err != nil {
		return fmt.Errorf("store: seed the read position of %s: %w", chat, describe(err))
	}
	return nil
}
