package feed

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// statsPeople is how many people the statistics name; the rest are summed.
const statsPeople = 20

// monthLayout names a month in the statistics.
const monthLayout = "Jan 2006"

// weekdays are the heatmap's rows, Monday first.
var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

type messageRef struct {
	URL, Local, UTC, ISO, Author, Text string
}

type personRow struct {
	Name, Handle    string
	Messages, Words int
	Share           template.HTML
}

type dayRow struct {
	Label, Date, URL, Chat string
	Messages               int
}

type silenceRow struct {
	Length, From, To, URL, Chat string
}

type yearRow struct {
	Year   int
	Months [12]string // "" before the first month and after the last
	Total  int
}

type chatStatsRow struct {
	Title, URL string
	Messages   int
}

// statsChats is how many chats the archive's statistics list, busiest first.
const statsChats = 10

// chatStatsRows lists the chats with the most messages, linking to their statistics.
func (s *Server) chatStatsRows(chats []store.Chat) []chatStatsRow {
	chats = slices.Clone(chats)
	slices.SortStableFunc(chats, func(a, b store.Chat) int { return cmp.Compare(b.MessageCount, a.MessageCount) })
	var rows []chatStatsRow
	for _, c := range chats[:min(len(chats), statsChats)] {
		if c.MessageCount > 0 {
			rows = append(rows, chatStatsRow{Title: chatTitle(c), URL: s.link(chatURL(c.WebID) + "stats"), Messages: c.MessageCount})
		}
	}
	return rows
}

type weekdayRow struct {
	Day, Busiest string
	Messages     int
}

// archiveStats shows the whole archive's statistics (GET /stats).
func (s *Server) archiveStats(w http.ResponseWriter, r *http.Request) {
	s.showStats(w, r, nil)
}

// chatStats shows one chat's statistics (GET /chats/{id}/stats).
func (s *Server) chatStats(w http.ResponseWriter, r *http.Request) {
	c, ok := s.chatFromPath(w, r)
	if !ok {
		return
	}
	s.showStats(w, r, &c)
}

// showStats draws the statistics of a chat, or of the archive when c is nil.
func (s *Server) showStats(w http.ResponseWriter, r *http.Request, c *store.Chat) {
	ctx := r.Context()
	if err := s.Store.CountRecentChanges(ctx); err != nil {
		s.fail(ctx, w, err)
		return
	}
	var chatID int64
	if c != nil {
		chatID = c.ID
	}
	st, err := s.Store.Stats(ctx, chatID, time.Local)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	all, err := s.Store.Chats(ctx)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	chats := make(map[int64]store.Chat, len(all))
	for _, c := range all {
		chats[c.ID] = c
	}
	view := struct {
		page
		Title, ChatURL          string
		Messages, Words, People int
		First, Last             *messageRef
		Span                    string
		Months, Week            template.HTML
		Years                   []yearRow
		Weekdays                []weekdayRow
		Persons                 []personRow
		Others, OthersMessages  int
		Days                    []dayRow
		Silences                []silenceRow
		Chats                   []chatStatsRow
		Lag                     int
	}{page: s.page(""), Title: "Statistics of the archive", Messages: st.Messages, Words: st.Words, People: len(st.People), Lag: int(st.Lag)}
	if c != nil {
		view.Title, view.ChatURL = chatTitle(*c), s.link(chatURL(c.WebID))
	} else {
		view.Chats = s.chatStatsRows(all)
	}
	view.First, view.Last = s.messageRef(st.First, chats), s.messageRef(st.Last, chats)
	if st.First != nil && st.Last != nil {
		view.Span = duration(st.Last.Time.Sub(st.First.Time))
	}
	view.Months, view.Years = monthsChart(st.Months)
	view.Week, view.Weekdays = weekChart(st.Week)
	for i, p := range st.People {
		if i >= statsPeople {
			view.Others++
			view.OthersMessages += p.Messages
			continue
		}
		name := personName(p)
		view.Persons = append(view.Persons, personRow{Name: name, Handle: p.Author, Messages: p.Messages, Words: p.Words,
			Share: shareBar(p.Messages, st.Messages, fmt.Sprintf("%s: %d%% of the messages", name, percent(p.Messages, st.Messages)))})
	}
	for _, d := range st.BusiestDays {
		row := dayRow{Label: d.Day.Format(shortDayLayout), Date: d.Day.Format(time.DateOnly), Messages: d.Messages}
		if in, ok := chats[d.ChatID]; ok {
			row.URL = s.link(chatURL(in.WebID) + "?date=" + row.Date)
			if c == nil {
				row.Chat = chatTitle(in)
			}
		}
		view.Days = append(view.Days, row)
	}
	for _, q := range st.Silences {
		from, to := q.From.Local(), q.To.Local()
		row := silenceRow{Length: duration(q.Duration()), From: from.Format(shortDayLayout + " 15:04"), To: to.Format(shortDayLayout + " 15:04")}
		if in, ok := chats[q.ChatID]; ok {
			row.URL = s.link(chatURL(in.WebID) + "?date=" + to.Format(time.DateOnly))
			if c == nil {
				row.Chat = chatTitle(in)
			}
		}
		view.Silences = append(view.Silences, row)
	}
	s.render(w, r, "stats", view)
}

// personName is what the statistics call someone: the name they last went
// by, else their handle.
func personName(p store.PersonCount) string {
	if p.Name != "" {
		return cleanName(p.Name)
	}
	return cleanName(p.Author)
}

func percent(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return (100*part + whole/2) / whole
}

// messageRef is how the statistics show a message: when, who, a few words
// of it, and a link to it in its chat.
func (s *Server) messageRef(m *store.Message, chats map[int64]store.Chat) *messageRef {
	if m == nil {
		return nil
	}
	ref := &messageRef{Local: m.Time.Local().Format(shortDayLayout + " 15:04"), UTC: m.Time.UTC().Format(utcLayout), ISO: m.Time.UTC().Format(isoLayout),
		Author: displayName(*m), Text: cleanXML(shorten(m.Text, 120))}
	if c, ok := chats[m.ChatID]; ok {
		ref.URL = s.link(messageURL(c.WebID, m.Key))
	}
	return ref
}

// monthsChart draws messages per month, and tabulates them by year.
func monthsChart(months []store.MonthCount) (template.HTML, []yearRow) {
	if len(months) == 0 {
		return "", nil
	}
	bars := make([]bar, len(months))
	busiest := months[0]
	var years []yearRow
	total := 0
	for i, m := range months {
		total += m.Messages
		if m.Messages > busiest.Messages {
			busiest = m
		}
		bars[i] = bar{N: m.Messages, Tip: m.Month.Format(monthLayout) + ": " + plural(m.Messages, "message", "messages")}
		if y := m.Month.Year(); len(years) == 0 || years[len(years)-1].Year != y {
			years = append(years, yearRow{Year: y})
			if i == 0 || m.Month.Month() == time.January {
				bars[i].Label = fmt.Sprint(y)
			}
		}
		row := &years[len(years)-1]
		row.Months[m.Month.Month()-1] = number(m.Messages)
		row.Total += m.Messages
	}
	if len(years) > 12 { // label every few years so that labels never overlap
		every := (len(years) + 11) / 12
		for i := range bars {
			if bars[i].Label != "" && (months[i].Month.Year()-years[0].Year)%every != 0 {
				bars[i].Label = ""
			}
		}
	}
	first, last := months[0].Month.Format(monthLayout), months[len(months)-1].Month.Format(monthLayout)
	desc := fmt.Sprintf("Messages per month from %s to %s, %s in all. The busiest month was %s, with %s.",
		first, last, number(total), busiest.Month.Format(monthLayout), plural(busiest.Messages, "message", "messages"))
	return barChart("months", "Messages per month", desc, bars), years
}

// weekChart draws messages by weekday and hour, and lists each weekday's
// messages and busiest hour.
func weekChart(week [7][24]int) (template.HTML, []weekdayRow) {
	cells := make([][]int, 7)
	rows := make([]string, 7)
	var days []weekdayRow
	bestDay, bestHour, best, total := time.Monday, 0, -1, 0
	for i, d := range weekdays {
		cells[i] = week[d][:]
		rows[i] = d.String()[:3]
		row := weekdayRow{Day: d.String()}
		busiest := 0
		for h, n := range week[d] {
			row.Messages += n
			if n > week[d][busiest] {
				busiest = h
			}
			if n > best {
				bestDay, bestHour, best = d, h, n
			}
		}
		total += row.Messages
		if row.Messages > 0 {
			row.Busiest = hourSpan(busiest)
		}
		days = append(days, row)
	}
	if total == 0 {
		return "", nil
	}
	cols := make([]string, 24)
	for h := 0; h < 24; h += 3 {
		cols[h] = fmt.Sprint(h)
	}
	quiet := slices.MinFunc(days, func(a, b weekdayRow) int { return cmp.Compare(a.Messages, b.Messages) })
	desc := fmt.Sprintf("Messages by weekday and hour of the day, local time. The busiest hour is %s %s, with %s; the quietest day is %s.",
		bestDay, hourSpan(bestHour), plural(best, "message", "messages"), quiet.Day)
	chart := heatmap("week", "Messages by weekday and hour", desc, rows, cols, cells, func(r, c int) string {
		return fmt.Sprintf("%s %s: %s", weekdays[r], hourSpan(c), plural(cells[r][c], "message", "messages"))
	})
	return chart, days
}

// hourSpan names an hour of the day: "14:00–15:00".
func hourSpan(h int) string { return fmt.Sprintf("%02d:00–%02d:00", h, (h+1)%24) }
