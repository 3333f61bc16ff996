package export_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/export"
)

// exported is a JSON export read back: per chat name, its messages.
type exported struct {
	Filter struct {
		Chats []string
	}
	Chats []struct {
		Name     string
		Messages []struct {
			Key, Author, AuthorName string
			Time                    time.Time
		}
	}
}

func readJSON(t *testing.T, b []byte) exported {
	t.Helper()
	var e exported
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("%v:\n%s", err, b)
	}
	return e
}

// TestFiltersCompose: every combination of chats, dates, author and query
// exports exactly the messages that pass each part, worked out here from
// the whole export and the ranked search.
func TestFiltersCompose(t *testing.T) {
	s := fixture(t, true)
	ctx := context.Background()
	find := func(name string) store.Chat {
		c, err := s.FindChat(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	whole := readJSON(t, must(run(t, s, "json", export.Filter{})))
	day := func(s string) time.Time { d, _, _ := store.ParsePeriod(s); return d }
	chatSets := [][]string{nil, {group}, {dialog, group}}
	periods := [][2]time.Time{{}, {day("2013-07-31"), {}}, {{}, day("2013-07-31")}, {day("2013-07-30"), day("2013-07-31")}}
	authors := map[string][]string{"": nil, "bob": {"bob"}, "carol MÜLLER": {"carol"}, "-dave-": {"live:dave"}}
	queries := []string{"", "release", "friday -thursday", "chat:project", "nothing-says-this"}
	some, all := 0, 0 // combinations that keep some messages, and all of them
	for _, names := range chatSets {
		for _, p := range periods {
			for who, handles := range authors {
				for _, q := range queries {
					f := export.Filter{Since: p[0], Until: p[1], Author: who, Query: q}
					for _, n := range names {
						f.Chats = append(f.Chats, find(n))
					}
					hits := map[string]bool{}
					if q != "" {
						res, err := s.Search(ctx, q, store.SearchOptions{Limit: 1000})
						if err != nil {
							t.Fatal(err)
						}
						for _, h := range res.Hits {
							hits[h.Message.Key] = true
						}
					}
					var want []string
					for _, c := range whole.Chats {
						if names != nil && !slices.Contains(names, c.Name) {
							continue
						}
						for _, m := range c.Messages {
							if (p[0].IsZero() || !m.Time.Before(p[0])) && (p[1].IsZero() || m.Time.Before(p[1])) &&
								(handles == nil || slices.Contains(handles, m.Author)) && (q == "" || hits[m.Key]) {
								want = append(want, c.Name+" "+m.Key)
							}
						}
					}
					got := readJSON(t, must(run(t, s, "json", f)))
					var keys []string
					for _, c := range got.Chats {
						if len(c.Messages) == 0 {
							t.Errorf("%+v: chat %s written without messages", f, c.Name)
						}
						for _, m := range c.Messages {
							keys = append(keys, c.Name+" "+m.Key)
						}
					}
					slices.Sort(keys)
					slices.Sort(want)
					if len(want) > 0 {
						some++
					}
					if len(want) == 13 {
						all++
					}
					if !slices.Equal(keys, want) {
						t.Errorf("chats %v, %v…%v, author %q, query %q: %d messages %v, want %d %v",
							names, p[0], p[1], who, q, len(keys), keys, len(want), want)
					}
					if fmt.Sprint(got.Filter.Chats) != fmt.Sprint(append([]string{}, names...)) {
						t.Errorf("the export says it holds the chats %v, not %v", got.Filter.Chats, names)
					}
				}
			}
		}
	}
	if some < 40 || all != 1 {
		t.Errorf("%d combinations keep messages, %d keep all: the fixture does not tell the filters apart", some, all)
	}
}

// TestFilterOrder: chats asked for come in the order asked; otherwise by
// title.
func TestFilterOrder(t *testing.T) {
	s := fixture(t, false)
	var chats []store.Chat
	for _, n := range []string{group, dialog} {
		c, err := s.FindChat(context.Background(), n)
		if err != nil {
			t.Fatal(err)
		}
		chats = append(chats, c)
	}
	order := func(f export.Filter) string {
		var names []string
		for _, c := range readJSON(t, must(run(t, s, "json", f))).Chats {
			names = append(names, c.Name)
		}
		return strings.Join(names, " ")
	}
	if got := order(export.Filter{Chats: chats}); got != group+" "+dialog {
		t.Errorf("asked for %s then %s: %s", group, dialog, got)
	}
	if got := order(export.Filter{}); got != dialog+" "+quiet+" "+group {
		t.Errorf("every chat: %s, want them by title (alice, bob; Climbing…; Project X)", got)
	}
}

// TestUnknownAuthor: an author nobody is or went by is an error, not an
// empty export.
func TestUnknownAuthor(t *testing.T) {
	s := fixture(t, false)
	var buf strings.Builder
	_, err := export.Run(context.Background(), s, export.Filter{Author: "mallory"}, meta, export.NewText(&buf), nil)
	var unknown *export.UnknownAuthorError
	if !errors.As(err, &unknown) || unknown.Who != "mallory" || buf.Len() != 0 {
		t.Errorf("author mallory: %v, wrote %q", err, buf.String())
	}
}

// TestQueryNeedsIndex: a search on an archive opened without its index is
// an error.
func TestQueryNeedsIndex(t *testing.T) {
	s := fixture(t, false)
	var buf strings.Builder
	if _, err := export.Run(context.Background(), s, export.Filter{Query: "release"}, meta, export.NewText(&buf), nil); err == nil {
		t.Error("a query ran without the index")
	}
}

func must[T any](v T, _ export.Stats) T { return v }
