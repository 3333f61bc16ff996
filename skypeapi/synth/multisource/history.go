package multisource

import (
	"math"
	"math/rand"
	"slices"
	"strconv"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/synth"
)

// Config sets the size of a generated world.
type Config struct {
	Seed     int64 // same seed, same world
	People   int   // 4 to 6 (chosen by the seed) when 0; at least 3
	Messages int   // about this many messages in all; 400 when 0
}

// Generate writes the history of a world.
func Generate(cfg Config) *World {
	r := rand.New(rand.NewSource(cfg.Seed))
	if cfg.People <= 0 {
		cfg.People = 4 + r.Intn(3)
	}
	cfg.People = max(cfg.People, 3)
	if cfg.Messages <= 0 {
		cfg.Messages = 400
	}
	w := &World{Seed: cfg.Seed}
	w.Start = time.Date(2012, 3, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(r.Int63n(400*24)) * time.Hour)
	span := time.Duration(4*365+r.Intn(2*365)) * 24 * time.Hour
	w.End = w.Start.Add(span)
	w.CloudStart = w.Start.Add(time.Duration(float64(span) * (0.35 + 0.2*r.Float64()))).Truncate(time.Second)
	for _, p := range synth.People(r.Int63(), cfg.People) {
		w.People = append(w.People, Person{
			Handle: p.Handle, Name: p.Name,
			Skew:   time.Duration(r.Int63n(2*MaxSkew.Milliseconds()+1)-MaxSkew.Milliseconds()) * time.Millisecond,
			MainDB: Schema(r.Intn(3)),
		})
	}
	w.Live = w.People[r.Intn(len(w.People))].Handle
	g := &historian{w: w, r: r, text: newTexter(r)}
	g.makeChats()
	g.makeMessages(cfg.Messages)
	for i := range w.People {
		w.People[i].MainDBUntil = w.End
		if r.Intn(2) == 0 { // this Skype was last used before the end
			w.People[i].MainDBUntil = w.CloudStart.Add(time.Duration(r.Float64() * float64(w.End.Sub(w.CloudStart))))
		}
	}
	g.makeEdits()
	g.editAfterCutoffs()
	for i := range w.Messages {
		for j := range w.Messages[i].Versions {
			v := &w.Messages[i].Versions[j]
			v.ExportID = g.exportID(v.At)
		}
	}
	w.Start = w.Messages[0].Time
	return w
}

// historian holds the state of writing one history.
type historian struct {
	w    *World
	r    *rand.Rand
	text *texter

	weights [][]float64 // per chat, how much each member writes
	pending []special   // specials still to happen at least once
	used    map[int64]bool
}

// special is a situation every world has at least once.
type special int

const (
	repeatSameMS     special = iota // the same text twice, same author, same millisecond
	repeatSameSecond                // the same text twice, same author, same second
	twinSameMS                      // two texts by one author in the same millisecond
	twinSameSecond                  // two texts by one author in the same second
	crossChat                       // one author in two chats in the same millisecond
)

var topics = []string{"Project X", "Family", "Climbing 🧗", "Проект Альфа", "Book club 📚", "家族", "R&D sync", "Mom & Dad", "Weekend <plans>", "WG Küche"}

// makeChats makes the dialogs and groups.
func (g *historian) makeChats() {
	w, r := g.w, g.r
	n := len(w.People)
	var pairs [][2]int
	for i := range n {
		for j := i + 1; j < n; j++ {
			pairs = append(pairs, [2]int{i, j})
		}
	}
	r.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
	dialogs := min(len(pairs), n-1+r.Intn(n)) // with more dialogs than people, someone has two
	preCloud := w.CloudStart.Sub(w.Start)
	for _, p := range pairs[:dialogs] {
		a, b := w.People[p[0]].Handle, w.People[p[1]].Handle
		if r.Intn(2) == 0 {
			a, b = b, a
		}
		c := Chat{Kind: Dialog, Members: []string{a, b}, Born: w.Start.Add(time.Duration(r.Float64() * 0.6 * float64(preCloud)))}
		c.Legacy = []string{"#" + a + "/$" + b + ";" + hex(r, 16)}
		if r.Intn(5) < 2 { // a second name, created by the other one
			c.Legacy = append(c.Legacy, "#"+b+"/$"+a+";"+hex(r, 16))
			c.Switch = c.Born.Add(time.Duration(r.Float64() * float64(w.End.Sub(c.Born))))
		}
		w.Chats = append(w.Chats, c)
	}
	kinds := []ChatKind{MigratedGroup, CloudGroup}
	if r.Intn(10) < 7 {
		kinds = append(kinds, P2PGroup)
	}
	if r.Intn(10) < 3 {
		kinds = append(kinds, MigratedGroup)
	}
	for i, kind := range kinds {
		members := g.groupMembers(i == 0)
		c := Chat{Kind: kind, Members: members, Topic: topics[(i+r.Intn(len(topics)))%len(topics)]}
		switch kind {
		case P2PGroup:
			c.Born = w.Start.Add(time.Duration(r.Float64() * 0.5 * float64(preCloud)))
			c.Legacy = []string{"#" + members[0] + "/$" + hex(r, 16)}
		case MigratedGroup:
			c.Born = w.Start.Add(time.Duration(r.Float64() * 0.5 * float64(preCloud)))
			if r.Intn(2) == 0 {
				c.Legacy = []string{"#" + members[0] + "/$*T;" + strconv.Itoa(100+r.Intn(900))}
			} else {
				c.Legacy = []string{"#" + members[0] + "/$" + hex(r, 16)}
			}
			c.Thread = "19:" + hex(r, 32) + "@thread.skype"
			c.MigratedAt = w.CloudStart.Add(time.Duration(r.Float64() * 0.4 * float64(w.End.Sub(w.CloudStart))))
		case CloudGroup:
			c.Born = w.CloudStart.Add(time.Duration(r.Float64() * 0.4 * float64(w.End.Sub(w.CloudStart))))
			c.Thread = "19:" + hex(r, 32) + "@thread.skype"
		}
		w.Chats = append(w.Chats, c)
	}
	for i := range w.Chats {
		w.Chats[i].Index = i
		ws := make([]float64, len(w.Chats[i].Members))
		for j := range ws {
			ws[j] = 0.2 + r.ExpFloat64()
		}
		g.weights = append(g.weights, ws)
	}
}

