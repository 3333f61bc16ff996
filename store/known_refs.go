package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"
)

// defaultRefsBudget is how many references the picture keeps in memory
// (24 bytes each: about 36 MB). Beyond it, whenever a page is loaded, the
// pages used least recently are dropped, to be loaded again when next
// used: memory stays the same whatever the size of the archive or of any
// one chat.
const defaultRefsBudget = 3 << 19

// refsSlack is how far from a sighting's time the message its reference
// names may lie. A source reports a message at the same time every time;
// the archive's time for a message is one of its sightings', which match
// within MatchTolerance of each other, and it moves at most once, to a
// more precise source's: any two lie within twice that. The pages this far
// either side of a sighting hold every reference it can name. (Were a
// source to report one reference at times further apart, its later
// sighting would be taken for another message.)
const refsSlack = 10 * time.Minute

// Pages span a power of two of milliseconds, from minPageShift (at least
// twice refsSlack, so that a sighting needs at most two pages) to
// maxPageShift (4,460 years: a chat in one or two pages).
const (
	minPageShift = 21
	maxPageShift = 47
)

// The smallest page must hold a sighting's reach (compile-time check).
const _ uint64 = 1<<minPageShift - 2*uint64(refsSlack/time.Millisecond)

// chatRefs is the references part of the in-memory picture: per chat,
// (source, reference) → the message and what the source last said of it.
// A chat's references are filed in pages of time by the time of the
// message they name, and a page is loaded from the archive in one query the
// first time a sighting needs it: a re-import reads each page once, not a
// message at a time, and a first import finds its pages empty. A chat's
// pages span a time that holds at most pageMax references; a page that
// grows past that splits, to the span the chat's size now asks for (at
// least half as long), down to the smallest span.
type chatRefs struct {
	budget int
	pages  map[pageKey]*refPage
	shifts map[int64]uint8 // per chat touched, the log2 of its pages' span in ms
	held   int             // references held, over all pages
	loaded int             // references read from the archive, over all loads
	clock  uint64          // counts uses, to find the pages least recently used
}

type pageKey struct{ chat, page int64 }

type refPage struct {
	refTable
	used uint64
}

// refSource is where pages are loaded from: the archive as the writer
// sees it, with the messages it buffered.
type refSource interface {
	// chatExtent is how many messages a chat holds, and the times of its
	// first and last.
	chatExtent(chat int64) (messages, first, last int64, err error)
	// refsBetween is every reference the sources gave the chat's messages
	// sent in [from, to).
	refsBetween(chat, from, to int64) ([]refRow, error)
}

func newChatRefs(budget int) chatRefs {
	if budget <= 0 {
		budget = defaultRefsBudget
	}
	return chatRefs{budget: budget, pages: map[pageKey]*refPage{}, shifts: map[int64]uint8{}}
}

// pageMax is how many references a page may hold before it splits. The
// generator, a main.db (in time order) and live collection write to all
// their chats at once: the pages in use, one or two per chat, must fit in
// the budget together, or each batch would drop pages the next one loads
// again. A 64th lets 32 chats keep two full pages each (most hold one,
// half full); at an eighth, 40 chats written in time order loaded their
// pages again batch after batch, and a 10M generation fell from 48k to 5k
// messages/s.
func (c *chatRefs) pageMax() int { return max(c.budget/64, 1) }

// near returns the references a sighting in chat at millis can name,
// loading the pages that hold them if they are not held.
func (c *chatRefs) near(chat, millis int64, src refSource) (refsNear, error) {
	shift, ok := c.shifts[chat]
	if !ok {
		var err error
		if shift, err = c.measuredShift(chat, src); err != nil {
			return refsNear{}, err
		}
		c.shifts[chat] = shift
	}
	c.clock++
	for {
		first, last := floorDiv(millis-refsSlack.Milliseconds(), 1<<shift), floorDiv(millis+refsSlack.Milliseconds(), 1<<shift)
		split := false
		for p := first; p <= last && !split; p++ {
			k := pageKey{chat, p}
			t, ok := c.pages[k]
			if !ok {
				var err error
				if t, err = c.load(k, shift, src); err != nil {
					return refsNear{}, err
				}
			}
			t.used = c.clock
			split = t.len() > c.pageMax() && shift > minPageShift
		}
		if split { // grown or loaded past its size: file the chat in shorter pages
			c.drop(chat)
			measured, err := c.measuredShift(chat, src)
			if err != nil {
				return refsNear{}, err
			}
			shift = max(min(shift-1, measured), minPageShift)
			c.shifts[chat] = shift
			continue
		}
		c.evict() // past the budget by a load, or by the pages growing
		r := refsNear{c: c, chat: chat, shift: shift}
		for p := first; p <= last; p++ {
			r.pages[p-first] = c.pages[pageKey{chat, p}]
		}
		return r, nil
	}
}

