package multisource_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/synth/multisource"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a := multisource.Generate(multisource.Config{Seed: 7})
	b := multisource.Generate(multisource.Config{Seed: 7})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave two worlds")
	}
	if c := multisource.Generate(multisource.Config{Seed: 8}); reflect.DeepEqual(a.Messages, c.Messages) {
		t.Fatal("two seeds gave one history")
	}
}

// Every world holds every situation the ground truth is about.
func TestEveryWorldHasEverySituation(t *testing.T) {
	for seed := int64(1); seed <= 20; seed++ {
		w := multisource.Generate(multisource.Config{Seed: seed})
		var has situations
		has.count(w)
		for what, n := range map[string]int{
			"dialogs": has.kinds[multisource.Dialog], "migrated groups": has.kinds[multisource.MigratedGroup],
			"cloud groups": has.kinds[multisource.CloudGroup], "people with two dialogs": has.twoDialogs,
			"repeats in one millisecond": has.repeatMS, "repeats in one second": has.repeatSecond,
			"two texts in one millisecond": has.twinMS, "two texts in one second": has.twinSecond,
			"one author in two chats in one millisecond": has.crossChat,
			"edits": has.edits, "deletions": has.deletions, "skewed clocks": has.skewed,
		} {
			if n == 0 {
				t.Errorf("seed %d: no %s", seed, what)
			}
		}
		if has.outOfOrder > 0 || has.badSkew > 0 || has.badIndex > 0 {
			t.Errorf("seed %d: %d messages out of order, %d bad indexes, %d clocks off by more than %v", seed, has.outOfOrder, has.badIndex, has.badSkew, multisource.MaxSkew)
		}
		if len(w.Messages) < 300 || len(w.People) < 4 || w.Person(w.Live) == nil {
			t.Errorf("seed %d: %d messages, %d people, live %q", seed, len(w.Messages), len(w.People), w.Live)
		}
	}
}

// situations counts what a world holds.
type situations struct {
	kinds                              map[multisource.ChatKind]int
	twoDialogs, repeatMS, repeatSecond int
	twinMS, twinSecond, crossChat      int
	edits, deletions, skewed           int
	outOfOrder, badSkew, badIndex      int
}

func (s *situations) count(w *multisource.World) {
	s.kinds = map[multisource.ChatKind]int{}
	dialogs := map[string]int{}
	for _, c := range w.Chats {
		s.kinds[c.Kind]++
		if c.Kind == multisource.Dialog {
			dialogs[c.Members[0]]++
			dialogs[c.Members[1]]++
		}
	}
	for _, n := range dialogs {
		if n >= 2 {
			s.twoDialogs++
		}
	}
	for _, p := range w.People {
		if p.Skew != 0 {
			s.skewed++
		}
		if p.Skew < -multisource.MaxSkew || p.Skew > multisource.MaxSkew {
			s.badSkew++
		}
	}
	for i, m := range w.Messages {
		if m.Index != i {
			s.badIndex++
		}
		if len(m.Versions) > 1 {
			s.edits++
			if m.Final().Deleted {
				s.deletions++
			}
		}
		if i == 0 {
			continue
		}
		if m.Time.Before(w.Messages[i-1].Time) {
			s.outOfOrder++
		}
		for j := i - 1; j >= 0 && m.Time.Sub(w.Messages[j].Time) < time.Second; j-- {
			o := w.Messages[j]
			if o.Author != m.Author || o.Time.Truncate(time.Second) != m.Time.Truncate(time.Second) {
				continue
			}
			same, ms := o.Versions[0].Text == m.Versions[0].Text, o.Time.Equal(m.Time)
			switch {
			case o.Chat != m.Chat && ms:
				s.crossChat++
			case o.Chat != m.Chat:
			case same && ms:
				s.repeatMS++
			case same:
				s.repeatSecond++
			case ms:
				s.twinMS++
			default:
				s.twinSecond++
			}
		}
	}
}

func TestEditsComeLaterAndDiffer(t *testing.T) {
	w := multisource.Generate(multisource.Config{Seed: 3})
	for _, m := range w.Messages {
		for i := 1; i < len(m.Versions); i++ {
			v, prev := m.Versions[i], m.Versions[i-1]
			if !v.At.After(prev.At) || v.At.After(w.End) {
				t.Errorf("%v: version %d at %v, after %v, world ends %v", &m, i, v.At, prev.At, w.End)
			}
			if !v.Deleted && v.Text == prev.Text {
				t.Errorf("%v: version %d repeats the text", &m, i)
			}
			if v.Deleted && (v.Body != "" || v.Text != "" || i != len(m.Versions)-1) {
				t.Errorf("%v: deletion %d is %+v", &m, i, v)
			}
		}
	}
}
