package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"time"
)

// A chat reads in one order: by time, then by archive id (which orders
// messages of one millisecond as they were archived). Pages are windows
// of that order addressed by a message's key, never by an offset, so an
// address names the same messages however many come later, and any page
// of a long chat is two index range reads.

// PageQuery says which page of a chat to read. At most one of its fields
// is set; none asks for the newest page.
type PageQuery struct {
	Before string    // the messages just before this key's message
	After  string    // the messages just after this key's message
	Oldest bool      // the first messages of the chat
	At     string    // a page with this key's message in its middle (near the ends, a full page that holds it)
	Since  time.Time // the messages from the first one sent at or after this time (near the end, a full page)
	Unread bool      // the messages from the first after the read position (near the end, a full page)
}

// Page is a window of a chat's messages.
type Page struct {
	Messages []Message // in the chat's order
	// Target is the message PageQuery.At, Since or Unread asked for (At:
	// found by its key or the key of a message since folded into it).
	Target       Message
	Older, Newer bool // whether the chat has messages before and after the page
}

// position is a place in a chat's order.
type position struct{ sent, id int64 }

var (
	chatStart = position{math.MinInt64, math.MinInt64}
	chatEnd   = position{math.MaxInt64, math.MaxInt64}
)

func positionOf(m Message) position { return position{m.Time.UnixMilli(), m.ID} }

// ChatPage reads the page of a chat that q asks for, of up to size
// messages. A key that names no message of the chat, or a time after its
// last message, is ErrNotFound.
func (s *Store) ChatPage(ctx context.Context, chatID int64, q PageQuery, size int) (Page, error) {
	p, err := s.chatPage(ctx, chatID, q, max(size, 1))
	if err != nil {
		return Page{}, fmt.Errorf("store: page of chat %d: %w", chatID, err)
	}
	return p, nil
}

func (s *Store) chatPage(ctx context.Context, chatID int64, q PageQuery, size int) (Page, error) {
	var p Page
	keyed := func(key string) (position, error) {
		m, err := s.MessageByKey(ctx, chatID, key)
		p.Target = m
		return positionOf(m), err
	}
	switch {
	case q.Before != "":
		pos, err := keyed(q.Before)
		if err != nil {
			return p, err
		}
		return s.pageBefore(ctx, chatID, pos, size, true)
	case q.After != "":
		pos, err := keyed(q.After)
		if err != nil {
			return p, err
		}
		return s.pageAfter(ctx, chatID, pos, size, true)
	case q.Oldest:
		return s.pageAfter(ctx, chatID, chatStart, size, false)
	case q.At != "":
		pos, err := keyed(q.At)
		if err != nil {
			return p, err
		}
		return s.pageAround(ctx, chatID, p.Target, pos, size)
	case !q.Since.IsZero():
		page, err := s.pageFrom(ctx, chatID, position{q.Since.UnixMilli(), math.MinInt64}, size)
		if err == nil && page.Target.ID == 0 {
			err = fmt.Errorf("no messages from %s: %w", q.Since.Format(time.DateOnly), ErrNotFound)
		}
		return page, err
	case q.Unread:
		var at sql.NullInt64
		var id int64
		if err := s.db.QueryRowContext(ctx, `SELECT read_at, read_id FROM chats WHERE id = ?`, chatID).Scan(&at, &id); err != nil {
			return p, describe(err)
		}
		pos := chatStart
		if at.Valid {
			pos = position{at.Int64, id}
			if id < math.MaxInt64 {
				pos.id++ // the first message after the one read
			} else {
				pos = position{at.Int64 + 1, math.MinInt64}
			}
		}
		page, err := s.pageFrom(ctx, chatID, pos, size)
		if err == nil && page.Target.ID == 0 { // nothing unread
			return s.pageBefore(ctx, chatID, chatEnd, size, false)
		}
		return page, err
	}
	return s.pageBefore(ctx, chatID, chatEnd, size, false)
}

