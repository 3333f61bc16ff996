package feed_test

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"
)

// A chat's calendar lists years, months and the days with messages, each
// day with its count and a link to its first message.
func TestChatCalendar(t *testing.T) {
	ts, _, c, all := busyServer(t, 2500)
	code, body, _ := get(t, ts.URL+chatURL(c.WebID)+"calendar")
	if code != 200 {
		t.Fatalf("calendar: %d", code)
	}
	type day struct {
		count int
		first string // its first message's key
	}
	want := map[string]*day{}
	years, months := map[int]int{}, map[string]int{}
	for _, m := range all {
		local := m.Time.Local()
		d := local.Format(time.DateOnly)
		if want[d] == nil {
			want[d] = &day{first: m.Key}
		}
		want[d].count++
		years[local.Year()]++
		months[local.Format("January 2006")]++
	}
	links := regexp.MustCompile(`<a href="([^"]+)" title="([^"]+)" aria-label="[^"]+">(\d+)</a>`).FindAllStringSubmatch(body, -1)
	if len(links) != len(want) {
		t.Errorf("the calendar links %d days, want the %d with messages", len(links), len(want))
	}
	for _, l := range links {
		href := html.UnescapeString(l[1])
		d := href[strings.Index(href, "?date=")+len("?date=") : strings.Index(href, "#")]
		w := want[d]
		date, _ := time.ParseInLocation(time.DateOnly, d, time.Local)
		if w == nil || l[2] != fmt.Sprintf("%s: %s messages", date.Format("Monday, 2 January 2006"), thousands(w.count)) ||
			l[3] != fmt.Sprint(date.Day()) || !strings.HasSuffix(href, "#d-"+d) {
			t.Errorf("day %s reads %q (%s), want %d messages", d, l[2], l[3], w.count)
			continue
		}
		// The day's link opens the page from its first message.
		_, page, _ := get(t, ts.URL+href)
		if keys := pageKeys(page); !strings.Contains(page, `<li class="day" id="d-`+d+`">`) || indexOf(keys, w.first) < 0 {
			t.Errorf("%s opens a page without the day's first message", href)
		}
	}
	for y, n := range years {
		if !strings.Contains(body, fmt.Sprintf(`<h2>%d <small>%s messages</small></h2>`, y, thousands(n))) {
			t.Errorf("no year %d with %d messages", y, n)
		}
	}
	for m, n := range months {
		if !strings.Contains(body, fmt.Sprintf(`<h3>%s <small>%s messages</small></h3>`, m, thousands(n))) {
			t.Errorf("no month %s with %d messages", m, n)
		}
	}
	if code, _, _ := get(t, ts.URL+"/chats/nosuchchat/calendar"); code != 404 {
		t.Errorf("the calendar of an unknown chat: %d", code)
	}
}

// thousands writes n as the calendar does: 1,234.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if len(s) > 3 {
		s = s[:len(s)-3] + "," + s[len(s)-3:]
	}
	return s
}
