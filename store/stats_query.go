package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// How many busiest days and longest silences Stats lists.
const (
	busiestDays     = 10
	longestSilences = 5
)

// Stats is what the archive, or one chat, looks like over time: the
// messages the statistics count (said, not deleted, at a possible time).
type Stats struct {
	Messages, Words int
	First, Last     *Message      // nil when nothing counts
	Months          []MonthCount  // every month from the first message's to the last's, empty ones too
	People          []PersonCount // most messages first
	Week            [7][24]int    // messages by weekday (time.Sunday = 0) and hour, local time
	BusiestDays     []DayCount    // most messages first
	Silences        []Silence     // longest first
	Lag             int64         // changes not counted yet
}

// MonthCount is a month's messages; Month is its first day, local midnight.
type MonthCount struct {
	Month    time.Time
	Messages int
}

// PersonCount is what one author wrote.
type PersonCount struct {
	Author, Name    string // handle, and the display name last seen
	Messages, Words int
}

// DayCount is a day's messages; Day is its local midnight. ChatID is the chat
// that had most of them.
type DayCount struct {
	Day      time.Time
	Messages int
	ChatID   int64
}

// Silence is a time without messages: From is the last message before it,
// To the first after.
type Silence struct {
	From, To time.Time
	ChatID   int64 // the chat whose message ended it
}

// Duration is how long the silence lasted.
func (s Silence) Duration() time.Duration { return s.To.Sub(s.From) }

// Stats reads the statistics of one chat, or of the whole archive when
// chatID is 0, with times in loc. It reads what has been counted so far;
// Lag says how much is not (call CatchUpStats first to have everything).
func (s *Store) Stats(ctx context.Context, chatID int64, loc *time.Location) (Stats, error) {
	st, err := s.readStats(ctx, chatID, loc)
	if err != nil {
		return Stats{}, fmt.Errorf("store: statistics: %w", describe(err))
	}
	return st, nil
}

func (s *Store) readStats(ctx context.Context, chatID int64, loc *time.Location) (Stats, error) {
	var st Stats
	var err error
	if st.Lag, err = s.StatsLag(ctx); err != nil {
		return st, err
	}
	hours, err := spanHoursOf(ctx, s.db, chatID)
	if err != nil {
		return st, err
	}
	if st.People, err = s.statsPeople(ctx, chatID); err != nil {
		return st, err
	}
	for _, p := range st.People {
		st.Messages += p.Messages
		st.Words += p.Words
	}
	if len(hours) == 0 {
		return st, nil
	}
	firstDay, days := sumLocalDays(hours, loc, &st.Week)
	st.Months = monthsOf(firstDay, days, loc)
	st.BusiestDays = busiestOf(firstDay, days, loc, chatID)
	if chatID == 0 {
		for i, d := range st.BusiestDays {
			if st.BusiestDays[i].ChatID, err = s.busiestChat(ctx, d.Day, d.Day.AddDate(0, 0, 1)); err != nil {
				return st, err
			}
		}
	}
	if st.First, err = s.edgeMessage(ctx, chatID, hours[0].hour, false); err != nil {
		return st, err
	}
	if st.Last, err = s.edgeMessage(ctx, chatID, hours[len(hours)-1].hour, true); err != nil {
		return st, err
	}
	if st.Silences, err = s.silences(ctx, chatID, hours); err != nil {
		return st, err
	}
	return st, nil
}

type hourCount struct {
	hour     int64
	messages int
}

// statsPeople reads who wrote how much, with the display names they last went by.
func (s *Store) statsPeople(ctx context.Context, chatID int64) ([]PersonCount, error) {
	query := `SELECT a.author, a.messages, a.words, coalesce((SELECT name FROM stats_names n WHERE n.author = a.author
		ORDER BY seen_at DESC LIMIT 1), '') FROM stats_authors a WHERE chat_id = ?`
	if chatID == 0 {
		query = `SELECT a.author, a.messages, a.words, coalesce((SELECT name FROM stats_names n WHERE n.author = a.author
			ORDER BY seen_at DESC LIMIT 1), '') FROM (SELECT author, sum(messages) AS messages, sum(words) AS words
			FROM stats_authors WHERE ? = 0 GROUP BY author) a`
	}
	rows, err := s.db.QueryContext(ctx, query, chatID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PersonCount
	for rows.Next() {
		var p PersonCount
		if err := rows.Scan(&p.Author, &p.Messages, &p.Words, &p.Name); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b PersonCount) int {
		return cmp.Or(cmp.Compare(b.Messages, a.Messages), strings.Compare(a.Author, b.Author))
	})
	return out, rows.Err()
}

