package multisource

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

// MaxSkew is the largest error of a device's clock. Times a device wrote
// (main.db rows, the live API) are the true time plus its Person.Skew;
// exports carry the server's time, which is the truth.
const MaxSkew = 2 * time.Second

// World is one scripted history: the truth every source is rendered from.
type World struct {
	Seed       int64
	People     []Person
	Chats      []Chat
	Messages   []Message // in time order; Messages[i].Index == i
	Start      time.Time // the first message
	CloudStart time.Time // the server keeps (and exports) messages from here on
	End        time.Time // exports are made, and the live Skype runs, at End
	Live       string    // the handle of the account whose Skype the simulator plays
}

// Person is one account and the device it used.
type Person struct {
	Handle      string
	Name        string        // display name
	Skew        time.Duration // the device's clock error, within ±MaxSkew
	MainDB      Schema        // the Skype version that wrote its main.db
	MainDBUntil time.Time     // when its main.db was last written (at most End)
}

// Schema is a main.db schema variant.
type Schema int

// The main.db schema variants.
const (
	Skype6     Schema = iota // Skype 6.6 (schema 66): the column order of the real fixture
	Skype7                   // Skype 7.4 (schema 70): another column order
	Skype7Late               // late Skype 7: also timestamp__ms and the other late columns
)

// String names the Skype version, as in "main.db of bob (Skype 7)".
func (s Schema) String() string {
	switch s {
	case Skype6:
		return "Skype 6"
	case Skype7:
		return "Skype 7"
	}
	return "Skype 7 (late)"
}

// ChatKind is the kind of a conversation.
type ChatKind int

// Conversation kinds.
const (
	Dialog        ChatKind = iota // two people; "#a/$b;hex" to the API, the partner's name in each one's files
	P2PGroup                      // a legacy group "#creator/$hex"; exports call it 19:<base64>@p2p.thread.skype
	MigratedGroup                 // a legacy group that moved to a 19:…@thread.skype thread at MigratedAt
	CloudGroup                    // born in the cloud: 19:…@thread.skype everywhere
)

// String names the kind, as in "dialog" or "migrated group".
func (k ChatKind) String() string {
	return [...]string{"dialog", "P2P group", "migrated group", "cloud group"}[k]
}

// Chat is one conversation.
type Chat struct {
	Index   int
	Kind    ChatKind
	Members []string // handles; the creator first; a dialog has two
	Topic   string   // groups only
	Born    time.Time

	// Legacy are the Desktop API names: a dialog's one or two (Skype kept a
	// dialog under several names), a legacy group's one. Messages from
	// Switch on use Legacy[1].
	Legacy []string
	Switch time.Time

	Thread     string    // the 19:…@thread.skype id of a cloud or migrated group
	MigratedAt time.Time // a migrated group's messages from then on are in Thread
}

// Message is one message, with every version it ever had.
type Message struct {
	Index      int
	Chat       int
	Author     string
	AuthorName string
	Time       time.Time // true send time, to the millisecond
	Versions   []Version // [0] as sent; then each edit; the last may be a deletion
	GUID       []byte    // main.db's Messages.guid, the same in every participant's file
}

// Version is one state of a message.
type Version struct {
	Body    string    // Skype markup; "" when deleted
	Text    string    // what a person reads: Body's plain text
	At      time.Time // when it became current: the send time, or the edit
	Deleted bool

	// ExportID is the id of the export entry carrying this version: the
	// message's own for the first; each edit is an entry of its own
	// pointing back by skypeeditedid.
	ExportID string
}

// Final is the message's last version.
func (m *Message) Final() Version { return m.Versions[len(m.Versions)-1] }

// VersionAt is the index of the version current at t (0 if t is before the
// first edit).
func (m *Message) VersionAt(t time.Time) int {
	v := 0
	for i := 1; i < len(m.Versions); i++ {
		if !m.Versions[i].At.After(t) {
			v = i
		}
	}
	return v
}

// Person returns the person with handle h.
func (w *World) Person(h string) *Person {
	for i := range w.People {
		if w.People[i].Handle == h {
			return &w.People[i]
		}
	}
	return nil
}

// Has reports whether h is a member of the chat.
func (c *Chat) Has(h string) bool {
	for _, m := range c.Members {
		if m == h {
			return true
		}
	}
	return false
}

// Partner is the other person of a dialog, seen from owner.
func (c *Chat) Partner(owner string) string {
	if c.Members[0] == owner {
		return c.Members[1]
	}
	return c.Members[0]
}

// LegacyAt is the Desktop API name a message sent at t is filed under: for a
// dialog the name in use then, for a legacy group its name, for a cloud
// group "".
func (c *Chat) LegacyAt(t time.Time) string {
	switch {
	case len(c.Legacy) == 0:
		return ""
	case len(c.Legacy) > 1 && !t.Before(c.Switch):
		return c.Legacy[1]
	}
	return c.Legacy[0]
}

// InThread reports whether a message sent at t is in the chat's
// 19:…@thread.skype thread: always for a cloud group, from MigratedAt on for
// a migrated one.
func (c *Chat) InThread(t time.Time) bool {
	return c.Kind == CloudGroup || c.Kind == MigratedGroup && !t.Before(c.MigratedAt)
}

// ExportID is the conversation's id in owner's export: "8:<partner>" for a
// dialog, the thread for a cloud or migrated group, and
// 19:<base64 of the legacy name>@p2p.thread.skype for a P2P group.
func (c *Chat) ExportID(owner string) string {
	switch c.Kind {
	case Dialog:
		return "8:" + c.Partner(owner)
	case P2PGroup:
		return P2PThread(c.Legacy[0])
	}
	return c.Thread
}

// P2PThread is the export id of a migrated P2P chat (spec 1.6).
func P2PThread(legacy string) string {
	return "19:" + base64.StdEncoding.EncodeToString([]byte(legacy)) + "@p2p.thread.skype"
}

// String describes the chat for people reading a test failure.
func (c *Chat) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "chat %d (%s", c.Index, c.Kind)
	if c.Kind == Dialog {
		fmt.Fprintf(&b, " %s–%s", c.Members[0], c.Members[1])
	} else {
		fmt.Fprintf(&b, " %q of %s", c.Topic, strings.Join(c.Members, ", "))
	}
	var names []string
	names = append(names, c.Legacy...)
	if c.Thread != "" {
		names = append(names, c.Thread)
	}
	if len(names) > 0 {
		fmt.Fprintf(&b, "; %s", strings.Join(names, " "))
	}
	b.WriteString(")")
	return b.String()
}

// String describes the message for people reading a test failure.
func (m *Message) String() string {
	f := m.Final()
	text := f.Text
	if f.Deleted {
		text = "(deleted) " + m.Versions[len(m.Versions)-2].Text
	}
	s := fmt.Sprintf("message %d by %s at %s: %q", m.Index, m.Author, m.Time.Format("2006-01-02T15:04:05.000Z"), clip(text, 60))
	if n := len(m.Versions) - 1; n > 0 {
		s += fmt.Sprintf(" (%d edits", n)
		if f.Deleted {
			s += ", the last a deletion"
		}
		s += ")"
	}
	return s
}

// clip shortens s to at most n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
