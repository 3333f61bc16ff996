package feed_test

import (
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// A chat's calendar lists its years with their counts, and a year's
// months and days with messages, each day with its count and a link to
// its first message.
func TestChatCalendar(t *testing.T) {
	ts, s, c, _ := busyServer(t, 2500)
	// A few messages in earlier years, so the calendar has several.
	var earlier []store.Incoming
	for i, at := range []time.Time{time.Date(2011, 2, 3, 12, 0, 0, 0, time.Local), time.Date(2011, 11, 30, 23, 0, 0, 0, time.Local),
		time.Date(2012, 12, 31, 23, 59, 0, 0, time.Local), time.Date(2012, 12, 31, 23, 59, 30, 0, time.Local)} {
		earlier = append(earlier, store.Incoming{Chat: busyChat, Source: "test", Ref: fmt.Sprint("early", i), Author: "bob",
			Time: at, Type: "SAID", Body: fmt.Sprint("early ", i)})
	}
	if _, err := s.Ingest(t.Context(), earlier); err != nil {
		t.Fatal(err)
	}
	all, err := s.ChatMessages(t.Context(), c.ID, 0, 10_000)
	if err != nil {
		t.Fatal(err)
	}
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
	// Every year is listed with its count and has a calendar of its own;
	// the latest shows first.
	yearLinks := regexp.MustCompile(`<li>(?:<a href="([^"]+)">|<strong aria-current="page">)(\d+)(?:</a>|</strong>) <small>([^<]+)</small></li>`).FindAllStringSubmatch(body, -1)
	if len(yearLinks) != len(years) {
		t.Fatalf("the calendar lists %d years, want %d", len(yearLinks), len(years))
	}
	var links [][]string
	for _, y := range yearLinks {
		year := 0
		fmt.Sscan(y[2], &year)
		if y[3] != messages(years[year]) {
			t.Errorf("year %s says %q, want %d messages", y[2], y[3], years[year])
		}
		page := body
		if y[1] != "" {
			_, page, _ = get(t, ts.URL+html.UnescapeString(y[1]))
		} else if year != all[len(all)-1].Time.Local().Year() {
			t.Errorf("the calendar opens on %d, want the latest year", year)
		}
		links = append(links, regexp.MustCompile(`<a href="([^"]+)" title="([^"]+)">(\d+)</a>`).FindAllStringSubmatch(page, -1)...)
		for m, n := range months {
			if strings.HasSuffix(m, y[2]) && !strings.Contains(page, fmt.Sprintf(`<h3>%s <small>%s</small></h3>`, m, messages(n))) {
				t.Errorf("no month %s with %d messages", m, n)
			}
		}
	}
	if len(links) != len(want) {
		t.Errorf("the calendar links %d days, want the %d with messages", len(links), len(want))
	}
	for _, l := range links {
		href := html.UnescapeString(l[1])
		d := href[strings.Index(href, "?date=")+len("?date=") : strings.Index(href, "#")]
		w := want[d]
		date, _ := time.ParseInLocation(time.DateOnly, d, time.Local)
		if w == nil || l[2] != date.Format("Monday, 2 January 2006")+": "+messages(w.count) ||
			l[3] != fmt.Sprint(date.Day()) || !strings.HasSuffix(href, "#d-"+d) {
			t.Errorf("day %s reads %q (%s), want %d messages", d, l[2], l[3], w.count)
			continue
		}
		// The day's link, relative to the calendar, opens the chat's page from its first message.
		u, err := url.Parse(ts.URL + chatURL(c.WebID) + "calendar")
		if err != nil {
			t.Fatal(err)
		}
		ref, err := url.Parse(href)
		if err != nil {
			t.Fatal(err)
		}
		_, page, _ := get(t, u.ResolveReference(ref).String())
		if keys := pageKeys(page); !strings.Contains(page, `<li class="day" id="d-`+d+`">`) || indexOf(keys, w.first) < 0 {
			t.Errorf("%s opens a page without the day's first message", href)
		}
	}
	if code, _, _ := get(t, ts.URL+chatURL(c.WebID)+"calendar?year=1999"); code != 404 {
		t.Errorf("a year without messages: %d", code)
	}
	if code, _, _ := get(t, ts.URL+"/chats/nosuchchat/calendar"); code != 404 {
		t.Errorf("the calendar of an unknown chat: %d", code)
	}
}

// messages says how many messages there are as the calendar does:
// "1 message", "1,234 messages".
func messages(n int) string {
	if n == 1 {
		return "1 message"
	}
	return thousands(n) + " messages"
}

// thousands writes n as the calendar does: 1,234.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if len(s) > 3 {
		s = s[:len(s)-3] + "," + s[len(s)-3:]
	}
	return s
}
