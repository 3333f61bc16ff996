package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/chatchannels/chatchannels/store/markup"
)

// rederiveBatch is how many rows rederiveTexts reads at a time.
const rederiveBatch = 5000

// rederiveTexts derives the plain text of every message and every earlier
// version again with the one reader of Skype markup (store/markup), and
// stores it, with its hash, where it differs from what an older version
// stored: an archive made by that version then compares and indexes texts
// as new messages are compared and indexed, and importing the same files
// again finds every message where it is. A message whose text changed gets
// a change sequence number, so that the index re-indexes it and the feeds
// of its chat change; its key, given out as permalink and feed id, stays.
func rederiveTexts(ctx context.Context, _ *Store, tx *sql.Tx) error {
	seq, err := maxSeq(ctx, tx)
	if err != nil {
		return fmt.Errorf("read the change sequence: %w", err)
	}
	first := seq
	chats := map[int64]int64{} // chat → the sequence of its last change
	err = eachText(ctx, tx, `SELECT id, chat_id, type, body, coalesce(text, body), deleted FROM messages
		WHERE id > ? ORDER BY id LIMIT ?`, func(r textRow) error {
		seq++
		if _, err := tx.ExecContext(ctx, `UPDATE messages SET text = ?, text_hash = ?, seq = ? WHERE id = ?`,
			textColumn(r.text, r.body), textHash(r.text), seq, r.id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO changes (seq, message_id) VALUES (?, ?)`, seq, r.id); err != nil {
			return err
		}
		chats[r.chat] = seq
		return nil
	})
	if err != nil {
		return fmt.Errorf("messages: %w", err)
	}
	for chat, last := range chats {
		if _, err := tx.ExecContext(ctx, `UPDATE chats SET changed_seq = max(changed_seq, ?) WHERE id = ?`, last, chat); err != nil {
			return fmt.Errorf("chat %d: %w", chat, err)
		}
	}
	versions := 0
	err = eachText(ctx, tx, `SELECT v.id, m.chat_id, m.type, v.body, v.text, 0 FROM message_versions v
		JOIN messages m ON m.id = v.message_id WHERE v.id > ? ORDER BY v.id LIMIT ?`, func(r textRow) error {
		versions++
		_, err := tx.ExecContext(ctx, `UPDATE message_versions SET text = ?, text_hash = ? WHERE id = ?`,
			r.text, textHash(r.text), r.id)
		return err
	})
	if err != nil {
		return fmt.Errorf("earlier versions: %w", err)
	}
	if seq > first || versions > 0 {
		slog.Info("archive upgraded: plain texts read again by the one markup reader",
			"messages", seq-first, "chats", len(chats), "versions", versions)
	}
	return nil
}

// textRow is a stored text to derive again: of a message, or of an
// earlier version (id is then the version's).
type textRow struct {
	id, chat  int64
	typ, body string
	deleted   bool
	stored    string // the text an older version stored
	text      string // the text the markup reader derives
}

// eachText reads rows (id, chat, type, body, text, deleted) with query,
// which takes the id to read after and how many to read, and calls changed
// for each whose derived text differs from the stored one, with the
// derived text. Rows are read in batches, each read whole before anything
// is written.
func eachText(ctx context.Context, tx *sql.Tx, query string, changed func(textRow) error) error {
	var after int64
	for {
		rows, err := tx.QueryContext(ctx, query, after, rederiveBatch)
		if err != nil {
			return describe(err)
		}
		var batch []textRow
		for rows.Next() {
			var r textRow
			if err := rows.Scan(&r.id, &r.chat, &r.typ, &r.body, &r.stored, &r.deleted); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, r)
		}
		if err := rows.Close(); err != nil {
			return describe(err)
		}
		if err := rows.Err(); err != nil {
			return describe(err)
		}
		if len(batch) == 0 {
			return nil
		}
		for _, r := range batch {
			if !r.deleted {
				r.text = markup.Text(r.typ, r.body)
			}
			if r.text == r.stored {
				continue
			}
			if err := changed(r); err != nil {
				return fmt.Errorf("row %d: %w", r.id, err)
			}
		}
		after = batch[len(batch)-1].id
	}
}

// textColumn is what the messages table stores as the text of a body:
// NULL when the text is the body itself.
func textColumn(text, body string) any {
	if text == body {
		return nil
	}
	return text
}
