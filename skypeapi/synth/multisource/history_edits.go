package multisource

import "time"

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
