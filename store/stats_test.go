package store_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones of TestStatsInZonesWithDaylightSaving, wherever the test runs

	"github.com/chatchannels/chatchannels/store"
)

// statsFixture archives a few hundred messages at random times over a year
// and a half in two chats, with what the statistics must leave out: an
// event, a message with an impossible time, a deleted message.
func statsFixture(t *testing.T) (*store.Store, []store.Incoming) {
	t.Helper()
	s := openStore(t, t.TempDir())
	r := rand.New(rand.NewSource(7))
	start := time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC)
	var msgs []store.Incoming
	for i := range 400 {
		c := []string{chat, other}[i%2]
		author := []string{"bob", "alice", "carol"}[r.Intn(3)]
		at := start.Add(time.Duration(r.Int63n(int64(540 * 24 * time.Hour)))).Truncate(time.Second)
		words := strings.Repeat("word ", r.Intn(9)) + fmt.Sprint("n", i)
		m := liveIn(c, author, at, 1, words)
		m.AuthorName = strings.ToUpper(author[:1]) + author[1:] + " Example"
		msgs = append(msgs, m)
	}
	event := liveIn(chat, "bob", start.Add(24*time.Hour), 1, "Project X")
	event.Type = "SETTOPIC"
	suspect := liveIn(chat, "bob", time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC), 1, "from the future")
	suspect.TimeSuspect = true
	doomed := liveIn(chat, "alice", start.Add(48*time.Hour), 1, "soon gone")
	msgs = append(msgs, event, suspect, doomed)
	ingest(t, s, msgs...)
	ingest(t, s, deleted(doomed, start.Add(49*time.Hour)))
	return s, msgs
}

const other = "#carol/$0123456789abcdef"

func TestStatsCountWhatWasSaid(t *testing.T) {
	s, _ := statsFixture(t)
	ctx := context.Background()
	if err := s.CatchUpStats(ctx); err != nil {
		t.Fatal(err)
	}
	loc := time.FixedZone("UTC+2", 2*3600)
	st, err := s.Stats(ctx, 0, loc)
	if err != nil {
		t.Fatal(err)
	}
	if st.Messages != 400 || st.Lag != 0 {
		t.Errorf("the archive counts %d messages (lag %d), want the 400 said (no event, impossible time or deletion)", st.Messages, st.Lag)
	}
	if st.Last == nil || st.Last.Time.Year() != 2014 {
		t.Errorf("last message %+v: the one with an impossible time must not count", st.Last)
	}
	checkStats(t, s, loc)
}

// The sums follow every kind of change: edits, deletions, chats merged
// (messages moved, and copies from two sources folded into one).
func TestStatsFollowChanges(t *testing.T) {
	s, msgs := statsFixture(t)
	ctx := context.Background()
	if err := s.CatchUpStats(ctx); err != nil {
		t.Fatal(err)
	}
	loc := time.FixedZone("UTC-5", -5*3600)
	checkStats(t, s, loc)

	ingest(t, s,
		edited(msgs[0], msgs[0].Author, msgs[0].Time.Add(time.Minute), "now with many more words than before"),
		deleted(msgs[2], msgs[2].Time.Add(time.Minute)),
	)
	// The same message, seen by a main.db under the other chat's name…
	copyOf := msgs[1]
	seen := mainDB("#bob/$carol;cccc", "g1", copyOf.Author, copyOf.Time, copyOf.Body)
	seen.AuthorName = copyOf.AuthorName
	ingest(t, s, seen, mainDB("#bob/$carol;cccc", "g2", "dave", copyOf.Time.Add(time.Hour), "only here"))
	if err := s.CatchUpStats(ctx); err != nil {
		t.Fatal(err)
	}
	checkStats(t, s, loc)
	// …which then turns out to be that chat: one copy of it counts.
	if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: other, Aliases: []string{"#bob/$carol;cccc"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.CatchUpStats(ctx); err != nil {
		t.Fatal(err)
	}
	checkStats(t, s, loc)
	if st, err := s.Stats(ctx, 0, loc); err != nil || st.Messages != 400-1+1 {
		t.Errorf("after edit, deletion and merge the archive counts %d (%v), want 400", st.Messages, err)
	}
}

// checkStats compares the statistics of each chat and of the archive with
// what the archived messages say, counted here afresh.
func checkStats(t *testing.T, s *store.Store, loc *time.Location) {
	t.Helper()
	ctx := context.Background()
	chats, err := s.Chats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var all []store.Message
	for _, c := range chats {
		msgs := allMessages(t, s, c.Name)
		all = append(all, msgs...)
		got, err := s.Stats(ctx, c.ID, loc)
		if err != nil {
			t.Fatal(err)
		}
		compareStats(t, c.Name, got, expectedStats(msgs, loc, c.ID))
	}
	got, err := s.Stats(ctx, 0, loc)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(all, func(a, b store.Message) int { return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.ID, b.ID)) })
	compareStats(t, "the archive", got, expectedStats(all, loc, 0))
}

