// Package skypesim plays the Skype side of the Desktop API: it loads a
// World (chats, messages and a script of live events) and answers the
// protocol over an in-memory transport or, on Windows, as Skype's window.
package skypesim

import (
	"context"
	"sync"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi"
)

// Skype is a simulated Skype playing a World: it answers the protocol over an
// in-memory Transport and plays the world's script.
type Skype struct {
	opts Options

	mu         sync.Mutex
	user       string
	maxProto   int
	chats      []*chatState
	byName     map[string]*chatState
	byID       map[int]*messageState
	nextID     int
	conn       *clientConn   // the open connection, if any
	away       int           // scripted disconnects in progress
	back       chan struct{} // closed when Skype comes back; nil while present
	attached   chan struct{} // closed at the first successful attach
	attachedAt time.Time
	script     []Step
	running    bool
}

// Options tune a Skype.
type Options struct {
	Delay time.Duration    // added before every reply (for "slow replies" tests); 0 = none
	Clock func() time.Time // time source for scripted messages without ts and for edits; default time.Now
}

// chatState is a chat as the running Skype holds it.
type chatState struct {
	WorldChat // Messages is unused: see msgs
	msgs      []*messageState
	created   int64
	touched   bool // had scripted activity: listed in RECENTCHATS and ACTIVECHATS
}

// messageState is a chat message with the id the running Skype gave it (0 while
// Skype is away, and always in cloud chats, which the API cannot see).
type messageState struct {
	WorldMessage
	id   int
	chat *chatState
}

// firstID is the first message id a Skype hands out.
const firstID = 101

// New returns a simulator of w, which it copies. w should come from
// LoadWorld or parseWorld; script steps that do not apply are skipped.
func New(w *World, opts Options) *Skype {
	if w == nil {
		w = &World{}
	}
	w = w.clone()
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	s := &Skype{
		opts:     opts,
		user:     w.User,
		maxProto: w.Protocol,
		byName:   map[string]*chatState{},
		nextID:   firstID,
		attached: make(chan struct{}),
	}
	if s.maxProto <= 0 {
		s.maxProto = 8
	}
	now := opts.Clock().Unix()
	for _, wc := range w.Chats {
		if _, dup := s.byName[wc.Name]; dup || wc.Name == "" {
			continue
		}
		chatDefaults(&wc)
		c := &chatState{WorldChat: wc, created: now}
		for i, m := range wc.Messages {
			messageDefaults(&m, s.user)
			if i == 0 || m.TS < c.created {
				c.created = m.TS
			}
			c.msgs = append(c.msgs, &messageState{WorldMessage: m, chat: c})
		}
		c.Messages = nil
		s.chats = append(s.chats, c)
		s.byName[c.Name] = c
	}
	for _, i := range scriptOrder(w.Script) {
		s.script = append(s.script, w.Script[i])
	}
	s.renumber()
	return s
}

// renumber gives every visible message a fresh id, above all earlier ones,
// as a restarted Skype does. Called with s.mu held.
func (s *Skype) renumber() {
	if s.byID != nil {
		s.nextID = (s.nextID/1000+1)*1000 + 1
	}
	s.byID = map[int]*messageState{}
	for _, c := range s.chats {
		for _, m := range c.msgs {
			s.assignID(m)
		}
	}
}

// assignID gives m the next id, unless its chat is a cloud chat.
func (s *Skype) assignID(m *messageState) {
	if m.chat.Cloud {
		return
	}
	m.id = s.nextID
	s.nextID++
	s.byID[m.id] = m
}

// Connect attaches to the simulated Skype and returns an in-memory
// Transport (it implements Connector). While Skype is away it reports
// AttachWaitingForSkype and waits for it to come back or for ctx to end.
// A new connection closes the one open before.
func (s *Skype) Connect(ctx context.Context, status func(skypeapi.AttachStatus)) (skypeapi.Transport, error) {
	report := func(st skypeapi.AttachStatus) {
		if status != nil {
			status(st)
		}
	}
	waiting := false
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s.mu.Lock()
		if s.away == 0 {
			c := newSimConn(s)
			if s.conn != nil {
				s.conn.hangUp()
			}
			s.conn = c
			if s.attachedAt.IsZero() {
				s.attachedAt = time.Now()
				close(s.attached)
			}
			s.mu.Unlock()
			report(skypeapi.AttachSuccess)
			return c, nil
		}
		back := s.back
		s.mu.Unlock()
		if !waiting {
			report(skypeapi.AttachWaitingForSkype)
			waiting = true
		}
		select {
		case <-back:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Snapshot returns the current world: every chat with its history as it
// stands now, scripted messages and edits included, defaults filled in.
// Its Script is empty, since what the script did is already in the history.
func (s *Skype) Snapshot() *World {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := &World{User: s.user, Protocol: s.maxProto, Chats: make([]WorldChat, 0, len(s.chats))}
	for _, c := range s.chats {
		wc := c.WorldChat
		wc.Members = append([]string(nil), c.Members...)
		wc.Messages = make([]WorldMessage, 0, len(c.msgs))
		for _, m := range c.msgs {
			wc.Messages = append(wc.Messages, m.WorldMessage)
		}
		w.Chats = append(w.Chats, wc)
	}
	return w
}

// notify sends untagged notifications on the open connection, if any.
// Called with s.mu held.
func (s *Skype) notify(c *chatState, texts ...string) {
	if s.conn == nil || s.away > 0 || c.Cloud {
		return
	}
	for _, t := range texts {
		s.conn.push(t)
	}
}
