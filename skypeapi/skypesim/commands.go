package skypesim

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/chatchannels/chatchannels/skypeapi"
)

// skypeVersion is what GET SKYPEVERSION answers: the last classic client
// line that still served the Desktop API.
const skypeVersion = "6.21.0.104"

// answer handles one command from c and queues its reply (tagged like the
// command) and any notifications it triggers.
func (s *Skype) answer(c *clientConn, text string) {
	text = strings.TrimRight(text, "\x00")
	tag := ""
	if strings.HasPrefix(text, "#") {
		tag, text, _ = strings.Cut(text[1:], " ")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	reply, greet := s.reply(c, text)
	c.push(skypeapi.Command(tag, reply))
	if greet && !c.greeted {
		// Real clients announce their state right after the handshake (spec 3.6).
		c.greeted = true
		c.push("CONNSTATUS ONLINE")
		c.push("CURRENTUSERHANDLE " + s.user)
		c.push("USERSTATUS ONLINE")
	}
}

func errorReply(code int, text string) string { return fmt.Sprintf("ERROR %d %s", code, text) }

// listReply formats a reply holding an id list: "CHATS a, b", or just the
// keyword when the list is empty.
func listReply(keyword string, items []string) string {
	if len(items) == 0 {
		return keyword
	}
	return keyword + " " + strings.Join(items, ", ")
}

// propReply formats a property reply: "OBJ id PROP value", the value
// verbatim (no space after PROP when it is empty).
func propReply(object, id, prop, value string) string {
	if value == "" {
		return object + " " + id + " " + prop
	}
	return object + " " + id + " " + prop + " " + value
}

// reply computes the reply to one untagged command; greet is true for
// PROTOCOL. Called with s.mu held.
func (s *Skype) reply(c *clientConn, text string) (reply string, greet bool) {
	f := strings.Fields(text)
	if len(f) == 0 {
		return errorReply(1, "General syntax error"), false
	}
	switch strings.ToUpper(f[0]) {
	case "PROTOCOL":
		if len(f) != 2 {
			return errorReply(1, "General syntax error"), false
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			return errorReply(1, "General syntax error"), false
		}
		c.proto = max(1, min(n, s.maxProto))
		return "PROTOCOL " + strconv.Itoa(c.proto), true
	case "PING":
		return "PONG", false
	case "NAME":
		return "OK", false
	case "GET":
		return s.get(c, f[1:]), false
	case "SEARCH":
		return s.search(f[1:]), false
	case "SET":
		return s.set(f[1:]), false
	}
	return errorReply(2, "Unknown command"), false
}

// get answers GET <what> … (spec 2.5, 3.3, 3.4).
func (s *Skype) get(c *clientConn, f []string) string {
	if len(f) == 0 {
		return errorReply(7, "GET: invalid WHAT")
	}
	what := strings.ToUpper(f[0])
	switch what {
	case "CURRENTUSERHANDLE":
		return what + " " + s.user
	case "SKYPEVERSION":
		return what + " " + skypeVersion
	case "USERSTATUS", "CONNSTATUS":
		return what + " ONLINE"
	case "CHAT":
		if len(f) < 2 {
			return errorReply(105, "Invalid chat name")
		}
		ch := s.byName[f[1]]
		if ch == nil || ch.Cloud {
			return errorReply(105, "Invalid chat name")
		}
		if len(f) != 3 {
			return errorReply(106, "Invalid chat property")
		}
		prop := strings.ToUpper(f[2])
		v, ok := s.chatProp(ch, prop)
		if !ok {
			return errorReply(106, "Invalid chat property")
		}
		return propReply("CHAT", ch.Name, prop, v)
	case "CHATMESSAGE":
		if len(f) < 2 {
			return errorReply(14, "Invalid message id")
		}
		m := s.message(f[1])
		if m == nil {
			return errorReply(14, "Invalid message id")
		}
		if len(f) != 3 {
			return errorReply(16, "Invalid PROP")
		}
		prop := strings.ToUpper(f[2])
		v, ok := s.messageProp(c, m, prop)
		if !ok {
			return errorReply(16, "Invalid PROP")
		}
		return propReply("CHATMESSAGE", strconv.Itoa(m.id), prop, v)
	case "USER":
		if len(f) < 2 || checkHandle(f[1]) != nil {
			return errorReply(8, "Invalid user handle")
		}
		if len(f) != 3 {
			return errorReply(10, "Invalid PROP")
		}
		prop := strings.ToUpper(f[2])
		v, ok := s.userProp(f[1], prop)
		if !ok {
			return errorReply(10, "Invalid PROP")
		}
		return propReply("USER", f[1], prop, v)
	}
	return errorReply(7, "GET: invalid WHAT")
}

// message finds a message by the id text, or nil.
func (s *Skype) message(id string) *messageState {
	n, err := strconv.Atoi(id)
	if err != nil {
		return nil
	}
	return s.byID[n]
}

// search answers SEARCH <what> [<target>] (spec 3.1).
func (s *Skype) search(f []string) string {
	if len(f) == 0 {
		return errorReply(3, "SEARCH: unknown WHAT")
	}
	what := strings.ToUpper(f[0])
	switch what {
	case "CHATS", "ACTIVECHATS", "MISSEDCHATS", "RECENTCHATS", "BOOKMARKEDCHATS":
		if len(f) > 1 {
			return errorReply(107, "target not allowed with CHATS")
		}
		return listReply("CHATS", s.chatNames(what))
	case "CHATMESSAGES":
		with := ""
		if len(f) > 1 {
			with = f[1]
		}
		return listReply("CHATMESSAGES", s.messageIDs(with, false))
	case "MISSEDCHATMESSAGES":
		return listReply("CHATMESSAGES", s.messageIDs("", true))
	}
	return errorReply(3, "SEARCH: unknown WHAT")
}

// set answers SET CHATMESSAGE <id> SEEN, the one SET an archiver may send
// (spec 3.4); it marks the message read.
func (s *Skype) set(f []string) string {
	if len(f) == 0 || strings.ToUpper(f[0]) != "CHATMESSAGE" {
		return errorReply(18, "SET: invalid WHAT")
	}
	if len(f) < 2 {
		return errorReply(14, "Invalid message id")
	}
	m := s.message(f[1])
	if m == nil {
		return errorReply(14, "Invalid message id")
	}
	if len(f) != 3 || strings.ToUpper(f[2]) != "SEEN" {
		return errorReply(16, "Invalid PROP")
	}
	if m.Status == "RECEIVED" {
		m.Status = "READ"
	}
	return propReply("CHATMESSAGE", strconv.Itoa(m.id), "STATUS", m.Status)
}
