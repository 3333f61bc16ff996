package skypeexport

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotExport reports that a file is neither a Skype export tar nor a
// messages.json with a conversations array.
var ErrNotExport = errors.New("not a Skype data export")

// Error describes a failure while reading an export, with the position at
// which it happened. Conversation and Message are 0-based indices into the
// conversations array and the current MessageList; -1 means "not inside one".
type Error struct {
	File           string // the path given to Open (or the name given to newReader)
	Member         string // "messages.json" inside a tar, or "" for a bare file
	Offset         int64  // byte offset in messages.json (json.Decoder.InputOffset), -1 if unknown
	Conversation   int    // 0-based conversation index, -1 if none
	ConversationID string // id of that conversation, if already read
	Message        int    // 0-based message index inside its MessageList, -1 if none
	Err            error  // the underlying error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("skypeexport: ")
	b.WriteString(e.File)
	if e.Member != "" || e.Offset >= 0 {
		b.WriteString(": ")
		if e.Member != "" {
			b.WriteString(e.Member)
			b.WriteString(" ")
		}
		if e.Offset >= 0 {
			fmt.Fprintf(&b, "at byte %d", e.Offset)
		}
	}
	if e.Conversation >= 0 {
		fmt.Fprintf(&b, " (conversation %d", e.Conversation)
		if e.ConversationID != "" {
			fmt.Fprintf(&b, " %q", e.ConversationID)
		}
		if e.Message >= 0 {
			fmt.Fprintf(&b, ", message %d", e.Message)
		}
		b.WriteString(")")
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }
