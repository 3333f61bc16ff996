// Package synth generates realistic synthetic Skype chats for tests and benchmarks.
//
// A generated world has one archive owner (a member of every chat), a few
// hundred contacts with ASCII and non-ASCII display names, and a few dozen
// dialogs and group chats whose activity follows a Zipf distribution.
// Messages come in bursts, carry Skype body markup in a minority of cases,
// and occasionally repeat exactly (same chat, author, second and body).
//
// Output is a pure function of Config for a given Go toolchain and
// architecture.
package synth

import (
	"math"
	"math/rand"
	"slices"
	"time"
)

// Chat is one generated chat.
type Chat struct {
	Name    string   // Desktop API chat name, e.g. "#alice/$bob;0123456789abcdef" (dialog) or "#alice/$6a072ce5537c4044" (group)
	Topic   string   // group topic; "" for dialogs
	Members []string // handles; the creator (or dialog initiator) first
}

// Message is one generated chat message.
type Message struct {
	Chat       string    // Chat.Name
	Author     string    // handle, e.g. "bob" or "live:carol_1"
	AuthorName string    // display name, e.g. "Bob Müller"
	Time       time.Time // UTC, whole seconds
	Body       string    // Skype body markup; text characters <, >, &, ', " are entities
}

// Config sets the size and shape of a generated world.
type Config struct {
	Seed     int64     // same seed, same output (byte for byte)
	Chats    int       // default 40 when 0
	Users    int       // default 200 when 0; at least 3
	Messages int       // total messages across all chats
	Start    time.Time // default 2012-01-01 UTC when zero; the first message is at Start
}

// Tuning constants: timing, activity skew and word frequency.
const (
	burstMean      = 6.5  // extra messages per burst beyond the first, mean
	burstGapMean   = 900  // seconds between burst starts (all chats), mean
	quietChance    = 0.05 // chance of a long quiet period before a burst
	quietMean      = 5 * 3600
	sameSecond     = 0.07 // chance that a follow-up comes in the same second from the same author
	continueChance = 0.2  // chance that the previous author writes again
	dupChance      = 500  // one in dupChance messages is sent twice
	replyMedian    = 25.0 // seconds between messages within a burst, median
	replySigma     = 1.1  // log-normal spread of that gap
	replyMax       = 1800 // cap of that gap, seconds
	chatSkew       = 1.2  // Zipf exponent of chat activity
	authorSkew     = 1.3  // Zipf exponent of author activity within a chat
	wordSkew       = 1.07 // Zipf exponent of word frequency
	wordShift      = 2.7  // Zipf v parameter of word frequency
	nightEnd       = 7    // hour (UTC) before which bursts are usually postponed
	nightSkip      = 0.8  // chance of postponing a night-time burst
	dupStockChance = 7    // in 10: a double-sent message is a stock reply
)

// chatState is the per-chat generation state.
type chatState struct {
	group      bool
	members    []int      // user indices
	ranked     []int      // user indices, most active first
	authors    *rand.Zipf // rank of the next author
	active     bool       // has pending messages
	next       int64      // unix time of the next message, when active
	remaining  int        // messages left in the current burst
	dupPending bool       // the next message repeats last
	sameAuthor bool       // the next message is by lastAuthor
	hasLast    bool
	last       Message
	lastAuthor int
	lastText   string // quotable escaped plain text of last, or ""
}

// Generator yields messages one at a time in chronological order (per chat and globally),
// so that a million messages never need to be held in memory at once.
type Generator struct {
	cfg      Config
	r        *rand.Rand
	voc      *vocabData
	users    []user
	chats    []Chat
	cs       []chatState
	chatZipf *rand.Zipf
	byRank   []int // chat index by activity rank
	active   []int // chats with pending messages
	burstAt  int64 // unix time of the next burst start
	emitted  int
	buf      []byte
	scratch  []byte
}

// New returns a generator for cfg, with all users and chats created.
func New(cfg Config) *Generator {
	if cfg.Chats <= 0 {
		cfg.Chats = 40
	}
	if cfg.Users <= 0 {
		cfg.Users = 200
	}
	cfg.Users = max(cfg.Users, 3)
	cfg.Messages = max(cfg.Messages, 0)
	if cfg.Start.IsZero() {
		cfg.Start = time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	cfg.Start = cfg.Start.UTC().Truncate(time.Second)

	r := rand.New(rand.NewSource(cfg.Seed))
	g := &Generator{cfg: cfg, r: r, voc: vocabulary(), burstAt: cfg.Start.Unix()}
	g.users = makeUsers(r, cfg.Users)
	var members [][]int
	g.chats, members = makeChats(r, g.users, cfg.Chats)
	g.cs = make([]chatState, len(g.chats))
	for i, m := range members {
		cs := &g.cs[i]
		cs.group = !isDialog(g.chats[i].Name)
		cs.members = m
		cs.ranked = slices.Clone(m)
		r.Shuffle(len(m), func(a, b int) { cs.ranked[a], cs.ranked[b] = cs.ranked[b], cs.ranked[a] })
		cs.authors = rand.NewZipf(r, authorSkew, 1, uint64(len(m)-1))
	}
	g.byRank = r.Perm(len(g.chats))
	g.chatZipf = rand.NewZipf(r, chatSkew, 1, uint64(len(g.chats)-1))
	g.buf = make([]byte, 0, 4096)
	return g
}

func isDialog(name string) bool {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == ';' {
			return true
		}
	}
	return false
}

