package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/chatchannels/chatchannels/store/markup"
)

// IngestResult counts what an Ingest did with each message.
type IngestResult struct {
	Added     int // new to the archive
	Merged    int // already archived from another source; now linked to this one too
	Updated   int // known; an edit, deletion or earlier version was recorded
	Unchanged int // known; nothing new

	// Skipped counts the messages that could not be archived, by reason;
	// SkippedNamed names the first maxSkippedNamed of them with theirs.
	Skipped      map[string]int
	SkippedNamed []string
}

// maxSkippedNamed is how many skipped messages a result names.
const maxSkippedNamed = 10

// SkippedTotal is how many messages were left out.
func (r *IngestResult) SkippedTotal() int {
	n := 0
	for _, c := range r.Skipped {
		n += c
	}
	return n
}

// Add sums two results.
func (r *IngestResult) Add(o IngestResult) {
	r.Added += o.Added
	r.Merged += o.Merged
	r.Updated += o.Updated
	r.Unchanged += o.Unchanged
	for reason, n := range o.Skipped {
		r.countSkip(reason, n)
	}
	for _, name := range o.SkippedNamed {
		if len(r.SkippedNamed) < maxSkippedNamed {
			r.SkippedNamed = append(r.SkippedNamed, name)
		}
	}
}

func (r *IngestResult) countSkip(reason string, n int) {
	if r.Skipped == nil {
		r.Skipped = map[string]int{}
	}
	r.Skipped[reason] += n
}

// skip leaves message m out for reason.
func (r *IngestResult) skip(m *Incoming, reason string) {
	r.countSkip(reason, 1)
	if len(r.SkippedNamed) < maxSkippedNamed {
		r.SkippedNamed = append(r.SkippedNamed, fmt.Sprintf("%s %s in %s: %s", m.Source, m.Ref, m.Chat, reason))
	}
}

// Ingest archives a batch of messages in one transaction: all of it is
// committed or none. A message that cannot be archived (it has no author,
// say) is left out and counted with its reason in the result. Feeding the
// same messages again changes nothing.
func (s *Store) Ingest(ctx context.Context, batch []Incoming) (IngestResult, error) {
	return s.write(ctx, prepare(batch))
}

// preparedBatch is a batch validated and with its derived fields computed:
// the part of ingesting that needs neither the writer lock nor SQLite.
type preparedBatch struct {
	msgs    []Incoming
	derived []derivedFields
	invalid IngestResult // the messages left out, and why
	dropped []int        // their indices in the batch given to prepare
}

// prepare leaves out the messages that cannot be archived and derives the
// fields of the rest.
func prepare(batch []Incoming) preparedBatch {
	var p preparedBatch
	msgs := batch
	for i := range batch {
		err := batch[i].validate()
		if err == nil {
			if len(p.dropped) > 0 {
				msgs = append(msgs, batch[i])
			}
			continue
		}
		if len(p.dropped) == 0 {
			msgs = slices.Clone(batch[:i])
		}
		p.dropped = append(p.dropped, i)
		p.invalid.skip(&batch[i], err.Error())
	}
	p.msgs = msgs
	p.derived = derive(msgs)
	return p
}

// write archives a prepared batch in one transaction.
func (s *Store) write(ctx context.Context, p preparedBatch) (IngestResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var res IngestResult
	err := s.tx(ctx, func(tx *sql.Tx) error {
		w, err := s.newWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer w.close()
		for i := range p.msgs {
			if err := w.put(&p.msgs[i], &p.derived[i], &res); err != nil {
				return fmt.Errorf("message %s %s: %w", p.msgs[i].Source, p.msgs[i].Ref, err)
			}
		}
		if err := notePeople(ctx, tx, p.msgs); err != nil {
			return fmt.Errorf("note people's names: %w", err)
		}
		return w.finish()
	})
	if err != nil {
		s.forget()
		return IngestResult{}, fmt.Errorf("store: ingest: %w", err)
	}
	s.ingested.Add(int64(len(p.msgs) + len(p.dropped)))
	if s.index != nil {
		s.index.poke()
	}
	res.Add(p.invalid)
	return res, nil
}

// Ingested is how many incoming messages this Store has committed since it
// was opened, for showing progress.
func (s *Store) Ingested() int64 { return s.ingested.Load() }

// derivedFields is what the store computes from an incoming message.
type derivedFields struct {
	text     string // plain text ("" when deleted)
	textHash int64
	observed int64  // hash of everything the source said
	key      string // its key should it be new and alone in its second, when Incoming.Chat is the chat's name
}

