package store

import (
	"fmt"
	"strconv"
)

// docID names a message's document in the index: its id in base 36.
// Message ids are positive. (Names that sort as the ids, so that Bleve
// would not look new names up in older segments, were measured: a 10M
// import was no faster and its mapped files no smaller.)
func docID(id int64) string { return strconv.FormatInt(id, 36) }

// messageOfDoc is the message id a document name holds.
func messageOfDoc(doc string) (int64, error) {
	if id, err := strconv.ParseInt(doc, 36, 64); err == nil && id > 0 && docID(id) == doc {
		return id, nil
	}
	return 0, fmt.Errorf("store: search: bad document id %q", doc)
}

// chatKey is a chat's term in the index's chat field.
func chatKey(chat int64) string { return strconv.FormatInt(chat, 36) }