// pageBefore is the size messages before pos; newer says whether pos is a
// message.
func (s *Store) pageBefore(ctx context.Context, chatID int64, pos position, size int, newer bool) (Page, error) {
	msgs, err := s.messagesBefore(ctx, chatID, pos, size+1)
	if err != nil {
		return Page{}, err
	}
	p := Page{Older: len(msgs) > size, Newer: newer}
	msgs = msgs[:min(len(msgs), size)]
	slices.Reverse(msgs)
	p.Messages = msgs
	return p, nil
}

// pageAfter is the size messages after pos; older says whether pos is a
// message.
func (s *Store) pageAfter(ctx context.Context, chatID int64, pos position, size int, older bool) (Page, error) {
	msgs, err := s.messagesFrom(ctx, chatID, pos, size+1, false)
	if err != nil {
		return Page{}, err
	}
	p := Page{Older: older, Newer: len(msgs) > size}
	p.Messages = msgs[:min(len(msgs), size)]
	return p, nil
}

// pageFrom is the page starting with the first message at or after pos
// (its Target), or, near the chat's end, the full page that ends the chat.
// Target is zero when no message comes at or after pos.
func (s *Store) pageFrom(ctx context.Context, chatID int64, pos position, size int) (Page, error) {
	after, err := s.messagesFrom(ctx, chatID, pos, size+1, true)
	if err != nil || len(after) == 0 {
		return Page{}, err
	}
	p := Page{Target: after[0], Newer: len(after) > size}
	after = after[:min(len(after), size)]
	before, err := s.messagesBefore(ctx, chatID, positionOf(after[0]), size-len(after)+1)
	if err != nil {
		return Page{}, err
	}
	n := min(len(before), size-len(after))
	p.Older = len(before) > n
	p.Messages = make([]Message, 0, n+len(after))
	for i := n - 1; i >= 0; i-- {
		p.Messages = append(p.Messages, before[i])
	}
	p.Messages = append(p.Messages, after...)
	return p, nil
}

// pageAround is a full page holding target (at pos), in its middle unless
// the chat's start or end is near. It reads about one page of rows: half
// before, the rest from the target on, and more before only near the end.
func (s *Store) pageAround(ctx context.Context, chatID int64, target Message, pos position, size int) (Page, error) {
	half := size / 2
	before, err := s.messagesBefore(ctx, chatID, pos, half+1)
	if err != nil {
		return Page{}, err
	}
	nb := min(len(before), half)
	after, err := s.messagesFrom(ctx, chatID, pos, size-nb+1, true) // target first
	if err != nil {
		return Page{}, err
	}
	na := min(len(after), size-nb)
	if na < size-nb && len(before) > nb { // near the end: fill the page from before
		if before, err = s.messagesBefore(ctx, chatID, pos, size-na+1); err != nil {
			return Page{}, err
		}
		nb = min(len(before), size-na)
	}
	p := Page{Target: target, Older: len(before) > nb, Newer: len(after) > na}
	p.Messages = make([]Message, 0, nb+na)
	for i := nb - 1; i >= 0; i-- {
		p.Messages = append(p.Messages, before[i])
	}
	p.Messages = append(p.Messages, after[:na]...)
	return p, nil
}

// messagesBefore reads up to limit messages before pos, newest first.
func (s *Store) messagesBefore(ctx context.Context, chatID int64, pos position, limit int) ([]Message, error) {
	return s.queryMessages(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE chat_id = ?1 AND sent_at <= ?2 AND (sent_at < ?2 OR id < ?3)
		ORDER BY sent_at DESC, id DESC LIMIT ?4`, chatID, pos.sent, pos.id, limit)
}

// messagesFrom reads up to limit messages after pos (from it, when
// including), oldest first.
func (s *Store) messagesFrom(ctx context.Context, chatID int64, pos position, limit int, including bool) ([]Message, error) {
	op := ">"
	if including {
		op = ">="
	}
	return s.queryMessages(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE chat_id = ?1 AND sent_at >= ?2 AND (sent_at > ?2 OR id `+op+` ?3)
		ORDER BY sent_at, id LIMIT ?4`, chatID, pos.sent, pos.id, limit)
}
