package multisource

import (
	"math/rand"
	"slices"
	"strconv"
	"time"
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

const hexDigits = "0123456789abcdef"

func hex(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = hexDigits[r.Intn(16)]
	}
	return string(b)
}
