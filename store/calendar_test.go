package store_test

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// daysOf counts a chat's messages with a possible time per local day, as
// the chat lists them.
func daysOf(t *testing.T, s *store.Store, name string) map[string]int {
	t.Helper()
	days := map[string]int{}
	for _, m := range allMessages(t, s, name) {
		if !m.TimeSuspect {
			days[m.Time.Local().Format(time.DateOnly)]++
		}
	}
	return days
}

// calendarOf is a chat's calendar as the store keeps it.
func calendarOf(t *testing.T, s *store.Store, name string) map[string]int {
	t.Helper()
	c, err := s.FindChat(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	days, err := s.Calendar(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for i, d := range days {
		if i > 0 && !days[i-1].Date.Before(d.Date) {
			t.Errorf("the calendar of %s is not in order at %s", name, d.Date)
		}
		if d.Date.Hour() != 0 || d.Date.Location() != time.Local {
			t.Errorf("a day of %s starts at %s, not at local midnight", name, d.Date)
		}
		out[d.Date.Format(time.DateOnly)] = d.Count
	}
	return out
}

// yearsOf sums a chat's calendar by year, as CalendarYears should.
func yearsOf(t *testing.T, s *store.Store, chatID int64) []store.YearCount {
	t.Helper()
	days, err := s.Calendar(context.Background(), chatID)
	if err != nil {
		t.Fatal(err)
	}
	var years []store.YearCount
	for _, d := range days {
		if len(years) == 0 || years[len(years)-1].Year != d.Date.Year() {
			years = append(years, store.YearCount{Year: d.Date.Year()})
		}
		y := &years[len(years)-1]
		y.Count, y.Busiest = y.Count+d.Count, max(y.Busiest, d.Count)
	}
	return years
}

// checkYears fails unless a chat's years are the sums of its days.
func checkYears(t *testing.T, s *store.Store, name, when string) {
	t.Helper()
	c, err := s.FindChat(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.CalendarYears(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := yearsOf(t, s, c.ID); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: the years of %s are %v, want %v", when, name, got, want)
	}
}

// The calendar stays exact whatever changes messages: new ones, a more
// precise source moving one across midnight, two chats merging (their
// shared messages folded), and opening the archive in another time zone.
func TestCalendarFollowsEveryChange(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	ctx := context.Background()
	other := "#alice/$carol;0123456789abcdef"
	midnight := time.Date(2013, 7, 31, 0, 0, 0, 0, time.Local)
	var batch []store.Incoming
	for i := range 60 {
		at := midnight.Add(time.Duration(i-30) * 47 * time.Minute)
		batch = append(batch, live("bob", at, 1, fmt.Sprint("line ", i)))
		if i%3 == 0 {
			batch = append(batch, liveIn(other, "carol", at.Add(time.Second), 1, fmt.Sprint("other ", i)))
		}
	}
	// The live API's whole second, just before midnight.
	late := live("bob", midnight.Add(-time.Second), 1, "just before midnight?")
	odd := live("bob", time.Date(2404, 1, 1, 0, 0, 0, 0, time.UTC), 1, "from the future")
	odd.TimeSuspect = true
	ingest(t, s, append(batch, late, odd)...)
	check := func(when string) {
		t.Helper()
		for _, name := range []string{chat, other} {
			if got, want := calendarOf(t, s, name), daysOf(t, s, name); !maps.Equal(got, want) {
				t.Errorf("%s: the calendar of %s is %v, want %v", when, name, got, want)
			}
			checkYears(t, s, name, when)
		}
	}
	check("after ingesting")
	before := calendarOf(t, s, chat)

	// An export dates it to the millisecond, after midnight: the message moves to the next day.
	precise := export("e1", "bob", midnight.Add(400*time.Millisecond), "just before midnight?")
	ingest(t, s, precise)
	check("after a precise time")
	day := midnight.Add(-time.Hour).Format(time.DateOnly)
	if got := calendarOf(t, s, chat); got[day] != before[day]-1 {
		t.Errorf("the day before midnight counts %d, want %d: the message moved", got[day], before[day]-1)
	}

	// The two chats turn out to be one; the messages both held fold.
	copyOf := export("e33", "bob", midnight.Add(3*47*time.Minute+2*time.Second), "line 33")
	copyOf.Chat = other
	ingest(t, s, copyOf)
	counts := len(allMessages(t, s, chat)) + len(allMessages(t, s, other))
	if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: chat, Aliases: []string{other}}); err != nil {
		t.Fatal(err)
	}
	if n := len(allMessages(t, s, chat)); n != counts-1 {
		t.Fatalf("the merged chat holds %d messages, want %d: the copy folded", n, counts-1)
	}
	got, want := calendarOf(t, s, chat), daysOf(t, s, chat)
	total := 0
	for _, n := range got {
		total += n
	}
	if c, _ := s.FindChat(ctx, chat); !maps.Equal(got, want) || total != c.MessageCount-1 {
		t.Errorf("after merging: the calendar is %v (%d messages), want %v (%d of possible times)", got, total, want, c.MessageCount-1)
	}

	// Opened in another time zone, the days are counted again.
	s.Close()
	was := time.Local
	defer func() { time.Local = was }()
	time.Local = time.FixedZone("far", 11*3600+1800)
	s = openStore(t, dir)
	if got, want := calendarOf(t, s, chat), daysOf(t, s, chat); !maps.Equal(got, want) {
		t.Errorf("in another zone: the calendar is %v, want %v", got, want)
	}
	checkYears(t, s, chat, "in another zone")
	ingest(t, s, live("bob", midnight.Add(20*time.Hour), 1, "in the far zone"))
	if got, want := calendarOf(t, s, chat), daysOf(t, s, chat); !maps.Equal(got, want) {
		t.Errorf("a message added in another zone: the calendar is %v, want %v", got, want)
	}
	checkYears(t, s, chat, "a message added in another zone")
}

// A year's busiest day is found again when it loses a message: here the
// busiest day (three messages) gives one to the next day (one message),
// leaving two days of two.
func TestCalendarYearsFollowTheBusiestDay(t *testing.T) {
	s := openStore(t, t.TempDir())
	midnight := time.Date(2013, 7, 31, 0, 0, 0, 0, time.Local)
	ingest(t, s, live("bob", midnight.Add(-3*time.Hour), 1, "one"), live("bob", midnight.Add(-2*time.Hour), 1, "two"),
		live("bob", midnight.Add(-time.Second), 1, "just before midnight?"), live("bob", midnight.Add(5*time.Hour), 1, "next day"))
	checkYears(t, s, chat, "after ingesting")
	// An export dates it to the millisecond, after midnight.
	ingest(t, s, export("e1", "bob", midnight.Add(400*time.Millisecond), "just before midnight?"))
	c, err := s.FindChat(context.Background(), chat)
	if err != nil {
		t.Fatal(err)
	}
	years, err := s.CalendarYears(context.Background(), c.ID)
	if want := []store.YearCount{{Year: 2013, Count: 4, Busiest: 2}}; err != nil || fmt.Sprint(years) != fmt.Sprint(want) {
		t.Errorf("after the move: years %v (%v), want %v", years, err, want)
	}
	checkYears(t, s, chat, "after the move")
}

// A chat's years sum its days, each with its busiest day, and a year's
// days are those of the whole calendar in that year: across years, and
// for a chat without messages.
func TestCalendarYearsSumTheDays(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	var batch []store.Incoming
	for i := range 50 {
		at := time.Date(2011+i%4, time.Month(1+i%12), 1+i%28, 12, 0, 0, 0, time.Local)
		for j := range 1 + i%5 {
			batch = append(batch, live("bob", at.Add(time.Duration(j)*time.Minute), 1, fmt.Sprint("m", i, " ", j)))
		}
	}
	ingest(t, s, batch...)
	c, err := s.FindChat(ctx, chat)
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.Calendar(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]store.YearCount{}
	for _, d := range all {
		y := want[d.Date.Year()]
		y.Year, y.Count, y.Busiest = d.Date.Year(), y.Count+d.Count, max(y.Busiest, d.Count)
		want[d.Date.Year()] = y
	}
	years, err := s.CalendarYears(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(years) != 4 || len(want) != 4 {
		t.Fatalf("years %v, want four: %v", years, want)
	}
	for i, y := range years {
		if y != want[y.Year] || i > 0 && years[i-1].Year >= y.Year {
			t.Errorf("year %+v, want %+v, in order", y, want[y.Year])
		}
		days, err := s.CalendarOfYear(ctx, c.ID, y.Year)
		if err != nil {
			t.Fatal(err)
		}
		var inYear []store.Day
		for _, d := range all {
			if d.Date.Year() == y.Year {
				inYear = append(inYear, d)
			}
		}
		if fmt.Sprint(days) != fmt.Sprint(inYear) {
			t.Errorf("%d: days %v, want %v", y.Year, days, inYear)
		}
	}
	if none, err := s.CalendarYears(ctx, c.ID+1000); err != nil || len(none) != 0 {
		t.Errorf("a chat without messages has years %v (%v)", none, err)
	}
}
