package feed

import (
	"html/template"
	"math"
	"net/http"
	"strconv"
	"time"
)

// calendarView is a chat's calendar: its years with their counts, and
// the months of one year with the days that have messages, each day
// linking to its first message.
type calendarView struct {
	page
	Chat  chatHead
	Total string // how many messages the calendar counts
	Years []calendarYear
	Year  *calendarYear // the year shown; nil when the chat has no messages
}

type calendarYear struct {
	Year   int
	URL    string // its calendar
	Count  string
	Shown  bool
	Months []calendarMonth // only the shown year's
	count  int
}

type calendarMonth struct {
	ID    string // anchor: m2013-07
	Name  string // July 2013
	Count string
	Start int // the weekday column (1 Monday … 7 Sunday) of the month's first day
	Days  []calendarDay
	Grid  template.HTML // the days as list items (dayGrid)
	count int
	month time.Month
}

type calendarDay struct {
	Day   int
	Label string // Tuesday, 30 July 2013: 12 messages; "" for a day without messages
	URL   string // "" for a day without messages
	Level int    // 0 none, 1 to 4 how busy, against the chat's busiest day
}

// calendar serves a chat's calendar (store.CalendarYears and
// CalendarOfYear: counts per local day, kept up to date as messages change): every year with its count, and the
// months and days of the year asked for (?year=2013), else of the latest.
func (s *Server) calendar(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := s.chatFromPath(w, r)
	if !ok {
		return
	}
	years, err := s.Store.CalendarYears(ctx, c.ID)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	base := chatURL(c.WebID)
	view := calendarView{page: s.page("", feedLink{Title: chatTitle(c), URL: absURL(r, s.link(base+"feed.atom"))})}
	view.Chat = s.chatHead(r, c)
	busiest, total := 0, 0
	for _, y := range years {
		busiest, total = max(busiest, y.Busiest), total+y.Count
		view.Years = append(view.Years, calendarYear{Year: y.Year, URL: s.link(base + "calendar?year=" + strconv.Itoa(y.Year)), count: y.Count})
	}
	view.Total = countOf(total, "message")
	if len(view.Years) == 0 {
		s.render(w, r, "calendar", view)
		return
	}
	view.Year = &view.Years[len(view.Years)-1]
	if asked := r.URL.Query().Get("year"); asked != "" {
		view.Year = nil
		for i := range view.Years {
			if strconv.Itoa(view.Years[i].Year) == asked {
				view.Year = &view.Years[i]
			}
		}
		if view.Year == nil {
			http.Error(w, "This chat has no messages in "+asked+"; its calendar is at "+base+"calendar", http.StatusNotFound)
			return
		}
	}
	for i := range view.Years {
		view.Years[i].Count = countOf(view.Years[i].count, "message")
	}
	year := view.Year
	year.Shown = true
	days, err := s.Store.CalendarOfYear(ctx, c.ID, year.Year)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	var month *calendarMonth
	for _, d := range days {
		if month == nil || d.Date.Month() != month.month {
			year.Months = append(year.Months, newMonth(d.Date))
			month = &year.Months[len(year.Months)-1]
		}
		cell := &month.Days[d.Date.Day()-1]
		date := dateOnly(d.Date)
		cell.Label = dayName(d.Date) + ": " + countOf(d.Count, "message")
		cell.URL = s.link("./?date=" + date + "#d-" + date) // relative to the calendar: the chat's page
		cell.Level = busyLevel(d.Count, busiest)
		month.count += d.Count
	}
	for i := range year.Months {
		m := &year.Months[i]
		m.Count, m.Grid = countOf(m.count, "message"), dayGrid(m.Days)
	}
	s.render(w, r, "calendar", view)
}

// weekdayHeads head each month's grid.
var weekdayHeads = `<li class="weekday" aria-hidden="true">Mon</li><li class="weekday" aria-hidden="true">Tue</li>` +
	`<li class="weekday" aria-hidden="true">Wed</li><li class="weekday" aria-hidden="true">Thu</li>` +
	`<li class="weekday" aria-hidden="true">Fri</li><li class="weekday" aria-hidden="true">Sat</li>` +
	`<li class="weekday" aria-hidden="true">Sun</li>`

// dayGrid writes a month's days as list items of ol.days. Like a chat
// page's rows (chat_rows_html.go) they are written here rather than by
// html/template, which spends milliseconds on the days of a year; every
// value is escaped alike.
func dayGrid(days []calendarDay) template.HTML {
	var w rowWriter
	w.Grow(len(days)*120 + len(weekdayHeads))
	w.WriteString(weekdayHeads)
	for _, d := range days {
		w.WriteString(`<li class="l`)
		w.WriteString(strconv.Itoa(d.Level))
		w.WriteString(`">`)
		if d.URL != "" {
			w.WriteString(`<a href="`)
			w.text(d.URL)
			w.WriteString(`" title="`)
			w.text(d.Label)
			w.WriteString(`">`)
			w.WriteString(strconv.Itoa(d.Day))
			w.WriteString(`</a></li>`)
			continue
		}
		w.WriteString(`<span>`)
		w.WriteString(strconv.Itoa(d.Day))
		w.WriteString(`</span></li>`)
	}
	return template.HTML(w.String())
}

// newMonth is the calendar of the month t is in, with no messages yet.
func newMonth(t time.Time) calendarMonth {
	first := time.Date(t.Year(), t.Month(), 1, 12, 0, 0, 0, time.Local)
	n := first.AddDate(0, 1, -1).Day()
	m := calendarMonth{ID: "m" + first.Format("2006-01"), Name: first.Format("January 2006"),
		Start: (int(first.Weekday())+6)%7 + 1, Days: make([]calendarDay, n), month: first.Month()}
	for i := range m.Days {
		m.Days[i].Day = i + 1
	}
	return m
}

// dayName is a day as dayLayout writes it ("Tuesday, 30 July 2013"),
// without Format's parsing of the layout: a calendar names thousands.
func dayName(t time.Time) string {
	y, m, d := t.Date()
	return t.Weekday().String() + ", " + strconv.Itoa(d) + " " + m.String() + " " + strconv.Itoa(y)
}

// dateOnly is a day as time.DateOnly writes it ("2013-07-30").
func dateOnly(t time.Time) string {
	y, m, d := t.Date()
	b := make([]byte, 0, 10)
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	return string(b)
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
