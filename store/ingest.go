package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// IngestResult counts what an Ingest did with each message.
type IngestResult struct {
	Added     int // new to the archive
	Merged    int // already archived from another source; now linked to this one too
	Updated   int // known; an edit, deletion or earlier version was recorded
	Unchanged int // known; nothing new
}

// Add sums two results.
func (r *IngestResult) Add(o IngestResult) {
	r.Added += o.Added
	r.Merged += o.Merged
	r.Updated += o.Updated
	r.Unchanged += o.Unchanged
}

// Ingest archives a batch of messages in one transaction: all of it is
// committed or none. Feeding the same messages again changes nothing.
func (s *Store) Ingest(ctx context.Context, batch []Incoming) (IngestResult, error) {
	for i := range batch {
		if err := batch[i].validate(); err != nil {
			return IngestResult{}, fmt.Errorf("store: ingest message %d of %d (%s %s): %w", i+1, len(batch), batch[i].Source, batch[i].Ref, err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var res IngestResult
	err := s.tx(ctx, func(tx *sql.Tx) error {
		w, err := s.newWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer w.close()
		for i := range batch {
			if err := w.put(&batch[i], &res); err != nil {
				return fmt.Errorf("message %s %s: %w", batch[i].Source, batch[i].Ref, err)
			}
		}
		return w.finish()
	})
	if err != nil {
		s.forget()
		return IngestResult{}, fmt.Errorf("store: ingest: %w", err)
	}
	if s.index != nil {
		s.index.poke()
	}
	return res, nil
}

// forget drops the in-memory pictures after a rollback; they reload on use.
func (s *Store) forget() {
	s.known = newKnownSet()
	s.chats = newChatCache()
}

// writer applies messages inside one transaction.
type writer struct {
	s       *Store
	ctx     context.Context
	tx      *sql.Tx
	stmts   map[string]*sql.Stmt
	sources map[string]int64
	chats   map[int64]*chatDelta
}

// chatDelta is what a batch changed in a chat's counters.
type chatDelta struct {
	added int
	last  int64
}

func (s *Store) newWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	// The sequence is read inside the write transaction, so that it stays
	// right even when another process wrote since (it then also invalidates
	// the in-memory picture).
	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM messages`).Scan(&seq); err != nil {
		return nil, describe(err)
	}
	if seq != s.seq || s.known == nil || s.known.seq != seq {
		s.seq = seq
		s.chats = newChatCache()
		s.known = newKnownSet()
		if err := s.known.load(ctx, tx, seq); err != nil {
			return nil, fmt.Errorf("load known messages: %w", err)
		}
	}
	if err := s.chats.load(ctx, tx); err != nil {
		return nil, fmt.Errorf("load chats: %w", err)
	}
	return &writer{s: s, ctx: ctx, tx: tx, stmts: map[string]*sql.Stmt{}, sources: map[string]int64{}, chats: map[int64]*chatDelta{}}, nil
}

func (w *writer) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

// stmt prepares a statement once per transaction.
func (w *writer) stmt(query string) (*sql.Stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	st, err := w.tx.PrepareContext(w.ctx, query)
	if err != nil {
		return nil, err
	}
	w.stmts[query] = st
	return st, nil
}

func (w *writer) exec(query string, args ...any) (sql.Result, error) {
	st, err := w.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(w.ctx, args...)
}

func (w *writer) queryRow(query string, args ...any) *sql.Row {
	st, err := w.stmt(query)
	if err != nil {
		return w.tx.QueryRowContext(w.ctx, query, args...) // reports the same error on Scan
	}
	return st.QueryRowContext(w.ctx, args...)
}

func (w *writer) source(name string) (int64, error) {
	if id, ok := w.sources[name]; ok {
		return id, nil
	}
	if _, err := w.exec(`INSERT INTO sources (name) VALUES (?) ON CONFLICT (name) DO NOTHING`, name); err != nil {
		return 0, err
	}
	var id int64
	if err := w.queryRow(`SELECT id FROM sources WHERE name = ?`, name).Scan(&id); err != nil {
		return 0, err
	}
	w.sources[name] = id
	return id, nil
}

func (w *writer) chat(name string) (int64, error) {
	if id, ok := w.s.chats.ids[name]; ok {
		return id, nil
	}
	return w.s.ensureChat(w.ctx, w.tx, ChatInfo{Name: name})
}

// put applies one message: recognized by its reference, matched by content,
// or added.
func (w *writer) put(m *Incoming, res *IngestResult) error {
	chatID, err := w.chat(m.Chat)
	if err != nil {
		return err
	}
	sourceID, err := w.source(m.Source)
	if err != nil {
		return err
	}
	observed := observation(m)
	slot := refSlot(sourceID, m.Ref)
	known := w.s.known
	if last, ok := known.refs[slot]; ok {
		if last == observed {
			res.Unchanged++
			return nil
		}
		var id int64
		err := w.queryRow(`SELECT message_id FROM message_refs WHERE source_id = ? AND ref = ?`, sourceID, m.Ref).Scan(&id)
		switch {
		case err == nil:
			if _, err := w.exec(`UPDATE message_refs SET observed = ? WHERE source_id = ? AND ref = ?`, observed, sourceID, m.Ref); err != nil {
				return err
			}
			known.refs[slot] = observed
			changed, err := w.update(id, chatID, m)
			if changed {
				res.Updated++
			} else {
				res.Unchanged++
			}
			return err
		case !errors.Is(err, sql.ErrNoRows): // else two references share a slot: go on as for a new one
			return err
		}
	}
	text := plainTextOf(m)
	id, err := w.match(chatID, sourceID, m, text)
	if err != nil {
		return err
	}
	if id != 0 {
		if err := w.addRef(sourceID, m.Ref, id, observed, slot); err != nil {
			return err
		}
		if _, err := w.update(id, chatID, m); err != nil {
			return err
		}
		res.Merged++
		return nil
	}
	if id, err = w.insert(chatID, m, text); err != nil {
		return err
	}
	if err := w.addRef(sourceID, m.Ref, id, observed, slot); err != nil {
		return err
	}
	res.Added++
	return nil
}

func plainTextOf(m *Incoming) string {
	if m.Deleted {
		return ""
	}
	return PlainText(m.Body)
}

func (w *writer) addRef(sourceID int64, ref string, messageID, observed int64, slot uint64) error {
	if _, err := w.exec(`INSERT INTO message_refs (source_id, ref, message_id, observed) VALUES (?, ?, ?, ?)`,
		sourceID, ref, messageID, observed); err != nil {
		return err
	}
	w.s.known.refs[slot] = observed
	return nil
}

// match finds the archived message that m, from a source that has not
// reported it before, is another sighting of: same chat and author, same
// text (current or earlier) within MatchTolerance, or, when either side was
// edited or deleted, any text within editTolerance. Messages this source
// already reported are not candidates, so matching is one to one; the
// closest in time wins.
func (w *writer) match(chatID, sourceID int64, m *Incoming, text string) (int64, error) {
	sent := m.Time.UnixMilli()
	th := textHash(text)
	edited := m.Deleted || !m.EditedAt.IsZero()
	known := w.s.known
	if !known.texts[textSlot(chatID, m.Author, th)] && !edited && !known.nearEdit(chatID, m.Author, sent) {
		return 0, nil // the common case: nothing like it is archived
	}
	st, err := w.stmt(`SELECT id, sent_at, text_hash = ?1 OR EXISTS (SELECT 1 FROM message_versions v WHERE v.message_id = messages.id AND v.text_hash = ?1),
			edited_at != 0 OR deleted
		FROM messages
		WHERE chat_id = ?2 AND author = ?3 AND sent_at BETWEEN ?4 AND ?5
		  AND NOT EXISTS (SELECT 1 FROM message_refs r WHERE r.message_id = messages.id AND r.source_id = ?6)`)
	if err != nil {
		return 0, err
	}
	tol := MatchTolerance.Milliseconds()
	rows, err := st.QueryContext(w.ctx, th, chatID, m.Author, sent-tol, sent+tol, sourceID)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var best, bestDist int64
	for rows.Next() {
		var id, at int64
		var sameText, wasEdited bool
		if err := rows.Scan(&id, &at, &sameText, &wasEdited); err != nil {
			return 0, err
		}
		dist := abs(at - sent)
		if !sameText && !((edited || wasEdited) && dist <= editTolerance.Milliseconds()) {
			continue
		}
		if best == 0 || dist < bestDist {
			best, bestDist = id, dist
		}
	}
	return best, rows.Err()
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// insert adds a new message under a fresh key.
func (w *writer) insert(chatID int64, m *Incoming, text string) (int64, error) {
	chatName := m.Chat
	sent := m.Time.UnixMilli()
	precision := int64(1000)
	if m.Precise {
		precision = 1
	}
	body := m.Body
	if m.Deleted {
		body = ""
	}
	th := textHash(text)
	seq := w.s.nextSeq()
	for n := 1; ; n++ {
		key := messageKey(chatName, m.Author, m.Time.Unix(), text, n)
		var id int64
		err := w.queryRow(`INSERT INTO messages (key, chat_id, author, author_name, sent_at, time_precision, time_suspect,
				type, body, text, text_hash, edited_by, edited_at, deleted, seq)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING id`,
			key, chatID, m.Author, m.AuthorName, sent, precision, m.TimeSuspect,
			m.Type, body, text, th, m.EditedBy, editedMillis(m.EditedAt), m.Deleted, seq).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue // a real message with the same chat, author, second and text: the next occurrence
		}
		if err != nil {
			return 0, err
		}
		w.s.known.texts[textSlot(chatID, m.Author, th)] = true
		if m.Deleted || !m.EditedAt.IsZero() {
			w.s.known.edits[editSlot(chatID, m.Author, sent)] = true
		}
		d := w.delta(chatID)
		d.added++
		d.last = max(d.last, sent)
		return id, nil
	}
}

func (w *writer) delta(chatID int64) *chatDelta {
	d, ok := w.chats[chatID]
	if !ok {
		d = &chatDelta{}
		w.chats[chatID] = d
	}
	return d
}

// stored is the part of an archived message an update compares against.
type stored struct {
	id        int64
	sent      int64
	precision int64
	name      string
	body      string
	text      string
	textHash  int64
	editedBy  string
	editedAt  int64
	deleted   bool
}

// update merges what m says into archived message id: a later edit or a
// deletion replaces the body and keeps the old one as a version; an earlier
// body becomes a version; a more precise time or a missing display name is
// taken. It reports whether anything changed.
func (w *writer) update(id, chatID int64, m *Incoming) (bool, error) {
	var cur stored
	err := w.queryRow(`SELECT id, sent_at, time_precision, author_name, body, text, text_hash, edited_by, edited_at, deleted
		FROM messages WHERE id = ?`, id).Scan(&cur.id, &cur.sent, &cur.precision, &cur.name, &cur.body, &cur.text,
		&cur.textHash, &cur.editedBy, &cur.editedAt, &cur.deleted)
	if err != nil {
		return false, err
	}
	text := plainTextOf(m)
	editedAt := editedMillis(m.EditedAt)
	if m.Deleted && editedAt == 0 {
		editedAt = max(cur.editedAt, cur.sent) // a deletion without a date is dated no earlier than what it deletes
	}
	changed := false
	switch {
	case m.Deleted && !cur.deleted:
		if err := w.keepVersion(cur.id, chatID, m.Author, cur.body, cur.text, cur.editedBy, cur.editedAt); err != nil {
			return false, err
		}
		if err := w.setBody(cur.id, chatID, m.Author, cur.sent, "", "", m.EditedBy, editedAt, true); err != nil {
			return false, err
		}
		changed = true
	case m.Deleted || text == cur.text && !cur.deleted:
		if editedAt > cur.editedAt && !cur.deleted { // an edit that left the text as it was
			if err := w.setBody(cur.id, chatID, m.Author, cur.sent, cur.body, cur.text, m.EditedBy, editedAt, false); err != nil {
				return false, err
			}
			changed = true
		}
	case editedAt > cur.editedAt && !cur.deleted:
		if err := w.keepVersion(cur.id, chatID, m.Author, cur.body, cur.text, cur.editedBy, cur.editedAt); err != nil {
			return false, err
		}
		if err := w.setBody(cur.id, chatID, m.Author, cur.sent, m.Body, text, m.EditedBy, editedAt, false); err != nil {
			return false, err
		}
		changed = true
	default: // an earlier version than the archived one
		var have bool
		if err := w.queryRow(`SELECT EXISTS (SELECT 1 FROM message_versions WHERE message_id = ? AND text = ?)`, cur.id, text).Scan(&have); err != nil {
			return false, err
		}
		if !have && text != cur.text {
			if err := w.keepVersion(cur.id, chatID, m.Author, m.Body, text, m.EditedBy, editedMillis(m.EditedAt)); err != nil {
				return false, err
			}
			changed = true
		}
	}
	if m.Precise && cur.precision > 1 || cur.name == "" && m.AuthorName != "" {
		sent, precision := cur.sent, cur.precision
		if m.Precise && cur.precision > 1 {
			sent, precision = m.Time.UnixMilli(), 1
		}
		name := cur.name
		if name == "" {
			name = m.AuthorName
		}
		if _, err := w.exec(`UPDATE messages SET sent_at = ?, time_precision = ?, author_name = ?, seq = ? WHERE id = ?`,
			sent, precision, name, w.s.nextSeq(), cur.id); err != nil {
			return false, err
		}
		changed = true
	}
	return changed, nil
}

func (w *writer) keepVersion(id, chatID int64, author, body, text, editedBy string, editedAt int64) error {
	th := textHash(text)
	if _, err := w.exec(`INSERT INTO message_versions (message_id, body, text, text_hash, edited_by, edited_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, body, text, th, editedBy, editedAt); err != nil {
		return err
	}
	w.s.known.texts[textSlot(chatID, author, th)] = true
	return nil
}

func (w *writer) setBody(id, chatID int64, author string, sent int64, body, text, editedBy string, editedAt int64, deleted bool) error {
	th := textHash(text)
	if _, err := w.exec(`UPDATE messages SET body = ?, text = ?, text_hash = ?, edited_by = ?, edited_at = ?, deleted = ?, seq = ? WHERE id = ?`,
		body, text, th, editedBy, editedAt, deleted, w.s.nextSeq(), id); err != nil {
		return err
	}
	w.s.known.texts[textSlot(chatID, author, th)] = true
	w.s.known.edits[editSlot(chatID, author, sent)] = true
	return nil
}

// finish writes the batch's chat counters and records the picture's sequence.
func (w *writer) finish() error {
	for id, d := range w.chats {
		if _, err := w.exec(`UPDATE chats SET message_count = message_count + ?, last_message_at = max(last_message_at, ?) WHERE id = ?`,
			d.added, d.last, id); err != nil {
			return err
		}
	}
	w.s.known.seq = w.s.seq
	return nil
}
