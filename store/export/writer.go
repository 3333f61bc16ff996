package export

import (
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// Writer writes one format. Run calls Begin once; then, for each chat that
// has messages to write, Chat and the chat's messages one by one with
// Message, in the order Needs asks; then End, which completes the output
// (a writer may buffer until then). After a call fails, Run calls no
// other. A format that writes a file per chat (html) opens one in Chat.
type Writer interface {
	Needs() Needs
	Begin(Meta) error
	Chat(store.Chat) error
	Message(Message) error
	End() error
}

// Needs says what a format writes beyond the messages themselves.
type Needs struct {
	Versions    bool // earlier versions of edited and deleted messages (Message.Versions)
	Reactions   bool // reactions (Message.Reactions)
	NewestFirst bool // each chat's messages newest first, as Skype's exports list them
}

// Message is an archived message with what its format needs besides.
type Message struct {
	store.Message
	Versions  []store.Version  // earlier versions, oldest first (with Needs.Versions)
	Reactions []store.Reaction // oldest first (with Needs.Reactions)
}

// Meta is what an export says of itself.
type Meta struct {
	Generator  string         // the program and its version, "chatchannels 1.0"
	ExportedAt time.Time      // when
	Filter     Filter         // what it holds (Run sets it)
	Chats      []store.Chat   // the chats Run looks at, in order (it sets them); only those with messages to write reach Chat
	Location   *time.Location // the time zone of the times people read (txt); nil is UTC
	// Terminal: the output goes to a terminal, so text a format cannot
	// escape without loss (CSV's) is made safe (termsafe) there too.
	Terminal bool
}

// permalinks makes the permalinks of one chat's messages (their addresses
// in the web view, from its root: store.MessagePath), escaping the chat's
// web id once.
type permalinks struct{ chatPath string }

func (p *permalinks) of(c store.Chat) { p.chatPath = store.ChatPath(c.WebID) }

func (p *permalinks) to(m store.Message) string { return store.MessageAt(p.chatPath, m.Key) }
