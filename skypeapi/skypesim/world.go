package skypesim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
)

// World is a simulator world file (DESIGN.md, "The simulator world file"):
// the user, their chats with history, and a script of live events.
type World struct {
	User     string      `json:"user"`
	Protocol int         `json:"protocol"` // the highest protocol the simulated Skype speaks (default 8)
	Chats    []WorldChat `json:"chats"`
	Script   []Step      `json:"script,omitempty"`
}

// WorldChat is one chat of a World, with its history in order.
type WorldChat struct {
	Name       string         `json:"name"`
	Topic      string         `json:"topic,omitempty"`
	Members    []string       `json:"members,omitempty"`
	Messages   []WorldMessage `json:"messages"`
	Cloud      bool           `json:"cloud,omitempty"` // a 19:… cloud chat: GET answers ERROR 105 and SEARCH does not list it
	Bookmarked bool           `json:"bookmarked,omitempty"`
}

// WorldMessage is one chat message of a World.
type WorldMessage struct {
	From     string `json:"from"`
	Dispname string `json:"dispname,omitempty"` // default From
	TS       int64  `json:"ts,omitempty"`       // UNIX seconds; a scripted message without one takes the current time
	Type     string `json:"type,omitempty"`     // default SAID
	Body     string `json:"body"`
	EditedBy string `json:"edited_by,omitempty"`
	EditedTS int64  `json:"edited_ts,omitempty"`
	Status   string `json:"status,omitempty"` // default RECEIVED, or SENT when From is the world's user
}

// Step is one scripted event: a message, an edit, or Skype going away for
// DisconnectMS. AfterMS counts from the first successful attach.
type Step struct {
	AfterMS      int64         `json:"after_ms"`
	Chat         string        `json:"chat,omitempty"` // the chat of Message
	Message      *WorldMessage `json:"message,omitempty"`
	Edit         *Edit         `json:"edit,omitempty"`
	DisconnectMS int64         `json:"disconnect_ms,omitempty"`
}

// Edit changes the body of a message; an empty Body deletes it.
type Edit struct {
	Chat  string `json:"chat"`
	Index int    `json:"index"` // position in the chat's history, scripted messages included (0 = first)
	Body  string `json:"body"`
}

// messageTypes are the CHATMESSAGE TYPEs (spec 3.4); true marks the
// public-chat types that protocols below 7 report as UNKNOWN.
var messageTypes = map[string]bool{
	"SAID": false, "EMOTED": false, "SETTOPIC": false, "ADDEDMEMBERS": false, "SAWMEMBERS": false,
	"CREATEDCHATWITH": false, "LEFT": false, "UNKNOWN": false,
	"POSTEDCONTACTS": true, "GAP_IN_CHAT": true, "SETROLE": true, "KICKED": true, "KICKBANNED": true,
	"SETOPTIONS": true, "SETPICTURE": true, "SETGUIDELINES": true, "JOINEDASAPPLICANT": true,
}

var statuses = map[string]bool{"SENDING": true, "SENT": true, "RECEIVED": true, "READ": true}

// LoadWorld reads and validates a world file.
func LoadWorld(path string) (*World, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("skypesim: world %s: %w", path, err)
	}
	w, err := parseWorld(data)
	if err != nil {
		return nil, fmt.Errorf("skypesim: world %s: %w", path, err)
	}
	return w, nil
}

// parseWorld decodes and validates a world: chats are named and unique,
// script steps name existing chats, edit indexes point at a message.
// Defaults are filled in (protocol 8, TYPE SAID, STATUS, FROM_DISPNAME).
func parseWorld(data []byte) (*World, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("empty file")
	}
	var w World
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, jsonError(data, err)
	}
	if err := w.validate(); err != nil {
		return nil, err
	}
	return &w, nil
}

// jsonError adds the line and column to a JSON decoding error.
func jsonError(data []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(data)) {
		return fmt.Errorf("bad JSON: %w", err)
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Errorf("bad JSON at line %d, column %d: %w", line, col, err)
}

func (w *World) validate() error {
	if w.User == "" {
		return errors.New(`no "user"`)
	}
	if err := checkHandle(w.User); err != nil {
		return fmt.Errorf("user: %w", err)
	}
	if w.Protocol == 0 {
		w.Protocol = 8
	} else if w.Protocol < 1 {
		return fmt.Errorf("protocol %d: want 1 or more", w.Protocol)
	}
	index := map[string]int{}
	count := map[string]int{}
	for i := range w.Chats {
		c := &w.Chats[i]
		if c.Name == "" {
			return fmt.Errorf("chats[%d]: no name", i)
		}
		where := fmt.Sprintf("chats[%d] %q", i, c.Name)
		if strings.ContainsAny(c.Name, " \t\r\n") {
			return fmt.Errorf("%s: a chat name holds no spaces", where)
		}
		if j, dup := index[c.Name]; dup {
			return fmt.Errorf("%s: same name as chats[%d]", where, j)
		}
		index[c.Name] = i
		for j, h := range c.Members {
			if err := checkHandle(h); err != nil {
				return fmt.Errorf("%s: members[%d]: %w", where, j, err)
			}
		}
		for j := range c.Messages {
			m := &c.Messages[j]
			if m.TS <= 0 {
				return fmt.Errorf("%s: messages[%d]: no ts (UNIX seconds)", where, j)
			}
			if err := checkMessage(m, w.User); err != nil {
				return fmt.Errorf("%s: messages[%d]: %w", where, j, err)
			}
		}
		chatDefaults(c)
		count[c.Name] = len(c.Messages)
	}
	for _, i := range scriptOrder(w.Script) {
		st := &w.Script[i]
		if err := st.validate(index, count, w.User); err != nil {
			return fmt.Errorf("script[%d] (after_ms %d): %w", i, st.AfterMS, err)
		}
	}
	return nil
}

