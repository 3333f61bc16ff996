package app

import (
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
)

func TestSkippedSaysWhy(t *testing.T) {
	for _, c := range []struct {
		rep  skypeexport.Report
		want string
	}{
		{skypeexport.Report{}, ""},
		{skypeexport.Report{SkippedSystem: 3}, "; skipped 3 (3 in system conversations)"},
		{skypeexport.Report{SkippedBlank: 1, SkippedNoFrom: 2, SkippedTypes: map[string]int{"encryption handshakes": 4, "promotional cards": 1}},
			"; skipped 8 (1 empty server notices, 4 encryption handshakes, 1 promotional cards, 2 without a sender)"},
	} {
		if got := skipped(c.rep); got != c.want {
			t.Errorf("skipped(%+v) = %q, want %q", c.rep, got, c.want)
		}
	}
}