// expectedStats counts said messages, not deleted, at possible times.
func expectedStats(msgs []store.Message, loc *time.Location, chatID int64) store.Stats {
	var st store.Stats
	people := map[string]*store.PersonCount{}
	named := map[string]time.Time{} // when an author was last seen under the name kept
	days := map[time.Time]int{}
	months := map[time.Time]int{}
	var counted []store.Message
	for _, m := range msgs {
		if m.Type != "SAID" || m.Deleted || m.TimeSuspect {
			continue
		}
		counted = append(counted, m)
		words := len(strings.Fields(m.Text))
		st.Messages++
		st.Words += words
		p := people[m.Author]
		if p == nil {
			p = &store.PersonCount{Author: m.Author}
			people[m.Author] = p
		}
		if !m.Time.Before(named[m.Author]) {
			p.Name, named[m.Author] = m.AuthorName, m.Time
		}
		p.Messages++
		p.Words += words
		lt := m.Time.In(loc)
		st.Week[lt.Weekday()][lt.Hour()]++
		days[time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, loc)]++
		months[time.Date(lt.Year(), lt.Month(), 1, 0, 0, 0, 0, loc)]++
	}
	if len(counted) == 0 {
		return st
	}
	st.First, st.Last = &counted[0], &counted[len(counted)-1]
	for _, p := range people {
		st.People = append(st.People, *p)
	}
	slices.SortFunc(st.People, func(a, b store.PersonCount) int {
		return cmp.Or(cmp.Compare(b.Messages, a.Messages), strings.Compare(a.Author, b.Author))
	})
	first, last := st.First.Time.In(loc), st.Last.Time.In(loc)
	for m := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, loc); !m.After(last); m = m.AddDate(0, 1, 0) {
		st.Months = append(st.Months, store.MonthCount{Month: m, Messages: months[m]})
	}
	for d, n := range days {
		st.BusiestDays = append(st.BusiestDays, store.DayCount{Day: d, Messages: n})
	}
	slices.SortFunc(st.BusiestDays, func(a, b store.DayCount) int {
		return cmp.Or(cmp.Compare(b.Messages, a.Messages), a.Day.Compare(b.Day))
	})
	st.BusiestDays = st.BusiestDays[:min(10, len(st.BusiestDays))]
	for i := 1; i < len(counted); i++ {
		if counted[i].Time.Sub(counted[i-1].Time) < time.Hour {
			continue // not a silence
		}
		st.Silences = append(st.Silences, store.Silence{From: counted[i-1].Time, To: counted[i].Time, ChatID: counted[i].ChatID})
	}
	slices.SortFunc(st.Silences, func(a, b store.Silence) int {
		return cmp.Or(cmp.Compare(b.Duration(), a.Duration()), a.From.Compare(b.From))
	})
	st.Silences = st.Silences[:min(5, len(st.Silences))]
	return st
}

