package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Incoming is one message as one source saw it: the live API, an export or
// a main.db. Its delivery status is deliberately absent: it never enters
// identity (DESIGN.md rule 4).
type Incoming struct {
	Chat        string    // the chat's name or any alias the store knows
	Source      string    // who saw it, e.g. "live:alice", "export:alice", "maindb:alice"
	Ref         string    // the source's stable reference for it within the chat (see ContentRef); sightings of one reference that are not copies of one message (see copies) are two messages (see DistinctRef)
	Author      string    // handle without MRI prefix
	AuthorName  string    // display name at the time
	Time        time.Time // when it was sent
	Precise     bool      // Time has millisecond precision (else whole seconds)
	TimeSuspect bool      // the source gave an impossible time; Time is a stand-in
	Type        string    // SAID, EMOTED, SETTOPIC, …
	Body        string    // raw Skype markup
	EditedBy    string
	EditedAt    time.Time // zero if never edited
	Deleted     bool
}

func (m *Incoming) validate() error {
	switch {
	case m.Chat == "":
		return errors.New("message has no chat")
	case m.Source == "" || m.Ref == "":
		return errors.New("message has no source reference")
	case m.Author == "":
		return errors.New("message has no author")
	case m.Time.IsZero():
		return errors.New("message has no time")
	}
	return nil
}

// Message is an archived message.
type Message struct {
	ID            int64
	Key           string // stable anchor and feed id
	ChatID        int64
	Author        string
	AuthorName    string
	Time          time.Time
	TimePrecision time.Duration // time.Millisecond or time.Second
	TimeSuspect   bool
	Type          string
	Body          string // raw Skype markup; "" when deleted
	Text          string // plain text of Body
	EditedBy      string
	EditedAt      time.Time // zero if never edited
	Deleted       bool
	Seq           int64 // change sequence of its last change
}

// Updated is when the message last changed: its edit, else its sending.
func (m Message) Updated() time.Time {
	if !m.EditedAt.IsZero() {
		return m.EditedAt
	}
	return m.Time
}

// Version is an earlier body of an edited or deleted message.
type Version struct {
	Body     string
	Text     string
	EditedBy string
	EditedAt time.Time // when this version was written; zero for the original
}

const messageColumns = `id, key, chat_id, author, author_name, sent_at, time_precision, time_suspect,
	type, body, coalesce(text, body), edited_by, edited_at, deleted, seq`

func scanMessage(row interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var sent, precision, edited int64
	err := row.Scan(&m.ID, &m.Key, &m.ChatID, &m.Author, &m.AuthorName, &sent, &precision, &m.TimeSuspect,
		&m.Type, &m.Body, &m.Text, &m.EditedBy, &edited, &m.Deleted, &m.Seq)
	m.Time = time.UnixMilli(sent).UTC()
	m.TimePrecision = time.Duration(precision) * time.Millisecond
	m.EditedAt = millisTime(edited)
	return m, err
}

func millisTime(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms).UTC()
}