// derive computes the derived fields of a batch, on all cores, before the
// single writer takes over.
func derive(batch []Incoming) []derivedFields {
	out := make([]derivedFields, len(batch))
	workers := min(runtime.GOMAXPROCS(0), 1+len(batch)/512)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(batch); i += workers {
				m := &batch[i]
				text := plainTextOf(m)
				out[i] = derivedFields{text: text, textHash: textHash(text), observed: observation(m),
					key: messageKey(m.Chat, m.Author, m.Time.Unix(), text, 1)}
			}
		})
	}
	wg.Wait()
	return out
}

// LimitReferences makes the in-memory picture keep at most n references of
// source messages (n > 0), as a far larger archive would make it: for
// tests and benchmarks of its paging.
func (s *Store) LimitReferences(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refsBudget = n
	s.forget()
}

// forget drops the in-memory picture after a rollback; it reloads on use.
func (s *Store) forget() {
	s.known = newKnownSet(s.refsBudget)
}

// writer applies messages inside one transaction. New messages are
// buffered and inserted insertRows at a time; every other statement first
// inserts what is buffered, so that it sees every message put before it.
type writer struct {
	stmtCache
	s       *Store
	names   *chatNames
	sources map[string]int64
	chats   map[int64]*chatDelta
	pending []any // the columns of buffered new messages, insertColumns each
}

// chatDelta is what a batch changed in a chat: its counters, and that it
// changed at all (a chat in the map was touched).
type chatDelta struct {
	added int
	last  int64
}

func (s *Store) newWriter(ctx context.Context, tx *sql.Tx) (*writer, error) {
	// The sequence is read inside the write transaction, so that it stays
	// right even when another process wrote since (it then also invalidates
	// the in-memory picture).
	seq, err := maxSeq(ctx, tx)
	if err != nil {
		return nil, describe(err)
	}
	if seq != s.seq || s.known == nil || s.known.seq != seq {
		s.seq = seq
		s.known = newKnownSet(s.refsBudget)
		if err := s.known.load(ctx, tx, seq); err != nil {
			return nil, fmt.Errorf("load known messages: %w", err)
		}
	}
	names, err := loadChatNames(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("load chats: %w", err)
	}
	// A many-row insert keeps a statement journal (the foreign keys make it
	// able to fail half-way); in memory it costs a few pages instead of
	// writes to a temporary file for every statement.
	if _, err := tx.ExecContext(ctx, `PRAGMA temp_store = MEMORY`); err != nil {
		return nil, err
	}
	return &writer{stmtCache: newStmtCache(ctx, tx), s: s, names: names, sources: map[string]int64{}, chats: map[int64]*chatDelta{},
		pending: make([]any, 0, insertRows*insertColumns)}, nil
}

func (w *writer) exec(query string, args ...any) (sql.Result, error) {
	if err := w.flushInserts(); err != nil {
		return nil, err
	}
	st, err := w.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(w.ctx, args...)
}

func (w *writer) query(query string, args ...any) (*sql.Rows, error) {
	if err := w.flushInserts(); err != nil {
		return nil, err
	}
	st, err := w.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(w.ctx, args...)
}

// rowScanner is a *sql.Row, or the error that kept the query from running.
type rowScanner interface{ Scan(dest ...any) error }

type failedRow struct{ err error }

func (r failedRow) Scan(...any) error { return r.err }

func (w *writer) queryRow(query string, args ...any) rowScanner {
	if err := w.flushInserts(); err != nil {
		return failedRow{err}
	}
	st, err := w.stmt(query)
	if err != nil {
		return failedRow{err}
	}
	return st.QueryRowContext(w.ctx, args...)
}

// insertRows is how many new messages one INSERT statement writes: one
// round trip through database/sql and the driver instead of insertRows.
const insertRows = 32

// insertColumns is the number of columns insertInto names.
const insertColumns = 19

const insertInto = `INSERT INTO messages (id, key, chat_id, author, author_name, sent_at, time_precision, time_suspect,
		type, body, text, text_hash, edited_by, edited_at, deleted, seq, source_id, ref, observed) VALUES `

// insertQuery is the statement that inserts rows messages.
func insertQuery(rows int) string {
	row := "(?" + strings.Repeat(", ?", insertColumns-1) + ")"
	return insertInto + row + strings.Repeat(", "+row, rows-1)
}

var (
	insertGroup = insertQuery(insertRows)
	insertOne   = insertQuery(1)
)

