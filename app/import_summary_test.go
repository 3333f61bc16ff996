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
		if got := skipped(c.rep.SkippedReasons(), c.rep.SkippedNamed); got != c.want {
			t.Errorf("skipped(%+v) = %q, want %q", c.rep, got, c.want)
		}
	}
}

func TestTallySaysWhatBecameOfEveryMessage(t *testing.T) {
	res := store.IngestResult{Added: 3, Merged: 4, Updated: 1, Unchanged: 2}
	merged := map[string]int{"maindb:alice": 3, "export:live:bob": 1}
	got := tally(12, res, merged, map[string]int{"without an author": 2})
	want := "3 messages added, 4 merged with ones already archived (1 from live:bob's export, 3 from alice's main.db), 1 updated, 2 already archived; skipped 2 (2 without an author); 12 read"
	if got != want {
		t.Errorf("tally = %q\nwant   %q", got, want)
	}
	if got := tally(13, res, merged, nil); got[len(got)-len("(3 unaccounted for)"):] != "(3 unaccounted for)" {
		t.Errorf("a tally that does not add up says %q", got)
	}
	if got := whose("", "main.db"); got != "main.db of an unnamed account" {
		t.Errorf("whose = %q", got)
	}
}
