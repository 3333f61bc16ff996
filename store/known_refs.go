package store

import (
	"context"
	"fmt"
)

// refsBudget is how many references the picture keeps in memory, over the
// chats it holds (24 bytes each: about 50 MB). Beyond it, whenever another
// chat is used, the chats used least recently are dropped, to be loaded
// again when next used: memory stays the same whatever the archive's size.
// The chat in use is kept whatever its size.
var refsBudget = 2 << 20

// chatRefs is the references part of the in-memory picture, per chat,
// each loaded from the archive in one query the first time an ingest
// touches the chat: a re-import reads a chat's references once, not a
// message at a time.
type chatRefs struct {
	chats map[int64]*chatRefTable
	clock uint64 // counts uses, to find the least recently used chat
}

type chatRefTable struct {
	refTable
	used uint64
}

// table returns chat's references, loading them with load if they are
// not held.
func (c *chatRefs) table(chat int64, load func(chat int64) ([]refRow, error)) (*refTable, error) {
	c.clock++
	if t, ok := c.chats[chat]; ok {
		if t.used != c.clock-1 { // another chat was used last: it may have grown past the budget
			c.evict(chat)
		}
		t.used = c.clock
		return &t.refTable, nil
	}
	rows, err := load(chat)
	if err != nil {
		return nil, fmt.Errorf("load references of chat %d: %w", chat, err)
	}
	t := &chatRefTable{used: c.clock}
	t.loadRows(rows)
	if c.chats == nil {
		c.chats = map[int64]*chatRefTable{}
	}
	c.chats[chat] = t
	c.evict(chat)
	return &t.refTable, nil
}

// evict drops the least recently used chats other than keep while the
// chats held exceed refsBudget.
func (c *chatRefs) evict(keep int64) {
	held := 0
	for _, t := range c.chats {
		held += t.len()
	}
	for held > refsBudget && len(c.chats) > 1 {
		oldest, of := int64(0), ^uint64(0)
		for id, t := range c.chats {
			if id != keep && t.used < of {
				oldest, of = id, t.used
			}
		}
		held -= c.chats[oldest].len()
		delete(c.chats, oldest)
	}
}

// held is how many references the picture holds, for tests.
func (c *chatRefs) held() int {
	n := 0
	for _, t := range c.chats {
		n += t.len()
	}
	return n
}

// loadChatRefs reads every reference the sources gave the messages of a
// chat.
func loadChatRefs(ctx context.Context, q querier, chat int64) ([]refRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, source_id, ref, observed FROM messages WHERE chat_id = ?1
		UNION ALL SELECT r.message_id, r.source_id, r.ref, r.observed FROM message_refs r JOIN messages m ON m.id = r.message_id WHERE m.chat_id = ?1`, chat)
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