// groupMembers picks three or more people, the creator first; withLive
// makes sure the live account is among them.
func (g *historian) groupMembers(withLive bool) []string {
	w, r := g.w, g.r
	size := 3 + r.Intn(len(w.People)-2)
	var members []string
	for _, i := range r.Perm(len(w.People))[:size] {
		members = append(members, w.People[i].Handle)
	}
	if withLive && !slices.Contains(members, w.Live) {
		members[r.Intn(len(members))] = w.Live
	}
	return members
}

// makeMessages writes about n messages in bursts, each burst in one chat,
// with every special at least once.
func (g *historian) makeMessages(n int) {
	w, r := g.w, g.r
	g.pending = []special{repeatSameMS, repeatSameSecond, twinSameMS, twinSameSecond, crossChat}
	g.used = map[int64]bool{}
	last := w.End.Add(-24 * time.Hour)
	for tries := 0; len(w.Messages) < n || len(g.pending) > 0 && tries < 100*n; tries++ {
		t := w.Start.Add(time.Duration(r.Float64() * float64(last.Sub(w.Start)))).Truncate(time.Millisecond)
		c := g.pickChat(t)
		if c < 0 {
			continue
		}
		for k := 1 + int(r.ExpFloat64()*5); k > 0; k-- {
			g.post(c, g.pickAuthor(c), t)
			gap := math.Exp(r.NormFloat64()*1.2) * 20 // seconds; median 20 s
			t = t.Add(time.Duration(min(gap, 3600) * float64(time.Second))).Truncate(time.Millisecond)
		}
	}
	slices.SortStableFunc(w.Messages, func(a, b Message) int { return a.Time.Compare(b.Time) })
	for i := range w.Messages {
		m := &w.Messages[i]
		m.Index = i
		m.GUID = make([]byte, 32)
		r.Read(m.GUID)
	}
}

// exportID hands out a server id: its time in milliseconds, or the next
// one free.
func (g *historian) exportID(t time.Time) string {
	id := t.UnixMilli()
	for g.used[id] {
		id++
	}
	g.used[id] = true
	return strconv.FormatInt(id, 10)
}

// pickChat picks a chat alive at t, the more members the likelier; -1 if none.
func (g *historian) pickChat(t time.Time) int {
	var alive []int
	for i, c := range g.w.Chats {
		if !c.Born.After(t) {
			for range len(c.Members) {
				alive = append(alive, i)
			}
		}
	}
	if len(alive) == 0 {
		return -1
	}
	return alive[g.r.Intn(len(alive))]
}

func (g *historian) pickAuthor(c int) string {
	ws := g.weights[c]
	sum := 0.0
	for _, x := range ws {
		sum += x
	}
	x := g.r.Float64() * sum
	for i, wt := range ws {
		if x -= wt; x < 0 {
			return g.w.Chats[c].Members[i]
		}
	}
	return g.w.Chats[c].Members[len(ws)-1]
}

// post writes one message, and now and then a special right with it.
func (g *historian) post(c int, author string, t time.Time) {
	text, body := g.text.message()
	g.add(c, author, t, text, body)
	var do special = -1
	if len(g.pending) > 0 && g.r.Intn(20) == 0 {
		do = g.pending[0]
	} else if x := g.r.Intn(100); x < 8 {
		do = special(x % 5)
	}
	if do < 0 || !g.special(do, c, author, t, text, body) {
		return
	}
	if i := slices.Index(g.pending, do); i >= 0 {
		g.pending = slices.Delete(g.pending, i, i+1)
	}
}

