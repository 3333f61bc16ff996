package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math/rand"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones of TestLocalDaysFollowTheZone, wherever the test runs
)

// hoursTable reads stats_hours: every chat's (0 the archive's) messages per
// hour, in order.
func hoursTable(t *testing.T, db *sql.DB) map[int64][]hourCount {
	t.Helper()
	rows, err := db.Query(`SELECT chat_id, hour, messages FROM stats_hours ORDER BY chat_id, hour`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64][]hourCount{}
	for rows.Next() {
		var chat int64
		var h hourCount
		if err := rows.Scan(&chat, &h.hour, &h.messages); err != nil {
			t.Fatal(err)
		}
		out[chat] = append(out[chat], h)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkSpans fails unless the packed spans hold exactly what stats_hours
// does, chat by chat, and no chat that it does not.
func checkSpans(t *testing.T, s *Store, when string) {
	t.Helper()
	want := hoursTable(t, s.db.DB)
	if len(want) == 0 {
		t.Fatalf("%s: no hours counted", when)
	}
	for chat, hours := range want {
		got, err := spanHoursOf(context.Background(), s.db, chat)
		if err != nil {
			t.Fatalf("%s: chat %d: %v", when, chat, err)
		}
		if !slices.Equal(got, hours) {
			t.Errorf("%s: chat %d: spans hold %d hours %v…, stats_hours %d %v…", when, chat, len(got), got[:min(5, len(got))], len(hours), hours[:min(5, len(hours))])
		}
	}
	var others int
	if err := s.db.QueryRow(`SELECT count(*) FROM stats_spans WHERE chat_id NOT IN (SELECT chat_id FROM stats_hours)`).Scan(&others); err != nil || others != 0 {
		t.Errorf("%s: %d spans of chats without hours (%v)", when, others, err)
	}
}

// The packed spans follow every change as stats_hours does (messages
// added across many spans, edited, deleted, all of a span's deleted), and
// the migration that adds them to an older archive packs the same.
func TestStatsSpansAgreeWithHours(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := mustOpen(t, dir)
	r := rand.New(rand.NewSource(3))
	start := time.Date(1969, 12, 20, 0, 0, 0, 0, time.UTC) // hours either side of 0 too
	var msgs []Incoming
	for i := range 600 {
		c := []string{"#bob/$alice;1111", "#carol/$alice;2222", "#dave/$alice;3333"}[i%3]
		at := start.Add(time.Duration(r.Int63n(int64(20 * spanHours * time.Hour)))).Truncate(time.Second)
		if i%7 == 0 { // several in one hour
			at = start.Add(time.Duration(i%5) * time.Minute)
		}
		msgs = append(msgs, Incoming{Chat: c, Source: "live:alice", Ref: fmt.Sprint("m", i), Author: "bob", Time: at,
			Precise: true, Type: "SAID", Body: fmt.Sprint("message ", i)})
	}
	lonely := Incoming{Chat: "#erin/$alice;4444", Source: "live:alice", Ref: "lonely", Author: "erin",
		Time: start.Add(40 * spanHours * time.Hour), Precise: true, Type: "SAID", Body: "alone in its span"}
	ingestAll := func(batch ...Incoming) {
		t.Helper()
		if _, err := s.Ingest(ctx, batch); err != nil {
			t.Fatal(err)
		}
		if err := s.CatchUpStats(ctx); err != nil {
			t.Fatal(err)
		}
	}
	ingestAll(append(msgs, lonely)...)
	checkSpans(t, s, "archived")

	var changes []Incoming
	for i := 0; i < len(msgs); i += 5 {
		m := msgs[i]
		if i%10 == 0 {
			m.Deleted, m.EditedBy, m.EditedAt = true, m.Author, m.Time.Add(time.Minute)
		} else {
			m.Body, m.EditedBy, m.EditedAt = "edited", m.Author, m.Time.Add(time.Minute)
		}
		changes = append(changes, m)
	}
	gone := lonely
	gone.Deleted, gone.EditedBy, gone.EditedAt = true, gone.Author, gone.Time.Add(time.Minute)
	ingestAll(append(changes, gone)...)
	checkSpans(t, s, "edited and deleted")
	var lonelySpans int
	if err := s.db.QueryRow(`SELECT count(*) FROM stats_spans WHERE span = ?`, spanOf(hourOf(lonely.Time.UnixMilli()))).Scan(&lonelySpans); err != nil || lonelySpans != 0 {
		t.Errorf("a span whose only message was deleted is still kept (%d rows, %v)", lonelySpans, err)
	}

	// An archive from before the spans: the migration packs them.
	if _, err := s.db.Exec(`DROP TABLE stats_spans`); err != nil {
		t.Fatal(err)
	}
	spans := slices.IndexFunc(migrations, func(m migration) bool { return strings.Contains(m.sql, "TABLE IF NOT EXISTS stats_spans") })
	if spans < 0 {
		t.Fatal("no migration makes stats_spans")
	}
	if _, err := s.db.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, spans)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = mustOpen(t, filepath.Clean(dir))
	defer s.Close()
	checkSpans(t, s, "migrated")
}

// A span packs any counts, at any hour of it, and reads back the same.
func TestSpanEncodingRoundTrips(t *testing.T) {
	for _, span := range []int64{-3, -1, 0, 1, 400} {
		base := span * spanHours
		hours := []hourCount{{base, 1}, {base + 1, 300}, {base + 700, 1 << 20}, {base + spanHours - 1, 2}}
		got, err := decodeSpan(span, encodeSpan(span, hours), nil)
		if err != nil || !slices.Equal(got, hours) {
			t.Errorf("span %d: %v, %v; want %v", span, got, err, hours)
		}
		if spanOf(base) != span || spanOf(base+spanHours-1) != span {
			t.Errorf("span %d: hours %d and %d fall in %d and %d", span, base, base+spanHours-1, spanOf(base), spanOf(base+spanHours-1))
		}
	}
	if _, err := decodeSpan(0, []byte{0xff}, nil); err == nil {
		t.Error("a truncated span reads without error")
	}
}

// sumLocalDays, which looks the zone's offset up only where it changes,
// sums as looking up every hour's local time does, in any zone.
func TestLocalDaysFollowTheZone(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	var hours []hourCount
	for h := hourOf(time.Date(2011, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()); h < hourOf(time.Date(2101, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()); h += 1 + r.Int63n(40) {
		hours = append(hours, hourCount{h, 1 + r.Intn(9)})
	}
	for _, zone := range []string{"UTC", "America/New_York", "Australia/Adelaide", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "Europe/Moscow"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatalf("time zone %s: %v", zone, err)
		}
		var week, wantWeek [7][24]int
		firstDay, days := sumLocalDays(hours, loc, &week)
		wantDays := map[[3]int]int{}
		for _, h := range hours {
			lt := time.Unix(h.hour*3600, 0).In(loc)
			wantWeek[lt.Weekday()][lt.Hour()] += h.messages
			wantDays[[3]int{lt.Year(), int(lt.Month()), lt.Day()}] += h.messages
		}
		gotDays := map[[3]int]int{}
		for i, n := range days {
			if n > 0 {
				y, m, d := civilDate(firstDay + int64(i))
				gotDays[[3]int{y, int(m), d}] = n
			}
		}
		if week != wantWeek {
			t.Errorf("%s: weekday × hour %v, want %v", zone, week, wantWeek)
		}
		if !maps.Equal(gotDays, wantDays) {
			t.Errorf("%s: %d days, want %d", zone, len(gotDays), len(wantDays))
		}
	}
}
