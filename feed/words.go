package feed

import (
	"fmt"
	"html/template"
	"strconv"
	"time"
	"unicode/utf8"
)

// dayLayout names a day on pages: "Tue 30 Jul 2013".
const dayLayout = "Mon 2 Jan 2006"

// templateFuncs are the helpers every page template may call.
var templateFuncs = template.FuncMap{"plural": plural, "number": number}

// plural says how many of something there are, in the singular or the
// plural as the number asks: plural(1, "match", "matches") is "1 match",
// plural(1234, "message", "messages") "1,234 messages". Every count a page
// shows in words goes through it.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return number(n) + " " + many
}

// number writes an integer with its thousands apart: 1,234,567.
func number(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// duration says how long something lasted, roughly: in the largest unit
// that fits, with the next one while the count is small ("2 days 21 hours",
// "5 months", "3 years 2 months", "40 minutes").
func duration(d time.Duration) string {
	const day, month, year = 24 * time.Hour, 30 * 24 * time.Hour, 365 * 24 * time.Hour
	units := []struct {
		size      time.Duration
		one, many string
	}{{year, "year", "years"}, {month, "month", "months"}, {day, "day", "days"}, {time.Hour, "hour", "hours"},
		{time.Minute, "minute", "minutes"}, {time.Second, "second", "seconds"}}
	for i, u := range units {
		n := int(d / u.size)
		if n == 0 && u.size != time.Second {
			continue
		}
		s := plural(n, u.one, u.many)
		if i+1 < len(units) && n < 3 && (u.size != month || n > 0) {
			if rest := int((d - time.Duration(n)*u.size) / units[i+1].size); rest > 0 {
				s += " " + plural(rest, units[i+1].one, units[i+1].many)
			}
		}
		return s
	}
	return "0 seconds"
}

// elapsed is how long a request took, for people: "12 ms", "0.4 ms".
func elapsed(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	if ms < 10 {
		return fmt.Sprintf("%.1f ms", ms)
	}
	return fmt.Sprintf("%.0f ms", ms)
}

// shorten cuts a text to about n bytes at a word, marking the cut.
func shorten(text string, n int) string {
	if len(text) <= n {
		return text
	}
	cut := n
	for cut > n/2 && text[cut] != ' ' {
		cut--
	}
	return text[:runeStart(text, cut)] + "…"
}

// runeStart moves i back to the start of the rune it falls in.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}
