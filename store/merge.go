package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// mergeChats folds the chats others into keep, inside tx, when a source
// shows that they are one conversation (a main.db linking two dialog names,
// say). Their names become aliases of keep and their messages move to it; a
// message both sides hold, seen by different sources, becomes one message by
// the rules Ingest matches with. Moved messages keep their keys, and a
// folded one's key still leads to the message it became part of, so
// permalinks keep working. Callers hold s.mu and forget the in-memory
// picture afterwards.
func (s *Store) mergeChats(ctx context.Context, tx *sql.Tx, chats *chatNames, keep int64, others []int64) error {
	seq, err := maxSeq(ctx, tx)
	if err != nil {
		return err
	}
	s.seq = seq
	m := &merger{stmtCache: newStmtCache(ctx, tx), s: s}
	defer m.close()
	for _, gone := range others {
		if err := m.merge(keep, gone); err != nil {
			return fmt.Errorf("merge %s into %s: %w", chats.names[gone], chats.names[keep], err)
		}
		for name, id := range chats.ids {
			if id == gone {
				chats.ids[name] = keep
			}
		}
		delete(chats.names, gone)
	}
	return nil
}

// merger folds one chat into another inside a transaction.
type merger struct {
	stmtCache
	s *Store
}

func (m *merger) exec(query string, args ...any) error {
	st, err := m.stmt(query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(m.ctx, args...)
	return err
}

// ids runs a query returning one integer column.
func (m *merger) ids(query string, args ...any) ([]int64, error) {
	st, err := m.stmt(query)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(m.ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// sighting is what matching needs of a message of the folded chat.
type sighting struct {
	id     int64
	author string
	sent   int64
	edited bool
}

func (m *merger) merge(keep, gone int64) error {
	pairs, err := m.match(keep, gone)
	if err != nil {
		return err
	}
	for _, p := range pairs {
		if err := m.fold(p[0], p[1]); err != nil {
			return fmt.Errorf("message %d into %d: %w", p[0], p[1], err)
		}
	}
	moved, err := m.ids(`SELECT id FROM messages WHERE chat_id = ?`, gone)
	if err != nil {
		return err
	}
	if err := m.exec(`UPDATE messages SET chat_id = ? WHERE chat_id = ?`, keep, gone); err != nil {
		return err
	}
	for _, id := range moved {
		if err := m.changed(id); err != nil { // the index files it under its new chat
			return err
		}
	}
	return m.mergeChatRows(keep, gone)
}

// match pairs each message of gone with the message of keep it is another
// sighting of, if any (see sameMessage and closestMatch), one to one, in
// time order.
func (m *merger) match(keep, gone int64) ([][2]int64, error) {
	rows, err := m.tx.QueryContext(m.ctx, `SELECT id, author, sent_at, `+editedSQL+` FROM messages WHERE chat_id = ? ORDER BY sent_at, id`, gone)
	if err != nil {
		return nil, err
	}
	var mine []sighting
	for rows.Next() {
		var g sighting
		if err := rows.Scan(&g.id, &g.author, &g.sent, &g.edited); err != nil {
			rows.Close()
			return nil, err
		}
		mine = append(mine, g)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	claimed := map[int64]bool{}
	var pairs [][2]int64
	for _, g := range mine {
		k, err := m.counterpart(keep, g, claimed)
		if err != nil {
			return nil, err
		}
		if k != 0 {
			claimed[k] = true
			pairs = append(pairs, [2]int64{g.id, k})
		}
	}
	return pairs, nil
}

// counterpart finds the unclaimed message of chat keep that g is another
// sighting of, or 0.
func (m *merger) counterpart(keep int64, g sighting, claimed map[int64]bool) (int64, error) {
	tol := MatchTolerance.Milliseconds()
	st, err := m.stmt(`SELECT id, sent_at, ` + editedSQL + ` FROM messages WHERE chat_id = ? AND author = ? AND sent_at BETWEEN ? AND ?`)
	if err != nil {
		return 0, err
	}
	rows, err := st.QueryContext(m.ctx, keep, g.author, g.sent-tol, g.sent+tol)
	if err != nil {
		return 0, err
	}
	var near []candidate
	for rows.Next() {
		var k candidate
		if err := rows.Scan(&k.id, &k.sent, &k.edited); err != nil {
			rows.Close()
			return 0, err
		}
		if !claimed[k.id] {
			near = append(near, k)
		}
	}
	if err := rows.Close(); err != nil || len(near) == 0 {
		return 0, err
	}
	texts, err := m.textHashes(g.id)
	if err != nil {
		return 0, err
	}
	sources, err := m.sources(g.id)
	if err != nil {
		return 0, err
	}
	for i := range near {
		k := &near[i]
		ktexts, err := m.textHashes(k.id)
		if err != nil {
			return 0, err
		}
		k.sameText = slices.ContainsFunc(ktexts, func(h int64) bool { return slices.Contains(texts, h) })
		ksources, err := m.sources(k.id)
		if err != nil {
			return 0, err
		}
		k.sharedSource = slices.ContainsFunc(ksources, func(s int64) bool { return slices.Contains(sources, s) })
	}
	return closestMatch(g.sent, g.edited, near), nil
}

func (m *merger) textHashes(id int64) ([]int64, error) {
	return m.ids(`SELECT text_hash FROM messages WHERE id = ?1 UNION SELECT text_hash FROM message_versions WHERE message_id = ?1`, id)
}

func (m *merger) sources(id int64) ([]int64, error) {
	return m.ids(`SELECT source_id FROM messages WHERE id = ?1 UNION SELECT source_id FROM message_refs WHERE message_id = ?1`, id)
}

// fold makes message g part of message k: g's sources and versions go to k,
// the two states are reconciled into k's (see reconcile), and g is removed.
func (m *merger) fold(g, k int64) error {
	gs, err := m.state(g)
	if err != nil {
		return err
	}
	ks, err := m.state(k)
	if err != nil {
		return err
	}
	if err := m.exec(`INSERT INTO message_versions (message_id, body, text, text_hash, edited_by, edited_at)
		SELECT ?1, body, text, text_hash, edited_by, edited_at FROM message_versions v WHERE message_id = ?2
		AND NOT EXISTS (SELECT 1 FROM message_versions w WHERE w.message_id = ?1 AND w.text_hash = v.text_hash AND w.text = v.text)`, k, g); err != nil {
		return err
	}
	next, earlier := reconcile(ks, gs)
	if earlier != nil {
		if err := m.exec(keepVersionSQL, versionArgs(k, *earlier)...); err != nil {
			return err
		}
	}
	if err := m.exec(setStateSQL, stateArgs(k, next)...); err != nil {
		return err
	}
	for _, q := range []string{
		`INSERT OR IGNORE INTO message_refs (message_id, source_id, ref, observed) SELECT ?1, source_id, ref, observed FROM messages WHERE id = ?2`,
		`INSERT OR IGNORE INTO message_refs (message_id, source_id, ref, observed) SELECT ?1, source_id, ref, observed FROM message_refs WHERE message_id = ?2`,
	} {
		if err := m.exec(q, k, g); err != nil {
			return err
		}
	}
	if err := m.remove(g, k); err != nil {
		return err
	}
	return m.changed(k)
}

func (m *merger) state(id int64) (state, error) {
	st, err := m.stmt(`SELECT ` + stateColumns + ` FROM messages WHERE id = ?`)
	if err != nil {
		return state{}, err
	}
	return scanState(st.QueryRowContext(m.ctx, id))
}

// remove deletes message id, folded into message into, telling the index to
// drop it and remembering its key.
func (m *merger) remove(id, into int64) error {
	if err := m.exec(`INSERT INTO removed_messages (seq, message_id, chat_id, key, into_id)
		SELECT ?, id, chat_id, key, ? FROM messages WHERE id = ?`, m.s.nextSeq(), into, id); err != nil {
		return err
	}
	for _, q := range []string{
		`DELETE FROM message_refs WHERE message_id = ?`,
		`DELETE FROM message_versions WHERE message_id = ?`,
		`DELETE FROM changes WHERE message_id = ?`,
		`DELETE FROM messages WHERE id = ?`,
	} {
		if err := m.exec(q, id); err != nil {
			return err
		}
	}
	return nil
}

// changed gives a message the next sequence number, as writer.changed does.
func (m *merger) changed(id int64) error {
	seq := m.s.nextSeq()
	if err := m.exec(`INSERT INTO changes (seq, message_id) VALUES (?, ?)`, seq, id); err != nil {
		return err
	}
	return m.exec(`UPDATE messages SET seq = ? WHERE id = ?`, seq, id)
}

// mergeChatRows makes gone's names aliases of keep, takes over what keep
// lacks of gone's details, recounts keep's messages and drops gone's row.
func (m *merger) mergeChatRows(keep, gone int64) error {
	var name, topic, members, problem string
	var collected bool
	err := m.tx.QueryRowContext(m.ctx, `SELECT name, topic, members, problem, collected FROM chats WHERE id = ?`, gone).
		Scan(&name, &topic, &members, &problem, &collected)
	if err != nil {
		return err
	}
	var keepMembers string
	if err := m.tx.QueryRowContext(m.ctx, `SELECT members FROM chats WHERE id = ?`, keep).Scan(&keepMembers); err != nil {
		return err
	}
	for _, q := range []string{
		`UPDATE chat_aliases SET chat_id = ? WHERE chat_id = ?`,
		`UPDATE removed_messages SET chat_id = ? WHERE chat_id = ?`,
	} {
		if err := m.exec(q, keep, gone); err != nil {
			return err
		}
	}
	if err := m.exec(`DELETE FROM chats WHERE id = ?`, gone); err != nil {
		return err
	}
	if err := m.exec(`INSERT OR IGNORE INTO chat_aliases (alias, chat_id) VALUES (?, ?)`, name, keep); err != nil {
		return err
	}
	return m.exec(`UPDATE chats SET topic = CASE topic WHEN '' THEN ?1 ELSE topic END, members = ?2,
			problem = CASE problem WHEN '' THEN ?3 ELSE problem END, collected = collected OR ?4,
			message_count = (SELECT count(*) FROM messages WHERE chat_id = ?6),
			last_message_at = coalesce((SELECT max(sent_at) FROM messages WHERE chat_id = ?6 AND NOT time_suspect), 0),
			changed_seq = ?5
		WHERE id = ?6`,
		topic, strings.Join(fieldsUnion(keepMembers, members), " "), problem, collected, m.s.seq, keep)
}

// fieldsUnion joins two space-separated lists, each name once, in order.
func fieldsUnion(a, b string) []string {
	var out []string
	for _, f := range append(strings.Fields(a), strings.Fields(b)...) {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}
