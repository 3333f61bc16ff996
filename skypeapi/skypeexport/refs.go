package skypeexport

import (
	"strconv"

	"github.com/chatchannels/chatchannels/store"
)

// baseRef is an export message's reference for the store: its author and
// original time to the millisecond, which an edited message keeps in every
// copy the export holds of it (spec 1.8), so that the copies become one
// message with its versions. The store scopes it to the message's chat.
func baseRef(m Message) string {
	return m.Author + "@" + strconv.FormatInt(m.Time.UnixMilli(), 10)
}

// refMaker gives export messages their references as a conversation's
// messages stream by. Entries of one author and millisecond are copies of
// one message only when one of them carries an edit mark (an edit or
// deletion time, or the <e_m> marker): those share baseRef. Without a
// mark, each entry is a message of its own: the first says what baseRef
// names, one that says something else is filed under store.DistinctRef,
// and one that repeats an earlier entry word for word (a repeated "ok")
// gets its rank after a '#'. The export lists a conversation's messages by
// time, so the entries of one millisecond come together: only those are
// remembered.
type refMaker struct {
	conv   string
	millis int64
	marked map[string]bool   // authors of this millisecond with an edit-marked entry
	first  map[string]string // each author's first unmarked content in this millisecond
	said   map[said]int      // unmarked entries of this millisecond so far
}

type said struct{ author, content string }

// ref is the reference of message m of conversation conv.
func (r *refMaker) ref(conv string, m Message) string {
	ms := m.Time.UnixMilli()
	if conv != r.conv || ms != r.millis || r.said == nil {
		r.conv, r.millis = conv, ms
		r.marked, r.first, r.said = map[string]bool{}, map[string]string{}, map[said]int{}
	}
	ref := baseRef(m)
	if editMarked(m) {
		r.marked[m.Author] = true
		return ref
	}
	if r.marked[m.Author] {
		return ref // an earlier copy of an edited message
	}
	first, ok := r.first[m.Author]
	if !ok {
		first = m.Content
		r.first[m.Author] = first
	}
	if m.Content != first {
		ref = store.DistinctRef(ref, m.Content)
	}
	k := said{m.Author, m.Content}
	r.said[k]++
	if n := r.said[k]; n > 1 {
		ref += "#" + strconv.Itoa(n)
	}
	return ref
}

// editMarked reports whether an export entry carries an edit mark.
func editMarked(m Message) bool {
	return !m.EditTime.IsZero() || !m.DeleteTime.IsZero() || store.HasEditMark(m.Content)
}
