package feed_test

import (
	"net/url"
	"testing"
	"time"
)

// BenchmarkChatPage serves pages of the busiest chat of the benchmark
// archive (a third of -bench.messages) at every position, by every kind
// of address: the target is under 10 ms wherever the page is.
func BenchmarkChatPage(b *testing.B) {
	s, h, c := benchArchive(b)
	middle, err := s.ChatMessages(b.Context(), c.ID, c.MessageCount/2, 1)
	if err != nil || len(middle) != 1 {
		b.Fatalf("the middle message: %v", err)
	}
	key := url.QueryEscape(middle[0].Key)
	base := chatURL(c.WebID)
	b.Logf("%s: %d messages, the middle one of %s", c.Name, c.MessageCount, middle[0].Time.Format(time.DateOnly))
	for _, p := range []struct{ name, query string }{
		{"newest", ""},
		{"oldest", "?after="},
		{"middle-before", "?before=" + key},
		{"middle-after", "?after=" + key},
		{"middle-at", "?at=" + key},
		{"middle-date", "?date=" + middle[0].Time.Local().Format(time.DateOnly)},
		{"new", "?new"},
	} {
		b.Run(p.name, func(b *testing.B) { timeRequests(b, h, base+p.query, nil, 200) })
	}
}

// BenchmarkChatCalendar serves the busiest chat's calendar: the target is
// under 20 ms.
func BenchmarkChatCalendar(b *testing.B) {
	_, h, c := benchArchive(b)
	timeRequests(b, h, chatURL(c.WebID)+"calendar", nil, 200)
}
