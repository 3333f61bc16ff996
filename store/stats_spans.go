package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
)

// A page of statistics reads every hour of a chat, or of the archive: at
// 10M messages over years that is hundreds of thousands of stats_hours
// rows, too many to read in time one by one. stats_spans holds the same
// sums packed by spans of spanHours hours, one row per chat and span, its
// hours with messages encoded in order (see encodeSpan). The counter
// writes both in the same transaction (statsCounter.write), so they always
// agree; stats_hours stays for reading a few hours across chats.

// spanHours is how many hours one stats_spans row holds.
const spanHours = 1024

// spanOf is the span an hour falls in.
func spanOf(hour int64) int64 { return floorDiv(hour, spanHours) }

// encodeSpan packs a span's hours, in order, each with messages: per hour
// its offset from the previous one's (the span's start for the first) and
// its messages, as unsigned varints.
func encodeSpan(span int64, hours []hourCount) []byte {
	out := make([]byte, 0, 3*len(hours))
	prev := span * spanHours
	for _, h := range hours {
		out = binary.AppendUvarint(out, uint64(h.hour-prev))
		out = binary.AppendUvarint(out, uint64(h.messages))
		prev = h.hour
	}
	return out
}

// decodeSpan appends the hours packed by encodeSpan to out.
func decodeSpan(span int64, packed []byte, out []hourCount) ([]hourCount, error) {
	hour := span * spanHours
	for len(packed) > 0 {
		step, n := binary.Uvarint(packed)
		if n <= 0 || step >= spanHours {
			return out, fmt.Errorf("span %d: bad hour at byte %d", span, n)
		}
		packed = packed[n:]
		messages, n := binary.Uvarint(packed)
		if n <= 0 {
			return out, fmt.Errorf("span %d: bad count", span)
		}
		packed = packed[n:]
		hour += int64(step)
		out = append(out, hourCount{hour, int(messages)})
	}
	return out, nil
}

// writeSpans adds a batch's changes of messages per hour to the spans,
// dropping the hours (and the spans) that fall to none, as write does
// with stats_hours.
func (c *statsCounter) writeSpans() error {
	type spanKey struct{ chat, span int64 }
	changed := map[spanKey]map[int64]int{}
	for k, n := range c.hours {
		if n == 0 {
			continue
		}
		sk := spanKey{k.chat, spanOf(k.hour)}
		if changed[sk] == nil {
			changed[sk] = map[int64]int{}
		}
		changed[sk][k.hour] += n
	}
	for k, deltas := range changed {
		get, err := c.stmt(`SELECT counts FROM stats_spans WHERE chat_id = ? AND span = ?`)
		if err != nil {
			return err
		}
		var packed []byte
		if err := get.QueryRowContext(c.ctx, k.chat, k.span).Scan(&packed); err != nil && err != sql.ErrNoRows {
			return err
		}
		hours, err := decodeSpan(k.span, packed, nil)
		if err != nil {
			return err
		}
		hours = applyDeltas(k.span, hours, deltas)
		if len(hours) == 0 {
			err = c.exec(`DELETE FROM stats_spans WHERE chat_id = ? AND span = ?`, k.chat, k.span)
		} else {
			err = c.exec(`INSERT OR REPLACE INTO stats_spans (chat_id, span, counts) VALUES (?, ?, ?)`, k.chat, k.span, encodeSpan(k.span, hours))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// applyDeltas adds changes of messages per hour to a span's hours, in
// order, leaving out those with none left.
func applyDeltas(span int64, hours []hourCount, deltas map[int64]int) []hourCount {
	var slot [spanHours]int
	base := span * spanHours
	for _, h := range hours {
		slot[h.hour-base] = h.messages
	}
	for h, n := range deltas {
		slot[h-base] += n
	}
	hours = hours[:0]
	for i, n := range slot {
		if n > 0 {
			hours = append(hours, hourCount{base + int64(i), n})
		}
	}
	return hours
}

// spanHoursOf reads a chat's (or, for 0, the archive's) messages per hour
// from its spans, in order.
func spanHoursOf(ctx context.Context, q querier, chatID int64) ([]hourCount, error) {
	rows, err := q.QueryContext(ctx, `SELECT span, counts FROM stats_spans WHERE chat_id = ? ORDER BY span`, chatID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type packedSpan struct {
		span   int64
		packed []byte
	}
	var spans []packedSpan
	size := 0
	for rows.Next() {
		var p packedSpan
		if err := rows.Scan(&p.span, &p.packed); err != nil {
			return nil, err
		}
		spans = append(spans, p)
		size += len(p.packed)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]hourCount, 0, size/2) // an hour takes two bytes at least
	for _, p := range spans {
		if out, err = decodeSpan(p.span, p.packed, out); err != nil {
			return nil, fmt.Errorf("read hours: %w", err)
		}
	}
	return out, nil
}

// fillSpans packs every chat's stats_hours into stats_spans afresh: the
// migration that adds the spans to an archive counted before them.
func fillSpans(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM stats_spans`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT chat_id, hour, messages FROM stats_hours WHERE messages > 0 ORDER BY chat_id, hour`)
	if err != nil {
		return err
	}
	defer rows.Close()
	put, err := tx.PrepareContext(ctx, `INSERT INTO stats_spans (chat_id, span, counts) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer put.Close()
	var chat, span int64
	var hours []hourCount
	flush := func() error {
		if len(hours) == 0 {
			return nil
		}
		_, err := put.ExecContext(ctx, chat, span, encodeSpan(span, hours))
		hours = hours[:0]
		return err
	}
	for rows.Next() {
		var c int64
		var h hourCount
		if err := rows.Scan(&c, &h.hour, &h.messages); err != nil {
			return err
		}
		if c != chat || spanOf(h.hour) != span {
			if err := flush(); err != nil {
				return err
			}
			chat, span = c, spanOf(h.hour)
		}
		hours = append(hours, h)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}