// measuredShift is the span of a chat's pages from its size now: a chat
// growing in time order outgrows the span it started with, and halving
// page by page would load its newest page again at every halving.
func (c *chatRefs) measuredShift(chat int64, src refSource) (uint8, error) {
	messages, first, last, err := src.chatExtent(chat)
	if err != nil {
		return 0, fmt.Errorf("measure chat %d: %w", chat, err)
	}
	return c.firstShift(messages, last-first), nil
}

// firstShift is the span of a chat's pages, from its size: pages that
// would hold half of pageMax each were its messages spread evenly over
// extent ms (a page that holds more splits when used).
func (c *chatRefs) firstShift(messages, extent int64) uint8 {
	shift := uint8(maxPageShift)
	for shift > minPageShift && float64(messages)*math.Ldexp(1, int(shift))/float64(max(extent, 1)) > float64(c.pageMax()/2) {
		shift--
	}
	return shift
}

// load reads one page of a chat's references.
func (c *chatRefs) load(k pageKey, shift uint8, src refSource) (*refPage, error) {
	rows, err := src.refsBetween(k.chat, k.page<<shift, (k.page+1)<<shift)
	if err != nil {
		return nil, fmt.Errorf("load references of chat %d: %w", k.chat, err)
	}
	t := &refPage{}
	t.loadRows(rows)
	c.pages[k] = t
	c.held += t.len()
	c.loaded += len(rows)
	return t, nil
}

// drop forgets every page of a chat.
func (c *chatRefs) drop(chat int64) {
	for k := range c.pages {
		if k.chat == chat {
			c.dropPage(k)
		}
	}
}

func (c *chatRefs) dropPage(k pageKey) {
	if t, ok := c.pages[k]; ok {
		c.held -= t.len()
		delete(c.pages, k)
	}
}

// moved notes that a message of chat is now sent at to, no longer at
// from: its references belong to another page if the time crossed into
// one, so both pages are dropped, to be loaded again as the archive has
// them.
func (c *chatRefs) moved(chat, from, to int64) {
	shift, ok := c.shifts[chat]
	if !ok || floorDiv(from, 1<<shift) == floorDiv(to, 1<<shift) {
		return
	}
	c.dropPage(pageKey{chat, floorDiv(from, 1<<shift)})
	c.dropPage(pageKey{chat, floorDiv(to, 1<<shift)})
}

// evict drops the pages used least recently while the pages held exceed
// the budget, keeping those in use now.
func (c *chatRefs) evict() {
	if c.held <= c.budget {
		return
	}
	keys := make([]pageKey, 0, len(c.pages))
	for k, t := range c.pages {
		if t.used != c.clock {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b pageKey) int { return cmp.Compare(c.pages[a].used, c.pages[b].used) })
	for _, k := range keys {
		if c.held <= c.budget {
			break
		}
		c.dropPage(k)
	}
}

// refsNear is the pages that hold every reference a sighting can name:
// one, or two when its reach crosses into the next.
type refsNear struct {
	c     *chatRefs
	chat  int64
	shift uint8
	pages [2]*refPage
}

func (r refsNear) get(slot uint64) (refEntry, bool) {
	for _, t := range r.pages {
		if t == nil {
			break
		}
		if e, ok := t.get(slot); ok {
			return e, true
		}
	}
	return refEntry{}, false
}

// set files what the store remembers of a reference: where it is held, or
// in the page of sent, the time of the message it names, if that page is
// held (if not, the page will load it from the archive).
func (r refsNear) set(slot uint64, e refEntry, sent int64) {
	for _, t := range r.pages {
		if t == nil {
			break
		}
		if _, ok := t.get(slot); ok {
			t.set(slot, e)
			return
		}
	}
	if t, ok := r.c.pages[pageKey{r.chat, floorDiv(sent, 1<<r.shift)}]; ok {
		t.set(slot, e)
		r.c.held++
	}
}

// loadRefsBetween reads every reference the sources gave the messages of
// a chat sent in [from, to).
func loadRefsBetween(ctx context.Context, q rowsQuerier, chat, from, to int64) ([]refRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, source_id, ref, observed FROM messages WHERE chat_id = ?1 AND sent_at >= ?2 AND sent_at < ?3
		UNION ALL SELECT r.message_id, r.source_id, r.ref, r.observed FROM message_refs r JOIN messages m ON m.id = r.message_id
		WHERE m.chat_id = ?1 AND m.sent_at >= ?2 AND m.sent_at < ?3`, chat, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []refRow
	for rows.Next() {
		var id, source, observed int64
		var ref string
		if err := rows.Scan(&id, &source, &ref, &observed); err != nil {
			return nil, err
		}
		out = append(out, refRow{refSlot(source, chat, ref), refEntry{message: id, observed: observed}})
	}
	return out, rows.Err()
}