// busiestChat is the chat with the most messages in [from, to).
func (s *Store) busiestChat(ctx context.Context, from, to time.Time) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT chat_id FROM stats_hours WHERE hour >= ? AND hour < ? AND chat_id > 0
		GROUP BY chat_id ORDER BY sum(messages) DESC, chat_id LIMIT 1`, hourOf(from.UnixMilli()), hourOf(to.UnixMilli()+3_599_999)).Scan(&id)
	return id, err
}

// chatsInHour lists the chats with counted messages in an hour: the chat
// itself, or for the archive (0) those its sums say.
func (s *Store) chatsInHour(ctx context.Context, chatID, hour int64) ([]int64, error) {
	if chatID != 0 {
		return []int64{chatID}, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT chat_id FROM stats_hours WHERE hour = ? AND chat_id > 0`, hour)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// edgeMessage is the first (or last) counted message in an hour of a chat,
// or of the archive; nil when a change not yet counted took it away.
func (s *Store) edgeMessage(ctx context.Context, chatID, hour int64, last bool) (*Message, error) {
	id, _, err := s.edgeOf(ctx, chatID, hour, last)
	if err != nil || id == 0 {
		return nil, err
	}
	m, err := scanMessage(s.db.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages WHERE id = ?`, id))
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// edgeOf finds the first (or last) counted message in an hour of a chat,
// or of the archive: its id (0 for none) and time, reading only what the
// counting rule needs.
func (s *Store) edgeOf(ctx context.Context, chatID, hour int64, last bool) (id int64, at time.Time, err error) {
	chats, err := s.chatsInHour(ctx, chatID, hour)
	if err != nil {
		return 0, at, err
	}
	order := "sent_at, id"
	if last {
		order = "sent_at DESC, id DESC"
	}
	for _, c := range chats {
		mid, sent, err := s.firstCounted(ctx, `SELECT id, sent_at, type, time_suspect, deleted FROM messages
			WHERE chat_id = ? AND sent_at >= ? AND sent_at < ? ORDER BY `+order, c, hour*3_600_000, (hour+1)*3_600_000)
		if err != nil {
			return 0, at, err
		}
		t := time.UnixMilli(sent).UTC()
		if mid != 0 && (id == 0 || last && t.After(at) || !last && t.Before(at)) {
			id, at = mid, t
		}
	}
	return id, at, nil
}

// firstCounted reads rows of (id, sent_at, type, time_suspect, deleted)
// until one the statistics count.
func (s *Store) firstCounted(ctx context.Context, query string, args ...any) (id, sent int64, err error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var typ string
		var suspect, deleted bool
		if err := rows.Scan(&id, &sent, &typ, &suspect, &deleted); err != nil {
			return 0, 0, err
		}
		if countsInStats(typ, suspect, deleted) {
			return id, sent, nil
		}
	}
	return 0, 0, rows.Err()
}

// minSilence is the shortest time without messages that counts as a silence.
const minSilence = time.Hour

// silences finds the longest times without messages (of an hour or more). The hourly sums say
// where they are to an hour; the messages at their ends say exactly, for
// as many of the longest as could be longer than the shortest kept.
func (s *Store) silences(ctx context.Context, chatID int64, hours []hourCount) ([]Silence, error) {
	type gap struct{ before, after int64 } // the hours either side
	length := func(g gap) int64 { return g.after - g.before }
	// An hour or more without messages spans the hours between two sums. A
	// gap of n hours lasted between n-1 and n+1 hours: those within two hours
	// of the shortest of the longest few may still beat it.
	var longest []int64 // the longest few lengths, longest first
	for i := 1; i < len(hours); i++ {
		n := hours[i].hour - hours[i-1].hour
		if len(longest) < longestSilences || n > longest[len(longest)-1] {
			at, _ := slices.BinarySearchFunc(longest, n, func(a, b int64) int { return cmp.Compare(b, a) })
			longest = slices.Insert(longest, at, n)[:min(len(longest)+1, longestSilences)]
		}
	}
	var gaps []gap
	for i := 1; len(longest) > 0 && i < len(hours); i++ {
		if g := (gap{hours[i-1].hour, hours[i].hour}); length(g) >= longest[len(longest)-1]-2 {
			gaps = append(gaps, g)
		}
	}
	slices.SortFunc(gaps, func(a, b gap) int { return cmp.Or(cmp.Compare(length(b), length(a)), cmp.Compare(a.before, b.before)) })
	gaps = gaps[:min(len(gaps), 6*longestSilences)]
	var out []Silence
	for _, g := range gaps {
		from, fromAt, err := s.edgeOf(ctx, chatID, g.before, true)
		if err != nil {
			return nil, err
		}
		to, toAt, err := s.edgeOf(ctx, chatID, g.after, false)
		if err != nil {
			return nil, err
		}
		if from == 0 || to == 0 || toAt.Sub(fromAt) < minSilence {
			continue
		}
		var chat int64
		if err := s.db.QueryRowContext(ctx, `SELECT chat_id FROM messages WHERE id = ?`, to).Scan(&chat); err != nil {
			return nil, err
		}
		out = append(out, Silence{From: fromAt, To: toAt, ChatID: chat})
	}
	slices.SortFunc(out, func(a, b Silence) int { return cmp.Or(cmp.Compare(b.Duration(), a.Duration()), a.From.Compare(b.From)) })
	return out[:min(len(out), longestSilences)], nil
}

// Activity is how busy each chat was, week by week, up to the archive's
// newest counted message.
type Activity struct {
	End   time.Time       // the end of the last week: the hour after the newest message
	Weeks map[int64][]int // per chat, messages per week, oldest week first
}

// Activity counts each chat's messages per week (of 7×24 hours) over the
// given number of weeks ending with the archive's newest counted message.
func (s *Store) Activity(ctx context.Context, weeks int) (Activity, error) {
	a := Activity{Weeks: map[int64][]int{}}
	var newest *int64
	if err := s.db.QueryRowContext(ctx, `SELECT max(hour) FROM stats_hours WHERE chat_id = 0`).Scan(&newest); err != nil {
		return a, fmt.Errorf("store: activity: %w", describe(err))
	}
	if newest == nil {
		return a, nil
	}
	end := *newest + 1
	a.End = time.Unix(end*3600, 0).UTC()
	rows, err := s.db.QueryContext(ctx, `SELECT chat_id, hour, messages FROM stats_hours WHERE hour >= ? AND hour < ? AND chat_id > 0`,
		end-int64(weeks)*168, end)
	if err != nil {
		return a, fmt.Errorf("store: activity: %w", describe(err))
	}
	defer rows.Close()
	for rows.Next() {
		var chat, hour int64
		var n int
		if err := rows.Scan(&chat, &hour, &n); err != nil {
			return a, fmt.Errorf("store: activity: %w", err)
		}
		w := a.Weeks[chat]
		if w == nil {
			w = make([]int, weeks)
			a.Weeks[chat] = w
		}
		w[weeks-1-int((end-1-hour)/168)] += n
	}
	if err := rows.Err(); err != nil {
		return a, fmt.Errorf("store: activity: %w", err)
	}
	return a, nil
}

// authorsNamed turns the values of from: into index terms: each value as a
// handle, and the handles of whoever went by it as a display name, or by a
// name that has it as one of its words (all ignoring case).
func (s *Store) authorsNamed(ctx context.Context, values []string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT author, name FROM stats_names`)
	if err != nil {
		return nil, fmt.Errorf("store: search: read names: %w", describe(err))
	}
	defer rows.Close()
	var handles []string
	for _, v := range values {
		handles = append(handles, strings.ToLower(v))
	}
	for rows.Next() {
		var author, name string
		if err := rows.Scan(&author, &name); err != nil {
			return nil, fmt.Errorf("store: search: read names: %w", err)
		}
		for _, v := range values {
			if nameMatches(name, v) {
				handles = append(handles, toLower(author))
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search: read names: %w", err)
	}
	slices.Sort(handles)
	return slices.Compact(handles), nil
}

// nameMatches reports whether a display name is v, or has v as one of its
// words (or runs of words), ignoring case.
func nameMatches(name, v string) bool {
	name, v = strings.ToLower(strings.Join(strings.Fields(name), " ")), strings.ToLower(strings.Join(strings.Fields(v), " "))
	if v == "" {
		return false
	}
	return name == v || strings.HasPrefix(name, v+" ") || strings.HasSuffix(name, " "+v) || strings.Contains(name, " "+v+" ")
}

// AuthorNames lists the display names the archive's authors went by, each
// once, in order (up to limit), for offering as one types a name.
func (s *Store) AuthorNames(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT name FROM stats_names WHERE name != '' ORDER BY name LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: read names: %w", describe(err))
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("store: read names: %w", err)
		}
		names = append(names, n)
	}
	return names, rows.Err()
}
