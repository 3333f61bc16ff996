// Package storetest holds helpers for tests that compare archives (and
// the folders they write): a
// canonical dump of what an archive holds and of what its index finds, so
// that two archives built differently (interrupted or not, in another
// order) can be compared as text.
package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/chatchannels/chatchannels/store"
)

// Options says what Dump includes beyond the chats, messages and versions.
type Options struct {
	Sources bool // the sources that saw each message (their names hold file paths)
	Reading bool // each chat's read position and unread count
}

// Dump lists everything an archive holds, chat by chat: each message with
// its key, author, time, text, edit and deletion, and its earlier
// versions. It leaves out what depends on the order of work rather than
// its result: archive ids and change sequence numbers.
func Dump(ctx context.Context, s *store.Store, o Options) (string, error) {
	chats, err := s.Chats(ctx)
	if err != nil {
		return "", err
	}
	if o.Reading {
		if err := s.CountUnread(ctx, chats); err != nil {
			return "", err
		}
	}
	var b strings.Builder
	for _, c := range chats {
		fmt.Fprintf(&b, "chat %s %q %v %d\n", c.Name, c.Topic, c.Members, c.MessageCount)
		if o.Reading {
			fmt.Fprintf(&b, "  read set=%v opened=%v at=%s unread=%d\n", c.Read.Set, c.Read.Opened, c.Read.Time().Format("2006-01-02T15:04:05.000"), c.Unread)
		}
		msgs, err := s.ChatMessages(ctx, c.ID, 0, 1<<30)
		if err != nil {
			return "", err
		}
		for _, m := range msgs {
			fmt.Fprintf(&b, "%s %s %s %s %q %v %v %s\n", m.Key, m.Author, m.AuthorName, m.Time, m.Body, m.EditedAt, m.Deleted, m.Type)
			vs, err := s.Versions(ctx, m.ID)
			if err != nil {
				return "", err
			}
			for _, v := range vs {
				fmt.Fprintf(&b, "  was %q %v\n", v.Body, v.EditedAt)
			}
			if o.Sources {
				names, err := s.Sources(ctx, m.ID)
				if err != nil {
					return "", err
				}
				fmt.Fprintf(&b, "  seen by %v\n", names)
			}
		}
	}
	return b.String(), nil
}

// SearchDump lists, for each query, the keys of every message it finds
// (up to store.MaxSearchDepth, and says so beyond), sorted. The index must
// have caught up (Store.WaitIndexed).
func SearchDump(ctx context.Context, s *store.Store, queries []string) (string, error) {
	var b strings.Builder
	for _, q := range queries {
		res, err := s.Search(ctx, q, store.SearchOptions{Limit: store.MaxSearchDepth})
		if err != nil {
			return "", fmt.Errorf("search %q: %w", q, err)
		}
		if res.Total > store.MaxSearchDepth {
			return "", fmt.Errorf("search %q: %d hits, more than a dump lists (%d)", q, res.Total, store.MaxSearchDepth)
		}
		keys := make([]string, 0, len(res.Hits))
		for _, h := range res.Hits {
			keys = append(keys, h.Message.Key)
		}
		slices.Sort(keys)
		fmt.Fprintf(&b, "%q %d: %s\n", q, len(keys), strings.Join(keys, " "))
	}
	return b.String(), nil
}

// FirstDifference shows where two dumps first differ, with a line of
// context, or "" when they are equal.
func FirstDifference(a, b string) string {
	if a == b {
		return ""
	}
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(la), len(lb)) {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			prev := ""
			if i > 0 {
				prev = la[i-1]
			}
			return fmt.Sprintf("line %d (after %q):\n  got  %q\n  want %q", i+1, prev, x, y)
		}
	}
	return "they differ in length"
}
