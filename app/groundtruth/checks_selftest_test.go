package groundtruth_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/synth/multisource"
	"github.com/chatchannels/chatchannels/store"
)

// perfect is the archive the sources must give, made up from the truth:
// each expected chat once, each message once, as a device with a skewed
// clock that rounds to seconds would have dated it.
func perfect(w *multisource.World, exp multisource.Expected) *archived {
	a := &archived{}
	index := map[int]int{}
	for _, t := range exp.Chats {
		index[t] = len(a.chats)
		a.chats = append(a.chats, archivedChat{Chat: store.Chat{Name: w.Chats[t].String()}})
	}
	for _, e := range exp.Messages {
		ci := index[e.Chat]
		m := &archivedMsg{Message: store.Message{Author: e.Author, Time: e.Time.Add(-1500 * time.Millisecond).Truncate(time.Second),
			Text: e.Current.Text, Deleted: e.Current.Deleted}, chat: ci, earlier: slices.Clone(e.Earlier)}
		if e.Edited {
			m.EditedAt = e.Current.At.Add(time.Second).Truncate(time.Second)
		}
		a.chats[ci].msgs = append(a.chats[ci].msgs, m)
		a.chats[ci].MessageCount++
	}
	return a
}

func checkScenario(t *testing.T) (*scenario, multisource.Expected) {
	w := multisource.Generate(multisource.Config{Seed: 4})
	sc := &scenario{seed: 4, world: w, sources: w.Sources(""), failed: map[int]string{}}
	return sc, multisource.Expect(w, sc.sources)
}

// The checks find nothing wrong with the archive the sources must give.
func TestChecksAcceptTheTruth(t *testing.T) {
	sc, exp := checkScenario(t)
	if f := compare(sc, exp, perfect(sc.world, exp)); len(f) > 0 {
		t.Fatalf("%d findings on a perfect archive:%s", len(f), report(f, 5))
	}
}

// Each way of spoiling the archive is found, as what it is.
func TestChecksFindEachMistake(t *testing.T) {
	sc, exp := checkScenario(t)
	// Pick messages to spoil: a plain one, an edited one, another chat.
	plain, edited := -1, -1
	for i, e := range exp.Messages {
		switch {
		case plain < 0 && !e.Edited && len(e.Earlier) == 0:
			plain = i
		case edited < 0 && e.Edited && !e.Current.Deleted && len(e.Earlier) > 0 && e.Chat != exp.Messages[max(plain, 0)].Chat:
			edited = i
		}
	}
	find := func(a *archived, i int) (*archivedChat, int) {
		for ci := range a.chats {
			for k, m := range a.chats[ci].msgs {
				if m.Author == exp.Messages[i].Author && m.Text == exp.Messages[i].Current.Text && absDiff(m.Time, exp.Messages[i].Time) < 3*time.Second {
					return &a.chats[ci], k
				}
			}
		}
		t.Fatalf("message %d not in the made-up archive", i)
		return nil, 0
	}
	for _, tc := range []struct {
		name  string
		spoil func(a *archived)
		want  []string
	}{
		{"a message dropped", func(a *archived) {
			c, k := find(a, plain)
			c.msgs = slices.Delete(c.msgs, k, k+1)
			c.MessageCount--
		}, []string{kindMissing}},
		{"a message twice", func(a *archived) {
			c, k := find(a, plain)
			dup := *c.msgs[k]
			c.msgs = append(c.msgs, &dup)
			c.MessageCount++
		}, []string{kindDuplicate}},
		{"a message in another chat", func(a *archived) {
			c, k := find(a, plain)
			m := c.msgs[k]
			c.msgs = slices.Delete(c.msgs, k, k+1)
			c.MessageCount--
			other := &a.chats[(m.chat+1)%len(a.chats)]
			m.chat = (m.chat + 1) % len(a.chats)
			other.msgs = append(other.msgs, m)
			other.MessageCount++
		}, []string{kindFolded}},
		{"a chat split in two", func(a *archived) {
			c, _ := find(a, plain)
			half := &archivedChat{Chat: store.Chat{Name: "second half"}}
			for _, m := range c.msgs[len(c.msgs)/2:] {
				m.chat = len(a.chats)
				half.msgs = append(half.msgs, m)
			}
			c.msgs = c.msgs[:len(c.msgs)/2]
			c.MessageCount, half.MessageCount = len(c.msgs), len(half.msgs)
			a.chats = append(a.chats, *half)
		}, []string{kindSplit}},
		{"an edit showing its earlier text", func(a *archived) {
			c, k := find(a, edited)
			m := c.msgs[k]
			m.Text, m.earlier = m.earlier[0], nil
		}, []string{kindVersion}},
		{"an edit unmarked", func(a *archived) {
			c, k := find(a, edited)
			c.msgs[k].EditedAt = time.Time{}
		}, []string{kindEdit}},
		{"an earlier version lost", func(a *archived) {
			c, k := find(a, edited)
			c.msgs[k].earlier = nil
		}, []string{kindEarlier}},
		{"an earlier version apart", func(a *archived) {
			c, k := find(a, edited)
			old := *c.msgs[k]
			old.Text, old.earlier, old.EditedAt = old.earlier[0], nil, time.Time{}
			c.msgs[k].earlier = slices.DeleteFunc(slices.Clone(c.msgs[k].earlier), func(s string) bool { return s == old.Text })
			c.msgs = append(c.msgs, &old)
			c.MessageCount++
		}, []string{kindEarlier, kindOldCopy}},
		{"a message of no source", func(a *archived) {
			c, k := find(a, plain)
			extra := *c.msgs[k]
			extra.Text = "nobody wrote this"
			c.msgs = append(c.msgs, &extra)
			c.MessageCount++
		}, []string{kindUnknown}},
		{"a count off", func(a *archived) {
			c, _ := find(a, plain)
			c.MessageCount++
		}, []string{kindCount}},
		{"an empty chat", func(a *archived) {
			a.chats = append(a.chats, archivedChat{Chat: store.Chat{Name: "empty"}})
		}, []string{kindStray}},
	} {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			a := perfect(sc.world, exp)
			tc.spoil(a)
			var kinds []string
			for _, f := range compare(sc, exp, a) {
				kinds = append(kinds, f.kind)
			}
			if !slices.Equal(kinds, tc.want) {
				t.Errorf("found %q, want %q", kinds, tc.want)
			}
		})
	}
}
