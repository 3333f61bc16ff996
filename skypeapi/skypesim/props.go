package skypesim

import (
	"html"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// recentMessages is how many ids RECENTCHATMESSAGES lists (spec 3.3).
const recentMessages = 10

// recentChats is how many of the latest active chats RECENTCHATS lists
// besides those with scripted activity.
const recentChats = 3

// chatProp answers GET CHAT <name> <prop>. Called with s.mu held.
func (s *Skype) chatProp(c *chatState, prop string) (string, bool) {
	dialog, creator := s.chatKind(c)
	switch prop {
	case "NAME":
		return c.Name, true
	case "TIMESTAMP":
		return strconv.FormatInt(c.created, 10), true
	case "ADDER":
		if creator == s.user {
			return "", true
		}
		return creator, true
	case "STATUS":
		if dialog {
			return "DIALOG", true
		}
		return "MULTI_SUBSCRIBED", true
	case "TYPE":
		if dialog {
			return "DIALOG", true
		}
		return "MULTICHAT", true
	case "POSTERS":
		return strings.Join(c.posters(), " "), true
	case "MEMBERS", "ACTIVEMEMBERS":
		return strings.Join(s.members(c), " "), true
	case "TOPIC":
		return c.Topic, true
	case "TOPICXML":
		return html.EscapeString(c.Topic), true
	case "FRIENDLYNAME":
		return s.friendlyName(c), true
	case "BOOKMARKED":
		return boolProp(c.Bookmarked), true
	case "MYSTATUS":
		return "SUBSCRIBED", true
	case "MYROLE":
		if creator == s.user {
			return "CREATOR", true
		}
		return "USER", true
	case "DIALOG_PARTNER":
		if !dialog {
			return "", true
		}
		return s.partner(c), true
	case "ACTIVITY_TIMESTAMP":
		return strconv.FormatInt(c.activity(), 10), true
	case "CHATMESSAGES":
		return strings.Join(c.ids(0), ", "), true
	case "RECENTCHATMESSAGES":
		return strings.Join(c.ids(recentMessages), ", "), true
	case "OPTIONS":
		return "0", true
	case "MEMBEROBJECTS", "PASSWORDHINT", "GUIDELINES", "DESCRIPTION", "BLOB", "APPLICANTS":
		return "", true
	}
	return "", false
}

// messageProp answers GET CHATMESSAGE <id> <prop>. Called with s.mu held.
func (s *Skype) messageProp(c *clientConn, m *messageState, prop string) (string, bool) {
	switch prop {
	case "TIMESTAMP":
		return strconv.FormatInt(m.TS, 10), true
	case "FROM_HANDLE":
		return m.From, true
	case "FROM_DISPNAME":
		return m.Dispname, true
	case "TYPE":
		if c.proto < 7 && messageTypes[m.Type] {
			return "UNKNOWN", true // spec 2.2: public-chat types need protocol 7
		}
		return m.Type, true
	case "STATUS":
		return m.Status, true
	case "LEAVEREASON", "USERS":
		return "", true
	case "CHATNAME":
		return m.chat.Name, true
	case "BODY":
		return m.Body, true
	case "IS_EDITABLE":
		return boolProp(m.From == s.user && m.Body != "" && (m.Type == "SAID" || m.Type == "EMOTED")), true
	case "EDITED_BY":
		return m.EditedBy, true
	case "EDITED_TIMESTAMP":
		return strconv.FormatInt(m.EditedTS, 10), true
	case "OPTIONS":
		return "0", true
	case "ROLE":
		return "UNKNOWN", true
	}
	return "", false
}

// userProp answers GET USER <handle> <prop> for any handle, as Skype does.
func (s *Skype) userProp(h, prop string) (string, bool) {
	switch prop {
	case "HANDLE":
		return h, true
	case "FULLNAME", "DISPLAYNAME":
		if d := s.dispname(h); d != h {
			return d, true
		}
		return "", true
	case "ONLINESTATUS":
		if h == s.user {
			return "ONLINE", true
		}
		return "OFFLINE", true
	}
	return "", false
}

func boolProp(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

// parseChatName splits a peer-to-peer chat name (spec 3.2):
// #creator/$partner;hex is a dialog, #creator/$hex a group chat.
func parseChatName(name string) (creator, partner string, dialog, ok bool) {
	if !strings.HasPrefix(name, "#") {
		return "", "", false, false
	}
	creator, rest, found := strings.Cut(name[1:], "/$")
	if !found || creator == "" {
		return "", "", false, false
	}
	// "#creator/$partner;hex" is a dialog; "#creator/$*T;189" (a group
	// that moved to the cloud) and "#creator/$hex" are groups.
	if i := strings.LastIndexByte(rest, ';'); i > 0 && !strings.HasPrefix(rest, "*") {
		return creator, rest[:i], true, true
	}
	return creator, "", false, true
}

// chatKind tells whether c is a 1:1 dialog, and who created it. Chat names
// of other forms are dialogs when they have two members.
func (s *Skype) chatKind(c *chatState) (dialog bool, creator string) {
	if cr, _, d, ok := parseChatName(c.Name); ok {
		return d, cr
	}
	members := s.members(c)
	if len(members) > 0 {
		creator = members[0]
	}
	return len(members) == 2, creator
}

// members are the chat's members as the world gives them, or else the
// parties its name shows, the user, and everyone who posted.
func (s *Skype) members(c *chatState) []string {
	if len(c.Members) > 0 {
		return c.Members
	}
	var out []string
	add := func(h string) {
		if h != "" && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	creator, partner, _, _ := parseChatName(c.Name)
	add(creator)
	add(partner)
	add(s.user)
	for _, h := range c.posters() {
		add(h)
	}
	return out
}

// partner is the other party of a dialog.
func (s *Skype) partner(c *chatState) string {
	if creator, partner, _, ok := parseChatName(c.Name); ok {
		if creator == s.user {
			return partner
		}
		return creator
	}
	for _, h := range s.members(c) {
		if h != s.user {
			return h
		}
	}
	return ""
}

// friendlyName is the title of the chat window: the topic, else the
// partner's name, else the other members' names.
func (s *Skype) friendlyName(c *chatState) string {
	if c.Topic != "" {
		return c.Topic
	}
	if dialog, _ := s.chatKind(c); dialog {
		return s.dispname(s.partner(c))
	}
	var names []string
	for _, h := range s.members(c) {
		if h != s.user {
			names = append(names, s.dispname(h))
		}
	}
	return strings.Join(names, ", ")
}

// dispname is a display name the handle posted under, or the handle.
func (s *Skype) dispname(h string) string {
	for _, c := range s.chats {
		for i := len(c.msgs) - 1; i >= 0; i-- {
			if m := c.msgs[i]; m.From == h && m.Dispname != "" && m.Dispname != h {
				return m.Dispname
			}
		}
	}
	return h
}

// posters are the handles that posted in the chat, in order of first post.
func (c *chatState) posters() []string {
	var out []string
	for _, m := range c.msgs {
		if !slices.Contains(out, m.From) {
			out = append(out, m.From)
		}
	}
	return out
}

// activity is the chat's last activity: its newest message, or its creation.
func (c *chatState) activity() int64 {
	t := c.created
	for _, m := range c.msgs {
		t = max(t, m.TS)
	}
	return t
}

// ids lists the chat's message ids newest first, as real clients did (so
// not in time order); at most limit when limit > 0.
func (c *chatState) ids(limit int) []string {
	ms := make([]*messageState, 0, len(c.msgs))
	for _, m := range c.msgs {
		if m.id != 0 {
			ms = append(ms, m)
		}
	}
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].TS != ms[j].TS {
			return ms[i].TS > ms[j].TS
		}
		return ms[i].id > ms[j].id
	})
	if limit > 0 && len(ms) > limit {
		ms = ms[:limit]
	}
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = strconv.Itoa(m.id)
	}
	return out
}

