// Package skypeexport reads the Skype data export (messages.json, bare or
// inside the export's .tar) as a stream.
//
// The export can be larger than a gigabyte, so nothing here holds the whole
// file: the top-level object and each conversation object are walked token
// by token with encoding/json's Decoder, and each message of a
// conversation's MessageList is decoded on its own and handed to a callback.
// Memory use is bounded by the largest single message, not by the file.
//
// Messages are delivered in file order. Skype writes each MessageList
// newest first; this package does not reorder (that would mean buffering a
// whole conversation). Callers that need chronological order sort by
// Message.Time (then Message.ID), or store messages where order does not
// matter.
//
// When an error is returned from Each or Walk, the messages delivered
// before it have already been handed to the callback. Callers should treat
// the import as failed and roll it back, or resume using the conversation
// and message indices carried by *Error.
package skypeexport
