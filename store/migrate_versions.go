package store

import (
	"context"
	"database/sql"
	"fmt"
)

// splitUnmarkedVersions undoes a loss of earlier versions of the store: a
// source that gave two messages one reference (an export's two messages of
// one author and millisecond) had the second filed as a hidden "earlier
// version" of the first although neither was edited. Each such version (of
// a message with no edit mark, itself unmarked) becomes a message of its
// own, under a fresh key and the reference the store now files it under
// (DistinctRef), so that importing the same file again changes nothing.
// Keys already given out stay.
func splitUnmarkedVersions(ctx context.Context, _ *Store, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT v.id, v.body, v.text, v.text_hash, m.id, m.chat_id, c.name, m.author, m.author_name,
			m.sent_at, m.time_precision, m.time_suspect, m.type, m.source_id, m.ref
		FROM message_versions v JOIN messages m ON m.id = v.message_id JOIN chats c ON c.id = m.chat_id
		WHERE v.edited_at = 0 AND instr(v.body, '<e_m') = 0 AND NOT `+editedIn("m.")+`
		ORDER BY v.id`)
	if err != nil {
		return err
	}
	type split struct {
		version, textHash, of, chat, sent, precision, source int64
		body, text, chatName, author, name, typ, ref         string
		suspect                                              bool
	}
	var splits []split
	for rows.Next() {
		var p split
		if err := rows.Scan(&p.version, &p.body, &p.text, &p.textHash, &p.of, &p.chat, &p.chatName, &p.author, &p.name,
			&p.sent, &p.precision, &p.suspect, &p.typ, &p.source, &p.ref); err != nil {
			rows.Close()
			return err
		}
		splits = append(splits, p)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if len(splits) == 0 {
		return nil
	}
	seq, err := maxSeq(ctx, tx)
	if err != nil {
		return err
	}
	for _, p := range splits {
		seq++
		key, err := freeKey(ctx, tx, p.chat, p.chatName, p.author, p.sent, p.text)
		if err != nil {
			return err
		}
		var storedText any = p.text
		if p.text == p.body {
			storedText = nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO messages (id, key, chat_id, author, author_name, sent_at, time_precision, time_suspect,
				type, body, text, text_hash, seq, source_id, ref, observed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
			seq, key, p.chat, p.author, p.name, p.sent, p.precision, p.suspect, p.typ, p.body, storedText, p.textHash,
			seq, p.source, DistinctRef(p.ref, p.body)); err != nil {
			return fmt.Errorf("split version %d of message %d: %w", p.version, p.of, err)
		}
		refs, err := tx.QueryContext(ctx, `SELECT source_id, ref FROM message_refs WHERE message_id = ?`, p.of)
		if err != nil {
			return err
		}
		var others [][2]any
		for refs.Next() {
			var source int64
			var ref string
			if err := refs.Scan(&source, &ref); err != nil {
				refs.Close()
				return err
			}
			others = append(others, [2]any{source, DistinctRef(ref, p.body)})
		}
		if err := refs.Close(); err != nil {
			return err
		}
		for _, o := range others {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO message_refs (message_id, source_id, ref, observed) VALUES (?, ?, ?, 0)`,
				seq, o[0], o[1]); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM message_versions WHERE id = ?`, p.version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE chats SET message_count = message_count + 1, changed_seq = ? WHERE id = ?`, seq, p.chat); err != nil {
			return err
		}
	}
	return nil
}

// freeKey is the key a new message gets (see messageKey), the n-th of its
// chat, author, second and text when earlier ones hold the others.
func freeKey(ctx context.Context, q rowsQuerier, chatID int64, chatName, author string, sent int64, text string) (string, error) {
	sec := floorDiv(sent, 1000)
	tol := MatchTolerance.Milliseconds() // times may have moved since, to a more precise source's
	rows, err := q.QueryContext(ctx, `SELECT key FROM messages WHERE chat_id = ? AND sent_at BETWEEN ? AND ?`,
		chatID, sec*1000-tol, sec*1000+999+tol)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	taken := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return "", err
		}
		taken[k] = true
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	for n := 1; ; n++ {
		if k := messageKey(chatName, author, sec, text, n); !taken[k] {
			return k, nil
		}
	}
}
