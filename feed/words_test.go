package feed

import (
	"testing"
	"time"
)

func TestCountsInWords(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0 matches"}, {1, "1 match"}, {2, "2 matches"}, {999, "999 matches"}, {1000, "1,000 matches"}, {1234567, "1,234,567 matches"}} {
		if got := plural(tt.n, "match", "matches"); got != tt.want {
			t.Errorf("plural(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	day := 24 * time.Hour
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{90 * time.Second, "1 minute 30 seconds"}, {40 * time.Minute, "40 minutes"}, {2*day + 21*time.Hour, "2 days 21 hours"},
		{12 * day, "12 days"}, {45 * day, "1 month 15 days"}, {150 * day, "5 months"}, {800 * day, "2 years 2 months"},
		{292 * 365 * day, "292 years"}, {0, "0 seconds"},
	} {
		if got := duration(tt.d); got != tt.want {
			t.Errorf("duration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
