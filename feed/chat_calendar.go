package feed

import (
	"math"
	"net/http"
	"strconv"
	"time"
)

// calendarView is a chat's calendar: years, their months, and the days
// with messages, each linking to its first message.
type calendarView struct {
	page
	Chat     chatHead
	Total    string // how many messages the calendar counts
	Years    []calendarYear
	Weekdays []string
}

type calendarYear struct {
	ID     string // anchor: y2013
	Year   int
	Count  string
	Months []calendarMonth
}

type calendarMonth struct {
	ID    string // anchor: m2013-07
	Name  string // July 2013
	Count string
	Start int // the weekday column (1 Monday … 7 Sunday) of the month's first day
	Days  []calendarDay
}

type calendarDay struct {
	Day   int
	Label string // Tuesday, 30 July 2013: 12 messages
	URL   string // "" for a day without messages
	Level int    // 0 none, 1 to 4 how busy, against the chat's busiest day
}

// calendar serves a chat's calendar (store.Calendar: counts per local
// day, kept up to date as messages change).
func (s *Server) calendar(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := s.chatFromPath(w, r)
	if !ok {
		return
	}
	days, err := s.Store.Calendar(ctx, c.ID)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	base := chatURL(c.WebID)
	view := calendarView{page: s.page("", feedLink{Title: c.Title(), URL: absURL(r, s.link(base+"feed.atom"))}),
		Weekdays: []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}}
	view.Chat = s.chatHead(r, c)
	busiest, total := 0, 0
	for _, d := range days {
		busiest, total = max(busiest, d.Count), total+d.Count
	}
	view.Total = countOf(total, "message")
	var year *calendarYear
	var month *calendarMonth
	yearCount, monthCount := 0, 0
	for i, d := range days {
		if year == nil || d.Date.Year() != year.Year {
			view.Years = append(view.Years, calendarYear{ID: "y" + strconv.Itoa(d.Date.Year()), Year: d.Date.Year()})
			year, month, yearCount = &view.Years[len(view.Years)-1], nil, 0
		}
		if month == nil || d.Date.Month() != days[i-1].Date.Month() {
			year.Months = append(year.Months, newMonth(d.Date))
			month, monthCount = &year.Months[len(year.Months)-1], 0
		}
		cell := &month.Days[d.Date.Day()-1]
		cell.Label = d.Date.Format(dayLayout) + ": " + countOf(d.Count, "message")
		cell.URL = s.link(base + "?date=" + d.Date.Format(time.DateOnly) + "#d-" + d.Date.Format(time.DateOnly))
		cell.Level = busyLevel(d.Count, busiest)
		monthCount += d.Count
		month.Count = countOf(monthCount, "message")
		yearCount += d.Count
		year.Count = countOf(yearCount, "message")
	}
	s.render(w, r, "calendar", view)
}

// newMonth is the calendar of the month t is in, with no messages yet.
func newMonth(t time.Time) calendarMonth {
	first := time.Date(t.Year(), t.Month(), 1, 12, 0, 0, 0, time.Local)
	n := first.AddDate(0, 1, -1).Day()
	m := calendarMonth{ID: "m" + first.Format("2006-01"), Name: first.Format("January 2006"),
		Start: (int(first.Weekday())+6)%7 + 1, Days: make([]calendarDay, n)}
	for i := range m.Days {
		m.Days[i] = calendarDay{Day: i + 1, Label: first.AddDate(0, 0, i).Format(dayLayout) + ": no messages"}
	}
	return m
}

// busyLevel grades a day's count from 1 to 4 against the busiest day's, on
// a logarithmic scale (chats have a few very busy days).
func busyLevel(n, busiest int) int {
	if n <= 0 {
		return 0
	}
	if busiest <= 1 {
		return 4
	}
	return 1 + int(math.Min(3, math.Floor(4*math.Log(float64(n))/math.Log(float64(busiest)+1))))
}

// countOf says how many of a thing there are: "1 message", "1,234 messages".
func countOf(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return thousands(n) + " " + thing + "s"
}

// thousands writes n with thousands separated by commas.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
