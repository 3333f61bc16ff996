package store

import (
	"context"
	"fmt"
	"time"
)

// SetIdleClose shortens how long an unused index stays open, until the
// returned function puts it back.
func SetIdleClose(d time.Duration) (restore func()) {
	was := idleClose
	idleClose = d
	return func() { idleClose = was }
}

// SetBusyTimeout shortens the wait for a locked database in tests.
func SetBusyTimeout(d time.Duration) { busyTimeout = d }

// SetSortAllBelow changes how many hits a search by time sorts without
// looking in windows of time first, until the returned function puts it back.
func SetSortAllBelow(n uint64) (restore func()) {
	was := sortAllBelow
	sortAllBelow = n
	return func() { sortAllBelow = was }
}

// SetBroadLimits changes how many matches a quick search counts and ranks
// exactly (and a single word's), and how many of the newest a broad one
// ranks at least, until the returned function puts them back.
func SetBroadLimits(exact, word, ranked int) (restore func()) {
	wasExact, wasWord, wasRanked := exactUpTo, wordRankedUpTo, rankedAtLeast
	exactUpTo, wordRankedUpTo, rankedAtLeast = exact, word, ranked
	return func() { exactUpTo, wordRankedUpTo, rankedAtLeast = wasExact, wasWord, wasRanked }
}

// CheckReferencePages reports the first page of the in-memory picture's
// references that differs from what the archive holds in its range.
func (s *Store) CheckReferencePages(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &s.known.refs
	for k, t := range c.pages {
		shift := c.shifts[k.chat]
		rows, err := loadRefsBetween(ctx, s.db.DB, k.chat, k.page<<shift, (k.page+1)<<shift)
		if err != nil {
			return err
		}
		var want refTable
		want.loadRows(rows)
		if want.len() != t.len() {
			return fmt.Errorf("page %d of chat %d holds %d references, the archive %d", k.page, k.chat, t.len(), want.len())
		}
		for _, r := range want.sorted {
			if e, ok := t.get(r.slot); !ok || e.message != r.message || e.observed != r.observed {
				return fmt.Errorf("page %d of chat %d holds %+v (%v) for a reference the archive has as %+v", k.page, k.chat, e, ok, r.refEntry)
			}
		}
	}
	return nil
}

// inUse is how many references the pages of the last sighting hold.
func (c *chatRefs) inUse() int {
	n := 0
	for _, p := range c.pages {
		if p.used == c.clock {
			n += p.len()
		}
	}
	return n
}
