package skypeexport

import (
	"encoding/json"
	"errors"
	"fmt"
)

// readHead reads the top-level object up to and including the start of the
// "conversations" array, recording userId and exportDate on the way and
// skipping unknown keys.
func (e *Export) readHead() error {
	t, err := token(e.dec)
	if err != nil {
		return fmt.Errorf("reading top level: %w", err)
	}
	if d, ok := t.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("top level is %s, not an object: %w", describe(t), ErrNotExport)
	}
	for {
		key, done, err := objectKey(e.dec)
		if err != nil {
			return err
		}
		if done {
			return fmt.Errorf("no \"conversations\" array: %w", ErrNotExport)
		}
		if key == "conversations" {
			return e.startConversations()
		}
		if err := e.topLevelValue(key); err != nil {
			return err
		}
	}
}

// startConversations reads the '[' (or null) that opens the array.
func (e *Export) startConversations() error {
	t, err := token(e.dec)
	if err != nil {
		return err
	}
	if t == nil {
		e.noConvs = true
		return nil
	}
	if d, ok := t.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("\"conversations\" is %s, not an array: %w", describe(t), ErrNotExport)
	}
	return nil
}

// topLevelValue reads the value of a top-level key other than conversations.
func (e *Export) topLevelValue(key string) error {
	var dst *string
	switch key {
	case "userId":
		dst = &e.UserID
	case "exportDate":
		dst = &e.ExportDate
	default:
		return skipValue(e.dec)
	}
	var s *string
	if err := decodeValue(e.dec, &s); err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	if s != nil {
		*dst = *s
	}
	return nil
}

// Each calls fn for every message of every conversation, in file order
// (Skype writes each MessageList newest first). See Walk.
func (e *Export) Each(fn func(c Conversation, m Message) error) error {
	return e.Walk(fn, nil)
}

// Walk streams the conversations one at a time. onMessage (may be nil) is
// called for each message of a conversation's MessageList as it is
// decoded, with the conversation's metadata read so far; onConversation
// (may be nil) is called when a conversation object ends, with all its
// metadata, including conversations without messages. Conversations of
// every kind, including KindSystem ("48:"), are reported; callers skip what
// they do not want. The Conversation's Members slice is shared between
// calls for one conversation and must not be modified.
//
// Walk can run once per Export. An error returned by a callback stops the
// walk and is returned unchanged. Other failures are *Error values naming
// the file, the byte offset in messages.json and the conversation and
// message indices. Messages delivered before an error stay delivered:
// treat the import as failed and roll back, or resume from the indices.
func (e *Export) Walk(onMessage func(c Conversation, m Message) error, onConversation func(c Conversation) error) error {
	if e.used {
		return e.wrap(errors.New("export already read: Each/Walk can run only once"), false)
	}
	e.used = true
	if !e.noConvs {
		for i := 0; e.dec.More(); i++ {
			e.pos = position{conv: i, msg: -1}
			if err := e.conversation(onMessage, onConversation); err != nil {
				return err
			}
		}
		e.pos = position{conv: -1, msg: -1}
		if err := expectDelim(e.dec, ']', "end of conversations"); err != nil {
			return e.wrap(err, true)
		}
	}
	for {
		key, done, err := objectKey(e.dec)
		if err != nil {
			return e.wrap(err, true)
		}
		if done {
			break
		}
		if key == "conversations" { // a duplicate; ignore it
			err = skipValue(e.dec)
		} else {
			err = e.topLevelValue(key)
		}
		if err != nil {
			return e.wrap(err, true)
		}
	}
	if err := e.drainTar(); err != nil {
		// messages.json was read to its end: the messages are complete.
		e.TarDamage = e.wrap(err, false)
	}
	return nil
}

// callback marks errors that came from the caller, to return unchanged.
type callback struct{ err error }

func (c callback) Error() string { return c.err.Error() }

// conversation reads one conversation object.
func (e *Export) conversation(onMessage func(Conversation, Message) error, onConversation func(Conversation) error) error {
	if err := expectDelim(e.dec, '{', "conversation"); err != nil {
		return e.wrap(err, true)
	}
	var c Conversation
	for {
		key, done, err := objectKey(e.dec)
		if err != nil {
			return e.wrap(err, true)
		}
		if done {
			break
		}
		switch key {
		case "id", "displayName":
			var s *string
			if err := decodeValue(e.dec, &s); err != nil {
				return e.wrap(fmt.Errorf("%s: %w", key, err), true)
			}
			if s != nil && key == "id" {
				c.setID(*s)
				e.pos.convID = c.ID
			} else if s != nil {
				c.DisplayName = *s
			}
		case "properties":
			var raw json.RawMessage
			if err := decodeValue(e.dec, &raw); err != nil {
				return e.wrap(fmt.Errorf("properties: %w", err), true)
			}
			c.setProperties(raw)
		case "threadProperties":
			var raw json.RawMessage
			if err := decodeValue(e.dec, &raw); err != nil {
				return e.wrap(fmt.Errorf("threadProperties: %w", err), true)
			}
			if err := c.setThreadProperties(raw); err != nil {
				return e.wrap(err, true)
			}
		case "MessageList":
			if err := e.messageList(&c, onMessage); err != nil {
				var cb callback
				if errors.As(err, &cb) {
					return cb.err
				}
				return e.wrap(err, true)
			}
			e.pos.msg = -1
		default:
			if err := skipValue(e.dec); err != nil {
				return e.wrap(err, true)
			}
		}
	}
	if onConversation != nil {
		return onConversation(c)
	}
	return nil
}

// messageList streams a MessageList array (or null), one message at a time.
func (e *Export) messageList(c *Conversation, onMessage func(Conversation, Message) error) error {
	t, err := token(e.dec)
	if err != nil {
		return err
	}
	if t == nil {
		return nil
	}
	if d, ok := t.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("MessageList is %s, not an array", describe(t))
	}
	for i := 0; e.dec.More(); i++ {
		e.pos.msg = i
		var rm rawMessage
		if err := decodeValue(e.dec, &rm); err != nil {
			return err
		}
		if c.ID == "" && rm.ConversationID != "" {
			c.setID(rm.ConversationID)
			e.pos.convID = c.ID
		}
		m, err := rm.toMessage(c.ID)
		if err != nil {
			return err
		}
		if onMessage != nil {
			if err := onMessage(*c, m); err != nil {
				return callback{err}
			}
		}
	}
	e.pos.msg = -1
	return expectDelim(e.dec, ']', "end of MessageList")
}
