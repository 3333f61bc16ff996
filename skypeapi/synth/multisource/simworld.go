package multisource

import (
	"slices"

	"github.com/chatchannels/chatchannels/skypeapi/skypesim"
)

// SimWorld is the live Skype of World.Live as a simulator world, and the
// source it is: every chat the Desktop API knows under its legacy names
// (each name of a dialog a chat of its own), the cloud threads as cloud
// chats it cannot serve, times on the device's clock. The newest few
// messages arrive by the script after the collector attached, now and then
// while Skype is away (they join silently, as a restarted Skype syncs them).
func (w *World) SimWorld() (*skypesim.World, Source) {
	p := w.Person(w.Live)
	pi := slices.IndexFunc(w.People, func(q Person) bool { return q.Handle == w.Live })
	r := w.sourceRand(Live, pi)
	holds := w.liveHolds()
	sw := &skypesim.World{User: w.Live, Protocol: 8}
	index := map[string]int{}
	chat := func(name string, c *Chat, cloud bool) int {
		if i, ok := index[name]; ok {
			return i
		}
		wc := skypesim.WorldChat{Name: name, Topic: c.Topic, Members: slices.Clone(c.Members), Cloud: cloud}
		if c.Kind == Dialog {
			creator, partner := dialogParties(name, c)
			wc.Members = []string{creator, partner}
		}
		index[name] = len(sw.Chats)
		sw.Chats = append(sw.Chats, wc)
		return index[name]
	}
	for i := range w.Chats {
		if c := &w.Chats[i]; c.Has(w.Live) && c.Thread != "" {
			chat(c.Thread, c, true)
		}
	}

	// The newest messages of the live chats, if never edited, are scripted.
	scripted := map[int]bool{}
	for k, n := len(holds)-1, r.Intn(4); k >= 0 && n > 0; k-- {
		if m := &w.Messages[holds[k].Message]; len(m.Versions) == 1 {
			scripted[k] = true
			n--
		}
	}
	var at int64 = 20
	if len(scripted) > 0 && r.Intn(3) == 0 {
		sw.Script = append(sw.Script, skypesim.Step{AfterMS: at, DisconnectMS: 150})
	}
	for k, h := range holds {
		m := &w.Messages[h.Message]
		c := &w.Chats[m.Chat]
		name := c.LegacyAt(m.Time)
		ci := chat(name, c, false)
		v := m.Versions[h.Current]
		wm := skypesim.WorldMessage{From: m.Author, Dispname: m.AuthorName, TS: m.Time.Add(p.Skew).Unix(), Type: "SAID", Body: v.Body}
		if h.Current > 0 {
			wm.EditedBy, wm.EditedTS = m.Author, v.At.Add(p.Skew).Unix()
		}
		if scripted[k] {
			at += 40
			sw.Script = append(sw.Script, skypesim.Step{AfterMS: at, Chat: name, Message: &wm})
			continue
		}
		sw.Chats[ci].Messages = append(sw.Chats[ci].Messages, wm)
	}
	return sw, Source{Kind: Live, Account: w.Live, Holds: holds}
}

// dialogParties reads the creator and partner from a dialog's legacy name
// "#creator/$partner;hex".
func dialogParties(name string, c *Chat) (string, string) {
	for _, a := range c.Members {
		if len(name) > len(a)+2 && name[1:len(a)+1] == a && name[len(a)+1:len(a)+3] == "/$" {
			return a, c.Partner(a)
		}
	}
	return c.Members[0], c.Members[1]
}
