package export

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// Filter picks what an export holds. Its parts compose: a message is
// written when it passes every part that is set.
type Filter struct {
	Chats        []store.Chat // these chats, in this order; nil: every chat, by title
	Since, Until time.Time    // sent in [Since, Until); zero: open at that end
	Author       string       // sent by this person: a handle or a display name (store.AuthorHandles)
	Query        string       // matching this search (store.ParseQuery's syntax); needs the store opened with its index
}

// Stats says what an export wrote.
type Stats struct {
	Chats    int // chats with at least one message written
	Messages int
}

// UnknownAuthorError reports a Filter.Author that no message's author is
// or went by.
type UnknownAuthorError struct{ Who string }

func (e *UnknownAuthorError) Error() string {
	return fmt.Sprintf("no author in the archive has the handle or display name %q", e.Who)
}

// Run writes what f picks from s with w: the chats one by one, each chat's
// messages in its order, read a page at a time. progress (when not nil)
// hears how many messages it has looked at, out of those the chats, dates
// and author pick (a search leaves out some of them). When ctx is done it
// stops with ctx's error; what w wrote by then is incomplete, for the
// caller to throw away.
func Run(ctx context.Context, s *store.Store, f Filter, meta Meta, w Writer, progress func(done, total int64)) (Stats, error) {
	var st Stats
	needs := w.Needs()
	chats := f.Chats
	if chats == nil {
		all, err := s.Chats(ctx)
		if err != nil {
			return st, err
		}
		chats = byTitle(all)
	}
	r := store.MessageRange{Since: f.Since, Until: f.Until, NewestFirst: needs.NewestFirst}
	if f.Author != "" {
		handles, err := s.AuthorHandles(ctx, f.Author)
		if err != nil {
			return st, err
		}
		if len(handles) == 0 {
			return st, &UnknownAuthorError{Who: f.Author}
		}
		r.Authors = handles
	}
	var hits *store.MessageSet
	if strings.TrimSpace(f.Query) != "" {
		var err error
		if hits, err = s.SearchSet(ctx, f.Query); err != nil {
			return st, err
		}
	}
	var total, done int64
	if progress != nil {
		for _, c := range chats {
			n, err := s.CountMessages(ctx, c.ID, r)
			if err != nil {
				return st, err
			}
			total += int64(n)
		}
		progress(0, total)
	}
	meta.Filter, meta.Chats = f, chats
	if err := w.Begin(meta); err != nil {
		return st, err
	}
	kept := make([]Message, 0, store.PageSize)
	for _, c := range chats {
		begun := false
		err := s.MessagePages(ctx, c.ID, r, func(page []store.Message) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			kept = kept[:0]
			for _, m := range page {
				if hits == nil || hits.Has(m.ID) {
					kept = append(kept, Message{Message: m})
				}
			}
			if err := addDetails(ctx, s, needs, kept); err != nil {
				return err
			}
			if len(kept) > 0 && !begun {
				if err := w.Chat(c); err != nil {
					return err
				}
				begun = true
				st.Chats++
			}
			for _, m := range kept {
				if err := w.Message(m); err != nil {
					return err
				}
			}
			st.Messages += len(kept)
			if done += int64(len(page)); progress != nil {
				progress(done, total)
			}
			return nil
		})
		if err != nil {
			return st, err
		}
	}
	return st, w.End()
}

// addDetails reads the earlier versions and reactions of a page's messages,
// as far as the format needs them.
func addDetails(ctx context.Context, s *store.Store, needs Needs, msgs []Message) error {
	if len(msgs) == 0 || !needs.Versions && !needs.Reactions {
		return nil
	}
	ids := make([]int64, len(msgs))
	for i, m := range msgs {
		ids[i] = m.ID
	}
	if needs.Versions {
		versions, err := s.VersionsOf(ctx, ids)
		if err != nil {
			return err
		}
		for i := range msgs {
			msgs[i].Versions = versions[msgs[i].ID]
		}
	}
	if needs.Reactions {
		reactions, err := s.Reactions(ctx, ids)
		if err != nil {
			return err
		}
		for i := range msgs {
			msgs[i].Reactions = reactions[msgs[i].ID]
		}
	}
	return nil
}

// byTitle orders chats by title (without regard to case), then by name.
func byTitle(chats []store.Chat) []store.Chat {
	slices.SortStableFunc(chats, func(a, b store.Chat) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Title()), strings.ToLower(b.Title())), cmp.Compare(a.Name, b.Name))
	})
	return chats
}
