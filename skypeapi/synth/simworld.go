package synth

import (
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/skypesim"
)

// SimWorld builds a simulator world from synthetic chats: history
// messages of history, then live messages posted every interval by the
// script. The archive owner is the world's user.
func SimWorld(seed int64, history, live int, interval time.Duration) *skypesim.World {
	g := New(Config{Seed: seed, Messages: history + live})
	chats := g.Chats()
	w := &skypesim.World{User: chats[0].Members[0], Protocol: 8}
	index := map[string]int{}
	for i, c := range chats {
		w.Chats = append(w.Chats, skypesim.WorldChat{Name: c.Name, Topic: c.Topic, Members: c.Members})
		index[c.Name] = i
	}
	for n := 0; ; n++ {
		m, ok := g.Next()
		if !ok {
			break
		}
		wm := skypesim.WorldMessage{From: m.Author, Dispname: m.AuthorName, TS: m.Time.Unix(), Type: "SAID", Body: m.Body}
		if n < history {
			c := &w.Chats[index[m.Chat]]
			c.Messages = append(c.Messages, wm)
			continue
		}
		wm.TS = 0 // live messages are dated when they are posted
		at := int64(n-history+1) * interval.Milliseconds()
		w.Script = append(w.Script, skypesim.Step{AfterMS: at, Chat: m.Chat, Message: &wm})
	}
	return w
}
