package skypeapi

import (
	"context"
	"sync"
	"time"
)

// Sim plays the Skype side of a World: it answers the protocol over an
// in-memory Transport and plays the world's script.
type Sim struct {
	opts SimOptions

	mu         sync.Mutex
	user       string
	maxProto   int
	chats      []*simChat
	byName     map[string]*simChat
	byID       map[int]*simMsg
	nextID     int
	conn       *simConn      // the open connection, if any
	away       int           // scripted disconnects in progress
	back       chan struct{} // closed when Skype comes back; nil while present
	attached   chan struct{} // closed at the first successful attach
	attachedAt time.Time
	script     []Step
	running    bool
}

// SimOptions tune a Sim.
type SimOptions struct {
	Delay time.Duration    // added before every reply (for "slow replies" tests); 0 = none
	Clock func() time.Time // time source for scripted messages without ts and for edits; default time.Now
}

// simChat is a chat as the running Skype holds it.
type simChat struct {
	WorldChat // Messages is unused: see msgs
	msgs      []*simMsg
	created   int64
	touched   bool // had scripted activity: listed in RECENTCHATS and ACTIVECHATS
}

// simMsg is a chat message with the id the running Skype gave it (0 while
// Skype is away, and always in cloud chats, which the API cannot see).
type simMsg struct {
	WorldMessage
	id   int
	chat *simChat
}

// simFirstID is the first message id a Sim hands out.
const simFirstID = 101

// NewSim returns a simulator of w, which it copies. w should come from
// LoadWorld or ParseWorld; script steps that do not apply are skipped.
func NewSim(w *World, opts SimOptions) *Sim {
	if w == nil {
		w = &World{}
	}
	w = w.clone()
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	s := &Sim{
		opts:     opts,
		user:     w.User,
		maxProto: w.Protocol,
		byName:   map[string]*simChat{},
		nextID:   simFirstID,
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
		simChatDefaults(&wc)
		c := &simChat{WorldChat: wc, created: now}
		for i, m := range wc.Messages {
			simMessageDefaults(&m, s.user)
			if i == 0 || m.TS < c.created {
				c.created = m.TS
			}
			c.msgs = append(c.msgs, &simMsg{WorldMessage: m, chat: c})
		}
		c.Messages = nil
		s.chats = append(s.chats, c)
		s.byName[c.Name] = c
	}
	for _, i := range simScriptOrder(w.Script) {
		s.script = append(s.script, w.Script[i])
	}
	s.renumber()
	return s
}

// renumber gives every visible message a fresh id, above all earlier ones,
// as a restarted Skype does. Called with s.mu held.
func (s *Sim) renumber() {
	if s.byID != nil {
		s.nextID = (s.nextID/1000+1)*1000 + 1
	}
	s.byID = map[int]*simMsg{}
	for _, c := range s.chats {
		for _, m := range c.msgs {
			s.assignID(m)
		}
	}
}

// assignID gives m the next id, unless its chat is a cloud chat.
func (s *Sim) assignID(m *simMsg) {
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
func (s *Sim) Connect(ctx context.Context, status func(AttachStatus)) (Transport, error) {
	report := func(st AttachStatus) {
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
			report(AttachSuccess)
			return c, nil
		}
		back := s.back
		s.mu.Unlock()
		if !waiting {
			report(AttachWaitingForSkype)
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
func (s *Sim) Snapshot() *World {
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
func (s *Sim) notify(c *simChat, texts ...string) {
	if s.conn == nil || s.away > 0 || c.Cloud {
		return
	}
	for _, t := range texts {
		s.conn.push(t)
	}
}