// Chats returns all chats of the generated world; they are fixed at New.
func (g *Generator) Chats() []Chat {
	out := slices.Clone(g.chats)
	for i := range out {
		out[i].Members = slices.Clone(out[i].Members)
	}
	return out
}

// Vocabulary returns the word list used for message text, most frequent
// first, as raw text (bodies hold the escaped forms). It is the same for
// every Config; a few entries are symbols or contain punctuation.
func (g *Generator) Vocabulary() []string {
	return slices.Clone(g.voc.words)
}

// Generate returns the chats and all messages of cfg; meant for small tests.
func Generate(cfg Config) ([]Chat, []Message) {
	g := New(cfg)
	msgs := make([]Message, 0, g.cfg.Messages)
	for {
		m, ok := g.Next()
		if !ok {
			return g.Chats(), msgs
		}
		msgs = append(msgs, m)
	}
}

// Next returns the next message in chronological order, or false after
// cfg.Messages messages.
func (g *Generator) Next() (Message, bool) {
	if g.emitted >= g.cfg.Messages {
		return Message{}, false
	}
	for {
		ai, c := -1, -1
		for i, x := range g.active {
			if ai < 0 || g.cs[x].next < g.cs[c].next || g.cs[x].next == g.cs[c].next && x < c {
				ai, c = i, x
			}
		}
		if ai < 0 || g.burstAt <= g.cs[c].next {
			g.startBurst()
			continue
		}
		g.emitted++
		return g.emit(c, ai), true
	}
}

// startBurst lets a Zipf-chosen chat start (or extend) a conversation at
// burstAt, and schedules the next burst.
func (g *Generator) startBurst() {
	r := g.r
	c := g.byRank[g.chatZipf.Uint64()]
	cs := &g.cs[c]
	if !cs.active {
		cs.active = true
		cs.next = g.burstAt
		g.active = append(g.active, c)
	}
	cs.remaining += 1 + int(r.ExpFloat64()*burstMean)

	gap := r.ExpFloat64() * burstGapMean
	if r.Float64() < quietChance {
		gap += r.ExpFloat64() * quietMean
	}
	t := g.burstAt + 1 + int64(gap)
	if h := t % 86400 / 3600; h < nightEnd && r.Float64() < nightSkip {
		t += (nightEnd-h)*3600 + r.Int63n(3600)
	}
	g.burstAt = t
}

// emit produces the next message of chat c (at position ai in g.active).
func (g *Generator) emit(c, ai int) Message {
	cs := &g.cs[c]
	t := cs.next
	if cs.dupPending {
		cs.dupPending = false
		g.schedule(cs, ai, t)
		return cs.last
	}
	r := g.r
	a := g.pickAuthor(cs)
	dup := r.Intn(dupChance) == 0
	body, text := g.body(cs, a, dup && r.Intn(10) < dupStockChance)
	u := &g.users[a]
	m := Message{Chat: g.chats[c].Name, Author: u.handle, AuthorName: u.name, Time: time.Unix(t, 0).UTC(), Body: body}
	cs.hasLast, cs.last, cs.lastAuthor, cs.lastText = true, m, a, text
	cs.remaining--
	if dup {
		cs.dupPending = true // same second, next in line for this chat
		return m
	}
	g.schedule(cs, ai, t)
	return m
}

// schedule sets the time of the chat's next message after one at t, or
// retires the chat until its next burst.
func (g *Generator) schedule(cs *chatState, ai int, t int64) {
	if cs.remaining <= 0 {
		cs.active = false
		cs.remaining = 0
		g.active = slices.Delete(g.active, ai, ai+1)
		return
	}
	r := g.r
	if r.Float64() < sameSecond {
		cs.sameAuthor = true
		cs.next = t
		return
	}
	gap := math.Exp(r.NormFloat64()*replySigma) * replyMedian
	cs.next = t + 1 + int64(min(gap, replyMax))
}

// pickAuthor chooses the author of the next message in cs.
func (g *Generator) pickAuthor(cs *chatState) int {
	same := cs.sameAuthor
	cs.sameAuthor = false
	if cs.hasLast && (same || g.r.Float64() < continueChance) {
		return cs.lastAuthor
	}
	return cs.ranked[cs.authors.Uint64()]
}
