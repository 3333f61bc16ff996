package multisource

import (
	"math/rand"
	"time"
)

// conv is one Conversations row of a main.db, with the Chats rows that
// point at it.
type conv struct {
	identity string
	alt      string   // alt_identity; "" is NULL
	dialog   bool     // type 1, else 2
	migrated bool     // is_p2p_migrated
	names    []string // its Chats rows' names; none is a conversation no Chats row points at
}

// layout is how one main.db files one chat: its conversations, and for a
// message the conversation and chatname it is filed under.
type layout struct {
	convs    []conv
	nullName float64 // share of messages whose chatname is NULL (tied by convo_id alone)
	route    func(t time.Time) (conv int, chatname string)
}

// layoutOf chooses how owner's main.db of schema s files chat c: the ways
// Skype 6 and 7 filed each kind (spec 2.2, 2.5).
func layoutOf(c *Chat, owner string, s Schema, r *rand.Rand) layout {
	l := layout{}
	if r.Intn(4) == 0 {
		l.nullName = []float64{0.3, 1}[r.Intn(2)]
	}
	rows := func(percent int, names ...string) []string {
		if r.Intn(100) < percent {
			return names
		}
		return nil
	}
	skype7 := s != Skype6
	switch c.Kind {
	case Dialog: // named by the partner alone: relative to the file's owner
		l.convs = []conv{{identity: c.Partner(owner), dialog: true, names: rows(85, c.Legacy...)}}
		l.route = func(t time.Time) (int, string) { return 0, c.LegacyAt(t) }
	case P2PGroup:
		cv := conv{identity: c.Legacy[0], names: rows(90, c.Legacy[0])}
		if skype7 && r.Intn(10) < 4 {
			cv.alt, cv.migrated = P2PThread(c.Legacy[0]), true
		}
		l.convs = []conv{cv}
		l.route = func(time.Time) (int, string) { return 0, c.Legacy[0] }
	case CloudGroup:
		l.convs = []conv{{identity: c.Thread, names: rows(70, c.Thread)}}
		l.route = func(time.Time) (int, string) { return 0, c.Thread }
	case MigratedGroup:
		legacy := conv{identity: c.Legacy[0], alt: c.Thread, migrated: true, names: rows(40, c.Legacy[0])}
		styles := 2 // Skype 6: the legacy conversation alone, or both
		if skype7 {
			styles = 3 // Skype 7 also: the thread alone, knowing its old name
		}
		switch r.Intn(styles) {
		case 0:
			l.convs = []conv{legacy}
			l.route = func(time.Time) (int, string) { return 0, c.Legacy[0] }
		case 1:
			thread := conv{identity: c.Thread, names: rows(80, c.Thread)}
			if r.Intn(2) == 0 {
				thread.alt = c.Legacy[0]
			}
			l.convs = []conv{legacy, thread}
			l.route = func(t time.Time) (int, string) {
				if c.InThread(t) {
					return 1, c.Thread
				}
				return 0, c.Legacy[0]
			}
		default:
			l.convs = []conv{{identity: c.Thread, alt: c.Legacy[0], names: rows(80, c.Thread)}}
			l.route = func(time.Time) (int, string) { return 0, c.Thread }
		}
	}
	return l
}
