package skypeapi

import (
	"fmt"
	"strconv"
	"strings"
)

// simVersion is what GET SKYPEVERSION answers: the last classic client
// line that still served the Desktop API.
const simVersion = "6.21.0.104"

// answer handles one command from c and queues its reply (tagged like the
// command) and any notifications it triggers.
func (s *Sim) answer(c *simConn, text string) {
	text = strings.TrimRight(text, "\x00")
	tag := ""
	if strings.HasPrefix(text, "#") {
		tag, text, _ = strings.Cut(text[1:], " ")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	reply, greet := s.reply(c, text)
	c.push(Command(tag, reply))
	if greet && !c.greeted {
		// Real clients announce their state right after the handshake (spec 3.6).
		c.greeted = true
		c.push("CONNSTATUS ONLINE")
		c.push("CURRENTUSERHANDLE " + s.user)
		c.push("USERSTATUS ONLINE")
	}
}

func simError(code int, text string) string { return fmt.Sprintf("ERROR %d %s", code, text) }

// simList formats a reply holding an id list: "CHATS a, b", or just the
// keyword when the list is empty.
func simList(keyword string, items []string) string {
	if len(items) == 0 {
		return keyword
	}
	return keyword + " " + strings.Join(items, ", ")
}

// simProp formats a property reply: "OBJ id PROP value", the value
// verbatim (no space after PROP when it is empty).
func simProp(object, id, prop, value string) string {
	if value == "" {
		return object + " " + id + " " + prop
	}
	return object + " " + id + " " + prop + " " + value
}

// reply computes the reply to one untagged command; greet is true for
// PROTOCOL. Called with s.mu held.
func (s *Sim) reply(c *simConn, text string) (reply string, greet bool) {
	f := strings.Fields(text)
	if len(f) == 0 {
		return simError(1, "General syntax error"), false
	}
	switch strings.ToUpper(f[0]) {
	case "PROTOCOL":
		if len(f) != 2 {
			return simError(1, "General syntax error"), false
		}
		n, err := strconv.Atoi(f[1])
		if err != nil {
			return simError(1, "General syntax error"), false
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
	return simError(2, "Unknown command"), false
}

// get answers GET <what> … (spec 2.5, 3.3, 3.4).
func (s *Sim) get(c *simConn, f []string) string {
	if len(f) == 0 {
		return simError(7, "GET: invalid WHAT")
	}
	what := strings.ToUpper(f[0])
	switch what {
	case "CURRENTUSERHANDLE":
		return what + " " + s.user
	case "SKYPEVERSION":
		return what + " " + simVersion
	case "USERSTATUS", "CONNSTATUS":
		return what + " ONLINE"
	case "CHAT":
		if len(f) < 2 {
			return simError(105, "Invalid chat name")
		}
		ch := s.byName[f[1]]
		if ch == nil || ch.Cloud {
			return simError(105, "Invalid chat name")
		}
		if len(f) != 3 {
			return simError(106, "Invalid chat property")
		}
		prop := strings.ToUpper(f[2])
		v, ok := s.chatProp(ch, prop)
		if !ok {
			return simError(106, "Invalid chat property")
		}
		return simProp("CHAT", ch.Name, prop, v)
	case "CHATMESSAGE":
		if len(f) < 2 {
			return simError(14, "Invalid message id")
		}
		m := s.message(f[1])
		if m == nil {
			return simError(14, "Invalid message id")
		}
		if len(f) != 3 {
			return simError(16, "Invalid PROP")
		}
		prop := strings.ToUpper(f[2])
		v, ok := s.messageProp(c, m, prop)
		if !ok {
			return simError(16, "Invalid PROP")
		}
		return simProp("CHATMESSAGE", strconv.Itoa(m.id), prop, v)
	case "USER":
		if len(f) < 2 || simCheckHandle(f[1]) != nil {
			return simError(8, "Invalid user handle")
		}
		if len(f) != 3 {
			return simError(10, "Invalid PROP")
		}
		prop := strings.ToUpper(f[2])
		v, ok := s.userProp(f[1], prop)
		if !ok {
			return simError(10, "Invalid PROP")
		}
		return simProp("USER", f[1], prop, v)
	}
	return simError(7, "GET: invalid WHAT")
}

// message finds a message by the id text, or nil.
func (s *Sim) message(id string) *simMsg {
	n, err := strconv.Atoi(id)
	if err != nil {
		return nil
	}
	return s.byID[n]
}

// search answers SEARCH <what> [<target>] (spec 3.1).
func (s *Sim) search(f []string) string {
	if len(f) == 0 {
		return simError(3, "SEARCH: unknown WHAT")
	}
	what := strings.ToUpper(f[0])
	switch what {
	case "CHATS", "ACTIVECHATS", "MISSEDCHATS", "RECENTCHATS", "BOOKMARKEDCHATS":
		if len(f) > 1 {
			return simError(107, "target not allowed with CHATS")
		}
		return simList("CHATS", s.chatNames(what))
	case "CHATMESSAGES":
		with := ""
		if len(f) > 1 {
			with = f[1]
		}
		return simList("CHATMESSAGES", s.messageIDs(with, false))
	case "MISSEDCHATMESSAGES":
		return simList("CHATMESSAGES", s.messageIDs("", true))
	}
	return simError(3, "SEARCH: unknown WHAT")
}

// set answers SET CHATMESSAGE <id> SEEN, the one SET an archiver may send
// (spec 3.4); it marks the message read.
func (s *Sim) set(f []string) string {
	if len(f) == 0 || strings.ToUpper(f[0]) != "CHATMESSAGE" {
		return simError(18, "SET: invalid WHAT")
	}
	if len(f) < 2 {
		return simError(14, "Invalid message id")
	}
	m := s.message(f[1])
	if m == nil {
		return simError(14, "Invalid message id")
	}
	if len(f) != 3 || strings.ToUpper(f[2]) != "SEEN" {
		return simError(16, "Invalid PROP")
	}
	if m.Status == "RECEIVED" {
		m.Status = "READ"
	}
	return simProp("CHATMESSAGE", strconv.Itoa(m.id), "STATUS", m.Status)
}
