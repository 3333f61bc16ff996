package store

import (
	"context"
	"time"
)

// knownSet is the in-memory picture of what the archive holds, so that the
// common paths of ingesting touch no disk: a message a source reports again
// unchanged is recognized by its reference, and a new message whose text no
// stored message of that author in that chat has needs no search for a
// match. Guarded by Store.mu.
type knownSet struct {
	seq   int64    // the archive's change sequence this picture is of; -1 when not loaded
	refs  chatRefs // per chat, (source, ref) → the message and what the source last said of it (known_refs.go)
	texts slotSet  // (chat, author, text, 2-minute slot) of every current and earlier text
	edits slotSet  // (chat, author, 10 s slot) of every edited or deleted message
}

// refEntry is what the store remembers of one source's reference. Slots are
// 64-bit hashes: a hit is checked against the disk before it is trusted for
// anything but "unchanged" (see writer.findRef).
type refEntry struct {
	message  int64
	observed int64
}

// newKnownSet is an empty picture that keeps at most refsBudget
// references in memory (0: the default).
func newKnownSet(refsBudget int) *knownSet {
	return &knownSet{seq: -1, refs: newChatRefs(refsBudget)}
}

// refSlot is the slot of a source's reference in a chat. A reference is
// the source's name for a message within one chat: one author's two
// messages of one millisecond in two chats of an export share theirs.
func refSlot(source, chat int64, ref string) uint64 {
	return uint64(fnvOffset.int(source).int(chat).str(ref))
}

// textSlotMillis is the width of the time slots texts are filed under. At
// twice MatchTolerance, the times within MatchTolerance of any moment lie
// in at most two slots: those of the window's two ends.
const textSlotMillis = 120_000

// The slots must stay at least twice MatchTolerance wide (compile-time check).
const _ uint64 = textSlotMillis - 2*uint64(MatchTolerance/time.Millisecond)

func textSlot(chat int64, author string, text, millis int64) uint64 {
	return uint64(fnvOffset.int(chat).str(author).int(text).int(floorDiv(millis, textSlotMillis)))
}

func (k *knownSet) addText(chat int64, author string, text, millis int64) {
	k.texts.add(textSlot(chat, author, text, millis))
}

// nearText reports whether a message of author in chat with this text may
// lie within MatchTolerance of millis.
func (k *knownSet) nearText(chat int64, author string, text, millis int64) bool {
	tol := MatchTolerance.Milliseconds()
	first, last := floorDiv(millis-tol, textSlotMillis), floorDiv(millis+tol, textSlotMillis)
	h := fnvOffset.int(chat).str(author).int(text)
	return k.texts.has(uint64(h.int(first))) || last != first && k.texts.has(uint64(h.int(last)))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// editSlotMillis is the width of the slots edited messages are filed
// under: at least twice editTolerance, so that the times within
// editTolerance of any moment lie in at most two slots.
const editSlotMillis = 10_000

// The slots must stay at least twice editTolerance wide (compile-time check).
const _ uint64 = editSlotMillis - 2*uint64(editTolerance/time.Millisecond)

func editSlot(chat int64, author string, millis int64) uint64 {
	return uint64(fnvOffset.int(chat).str(author).int(floorDiv(millis, editSlotMillis)))
}

func (k *knownSet) addEdit(chat int64, author string, millis int64) {
	k.edits.add(editSlot(chat, author, millis))
}

// nearEdit reports whether an edited or deleted message of author in chat
// may lie within editTolerance of millis.
func (k *knownSet) nearEdit(chat int64, author string, millis int64) bool {
	tol := editTolerance.Milliseconds()
	first, last := floorDiv(millis-tol, editSlotMillis), floorDiv(millis+tol, editSlotMillis)
	h := fnvOffset.int(chat).str(author)
	return k.edits.has(uint64(h.int(first))) || last != first && k.edits.has(uint64(h.int(last)))
}

// load reads the picture's texts and edits from the archive; the
// references load in pages, when used (see chatRefs).
func (k *knownSet) load(ctx context.Context, q querier, seq int64) error {
	*k = knownSet{seq: seq, refs: newChatRefs(k.refs.budget)}
	var texts int
	if err := q.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM message_versions)`).Scan(&texts); err != nil {
		return err
	}
	k.texts.reserve(texts)
	rows, err := q.QueryContext(ctx, `SELECT chat_id, author, text_hash, sent_at, `+editedSQL+` FROM messages`)
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
		k.addText(chat, author, text, sent)
		if edited {
			k.addEdit(chat, author, sent)
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT m.chat_id, m.author, v.text_hash, m.sent_at FROM message_versions v JOIN messages m ON m.id = v.message_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var chat, text, sent int64
		var author string
		if err := rows.Scan(&chat, &author, &text, &sent); err != nil {
			return err
		}
		k.addText(chat, author, text, sent)
	}
	return rows.Err()
}
