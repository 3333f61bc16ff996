package store

import (
	"math"
	"slices"
	"time"
)

// sumLocalDays sums messages per hour by local day in loc, as days since
// 1970-01-01 from the first hour's (firstDay) to the last's, and adds them
// to week by local weekday and hour. Hours are many (years of them): the
// zone's offset is looked up again only where it changes.
func sumLocalDays(hours []hourCount, loc *time.Location, week *[7][24]int) (firstDay int64, days []int) {
	var offset int64
	from, to := int64(1), int64(0) // the seconds the offset holds for; none yet
	for _, h := range hours {
		sec := h.hour * 3600
		if sec < from || sec >= to {
			t := time.Unix(sec, 0).In(loc)
			_, off := t.Zone()
			offset = int64(off)
			from, to = math.MinInt64, math.MaxInt64
			start, end := t.ZoneBounds()
			if !start.IsZero() {
				from = start.Unix()
			}
			if !end.IsZero() {
				to = end.Unix()
			}
		}
		local := sec + offset
		day := floorDiv(local, 86400)
		week[floorMod(day+4, 7)][(local-day*86400)/3600] += h.messages // 1970-01-01 was a Thursday
		if days == nil {
			firstDay = day
		}
		for int64(len(days)) <= day-firstDay {
			days = append(days, 0)
		}
		days[day-firstDay] += h.messages
	}
	return firstDay, days
}

// monthsOf sums days (counted from firstDay) by month, from the first
// day's month to the last's, empty months too.
func monthsOf(firstDay int64, days []int, loc *time.Location) []MonthCount {
	var out []MonthCount
	lastDay := firstDay + int64(len(days))
	y, m, _ := civilDate(firstDay)
	for start := dayNumber(y, m, 1); start < lastDay; {
		next := dayNumber(y, m+1, 1)
		n := 0
		for _, c := range days[max(start-firstDay, 0) : min(next, lastDay)-firstDay] {
			n += c
		}
		out = append(out, MonthCount{Month: time.Date(y, m, 1, 0, 0, 0, 0, loc), Messages: n})
		start, y, m = next, y+int(m)/12, m%12+1
	}
	return out
}

// busiestOf picks the busiestDays days (counted from firstDay) with most
// messages, most first, the earlier of equals first.
func busiestOf(firstDay int64, days []int, loc *time.Location, chatID int64) []DayCount {
	var top []int // indexes into days, most first
	for i, n := range days {
		if n == 0 || len(top) == busiestDays && n <= days[top[len(top)-1]] {
			continue
		}
		at := len(top)
		for at > 0 && days[top[at-1]] < n { // an earlier day of as many stays ahead
			at--
		}
		top = slices.Insert(top, at, i)[:min(len(top)+1, busiestDays)]
	}
	out := make([]DayCount, 0, len(top))
	for _, i := range top {
		y, m, d := civilDate(firstDay + int64(i))
		out = append(out, DayCount{Day: time.Date(y, m, d, 0, 0, 0, 0, loc), Messages: days[i], ChatID: chatID})
	}
	return out
}

// dayNumber is the day of a date counted from 1970-01-01 (month and day
// may overflow, as time.Date allows).
func dayNumber(y int, m time.Month, d int) int64 {
	return floorDiv(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix(), 86400)
}

// civilDate is the date of a day counted from 1970-01-01.
func civilDate(day int64) (int, time.Month, int) {
	return time.Unix(day*86400, 0).UTC().Date()
}

// floorMod is a modulo b (b > 0), never negative.
func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }
