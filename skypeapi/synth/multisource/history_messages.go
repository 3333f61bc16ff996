package multisource

import (
	"math"
	"slices"
	"strconv"
	"time"
)

// special is a situation every world has at least once.
type special int

const (
	repeatSameMS     special = iota // the same text twice, same author, same millisecond
	repeatSameSecond                // the same text twice, same author, same second
	twinSameMS                      // two texts by one author in the same millisecond
	twinSameSecond                  // two texts by one author in the same second
	crossChat                       // one author in two chats in the same millisecond
)

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