func compareStats(t *testing.T, what string, got, want store.Stats) {
	t.Helper()
	if got.Messages != want.Messages || got.Words != want.Words {
		t.Errorf("%s: %d messages, %d words; want %d, %d", what, got.Messages, got.Words, want.Messages, want.Words)
	}
	if !reflect.DeepEqual(got.People, want.People) {
		t.Errorf("%s: people\n%+v\nwant\n%+v", what, got.People, want.People)
	}
	if got.Week != want.Week {
		t.Errorf("%s: weekday × hour\n%v\nwant\n%v", what, got.Week, want.Week)
	}
	if !reflect.DeepEqual(got.Months, want.Months) {
		t.Errorf("%s: months\n%v\nwant\n%v", what, got.Months, want.Months)
	}
	var gotDays, wantDays []string
	for _, d := range got.BusiestDays {
		gotDays = append(gotDays, fmt.Sprint(d.Day.Format(time.DateOnly), " ", d.Messages))
	}
	for _, d := range want.BusiestDays {
		wantDays = append(wantDays, fmt.Sprint(d.Day.Format(time.DateOnly), " ", d.Messages))
	}
	if !slices.Equal(gotDays, wantDays) {
		t.Errorf("%s: busiest days %v, want %v", what, gotDays, wantDays)
	}
	if got.First == nil || want.First == nil || got.First.ID != want.First.ID || got.Last.ID != want.Last.ID {
		t.Errorf("%s: first and last %v %v, want %v %v", what, got.First, got.Last, want.First, want.Last)
	}
	if !reflect.DeepEqual(got.Silences, want.Silences) {
		t.Errorf("%s: silences\n%v\nwant\n%v", what, got.Silences, want.Silences)
	}
}

func TestActivityByWeek(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	end := time.Date(2014, 3, 10, 12, 30, 0, 0, time.UTC)
	ingest(t, s,
		liveIn(chat, "bob", end, 1, "newest"),
		liveIn(chat, "bob", end.Add(-time.Hour), 1, "same week"),
		liveIn(chat, "bob", end.Add(-8*24*time.Hour), 1, "week before"),
		liveIn(other, "carol", end.Add(-3*7*24*time.Hour), 1, "three weeks before"),
		liveIn(other, "carol", end.Add(-30*7*24*time.Hour), 1, "too old to show"),
	)
	if err := s.CatchUpStats(ctx); err != nil {
		t.Fatal(err)
	}
	a, err := s.Activity(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	c1, _ := s.FindChat(ctx, chat)
	c2, _ := s.FindChat(ctx, other)
	if !a.End.Equal(end.Truncate(time.Hour).Add(time.Hour)) || !slices.Equal(a.Weeks[c1.ID], []int{0, 0, 1, 2}) ||
		!slices.Equal(a.Weeks[c2.ID], []int{1, 0, 0, 0}) {
		t.Errorf("activity %+v", a)
	}
}

// A statistics catch-up that a crash interrupted is simply done again: the
// sums and the sequence they reached are one transaction.
func TestStatsSurviveReopening(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ingest(t, s, live("bob", t0, 1, "one two three"))
	if err := s.CatchUpStats(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openStore(t, dir)
	ingest(t, s, live("alice", t0.Add(time.Minute), 1, "four"))
	if err := s.CatchUpStats(context.Background()); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(context.Background(), 0, time.UTC)
	if err != nil || st.Messages != 2 || st.Words != 4 || st.Lag != 0 {
		t.Errorf("after reopening: %d messages, %d words, lag %d (%v); want 2, 4, 0", st.Messages, st.Words, st.Lag, err)
	}
}

// Pages show statistics in the local zone, whose offset changes: days,
// months, weekdays and hours follow it across daylight saving (forward and
// back, north and south), in years past the zone's table of transitions
// too. (Zones not a whole number of hours off UTC see the hourly sums only
// to the hour: see TestLocalDaysFollowTheZone for those.)
func TestStatsInZonesWithDaylightSaving(t *testing.T) {
	s, _ := statsFixture(t)
	var late []store.Incoming
	for i, at := range []time.Time{
		time.Date(2099, 3, 8, 6, 30, 0, 0, time.UTC), time.Date(2099, 3, 8, 7, 30, 0, 0, time.UTC),
		time.Date(2099, 11, 1, 5, 30, 0, 0, time.UTC), time.Date(2099, 11, 1, 6, 30, 0, 0, time.UTC),
		time.Date(2099, 10, 4, 16, 15, 0, 0, time.UTC), time.Date(2099, 4, 4, 16, 45, 0, 0, time.UTC),
	} {
		late = append(late, liveIn(other, "dave", at, 1, fmt.Sprint("late ", i)))
	}
	ingest(t, s, late...)
	if err := s.CatchUpStats(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, zone := range []string{"America/New_York", "Australia/Sydney", "Europe/London"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatalf("time zone %s: %v", zone, err)
		}
		t.Run(zone, func(t *testing.T) { checkStats(t, s, loc) })
	}
}