// flushInserts writes the buffered new messages: a full group in one
// statement, fewer one by one (so that a transaction prepares two insert
// statements, not one per group size).
func (w *writer) flushInserts() error {
	rows := len(w.pending) / insertColumns
	if rows == 0 {
		return nil
	}
	err := w.insertRows(rows)
	clear(w.pending)
	w.pending = w.pending[:0]
	if err != nil {
		return fmt.Errorf("insert %d new messages: %w", rows, err)
	}
	return nil
}

func (w *writer) insertRows(rows int) error {
	if rows == insertRows {
		st, err := w.stmt(insertGroup)
		if err == nil {
			_, err = st.ExecContext(w.ctx, w.pending...)
		}
		return err
	}
	st, err := w.stmt(insertOne)
	if err != nil {
		return err
	}
	for i := range rows {
		if _, err := st.ExecContext(w.ctx, w.pending[i*insertColumns:(i+1)*insertColumns]...); err != nil {
			return err
		}
	}
	return nil
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
	if id, ok := w.names.ids[name]; ok {
		return id, nil
	}
	if err := w.flushInserts(); err != nil {
		return 0, err
	}
	return ensureChat(w.ctx, w.tx, w.names, ChatInfo{Name: name})
}

// put applies one message: recognized by its reference, matched by content,
// or added.
func (w *writer) put(m *Incoming, d *derivedFields, res *IngestResult) error {
	chatID, err := w.chat(m.Chat)
	if err != nil {
		return err
	}
	sourceID, err := w.source(m.Source)
	if err != nil {
		return err
	}
	observed := d.observed
	refs, err := w.s.known.refs.near(chatID, m.Time.UnixMilli(), w)
	if err != nil {
		return err
	}
	in := incomingState(m, d)
	ref := m.Ref
	for {
		slot := refSlot(sourceID, chatID, ref)
		e, ok := refs.get(slot)
		if !ok {
			break
		}
		if e.observed == observed {
			res.Unchanged++
			return nil
		}
		id, err := w.findRef(e.message, sourceID, chatID, ref)
		if err != nil {
			return err
		}
		if id == 0 {
			break
		}
		cur, err := w.state(id)
		if err != nil {
			return err
		}
		if !copies(cur, in) {
			if ref != m.Ref {
				break // a hash's coincidence: file it under the distinct reference anyway
			}
			ref = DistinctRef(m.Ref, in.body) // another message the source gave the same reference
			continue
		}
		if err := w.setObserved(id, sourceID, ref, observed); err != nil {
			return err
		}
		refs.set(slot, refEntry{message: id, observed: observed}, cur.sent)
		changed, err := w.update(id, chatID, m.Author, cur, in)
		if changed {
			w.delta(chatID) // touched
			res.Updated++
		} else {
			res.Unchanged++
		}
		return err
	}
	slot := refSlot(sourceID, chatID, ref)
	id, textKnown, err := w.match(chatID, sourceID, m, d, in.edited())
	if err != nil {
		return err
	}
	if id != 0 {
		if _, err := w.exec(`INSERT INTO message_refs (message_id, source_id, ref, observed) VALUES (?, ?, ?, ?)`,
			id, sourceID, ref, observed); err != nil {
			return err
		}
		cur, err := w.state(id)
		if err != nil {
			return err
		}
		refs.set(slot, refEntry{message: id, observed: observed}, cur.sent)
		if _, err := w.update(id, chatID, m.Author, cur, in); err != nil {
			return err
		}
		w.delta(chatID) // touched: the page shows the sources and any earlier version
		res.Merged++
		return nil
	}
	if id, err = w.insert(chatID, sourceID, ref, m, d, textKnown, in.edited()); err != nil {
		return err
	}
	refs.set(slot, refEntry{message: id, observed: observed}, m.Time.UnixMilli())
	res.Added++
	return nil
}

// chatExtent is how many messages a chat holds, and the times of its first
// and last, for the in-memory picture's pages (see chatRefs).
func (w *writer) chatExtent(chat int64) (messages, first, last int64, err error) {
	err = w.queryRow(`SELECT (SELECT message_count FROM chats WHERE id = ?1),
		coalesce((SELECT min(sent_at) FROM messages WHERE chat_id = ?1), 0), coalesce((SELECT max(sent_at) FROM messages WHERE chat_id = ?1), 0)`,
		chat).Scan(&messages, &first, &last)
	return messages, first, last, err
}

// refsBetween reads every reference the sources gave the messages of a
// chat sent in [from, to), with the messages this batch buffered.
func (w *writer) refsBetween(chat, from, to int64) ([]refRow, error) {
	return loadRefsBetween(w.ctx, cachedQueries{w}, chat, from, to)
}