// chatNames answers the SEARCH …CHATS family. Cloud chats are never listed.
func (s *Skype) chatNames(what string) []string {
	var visible []*chatState
	for _, c := range s.chats {
		if !c.Cloud {
			visible = append(visible, c)
		}
	}
	var out []string
	switch what {
	case "CHATS":
		for _, c := range visible {
			out = append(out, c.Name)
		}
	case "ACTIVECHATS":
		for _, c := range visible {
			if c.touched {
				out = append(out, c.Name)
			}
		}
	case "BOOKMARKEDCHATS":
		for _, c := range visible {
			if c.Bookmarked {
				out = append(out, c.Name)
			}
		}
	case "MISSEDCHATS":
		for _, c := range visible {
			if slices.ContainsFunc(c.msgs, func(m *messageState) bool { return s.missed(m) }) {
				out = append(out, c.Name)
			}
		}
	case "RECENTCHATS":
		sort.SliceStable(visible, func(i, j int) bool { return visible[i].activity() > visible[j].activity() })
		for i, c := range visible {
			if i < recentChats || c.touched {
				out = append(out, c.Name)
			}
		}
	}
	return out
}

// missed tells whether m is an incoming message not yet read.
func (s *Skype) missed(m *messageState) bool { return m.From != s.user && m.Status == "RECEIVED" }

// messageIDs answers SEARCH CHATMESSAGES [with] (messages of the chats
// that user is a member of) and SEARCH MISSEDCHATMESSAGES.
func (s *Skype) messageIDs(with string, missed bool) []string {
	var out []string
	for _, c := range s.chats {
		if c.Cloud || (with != "" && !slices.Contains(s.members(c), with)) {
			continue
		}
		for _, id := range c.ids(0) {
			if !missed || s.missed(s.message(id)) {
				out = append(out, id)
			}
		}
	}
	return out
}
