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
// messages in its order, read a page at a time (on a goroutine of its own,
// a few pages ahead of the writer, so that reading and writing share the
// cores; memory holds those pages, never more). progress (when not nil)
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
	var versioned *store.MessageSet
	if needs.Versions {
		var err error
		if versioned, err = s.Versioned(ctx); err != nil {
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
	// Pages are read (with their details) a few ahead of the writer, on
	// another core: the export takes about as long as the slower of the
	// two, not their sum. At most pagesAhead+1 pages are held.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	free := make(chan []Message, pagesAhead+1)
	for range pagesAhead + 1 {
		free <- make([]Message, 0, store.PageSize)
	}
	pages := make(chan page, pagesAhead)
	var readErr error
	go func() {
		defer close(pages)
		readErr = readPages(ctx, s, chats, r, hits, versioned, needs, free, pages)
	}()
	var writeErr error
	current := -1
	for p := range pages {
		if writeErr == nil {
			writeErr = writePage(w, chats, &current, p, &st)
			if writeErr != nil {
				cancel() // the reader stops; what it sent is drained
			}
		}
		if done += int64(p.scanned); progress != nil && writeErr == nil {
			progress(done, total)
		}
		free <- p.msgs[:0]
	}
	if writeErr != nil {
		return st, writeErr
	}
	if readErr != nil {
		return st, readErr
	}
	return st, w.End()
}

// pagesAhead is how many pages the reader may have ready for the writer.
const pagesAhead = 2

// page is what Run's reader hands its writer: the messages of chat chats[chat]
// to write from one page of the chat, which held scanned messages.
type page struct {
	chat    int
	msgs    []Message
	scanned int
}

// readPages reads the chats' messages a page at a time, keeps those the
// search picks, adds what the format needs, and sends them on in buffers
// taken from free.
func readPages(ctx context.Context, s *store.Store, chats []store.Chat, r store.MessageRange, hits, versioned *store.MessageSet,
	needs Needs, free chan []Message, pages chan<- page) error {
	for i, c := range chats {
		err := s.MessagePages(ctx, c.ID, r, func(msgs []store.Message) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var kept []Message
			select {
			case kept = <-free:
			case <-ctx.Done():
				return ctx.Err()
			}
			for _, m := range msgs {
				if hits == nil || hits.Has(m.ID) {
					kept = append(kept, Message{Message: m})
				}
			}
			if err := addDetails(ctx, s, needs, versioned, kept); err != nil {
				return err
			}
			select {
			case pages <- page{chat: i, msgs: kept, scanned: len(msgs)}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writePage writes a page's messages, opening their chat first if it is a
// new one.
func writePage(w Writer, chats []store.Chat, current *int, p page, st *Stats) error {
	if len(p.msgs) == 0 {
		return nil
	}
	if p.chat != *current {
		if err := w.Chat(chats[p.chat]); err != nil {
			return err
		}
		*current = p.chat
		st.Chats++
	}
	for _, m := range p.msgs {
		if err := w.Message(m); err != nil {
			return err
		}
		st.Messages++
	}
	return nil
}

// addDetails reads the earlier versions (of the messages versioned holds)
// and the reactions of a page's messages, as far as the format needs them.
func addDetails(ctx context.Context, s *store.Store, needs Needs, versioned *store.MessageSet, msgs []Message) error {
	if len(msgs) == 0 || !needs.Versions && !needs.Reactions {
		return nil
	}
	var ids, edited []int64
	for _, m := range msgs {
		ids = append(ids, m.ID)
		if needs.Versions && versioned.Has(m.ID) {
			edited = append(edited, m.ID)
		}
	}
	if len(edited) > 0 {
		versions, err := s.VersionsOf(ctx, edited)
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
