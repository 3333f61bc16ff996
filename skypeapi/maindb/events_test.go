package maindb_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/maindb"
	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/markup"
)

// TestFixtureEventsReadable imports the real fixture and checks that its
// rows that are not said text (a contact request, its grant and an SMS)
// show as readable lines on the page, and that search finds them by those
// lines: the text the archive holds is the one the page shows.
func TestFixtureEventsReadable(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	if _, err := maindb.Import(ctx, s, fixture, nil); err != nil {
		t.Fatal(err)
	}
	dialog, err := s.FindChat(ctx, "#gen.beringer/$european.bbq.competitor;72abdaf9cf5da36")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := s.ChatMessages(ctx, dialog.ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ // type → the line it shows
		"CONTACTREQUEST": "Sent a contact request: Hi European Competitor, I'd like to add you as a contact. Gen Beringer",
		"CONTACTGRANTED": "Accepted the contact request",
		"SMS":            "SMS to +34123456789 (delivered): f you want I can copy some documents for you, if you can pay it... ;)",
	}
	seen := map[string]bool{}
	for _, m := range msgs {
		line, ok := want[m.Type]
		if !ok {
			continue
		}
		seen[m.Type] = true
		if m.Text != line {
			t.Errorf("%s holds the text %q, want %q", m.Type, m.Text, line)
		}
		html := string(markup.HTML(m.Type, m.Body, nil))
		if strings.Contains(html, "&lt;") || !strings.Contains(html, "</i>") {
			t.Errorf("%s shows %s", m.Type, html)
		}
	}
	if len(seen) != len(want) {
		t.Fatalf("the fixture's dialog lacks some of %v: saw %v", want, seen)
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	for query, typ := range map[string]string{`"sent a contact request"`: "CONTACTREQUEST", `"accepted the contact"`: "CONTACTGRANTED", "+34123456789 delivered": "SMS"} {
		res, err := s.Search(ctx, query, store.SearchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var types []string
		for _, h := range res.Hits {
			types = append(types, h.Message.Type)
		}
		if !slices.Equal(types, []string{typ}) {
			t.Errorf("search %s finds %v, want %s", query, types, typ)
		}
	}
}
