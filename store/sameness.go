package store

import (
	"cmp"
	"strconv"
	"strings"
)

// The one home of "the same message" (DESIGN.md, Message identity). Ingest
// (writer.put) and the chat merger (merger.fold) both ask these functions
// and write what they answer with the statements below, so that a message
// folded by either path ends up the same.

// state is a message as one sighting (or the archive) holds it.
type state struct {
	body, text, name, editedBy string
	editedAt, sent, precision  int64 // unix ms; precision is 1 or 1000
	deleted                    bool
}

// edited reports whether a sighting carries an edit mark: an edit time, a
// deletion, or Skype's edit marker in its body.
func (s state) edited() bool { return s.editedAt != 0 || s.deleted || HasEditMark(s.body) }

// HasEditMark reports whether a Skype body carries the edit marker
// (<e_m …/>), which an edited message's body may hold instead of an edit time.
func HasEditMark(body string) bool { return strings.Contains(body, "<e_m") }

// editedSQL is state.edited as SQL over a row of messages; editedIn over
// one named by a table alias and a dot.
var editedSQL = editedIn("")

func editedIn(alias string) string {
	return "(" + alias + "edited_at != 0 OR " + alias + "deleted OR instr(" + alias + "body, '<e_m') > 0)"
}

// copies reports whether two sightings a source gave one reference are
// copies of one message: only an edit makes one message say two things. Two
// sightings without an edit mark that say different things are two messages
// (an export lists two messages of one author in one millisecond, say).
// The same body is the same thing said, whatever plain text a reader of
// markup makes of it.
func copies(a, b state) bool {
	return a.edited() || b.edited() || a.body == b.body || a.text == b.text
}

// DistinctRef is the reference a message is filed under when the source's
// own reference already names another message (see copies): the reference
// and a hash of the body, so that the same sighting finds it again. An
// importer that knows its reference is shared (an export's messages of one
// author and millisecond) forms it itself, so that what it files under the
// reference (reactions) follows the right message.
func DistinctRef(ref, body string) string {
	return ref + "~" + strconv.FormatUint(uint64(fnvOffset.str(body)), 36)
}

// candidate is an archived message near a sighting from another source, as
// matching sees it.
type candidate struct {
	id, sent     int64
	sameText     bool // it has said (now or earlier) what the sighting says
	edited       bool // it carries an edit mark
	sharedSource bool // a source that saw the sighting has seen it too
}

// sameMessage reports whether a sighting and an archived message of the
// same chat and author, dist ms apart, are one message seen by two
// sources: the same text within MatchTolerance, or, when either was edited
// or deleted, any text within editTolerance. One source never sees one
// message twice, so a message it reported is never another's sighting.
func sameMessage(dist int64, sightingEdited bool, c candidate) bool {
	switch {
	case c.sharedSource:
		return false
	case c.sameText && dist <= MatchTolerance.Milliseconds():
		return true
	}
	return (sightingEdited || c.edited) && dist <= editTolerance.Milliseconds()
}

// closestMatch picks the candidate a sighting sent at sent is another
// sighting of: the closest in time of those sameMessage accepts (the
// earlier, then the older, on a tie), or 0. Callers leave out candidates
// already matched, so that matching is one to one.
func closestMatch(sent int64, sightingEdited bool, cands []candidate) int64 {
	var best *candidate
	for i := range cands {
		c := &cands[i]
		if !sameMessage(abs(c.sent-sent), sightingEdited, *c) {
			continue
		}
		if best == nil || cmp.Or(cmp.Compare(abs(c.sent-sent), abs(best.sent-sent)), cmp.Compare(c.sent, best.sent), cmp.Compare(c.id, best.id)) < 0 {
			best = c
		}
	}
	if best == nil {
		return 0
	}
	return best.id
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// reconcile is what one message becomes from two states of it: the archived
// one (cur) and another sighting's. The later edit is current, a deletion
// over all; the other's text becomes an earlier version unless it is what
// the current says or a deletion (nil then). The more precise time and the
// first display name known are kept.
func reconcile(cur, other state) (next state, earlier *state) {
	cur, other = datedDeletion(cur, other), datedDeletion(other, cur)
	newer, older := cur, other
	if other.deleted && !cur.deleted || !cur.deleted && !other.deleted && other.editedAt > cur.editedAt {
		newer, older = other, cur
	}
	next = newer
	next.sent, next.precision = cur.sent, cur.precision
	if other.precision < cur.precision {
		next.sent, next.precision = other.sent, other.precision
	}
	next.name = firstNonEmpty(cur.name, other.name)
	if !older.deleted && older.text != newer.text {
		earlier = &older
	}
	return next, earlier
}

// datedDeletion dates a deletion that came without a date no earlier than
// what it deletes.
func datedDeletion(s, of state) state {
	if s.deleted && s.editedAt == 0 {
		s.editedAt = max(of.editedAt, of.sent)
	}
	return s
}

// firstNonEmpty returns the first of its arguments that is not empty.
func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// stateColumns reads a state from messages; scanState scans them.
const stateColumns = `body, coalesce(text, body), author_name, edited_by, edited_at, sent_at, time_precision, deleted`

func scanState(row rowScanner) (state, error) {
	var s state
	err := row.Scan(&s.body, &s.text, &s.name, &s.editedBy, &s.editedAt, &s.sent, &s.precision, &s.deleted)
	return s, err
}

// setStateSQL writes a reconciled state to message ?10 (see stateArgs).
const setStateSQL = `UPDATE messages SET body = ?, text = ?, text_hash = ?, edited_by = ?, edited_at = ?, deleted = ?,
	sent_at = ?, time_precision = ?, author_name = ? WHERE id = ?`

func stateArgs(id int64, s state) []any {
	var storedText any = s.text
	if s.text == s.body {
		storedText = nil
	}
	return []any{s.body, storedText, textHash(s.text), s.editedBy, s.editedAt, s.deleted, s.sent, s.precision, s.name, id}
}

// keepVersionSQL records an earlier version of message ?1 unless it holds
// that text already: versions are told apart by their text alone.
const keepVersionSQL = `INSERT INTO message_versions (message_id, body, text, text_hash, edited_by, edited_at)
	SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 FROM message_versions WHERE message_id = ?1 AND text_hash = ?4 AND text = ?3)`

func versionArgs(id int64, v state) []any {
	return []any{id, v.body, v.text, textHash(v.text), v.editedBy, v.editedAt}
}