func (st *Step) validate(index, count map[string]int, user string) error {
	n := 0
	if st.Message != nil {
		n++
	}
	if st.Edit != nil {
		n++
	}
	if st.DisconnectMS != 0 {
		n++
	}
	switch {
	case st.AfterMS < 0:
		return errors.New("negative after_ms")
	case st.DisconnectMS < 0:
		return errors.New("negative disconnect_ms")
	case n != 1:
		return errors.New(`want exactly one of "message", "edit" or "disconnect_ms"`)
	}
	if m := st.Message; m != nil {
		if st.Chat == "" {
			return errors.New(`message without "chat"`)
		}
		if _, ok := index[st.Chat]; !ok {
			return fmt.Errorf("no chat %q in chats", st.Chat)
		}
		if m.TS < 0 {
			return errors.New("message: negative ts")
		}
		if err := checkMessage(m, user); err != nil {
			return fmt.Errorf("message: %w", err)
		}
		count[st.Chat]++
	}
	if e := st.Edit; e != nil {
		if e.Chat == "" {
			e.Chat = st.Chat
		} else if st.Chat != "" && st.Chat != e.Chat {
			return fmt.Errorf("edit: chat %q differs from the step's chat %q", e.Chat, st.Chat)
		}
		if e.Chat == "" {
			return errors.New(`edit without "chat"`)
		}
		if _, ok := index[e.Chat]; !ok {
			return fmt.Errorf("edit: no chat %q in chats", e.Chat)
		}
		if e.Index < 0 || e.Index >= count[e.Chat] {
			return fmt.Errorf("edit: index %d out of range: chat %q has %d messages by then", e.Index, e.Chat, count[e.Chat])
		}
	}
	return nil
}

// checkMessage validates a message and fills in its defaults.
func checkMessage(m *WorldMessage, user string) error {
	if m.From == "" {
		return errors.New(`no "from"`)
	}
	if err := checkHandle(m.From); err != nil {
		return fmt.Errorf("from: %w", err)
	}
	m.Type = strings.ToUpper(m.Type)
	m.Status = strings.ToUpper(m.Status)
	if _, ok := messageTypes[m.Type]; m.Type != "" && !ok {
		return fmt.Errorf("unknown type %q", m.Type)
	}
	if m.Status != "" && !statuses[m.Status] {
		return fmt.Errorf("unknown status %q (want SENDING, SENT, RECEIVED or READ)", m.Status)
	}
	if m.EditedBy != "" {
		if err := checkHandle(m.EditedBy); err != nil {
			return fmt.Errorf("edited_by: %w", err)
		}
	}
	if m.EditedTS < 0 {
		return errors.New("negative edited_ts")
	}
	messageDefaults(m, user)
	return nil
}

func checkHandle(h string) error {
	if h == "" || strings.ContainsAny(h, " ,\t\r\n") {
		return fmt.Errorf("bad handle %q: want no spaces or commas", h)
	}
	return nil
}

// chatDefaults marks 19:… chats as cloud chats, as Skype hides them.
func chatDefaults(c *WorldChat) {
	if strings.HasPrefix(c.Name, "19:") {
		c.Cloud = true
	}
}

// messageDefaults fills in what a world file may leave out.
func messageDefaults(m *WorldMessage, user string) {
	m.Type = strings.ToUpper(m.Type)
	m.Status = strings.ToUpper(m.Status)
	if m.Type == "" {
		m.Type = "SAID"
	}
	if m.Dispname == "" {
		m.Dispname = m.From
	}
	if m.Status == "" {
		m.Status = "RECEIVED"
		if m.From == user {
			m.Status = "SENT"
		}
	}
	if m.EditedTS != 0 && m.EditedBy == "" {
		m.EditedBy = m.From
	}
}

// scriptOrder returns the indexes of steps in time order (stable).
func scriptOrder(steps []Step) []int {
	order := make([]int, len(steps))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return steps[order[a]].AfterMS < steps[order[b]].AfterMS })
	return order
}

// clone returns a deep copy of the world.
func (w *World) clone() *World {
	c := *w
	c.Chats = make([]WorldChat, len(w.Chats))
	for i, ch := range w.Chats {
		ch.Members = append([]string(nil), ch.Members...)
		ch.Messages = append([]WorldMessage(nil), ch.Messages...)
		c.Chats[i] = ch
	}
	c.Script = make([]Step, len(w.Script))
	for i, st := range w.Script {
		if st.Message != nil {
			m := *st.Message
			st.Message = &m
		}
		if st.Edit != nil {
			e := *st.Edit
			st.Edit = &e
		}
		c.Script[i] = st
	}
	return &c
}