// special makes one special happen next to the message just posted; false
// if it cannot (no other chat to post in).
func (g *historian) special(s special, c int, author string, t time.Time, text, body string) bool {
	r := g.r
	sameSecond := t.Add(time.Duration(r.Int63n(int64(time.Second-time.Duration(t.Nanosecond()))/1e6)) * time.Millisecond)
	switch s {
	case repeatSameMS:
		g.add(c, author, t, text, body)
	case repeatSameSecond:
		g.add(c, author, sameSecond, text, body)
	case twinSameMS, twinSameSecond:
		at := t
		if s == twinSameSecond {
			at = sameSecond
		}
		for {
			t2, b2 := g.text.message()
			if t2 != text {
				g.add(c, author, at, t2, b2)
				break
			}
		}
	case crossChat:
		var other []int
		for i, ch := range g.w.Chats {
			if i != c && ch.Has(author) && !ch.Born.After(t) {
				other = append(other, i)
			}
		}
		if len(other) == 0 {
			return false
		}
		if r.Intn(3) > 0 {
			text, body = g.text.message()
		}
		g.add(other[r.Intn(len(other))], author, t, text, body)
	}
	return true
}

func (g *historian) add(c int, author string, t time.Time, text, body string) {
	p := g.w.Person(author)
	g.w.Messages = append(g.w.Messages, Message{
		Chat: c, Author: author, AuthorName: p.Name, Time: t.UTC(),
		Versions: []Version{{Body: body, Text: text, At: t.UTC()}},
	})
}

// editQuiet is how far from an edited message its author's other messages in
// the chat stay. The copies of an edited message differ in text, so they
// are told apart from other messages by author and time alone, across
// sources whose clocks differ: two copies of one message are at most
// 2·MaxSkew + 1 s apart, so with the others more than twice that away the
// nearest in time is never the wrong one.
const editQuiet = 3 * (2*MaxSkew + time.Second)

// makeEdits edits some messages, once or twice, and deletes some.
func (g *historian) makeEdits() {
	w, r := g.w, g.r
	for i := range w.Messages {
		m := &w.Messages[i]
		if r.Intn(100) >= 7 || !g.quiet(i) {
			continue
		}
		edits := 1
		if r.Intn(4) == 0 {
			edits = 2
		}
		at := m.Time
		for e := range edits {
			later := 15 * time.Minute
			if r.Intn(5) == 0 { // a late edit: files written meanwhile hold what it replaced
				later = 60 * 24 * time.Hour
			}
			at = at.Add(2*time.Second + time.Duration(r.ExpFloat64()*float64(later))).Truncate(time.Millisecond)
			if at.After(w.End.Add(-time.Minute)) {
				break
			}
			if e == edits-1 && r.Intn(10) < 3 {
				m.Versions = append(m.Versions, Version{At: at, Deleted: true})
				break
			}
			text, body := g.text.edit(m.Versions)
			m.Versions = append(m.Versions, Version{Body: body, Text: text, At: at})
		}
	}
}

// editAfterCutoffs edits, for each main.db written before the end, a
// message it holds shortly after it was written: the file holds what the
// edit replaced.
func (g *historian) editAfterCutoffs() {
	w, r := g.w, g.r
	for _, p := range w.People {
		if !p.MainDBUntil.Before(w.End) {
			continue
		}
		for i := len(w.Messages) - 1; i >= 0; i-- {
			m := &w.Messages[i]
			at := p.MainDBUntil.Add(time.Minute + time.Duration(r.Int63n(int64(24*time.Hour)))).Truncate(time.Millisecond)
			if m.Time.After(p.MainDBUntil.Add(-time.Minute)) || len(m.Versions) > 1 || !w.Chats[m.Chat].Has(p.Handle) || !g.quiet(i) || at.After(w.End.Add(-time.Minute)) {
				continue
			}
			text, body := g.text.edit(m.Versions)
			m.Versions = append(m.Versions, Version{Body: body, Text: text, At: at})
			break
		}
	}
}

// quiet reports whether message i's author wrote nothing else in its chat
// within editQuiet of it.
func (g *historian) quiet(i int) bool {
	ms := g.w.Messages
	m := &ms[i]
	for j := i - 1; j >= 0 && m.Time.Sub(ms[j].Time) <= editQuiet; j-- {
		if ms[j].Chat == m.Chat && ms[j].Author == m.Author {
			return false
		}
	}
	for j := i + 1; j < len(ms) && ms[j].Time.Sub(m.Time) <= editQuiet; j++ {
		if ms[j].Chat == m.Chat && ms[j].Author == m.Author {
			return false
		}
	}
	return true
}

const hexDigits = "0123456789abcdef"

func hex(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = hexDigits[r.Intn(16)]
	}
	return string(b)
}