// incomingState is what a sighting says of its message.
func incomingState(m *Incoming, d *derivedFields) state {
	s := state{body: m.Body, text: d.text, name: m.AuthorName, editedBy: m.EditedBy, editedAt: editedMillis(m.EditedAt),
		sent: m.Time.UnixMilli(), precision: 1000, deleted: m.Deleted}
	if m.Precise {
		s.precision = 1
	}
	if m.Deleted {
		s.body = ""
	}
	return s
}

// state reads an archived message's state.
func (w *writer) state(id int64) (state, error) {
	return scanState(w.queryRow(`SELECT `+stateColumns+` FROM messages WHERE id = ?`, id))
}

// plainTextOf is the text a message shows, which identity compares and the
// index holds ("" when deleted).
func plainTextOf(m *Incoming) string {
	if m.Deleted {
		return ""
	}
	return markup.Text(m.Type, m.Body)
}

// findRef finds the message a source's reference in a chat belongs to,
// given the one the in-memory slot names. Slots are hashes, so the hint is
// checked; when two references share a slot (rare beyond measure: 64-bit
// hashes) the archive is searched.
func (w *writer) findRef(hint, sourceID, chatID int64, ref string) (int64, error) {
	var ok bool
	err := w.queryRow(`SELECT EXISTS (SELECT 1 FROM messages WHERE id = ?1 AND chat_id = ?4 AND (source_id = ?2 AND ref = ?3
		OR EXISTS (SELECT 1 FROM message_refs WHERE message_id = ?1 AND source_id = ?2 AND ref = ?3)))`, hint, sourceID, ref, chatID).Scan(&ok)
	if err != nil || ok {
		return hint, err
	}
	var id int64
	err = w.queryRow(`SELECT id FROM messages WHERE chat_id = ?3 AND source_id = ?1 AND ref = ?2
		UNION ALL SELECT r.message_id FROM message_refs r JOIN messages m ON m.id = r.message_id
		WHERE m.chat_id = ?3 AND r.source_id = ?1 AND r.ref = ?2 LIMIT 1`, sourceID, ref, chatID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// setObserved records what a source last said of a message.
func (w *writer) setObserved(id, sourceID int64, ref string, observed int64) error {
	res, err := w.exec(`UPDATE messages SET observed = ? WHERE id = ? AND source_id = ? AND ref = ?`, observed, id, sourceID, ref)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	_, err = w.exec(`UPDATE message_refs SET observed = ? WHERE message_id = ? AND source_id = ? AND ref = ?`, observed, id, sourceID, ref)
	return err
}

// match finds the archived message that m, from a source that has not
// reported it before, is another sighting of (see sameMessage and
// closestMatch); edited is whether m carries an edit mark. It also reports
// whether a message with m's text may lie within MatchTolerance (the
// in-memory picture's answer).
func (w *writer) match(chatID, sourceID int64, m *Incoming, d *derivedFields, edited bool) (id int64, textKnown bool, err error) {
	sent := m.Time.UnixMilli()
	th := d.textHash
	known := w.s.known
	sameText := known.nearText(chatID, m.Author, th, sent)
	if !sameText && !edited && !known.nearEdit(chatID, m.Author, sent) {
		return 0, false, nil // the common case: nothing like it is archived
	}
	tol := MatchTolerance.Milliseconds()
	if !sameText {
		tol = editTolerance.Milliseconds() // only the edit rule can match: look close by only
	}
	rows, err := w.query(`SELECT id, sent_at, text_hash = ?1 OR EXISTS (SELECT 1 FROM message_versions v WHERE v.message_id = messages.id AND v.text_hash = ?1),
			`+editedSQL+`,
			source_id = ?6 OR EXISTS (SELECT 1 FROM message_refs r WHERE r.message_id = messages.id AND r.source_id = ?6)
		FROM messages
		WHERE chat_id = ?2 AND author = ?3 AND sent_at BETWEEN ?4 AND ?5`,
		th, chatID, m.Author, sent-tol, sent+tol, sourceID)
	if err != nil {
		return 0, sameText, err
	}
	defer rows.Close()
	var cands []candidate
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.id, &c.sent, &c.sameText, &c.edited, &c.sharedSource); err != nil {
			return 0, false, err
		}
		cands = append(cands, c)
	}
	return closestMatch(sent, edited, cands), sameText, rows.Err()
}

