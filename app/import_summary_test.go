package app

import (
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/store"
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
		{skypeexport.Report{SkippedSystem: 1, IngestResult: store.IngestResult{Skipped: map[string]int{"message has no time": 1},
			SkippedNamed: []string{"export:alice bob@0 in 8:bob: message has no time"}}},
			"; skipped 2 (1 in system conversations, 1 message has no time); could not archive: export:alice bob@0 in 8:bob: message has no time"},
	} {
		if got := skipped(c.rep); got != c.want {
			t.Errorf("skipped(%+v) = %q, want %q", c.rep, got, c.want)
		}
	}
}
