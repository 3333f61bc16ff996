package store

import (
	"context"
)

// knownSet is the in-memory picture of what the archive holds, so that the
// common paths of ingesting touch no disk: a message a source reports again
// unchanged is recognized by its reference, and a new message whose text no
// stored message of that author in that chat has needs no search for a
// match. Guarded by Store.mu.
type knownSet struct {
	seq   int64            // the archive's change sequence this picture is of; -1 when not loaded
	refs  map[uint64]int64 // (source, ref) → hash of what the source last said
	texts map[uint64]bool  // (chat, author, text) of every current and earlier text
	edits map[uint64]bool  // (chat, author, 10 s slot) of every edited or deleted message
}

func newKnownSet() *knownSet { return &knownSet{seq: -1} }

func refSlot(source int64, ref string) uint64 { return uint64(fnvOffset.int(source).str(ref)) }

func textSlot(chat int64, author string, text int64) uint64 {
	return uint64(fnvOffset.int(chat).str(author).int(text))
}

const editSlotMillis = 10_000

func editSlot(chat int64, author string, millis int64) uint64 {
	return uint64(fnvOffset.int(chat).str(author).int(millis / editSlotMillis))
}

// nearEdit reports whether an edited or deleted message of author in chat
// may lie within editTolerance of millis.
func (k *knownSet) nearEdit(chat int64, author string, millis int64) bool {
	return k.edits[editSlot(chat, author, millis-editSlotMillis)] ||
		k.edits[editSlot(chat, author, millis)] ||
		k.edits[editSlot(chat, author, millis+editSlotMillis)]
}

// load reads the picture from the archive.
func (k *knownSet) load(ctx context.Context, q querier, seq int64) error {
	*k = knownSet{seq: seq, refs: map[uint64]int64{}, texts: map[uint64]bool{}, edits: map[uint64]bool{}}
	rows, err := q.QueryContext(ctx, `SELECT source_id, ref, observed FROM message_refs`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var source, observed int64
		var ref string
		if err := rows.Scan(&source, &ref, &observed); err != nil {
			rows.Close()
			return err
		}
		k.refs[refSlot(source, ref)] = observed
	}
	if err := rows.Close(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT chat_id, author, text_hash, sent_at, edited_at != 0 OR deleted FROM messages
		UNION ALL SELECT m.chat_id, m.author, v.text_hash, m.sent_at, 1 FROM message_versions v JOIN messages m ON m.id = v.message_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var chat, text, sent int64
		var author string
		var edited bool
		if err := rows.Scan(&chat, &author, &text, &sent, &edited); err != nil {
			return err
		}
		k.texts[textSlot(chat, author, text)] = true
		if edited {
			k.edits[editSlot(chat, author, sent)] = true
		}
	}
	return rows.Err()
}