// insert adds a new message under a fresh key (buffered: see writer).
// textKnown is whether a message with its text may lie within
// MatchTolerance (see match), edited whether m carries an edit mark.
func (w *writer) insert(chatID, sourceID int64, ref string, m *Incoming, d *derivedFields, textKnown, edited bool) (int64, error) {
	text, th := d.text, d.textHash
	sent := m.Time.UnixMilli()
	precision := int64(1000)
	if m.Precise {
		precision = 1
	}
	body := m.Body
	if m.Deleted {
		body = ""
	}
	var storedText any = text
	if text == body {
		storedText = nil
	}
	key, err := w.freshKey(chatID, m, d, textKnown)
	if err != nil {
		return 0, err
	}
	id := w.s.nextSeq()
	w.pending = append(w.pending, id, key, chatID, m.Author, m.AuthorName, sent, precision, m.TimeSuspect,
		m.Type, body, storedText, th, m.EditedBy, editedMillis(m.EditedAt), m.Deleted, id, sourceID, ref, d.observed)
	if len(w.pending) == cap(w.pending) {
		if err := w.flushInserts(); err != nil {
			return 0, err
		}
	}
	w.s.known.addText(chatID, m.Author, th, sent)
	if edited {
		w.s.known.addEdit(chatID, m.Author, sent)
	}
	delta := w.delta(chatID)
	delta.added++
	if !m.TimeSuspect { // an impossible time is no activity
		delta.last = max(delta.last, sent)
	}
	return id, nil
}

// freshKey derives the key of a new message. When the archive may already
// hold a message with the same chat, author and text (textKnown), the keys
// of that second are read so that the n-th identical message gets the n-th
// key.
func (w *writer) freshKey(chatID int64, m *Incoming, d *derivedFields, textKnown bool) (string, error) {
	sec := m.Time.Unix()
	chatName, text := w.names.names[chatID], d.text
	switch {
	case !textKnown && chatName == m.Chat:
		return d.key, nil // derived beforehand
	case !textKnown:
		return messageKey(chatName, m.Author, sec, text, 1), nil
	}
	return freeKey(w.ctx, cachedQueries{w}, chatID, chatName, m.Author, m.Time.UnixMilli(), text)
}

// cachedQueries runs a writer's queries through its statement cache, after
// the buffered inserts.
type cachedQueries struct{ w *writer }

func (q cachedQueries) QueryContext(_ context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.w.query(query, args...)
}

func (w *writer) delta(chatID int64) *chatDelta {
	d, ok := w.chats[chatID]
	if !ok {
		d = &chatDelta{}
		w.chats[chatID] = d
	}
	return d
}

// update merges what another sighting says of archived message id into it
// (see reconcile), and reports whether anything changed.
func (w *writer) update(id, chatID int64, author string, cur, in state) (bool, error) {
	next, earlier := reconcile(cur, in)
	changed := next != cur
	if earlier != nil {
		res, err := w.exec(keepVersionSQL, versionArgs(id, *earlier)...)
		if err != nil {
			return false, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return false, err
		} else if n > 0 {
			changed = true
			w.s.known.addText(chatID, author, textHash(earlier.text), next.sent)
		}
	}
	if next != cur {
		if _, err := w.exec(setStateSQL, stateArgs(id, next)...); err != nil {
			return false, err
		}
		if next.sent != cur.sent {
			w.s.known.refs.moved(chatID, cur.sent, next.sent)
		}
		w.s.known.addText(chatID, author, textHash(next.text), next.sent)
		if next.edited() {
			w.s.known.addEdit(chatID, author, next.sent)
		}
	}
	if changed {
		if err := w.changed(id); err != nil {
			return false, err
		}
	}
	return changed, nil
}

// changed gives a changed message the next sequence number, so that the
// index picks the change up.
func (w *writer) changed(id int64) error {
	seq := w.s.nextSeq()
	if _, err := w.exec(`INSERT INTO changes (seq, message_id) VALUES (?, ?)`, seq, id); err != nil {
		return err
	}
	_, err := w.exec(`UPDATE messages SET seq = ? WHERE id = ?`, seq, id)
	return err
}

// finish writes the batch's chat counters and records the picture's sequence.
func (w *writer) finish() error {
	for id, d := range w.chats {
		if _, err := w.exec(`UPDATE chats SET message_count = message_count + ?, last_message_at = max(last_message_at, ?),
				changed_seq = ? WHERE id = ?`, d.added, d.last, w.s.seq, id); err != nil {
			return err
		}
	}
	w.s.known.seq = w.s.seq
	return nil
}