// MessageByKey finds a message of a chat by its key, or by the key of a
// message since folded into it (two chats merged).
func (s *Store) MessageByKey(ctx context.Context, chatID int64, key string) (Message, error) {
	sec, ok := keyTime(key)
	if !ok {
		return Message{}, fmt.Errorf("store: message %s: %w", key, ErrNotFound)
	}
	tol := MatchTolerance.Milliseconds() // a more precise source may have moved it since
	lo, hi := sec*1000-tol, sec*1000+999+tol
	m, err := scanMessage(s.db.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages WHERE chat_id = ? AND key = ?
		AND sent_at BETWEEN ? AND ?`, chatID, key, lo, hi))
	if errors.Is(err, sql.ErrNoRows) {
		m, err = scanMessage(s.db.QueryRowContext(ctx, `WITH RECURSIVE folded(id) AS (
				SELECT into_id FROM removed_messages WHERE chat_id = ? AND key = ?
				UNION SELECT r.into_id FROM removed_messages r JOIN folded f ON r.message_id = f.id)
			SELECT `+messageColumns+` FROM messages WHERE id IN (SELECT id FROM folded) AND chat_id = ?`, chatID, key, chatID))
	}
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, fmt.Errorf("store: message %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return Message{}, fmt.Errorf("store: message %s: %w", key, describe(err))
	}
	return m, nil
}

// ChatMessages lists up to limit messages of a chat in time order, starting
// at the offset-th message. Offsets past the middle of the chat are read
// from its end, so the newest pages of a long chat are as quick as the first.
func (s *Store) ChatMessages(ctx context.Context, chatID int64, offset, limit int) ([]Message, error) {
	var count int
	if err := s.db.QueryRowContext(ctx, `SELECT message_count FROM chats WHERE id = ?`, chatID).Scan(&count); err != nil {
		return nil, fmt.Errorf("store: read messages: %w", describe(err))
	}
	if offset <= count/2 {
		return s.queryMessages(ctx, `SELECT `+messageColumns+` FROM messages WHERE chat_id = ?
			ORDER BY sent_at, id LIMIT ? OFFSET ?`, chatID, limit, offset)
	}
	n := min(limit, count-offset)
	if n <= 0 {
		return nil, nil
	}
	msgs, err := s.queryMessages(ctx, `SELECT `+messageColumns+` FROM messages WHERE chat_id = ?
		ORDER BY sent_at DESC, id DESC LIMIT ? OFFSET ?`, chatID, n, count-offset-n)
	slices.Reverse(msgs)
	return msgs, err
}

func (s *Store) queryMessages(ctx context.Context, query string, args ...any) ([]Message, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: read messages: %w", describe(err))
	}
	defer rows.Close()
	var msgs []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("store: read messages: %w", err)
		}
		msgs = append(msgs, m)
	}
	return msgs, rows.Err()
}

// Versions lists the earlier bodies of a message, oldest first.
func (s *Store) Versions(ctx context.Context, messageID int64) ([]Version, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT body, text, edited_by, edited_at FROM message_versions
		WHERE message_id = ? ORDER BY edited_at, id`, messageID)
	if err != nil {
		return nil, fmt.Errorf("store: read versions: %w", describe(err))
	}
	defer rows.Close()
	var vs []Version
	for rows.Next() {
		var v Version
		var edited int64
		if err := rows.Scan(&v.Body, &v.Text, &v.EditedBy, &edited); err != nil {
			return nil, fmt.Errorf("store: read versions: %w", err)
		}
		v.EditedAt = millisTime(edited)
		vs = append(vs, v)
	}
	return vs, rows.Err()
}

// Sources lists the sources that have seen a message.
func (s *Store) Sources(ctx context.Context, messageID int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.name FROM message_refs r JOIN sources s ON s.id = r.source_id
		WHERE r.message_id = ?1 UNION SELECT s.name FROM messages m JOIN sources s ON s.id = m.source_id WHERE m.id = ?1
		ORDER BY 1`, messageID)
	if err != nil {
		return nil, fmt.Errorf("store: read sources: %w", describe(err))
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("store: read sources: %w", err)
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// Counts is the size of the archive.
type Counts struct {
	Chats, Messages int
}

// Counts counts chats and messages.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM chats), coalesce((SELECT sum(message_count) FROM chats), 0)`).
		Scan(&c.Chats, &c.Messages)
	if err != nil {
		return c, fmt.Errorf("store: count: %w", describe(err))
	}
	return c, nil
}

// LatestMessages lists up to limit of a chat's newest messages, newest
// first. A message whose time is impossible is not known to be new: it is
// left out.
func (s *Store) LatestMessages(ctx context.Context, chatID int64, limit int) ([]Message, error) {
	return s.queryMessages(ctx, `SELECT `+messageColumns+` FROM messages WHERE chat_id = ? AND NOT time_suspect
		ORDER BY sent_at DESC, id DESC LIMIT ?`, chatID, limit)
}
