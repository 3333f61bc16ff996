package multisource

import (
	"math/rand"
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
