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
	run    []runEntry // the entries of this millisecond so far (mostly one)
}

type runEntry struct {
	author, content string
	marked          bool
}

// ref is the reference of message m of conversation conv.
func (r *refMaker) ref(conv string, m Message) string {
	if m.Time.IsZero() {
		return baseRef(m) // no time: the store leaves it out
	}
	ms := m.Time.UnixMilli()
	if conv != r.conv || ms != r.millis {
		r.conv, r.millis, r.run = conv, ms, r.run[:0]
	}
	marked := editMarked(m)
	r.run = append(r.run, runEntry{m.Author, m.Content, marked})
	ref := baseRef(m)
	var first string // the author's first unmarked content in this millisecond
	hasFirst, n := false, 0
	for _, e := range r.run[:len(r.run)-1] {
		if e.author != m.Author {
			continue
		}
		if e.marked || marked {
			return ref // copies of an edited message
		}
		if !hasFirst {
			first, hasFirst = e.content, true
		}
		if e.content == m.Content {
			n++ // an earlier entry said the same
		}
	}
	if hasFirst && m.Content != first {
		ref = store.DistinctRef(ref, m.Content)
	}
	if n > 0 {
		ref += "#" + strconv.Itoa(n+1)
	}
	return ref
}

// editMarked reports whether an export entry carries an edit mark.
func editMarked(m Message) bool {
	return !m.EditTime.IsZero() || !m.DeleteTime.IsZero() || store.HasEditMark(m.Content)
}
