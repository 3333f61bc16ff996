package multisource

import (
	"slices"
	"time"
)

// Expected is what an archive made of some sources must hold, no more and
// no less: one chat per conversation any source held a message of, and in
// it each message any source held, once.
type Expected struct {
	Chats    []int         // indexes of World.Chats, ascending
	Messages []Expectation // in time order
}

// Expectation is one message as the archive must show it.
type Expectation struct {
	Message int // index in World.Messages
	Chat    int // index in World.Chats
	Author  string
	Time    time.Time // the true send time; sources are off by up to MaxSkew, and by the second they round to

	// Current is the newest version any source showed; the archive shows its
	// text, or the message as deleted. Edited says it is an edit or a
	// deletion, made at Current.At.
	Current Version
	Edited  bool

	// Earlier are the texts of the other versions the sources showed,
	// sorted, each once: what the archive keeps as earlier versions.
	Earlier []string

	Sources []int // the sources that held it (indexes into the list given to Expect)
}

// Expect says what an archive of the given sources must hold.
func Expect(w *World, sources []Source) Expected {
	type seen struct {
		current int
		shown   map[int]bool
		sources []int
	}
	byMessage := map[int]*seen{}
	for si, s := range sources {
		for _, h := range s.Holds {
			x := byMessage[h.Message]
			if x == nil {
				x = &seen{current: h.Current, shown: map[int]bool{}}
				byMessage[h.Message] = x
			}
			x.current = max(x.current, h.Current)
			for _, v := range h.Shown {
				x.shown[v] = true
			}
			x.sources = append(x.sources, si)
		}
	}
	var e Expected
	chats := map[int]bool{}
	for i := range w.Messages {
		x := byMessage[i]
		if x == nil {
			continue
		}
		m := &w.Messages[i]
		cur := m.Versions[x.current]
		ex := Expectation{Message: i, Chat: m.Chat, Author: m.Author, Time: m.Time, Current: cur, Edited: x.current > 0, Sources: x.sources}
		for v := range x.shown {
			if t := m.Versions[v]; !t.Deleted && (cur.Deleted || t.Text != cur.Text) && !slices.Contains(ex.Earlier, t.Text) {
				ex.Earlier = append(ex.Earlier, t.Text)
			}
		}
		slices.Sort(ex.Earlier)
		e.Messages = append(e.Messages, ex)
		chats[m.Chat] = true
	}
	for c := range w.Chats {
		if chats[c] {
			e.Chats = append(e.Chats, c)
		}
	}
	return e
}
