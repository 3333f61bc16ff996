package multisource

import (
	"fmt"
	"math/rand"
)

// SourceKind is the kind of a rendered source.
type SourceKind int

// Source kinds.
const (
	MainDB     SourceKind = iota // an account's main.db
	ExportTar                    // an account's export, the .tar Skype gave out
	ExportJSON                   // the same export's messages.json, unpacked
	Live                         // the live Skype of World.Live, played by the simulator
)

// Source is one thing an archive can take messages from: a file of one
// account, or the live Skype.
type Source struct {
	Kind    SourceKind
	Account string     // whose it is
	Schema  Schema     // MainDB only
	Path    string     // the file; "" for Live
	Holds   []Sighting // what it holds, in time order
}

// String names the source for people reading a test failure.
func (s Source) String() string {
	switch s.Kind {
	case MainDB:
		return fmt.Sprintf("main.db of %s (%s)", s.Account, s.Schema)
	case ExportTar:
		return "export .tar of " + s.Account
	case ExportJSON:
		return "messages.json of " + s.Account
	}
	return "live Skype of " + s.Account
}

// Sighting is one message as a source holds it.
type Sighting struct {
	Message int   // index in World.Messages
	Current int   // the version it shows as the message's text
	Shown   []int // every version it shows, ascending, Current among them (an export can hold copies of an edited message's earlier versions)

	// Where says how the source files it, for people reading a test
	// failure: a main.db's conversation and chatname, an export's
	// conversation, the live chat's name.
	Where string
}

// A main.db holds what its account saw in its chats until it was last
// written, in the state it was in then.
func (w *World) mainDBHolds(p *Person) []Sighting {
	var out []Sighting
	for i := range w.Messages {
		m := &w.Messages[i]
		if !w.Chats[m.Chat].Has(p.Handle) || m.Time.After(p.MainDBUntil) {
			continue
		}
		v := m.VersionAt(p.MainDBUntil)
		out = append(out, Sighting{Message: i, Current: v, Shown: []int{v}})
	}
	return out
}

// An export holds what the server kept of its account's chats: everything
// from CloudStart on (a migrated group's from MigratedAt, in its thread), as
// it is at End, and now and then a copy of an edited message's earlier
// version (spec 1.8). r decides which copies.
func (w *World) exportHolds(p *Person, r *rand.Rand) []Sighting {
	var out []Sighting
	for i := range w.Messages {
		m := &w.Messages[i]
		c := &w.Chats[m.Chat]
		if !c.Has(p.Handle) || m.Time.Before(w.CloudStart) || c.Kind == MigratedGroup && !c.InThread(m.Time) {
			continue
		}
		s := Sighting{Message: i, Current: len(m.Versions) - 1, Where: "in " + c.ExportID(p.Handle)}
		for v := range len(m.Versions) - 1 {
			if r.Intn(2) == 0 {
				s.Shown = append(s.Shown, v)
			}
		}
		s.Shown = append(s.Shown, s.Current)
		out = append(out, s)
	}
	return out
}

// The live Skype holds, as they are at End, the messages of World.Live's
// chats that the Desktop API can see: all but those in 19:…@thread.skype
// threads.
func (w *World) liveHolds() []Sighting {
	var out []Sighting
	for i := range w.Messages {
		m := &w.Messages[i]
		c := &w.Chats[m.Chat]
		if !c.Has(w.Live) || c.InThread(m.Time) {
			continue
		}
		v := len(m.Versions) - 1
		out = append(out, Sighting{Message: i, Current: v, Shown: []int{v}, Where: "in " + c.LegacyAt(m.Time)})
	}
	return out
}

// sourceRand is the randomness of one rendered source, apart from the
// history's, so that rendering one source never changes another.
func (w *World) sourceRand(kind SourceKind, person int) *rand.Rand {
	return rand.New(rand.NewSource(w.Seed*1_000_003 + int64(kind)*1009 + int64(person) + 1))
}
