package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

func TestParseQuery(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want store.Query
	}{
		{"release friday", store.Query{Words: []string{"release", "friday"}}},
		{`"release is on" friday`, store.Query{Words: []string{"friday"}, Phrases: []string{"release is on"}}},
		{`-spam -"buy now" keep`, store.Query{Words: []string{"keep"}, Excluded: []string{"spam", "buy now"}}},
		{"from:Bob from:live:carol", store.Query{From: []string{"bob", "live:carol"}}},
		{`from:"Bob Müller" chat:"Project X" x`, store.Query{Words: []string{"x"}, From: []string{"bob müller"}, Chats: []string{"Project X"}}},
		{`from:"unclosed name`, store.Query{From: []string{"unclosed name"}}},
		{"chat:climbing x", store.Query{Words: []string{"x"}, Chats: []string{"climbing"}}},
		{"date:2013", store.Query{Since: day(2013, 1, 1), Until: day(2014, 1, 1)}},
		{"date:2013-07", store.Query{Since: day(2013, 7, 1), Until: day(2013, 8, 1)}},
		{"date:2013-12-31", store.Query{Since: day(2013, 12, 31), Until: day(2014, 1, 1)}},
		{"date:2013-07..2013-08", store.Query{Since: day(2013, 7, 1), Until: day(2013, 9, 1)}},
		{"date:2013..", store.Query{Since: day(2013, 1, 1)}},
		{"date:..2013-02", store.Query{Until: day(2013, 3, 1)}},
		{`"unclosed phrase`, store.Query{Phrases: []string{"unclosed phrase"}}},
		{"time:12:30 -", store.Query{Words: []string{"time:12:30", "-"}}},
		{"  ", store.Query{}},
	}
	for _, tt := range tests {
		got, err := store.ParseQuery(tt.in)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseQuery(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"date:yesterday", "date:2013-13", "date:2014..2013"} {
		if _, err := store.ParseQuery(bad); err == nil {
			t.Errorf("ParseQuery(%q) should fail", bad)
		}
	}
}

func TestFilterReadsBack(t *testing.T) {
	for _, tt := range []struct{ field, value, want string }{
		{"from", "bob", "from:bob"},
		{"from", "Bob Müller", `from:"Bob Müller"`},
		{"chat", `say "hi" there`, `chat:"say hi there"`},
	} {
		got := store.Filter(tt.field, tt.value)
		if got != tt.want {
			t.Errorf("Filter(%q, %q) = %s, want %s", tt.field, tt.value, got, tt.want)
		}
		q, err := store.ParseQuery(got + " word")
		if err != nil || len(q.Words) != 1 || len(q.From)+len(q.Chats) != 1 {
			t.Errorf("%s reads back as %+v (%v)", got, q, err)
		}
	}
}
