// Package skypeapi speaks the Skype Desktop API: the text protocol of tagged
// commands, replies and notifications (see shared/specs/skype-desktop-api.md),
// the client that drives it over a Transport, and the Windows transport.
// Its sub-packages read and make Skype's other formats: skypesim (the Skype
// side, simulated), skypeexport (the data export), maindb (classic main.db)
// and synth (synthetic chats).
package skypeapi

import (
	"fmt"
	"strconv"
	"strings"
)

// Message is one parsed protocol message from Skype: a reply to a tagged
// command, or a notification.
type Message struct {
	Tag    string // the command's tag without '#'; "" for notifications
	Object string // CHAT, CHATMESSAGE, USER, …; or a global keyword: PROTOCOL, CURRENTUSERHANDLE, PONG, CHATS, …
	ID     string // the object's id or name; "" for globals
	Prop   string // the property; "" for globals and for events without one (CHAT x OPENED has Prop OPENED)
	Value  string // the rest of the text, which may hold spaces and line breaks
	Err    *Error // set for ERROR replies
}

// Error is an ERROR reply: `ERROR <code> <description>` (spec 2.4).
type Error struct {
	Code int
	Text string
}

func (e *Error) Error() string { return fmt.Sprintf("skype: ERROR %d %s", e.Code, e.Text) }

// Error codes an archiver handles (spec 2.4).
const (
	ErrAccessDenied    = 68
	ErrInvalidChatName = 105
	ErrInvalidMessage  = 14
	ErrUnknownMessage  = 15
)

// objects are the protocol's objects, whose replies and notifications have
// the form OBJECT ID PROPERTY VALUE.
var objects = map[string]bool{
	"CHAT": true, "CHATMESSAGE": true, "CHATMEMBER": true, "USER": true, "CALL": true,
	"MESSAGE": true, "GROUP": true, "FILETRANSFER": true, "VOICEMAIL": true, "SMS": true, "APPLICATION": true,
}

// Parse reads one message from Skype. Keywords are matched case-insensitively
// and returned in upper case; values are kept as sent, line breaks and all
// (spec 2.1, 3.5). It never fails: text it cannot place becomes an Object
// with the rest as Value.
func Parse(text string) Message {
	text = strings.TrimRight(text, "\x00")
	text = strings.TrimLeft(text, " ")
	var m Message
	if strings.HasPrefix(text, "#") {
		tag, rest, _ := strings.Cut(text[1:], " ")
		m.Tag, text = tag, rest
	}
	word, rest, _ := strings.Cut(text, " ")
	m.Object = strings.ToUpper(word)
	switch {
	case m.Object == "ERROR":
		code, desc, _ := strings.Cut(rest, " ")
		n, err := strconv.Atoi(code)
		if err != nil {
			n = -1
			desc = rest
		}
		m.Err = &Error{Code: n, Text: desc}
	case objects[m.Object]:
		m.ID, rest, _ = strings.Cut(rest, " ")
		prop, value, _ := strings.Cut(rest, " ")
		m.Prop, m.Value = strings.ToUpper(prop), value
	default:
		m.Value = rest
	}
	return m
}

// IDs splits a list of ids or handles, whichever separator Skype used:
// ", " for ids, spaces for handles (spec 2.6).
func IDs(list string) []string {
	return strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' || r == '\n' })
}

// Command builds a command line, tagged when tag is not "".
func Command(tag string, words ...string) string {
	cmd := strings.Join(words, " ")
	if tag == "" {
		return cmd
	}
	return "#" + tag + " " + cmd
}
