package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"modernc.org/sqlite"
)

// A chat's calendar counts its messages per local day. The counts live in
// chat_days, kept exact by triggers on messages (migration 12): every
// insert, deletion, move to another chat or change of time, whoever makes
// it, in the same transaction. Days are the local time zone's, as pages
// show times; the zone the counts were made in is recorded, and opening
// the archive in another zone counts again (calendarZone).

// localDayFunc is the SQL function the triggers call: the local day of a
// time in unix ms, as YYYYMMDD.
const localDayFunc = "cc_localday"

func init() {
	sqlite.MustRegisterScalarFunction(localDayFunc, 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		ms, ok := args[0].(int64)
		if !ok {
			return nil, fmt.Errorf("%s: want a time in unix ms, got %T", localDayFunc, args[0])
		}
		return localDay(time.UnixMilli(ms)), nil
	})
}

// localDay is the day t falls on in the local zone, as YYYYMMDD.
func localDay(t time.Time) int64 {
	y, m, d := t.Local().Date()
	return int64(y)*10000 + int64(m)*100 + int64(d)
}

// zoneFingerprint tells time zones apart by their offsets, sampled every
// week from 2000 to 2040 (the years Skype's messages and their readers
// live in): two zones with the same fingerprint split time into the same
// days.
func zoneFingerprint() string {
	h := sha256.New()
	for t := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC); t.Year() < 2041; t = t.Add(7 * 24 * time.Hour) {
		_, off := t.In(time.Local).Zone()
		fmt.Fprintf(h, "%d,", off)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// countDays counts the days of every chat afresh, in the local zone,
// inside tx.
func countDays(ctx context.Context, tx *sql.Tx) error {
	for _, q := range []string{
		`DELETE FROM chat_days`,
		`INSERT INTO chat_days (chat_id, day, n) SELECT chat_id, ` + localDayFunc + `(sent_at), count(*) FROM messages
			WHERE NOT time_suspect GROUP BY 1, 2`,
		`DELETE FROM calendar_zone`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO calendar_zone (fingerprint) VALUES (?)`, zoneFingerprint())
	return err
}

// calendarZone counts the days again when the archive was counted in
// another time zone than this process's.
func calendarZone(ctx context.Context, s *Store) error {
	var have string
	err := s.db.QueryRowContext(ctx, `SELECT fingerprint FROM calendar_zone`).Scan(&have)
	if err != nil && err != sql.ErrNoRows {
		return describe(err)
	}
	if have == zoneFingerprint() {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.tx(ctx, func(tx *sql.Tx) error { return countDays(ctx, tx) }); err != nil {
		return fmt.Errorf("count the days of the calendar in this time zone: %w", err)
	}
	return nil
}

// Day is one day of a chat's calendar.
type Day struct {
	Date  time.Time // local midnight
	Count int       // messages sent that day (those with an impossible time left out)
}

// Calendar lists the days on which a chat has messages, oldest first.
func (s *Store) Calendar(ctx context.Context, chatID int64) ([]Day, error) {
	return s.calendarDays(ctx, chatID, 0, math.MaxInt64)
}

// CalendarOfYear lists the days of a year on which a chat has messages,
// oldest first.
func (s *Store) CalendarOfYear(ctx context.Context, chatID int64, year int) ([]Day, error) {
	return s.calendarDays(ctx, chatID, int64(year)*10000, int64(year+1)*10000)
}

// calendarDays reads a chat's days in [from, to), as YYYYMMDD.
func (s *Store) calendarDays(ctx context.Context, chatID, from, to int64) ([]Day, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT day, n FROM chat_days WHERE chat_id = ? AND day >= ? AND day < ? AND n > 0 ORDER BY day`, chatID, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: read the calendar of chat %d: %w", chatID, describe(err))
	}
	defer rows.Close()
	var days []Day
	for rows.Next() {
		var day int64
		var d Day
		if err := rows.Scan(&day, &d.Count); err != nil {
			return nil, fmt.Errorf("store: read the calendar of chat %d: %w", chatID, err)
		}
		d.Date = time.Date(int(day/10000), time.Month(day/100%100), int(day%100), 0, 0, 0, 0, time.Local)
		days = append(days, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read the calendar of chat %d: %w", chatID, describe(err))
	}
	return days, nil
}

// YearCount is one year of a chat's calendar: its messages (those with an
// impossible time left out), and how many its busiest day had.
type YearCount struct {
	Year, Count, Busiest int
}

// CalendarYears sums a chat's calendar by year, oldest first. The sums
// are kept in memory with the chat's change sequence they were made at:
// summing decades of days (38,000 rows) takes 20 ms at 10M messages, and
// keeping them in a table kept by triggers cost 15% of an import's speed
// (one more write a message).
func (s *Store) CalendarYears(ctx context.Context, chatID int64) ([]YearCount, error) {
	var seq int64 // read before the days: a change in between makes the next call sum again
	err := s.db.QueryRowContext(ctx, `SELECT changed_seq FROM chats WHERE id = ?`, chatID).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: read the years of chat %d: %w", chatID, describe(err))
	}
	if years, ok := s.years.get(chatID, seq); ok {
		return years, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT day / 10000, sum(n), max(n) FROM chat_days WHERE chat_id = ? AND n > 0 GROUP BY 1 ORDER BY 1`, chatID)
	if err != nil {
		return nil, fmt.Errorf("store: read the years of chat %d: %w", chatID, describe(err))
	}
	defer rows.Close()
	var years []YearCount
	for rows.Next() {
		var y YearCount
		if err := rows.Scan(&y.Year, &y.Count, &y.Busiest); err != nil {
			return nil, fmt.Errorf("store: read the years of chat %d: %w", chatID, err)
		}
		years = append(years, y)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read the years of chat %d: %w", chatID, describe(err))
	}
	s.years.put(chatID, seq, years)
	return years, nil
}

// yearsCache is the chats' calendar years last summed, each with the
// chat's change sequence then (see CalendarYears).
type yearsCache struct {
	mu    sync.Mutex
	chats map[int64]summedYears
}

type summedYears struct {
	seq   int64
	years []YearCount
}

// yearsCached bounds how many chats' years are kept.
const yearsCached = 256

func (c *yearsCache) get(chat, seq int64) ([]YearCount, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	y, ok := c.chats[chat]
	if !ok || y.seq != seq {
		return nil, false
	}
	return slices.Clone(y.years), true
}

func (c *yearsCache) put(chat, seq int64, years []YearCount) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.chats == nil || len(c.chats) >= yearsCached {
		c.chats = map[int64]summedYears{}
	}
	c.chats[chat] = summedYears{seq, slices.Clone(years)}
}
