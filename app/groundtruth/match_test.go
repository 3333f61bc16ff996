package groundtruth_test

import (
	"slices"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/synth/multisource"
)

// tolerance is how far an archived time may be from the truth: a device's
// clock error, and the second its time was rounded down to.
const tolerance = multisource.MaxSkew + time.Second

// comparison pairs the archive's messages with the expected ones.
type comparison struct {
	sc  *scenario
	w   *multisource.World
	exp []multisource.Expectation
	a   *archived

	chatOf   []int          // archive chat → the truth chat most of its messages belong to; -1 none
	match    []*archivedMsg // expectation → the archived message that is it, in its own chat or another
	changed  []*archivedMsg // expectation → the archived message showing another version of it
	findings []finding
}

// key is what a message is recognized by, besides its author and time:
// its text, or its being deleted.
func key(author string, deleted bool, text string) string {
	if deleted {
		return author + "\x00deleted"
	}
	return author + "\x00" + text
}

func expKey(e *multisource.Expectation) string {
	return key(e.Author, e.Current.Deleted, e.Current.Text)
}

func (m *archivedMsg) key() string { return key(m.Author, m.Deleted, m.Text) }

// pair matches archived messages to expected ones, one to one.
func (c *comparison) pair() {
	c.match = make([]*archivedMsg, len(c.exp))
	c.changed = make([]*archivedMsg, len(c.exp))
	byKey := map[string][]*archivedMsg{}
	for ci := range c.a.chats {
		for _, m := range c.a.chats[ci].msgs {
			m.matched, m.expected = false, 0 // from an earlier comparison
			byKey[m.key()] = append(byKey[m.key()], m)
		}
	}
	for _, list := range byKey {
		slices.SortStableFunc(list, func(x, y *archivedMsg) int { return x.Time.Compare(y.Time) })
	}
	c.mapChats(byKey)

	// In its own chat first, then anywhere: each expected message, in time
	// order, takes the earliest unmatched candidate within the tolerance.
	for _, ownChat := range []bool{true, false} {
		for i := range c.exp {
			e := &c.exp[i]
			if c.match[i] != nil {
				continue
			}
			for _, m := range byKey[expKey(e)] {
				if !m.matched && absDiff(m.Time, e.Time) <= tolerance && (!ownChat || c.chatOf[m.chat] == e.Chat) {
					m.matched, m.expected, c.match[i] = true, i, m
					break
				}
			}
		}
	}

	// What is left may be the message showing another of its versions.
	for _, ownChat := range []bool{true, false} {
		for i := range c.exp {
			if c.match[i] != nil || c.changed[i] != nil {
				continue
			}
			e := &c.exp[i]
			for ci := range c.a.chats {
				if ownChat && c.chatOf[ci] != e.Chat {
					continue
				}
				for _, m := range c.a.chats[ci].msgs {
					if !m.matched && m.Author == e.Author && absDiff(m.Time, e.Time) <= tolerance && c.related(e, m) {
						m.matched, m.expected, c.changed[i] = true, i, m
						break
					}
				}
				if c.changed[i] != nil {
					break
				}
			}
		}
	}
}

// mapChats finds, for each archive chat, the truth chat most of its
// messages belong to.
func (c *comparison) mapChats(byKey map[string][]*archivedMsg) {
	candidates := map[*archivedMsg][]int{}
	for i := range c.exp {
		e := &c.exp[i]
		for _, m := range byKey[expKey(e)] {
			if absDiff(m.Time, e.Time) <= tolerance {
				candidates[m] = append(candidates[m], e.Chat)
			}
		}
	}
	c.chatOf = make([]int, len(c.a.chats))
	for ci := range c.a.chats {
		votes := map[int]float64{}
		for _, m := range c.a.chats[ci].msgs {
			for _, t := range candidates[m] {
				votes[t] += 1 / float64(len(candidates[m]))
			}
		}
		c.chatOf[ci] = -1
		for t, v := range votes {
			if best := c.chatOf[ci]; best < 0 || v > votes[best] || v == votes[best] && t < best {
				c.chatOf[ci] = t
			}
		}
	}
}

// related reports whether archived m shows some version of expected e: its
// text is one of e's texts, or it is deleted where e is not and kept one of
// them.
func (c *comparison) related(e *multisource.Expectation, m *archivedMsg) bool {
	texts := c.texts(e)
	if !m.Deleted {
		return slices.Contains(texts, m.Text)
	}
	for _, t := range m.earlier {
		if slices.Contains(texts, t) {
			return true
		}
	}
	return false
}

// texts are every text the message ever had.
func (c *comparison) texts(e *multisource.Expectation) []string {
	var out []string
	for _, v := range c.w.Messages[e.Message].Versions {
		if !v.Deleted {
			out = append(out, v.Text)
		}
	}
	return out
}
