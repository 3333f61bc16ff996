package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/markup"
)

// TestSearchFindsWhatThePageShows checks that the archive holds, compares
// and indexes the text the page shows of a body: entities decoded, events
// by their line, never the markup.
func TestSearchFindsWhatThePageShows(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	call := export("call", "bob", t0.Add(2*time.Minute), `<partlist type="ended" alt=""><part identity="bob"><name>Bob</name><duration>200</duration></part></partlist>`)
	call.Type = "CALLENDED"
	ingest(t, s,
		live("bob", t0, 1, "caf&eacute; cr&egrave;me"),
		export("mention", "alice", t0.Add(time.Minute), `<at id="8:carol">Carol</at> look &amp; see`),
		call,
	)
	for _, m := range allMessages(t, s, chat) {
		if want := markup.Text(m.Type, m.Body); m.Text != want {
			t.Errorf("%s holds %q, the page shows %q", m.Key, m.Text, want)
		}
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	for query, want := range map[string]int{"café": 1, "crème": 1, "eacute": 0, "@carol": 1, "at": 0, "amp": 0, `"call ended"`: 1, "duration": 0} {
		res, err := s.Search(ctx, query, store.SearchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != want {
			t.Errorf("search %s finds %d, want %d", query, res.Total, want)
		}
	}
	// The same text from another source, with other markup, is the same message.
	res := ingest(t, s, export("cafe", "bob", t0.Add(3*time.Second), "café  crème"))
	if res.Merged != 1 {
		t.Errorf("the same text with other markup: %+v, want merged", res)
	}
}
