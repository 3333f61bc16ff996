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

// duration says how long something lasted, roughly, in the largest unit
// that fits: "3 years", "5 months", "12 days", "7 hours", "40 minutes".
func duration(d time.Duration) string {
	day := 24 * time.Hour
	switch {
	case d >= 2*365*day:
		return plural(int(d/(365*day)), "year", "years")
	case d >= 60*day:
		return plural(int(d/(30*day)), "month", "months")
	case d >= 2*day:
		return plural(int(d/day), "day", "days")
	case d >= 2*time.Hour:
		return plural(int(d/time.Hour), "hour", "hours")
	case d >= 2*time.Minute:
		return plural(int(d/time.Minute), "minute", "minutes")
	}
	return plural(int(d/time.Second), "second", "seconds")
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
