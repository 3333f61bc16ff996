package store

import (
	"math"
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

// civilDate is the date of a day counted from 1970-01-01.
func civilDate(day int64) (int, time.Month, int) {
	return time.Unix(day*86400, 0).UTC().Date()
}

// floorMod is a modulo b (b > 0), never negative.
func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }
