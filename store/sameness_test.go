package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// sameness is one case of the identity rules: what two sources saw, and
// the archive it must make.
type sameness struct {
	name string
	x, y []store.Incoming // the sightings of source x and of source y, in the order they report them
	want []string         // the archive, as summarize lists it
}

// sightingsOf gives a source's sightings their source, chat and references.
func sightingsOf(source, chat string, ms []store.Incoming) []store.Incoming {
	out := slices.Clone(ms)
	for i := range out {
		out[i].Chat, out[i].Source = chat, source
		if out[i].Ref == "" {
			out[i].Ref = fmt.Sprint(i)
		}
	}
	return out
}

func said(author string, at time.Time, body string) store.Incoming {
	return store.Incoming{Author: author, AuthorName: author, Time: at, Type: "SAID", Body: body}
}

func withRef(m store.Incoming, ref string) store.Incoming { m.Ref = ref; return m }

func sec(n int) time.Time { return t0.Add(time.Duration(n) * time.Second) }

var samenessCases = []sameness{
	{name: "same text, 3 s apart: one message",
		x: []store.Incoming{said("bob", sec(0), "hi")}, y: []store.Incoming{said("bob", sec(3), "hi")},
		want: []string{"bob hi sources=2"}},
	{name: "same text, 90 s apart: two",
		x: []store.Incoming{said("bob", sec(0), "hi")}, y: []store.Incoming{said("bob", sec(90), "hi")},
		want: []string{"bob hi sources=1", "bob hi sources=1"}},
	{name: "other text, no edit, 1 s apart: two",
		x: []store.Incoming{said("bob", sec(0), "hi")}, y: []store.Incoming{said("bob", sec(1), "ho")},
		want: []string{"bob hi sources=1", "bob ho sources=1"}},
	{name: "other text, one edited, 2 s apart: one with the earlier as a version",
		x: []store.Incoming{edited(said("bob", sec(0), ""), "bob", sec(30), "hello!")}, y: []store.Incoming{said("bob", sec(2), "hello")},
		want: []string{"bob hello! edited versions=[hello] sources=2"}},
	{name: "other text, one edited, 10 s apart: two",
		x: []store.Incoming{edited(said("bob", sec(0), ""), "bob", sec(30), "hello!")}, y: []store.Incoming{said("bob", sec(10), "hello")},
		want: []string{"bob hello sources=1", "bob hello! edited sources=1"}},
	{name: "deleted in one, 1 s apart: one, deleted, keeping what it said",
		x: []store.Incoming{deleted(said("bob", sec(0), ""), sec(40))}, y: []store.Incoming{said("bob", sec(1), "oops")},
		want: []string{"bob  deleted versions=[oops] sources=2"}},
	{name: "two oks a few seconds apart in both: two, one to one",
		x: []store.Incoming{said("bob", sec(0), "ok"), said("bob", sec(3), "ok")}, y: []store.Incoming{said("bob", sec(1), "ok"), said("bob", sec(4), "ok")},
		want: []string{"bob ok sources=2", "bob ok sources=2"}},
	{name: "both saw the same edit: one version, not two",
		x:    []store.Incoming{withRef(said("bob", sec(0), "a"), "m"), withRef(edited(said("bob", sec(0), ""), "bob", sec(20), "b"), "m")},
		y:    []store.Incoming{withRef(said("bob", sec(1), "a"), "n"), withRef(edited(said("bob", sec(1), ""), "bob", sec(20), "b"), "n")},
		want: []string{"bob b edited versions=[a] sources=2"}},
	{name: "the later edit wins, the others are versions",
		x:    []store.Incoming{withRef(said("bob", sec(0), "a"), "m"), withRef(edited(said("bob", sec(0), ""), "bob", sec(20), "b"), "m")},
		y:    []store.Incoming{edited(said("bob", sec(1), ""), "bob", sec(50), "c")},
		want: []string{"bob c edited versions=[a b] sources=2"}},
}

// TestSamenessRules pins the identity rules once, and checks that ingest
// and a chat merge agree on them: the same sightings, ingested into one
// chat or into two chats merged afterwards, make the same archive.
func TestSamenessRules(t *testing.T) {
	ctx := context.Background()
	for _, c := range samenessCases {
		t.Run(c.name, func(t *testing.T) {
			one := openStore(t, t.TempDir())
			ingest(t, one, sightingsOf("live:alice", chat, c.x)...)
			ingest(t, one, sightingsOf("maindb:bob", chat, c.y)...)
			byIngest := summarize(t, one, chat)

			two := openStore(t, t.TempDir())
			const other = "#bob/$alice;fedcba9876543210"
			ingest(t, two, sightingsOf("live:alice", chat, c.x)...)
			ingest(t, two, sightingsOf("maindb:bob", other, c.y)...)
			if _, err := two.EnsureChat(ctx, store.ChatInfo{Name: chat, Aliases: []string{other}}); err != nil {
				t.Fatal(err)
			}
			byMerge := summarize(t, two, chat)

			if !slices.Equal(byIngest, c.want) {
				t.Errorf("ingest made %q, want %q", byIngest, c.want)
			}
			if !slices.Equal(byMerge, c.want) {
				t.Errorf("a merge made %q, want %q", byMerge, c.want)
			}
		})
	}
}

// summarize lists a chat's messages, sorted: author, text, marks, earlier
// versions and how many sources saw it.
func summarize(t *testing.T, s *store.Store, chat string) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	for _, m := range allMessages(t, s, chat) {
		line := m.Author + " " + m.Text
		if m.Deleted {
			line += " deleted"
		} else if !m.EditedAt.IsZero() {
			line += " edited"
		}
		vs, err := s.Versions(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) > 0 {
			var texts []string
			for _, v := range vs {
				texts = append(texts, v.Text)
			}
			slices.Sort(texts)
			line += " versions=[" + strings.Join(texts, " ") + "]"
		}
		srcs, err := s.Sources(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s sources=%d", line, len(srcs)))
	}
	slices.Sort(out)
	return out
}

// Sightings one source gave one reference are copies of one message only
// when one carries an edit mark; otherwise they are two messages, whatever
// order they come in, and reporting them again changes nothing.
func TestOneReferenceTwoMessages(t *testing.T) {
	for _, order := range [][2]string{{"ok", "something else"}, {"something else", "ok"}} {
		s := openStore(t, t.TempDir())
		a, b := export("bob@1", "bob", t0, order[0]), export("bob@1", "bob", t0, order[1])
		if res := ingest(t, s, a, b); res.Added != 2 {
			t.Errorf("%v: %+v, want two added", order, res)
		}
		want := []string{"bob ok sources=1", "bob something else sources=1"}
		if got := summarize(t, s, chat); !slices.Equal(got, want) {
			t.Errorf("%v: archived %q, want %q", order, got, want)
		}
		if res := ingest(t, s, b, a); res.Unchanged != 2 {
			t.Errorf("%v again: %+v, want both unchanged", order, res)
		}
		// An edited copy under the same reference is the same message.
		if res := ingest(t, s, edited(a, "bob", t0.Add(time.Minute), order[0]+"!")); res.Updated != 1 {
			t.Errorf("%v edit: %+v, want one updated", order, res)
		}
	}
	// The edit marker alone makes copies too.
	s := openStore(t, t.TempDir())
	ingest(t, s, export("bob@1", "bob", t0, `fixed<e_m ts="1" ts_ms="2" a="bob" t="61"/>`), export("bob@1", "bob", t0, "fxied"))
	if got, want := summarize(t, s, chat), []string{"bob fixed versions=[fxied] sources=1"}; !slices.Equal(got, want) {
		t.Errorf("marked copies: %q, want %q", got, want)
	}
}
