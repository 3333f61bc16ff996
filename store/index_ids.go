package store

import (
	"fmt"
	"strconv"
)

// docID names a message's document in the index: its id in base 36, after
// a letter that counts the digits (a for one, b for two, …), so that names
// sort as the ids do. Bleve looks each new document's name up in every
// segment whose greatest name sorts after it, to drop an older copy; new
// messages take ever larger ids, so an import's documents sort after every
// segment's names and need no lookups. (In plain base 36, "zzzz" sorts
// after "10000": at 10M, most new names were looked up in the oldest
// segments.) Message ids are positive.
func docID(id int64) string {
	digits := strconv.FormatInt(id, 36)
	return string(rune('a'+len(digits)-1)) + digits
}

// messageOfDoc is the message id a document name holds.
func messageOfDoc(doc string) (int64, error) {
	if len(doc) > 1 {
		if id, err := strconv.ParseInt(doc[1:], 36, 64); err == nil && id > 0 && docID(id) == doc {
			return id, nil
		}
	}
	return 0, fmt.Errorf("store: search: bad document id %q", doc)
}

// chatKey is a chat's term in the index's chat field.
func chatKey(chat int64) string { return strconv.FormatInt(chat, 36) }
