package synth

import (
	"math/rand"
	"strconv"
)

// topics are group chat topics; reused topics get a number appended.
var topics = []string{
	"Project X", "Family", "Climbing 🧗", "Проект Альфа", "Team Berlin", "Book club 📚", "家族",
	"Weekend plans", "Release 2.0", "WG Küche", "Футбол ⚽", "Ski trip 2013", "R&D sync",
	"Board games 🎲", "Birthday surprise 🎂", "Uni friends", "Backend team", "Hiking group",
	"Wedding planning 💍", "Mom & Dad", "Lunch?", "On-call", "Fantasy football", "Dinner club",
	"Berlin Marathon 2014", "Hackathon", "Reading group", "Umzug", "Сисадмины", "旅行 ✈️",
	"Kindergarten Eltern", "Band practice 🎸", "Poker night ♠️", "Startup 🚀", "Alumni 2008",
	"Neighbors", "Garden club 🌱", "Ops & Infra",
}

const hexDigits = "0123456789abcdef"

func appendHex16(b []byte, r *rand.Rand) []byte {
	x := r.Uint64()
	for i := 60; i >= 0; i -= 4 {
		b = append(b, hexDigits[x>>uint(i)&15])
	}
	return b
}

// makeChats builds n chats over users; user 0 is the archive owner and a
// member of every chat. It returns the chats and, per chat, member user
// indices (creator first).
func makeChats(r *rand.Rand, users []user, n int) ([]Chat, [][]int) {
	nd := (n + 1) / 3
	if n < 3 {
		nd = n / 2
	}
	dialog := make([]bool, n)
	for i := range nd {
		dialog[i] = true
	}
	r.Shuffle(n, func(i, j int) { dialog[i], dialog[j] = dialog[j], dialog[i] })

	// Popular contacts show up in many chats.
	pop := rand.NewZipf(r, 1.1, 3, uint64(len(users)-2))
	contact := func() int { return 1 + int(pop.Uint64()) }

	topicOrder := r.Perm(len(topics))
	topicUses := make([]int, len(topics))
	nextTopic := 0
	inChat := make([]bool, len(users))
	talkedTo := make(map[int]bool)

	chats := make([]Chat, n)
	members := make([][]int, n)
	for i := range chats {
		var m []int
		if dialog[i] {
			other := contact()
			for try := 0; talkedTo[other] && try < 50; try++ {
				other = contact()
			}
			talkedTo[other] = true
			m = []int{0, other}
			if r.Intn(2) == 0 {
				m[0], m[1] = m[1], m[0]
			}
		} else {
			size := 3 + int(r.ExpFloat64()*5)
			size = min(size, 30, len(users))
			m = append(make([]int, 0, size), 0)
			inChat[0] = true
			for try := 0; len(m) < size; try++ {
				u := contact()
				if try > 20*size { // tiny user pools: take the first free one
					for u = 1; inChat[u]; u++ {
					}
				}
				if !inChat[u] {
					inChat[u] = true
					m = append(m, u)
				}
			}
			for _, u := range m {
				inChat[u] = false
			}
			c := r.Intn(len(m)) // the creator is listed first
			m[0], m[c] = m[c], m[0]
		}

		b := append(make([]byte, 0, 64), '#')
		b = append(b, users[m[0]].handle...)
		b = append(b, "/$"...)
		if dialog[i] {
			b = append(b, users[m[1]].handle...)
			b = append(b, ';')
		}
		b = appendHex16(b, r)
		chats[i].Name = string(b)
		if !dialog[i] {
			t := topicOrder[nextTopic%len(topics)]
			nextTopic++
			topicUses[t]++
			chats[i].Topic = topics[t]
			if topicUses[t] > 1 {
				chats[i].Topic += " " + strconv.Itoa(topicUses[t])
			}
		}
		chats[i].Members = make([]string, len(m))
		for j, u := range m {
			chats[i].Members[j] = users[u].handle
		}
		members[i] = m
	}
	return chats, members
}
