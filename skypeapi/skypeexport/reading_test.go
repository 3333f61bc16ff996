package skypeexport

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// An export names a dialog's partner (its displayName) and says how far
// its owner had read each conversation (properties.consumptionhorizon,
// before or after its messages): the dialog is titled by the partner's
// name, an untitled group by its members', and each chat's read position
// is seeded there.
func TestExportNamesPeopleAndSeedsReadPositions(t *testing.T) {
	at := time.Date(2019, 5, 1, 10, 0, 0, 0, time.UTC)
	ms := func(i int) int64 { return at.Add(time.Duration(i) * time.Minute).UnixMilli() }
	msg := func(conv string, i int, from, name string) string {
		dn := "null"
		if name != "" {
			dn = `"` + name + `"`
		}
		return fmt.Sprintf(`{"id": "%d", "originalarrivaltime": %q, "messagetype": "RichText", "content": "line %d",
			"conversationid": %q, "from": "8:%s", "displayName": %s}`, i, time.UnixMilli(ms(i)).UTC().Format("2006-01-02T15:04:05.000Z"), i, conv, from, dn)
	}
	list := func(conv string, n int, people ...[2]string) string {
		var out []string
		for i := range n {
			p := people[i%len(people)]
			out = append(out, msg(conv, i, p[0], p[1]))
		}
		return strings.Join(out, ",")
	}
	alice, carol := [2]string{"alice", ""}, [2]string{"live:user30", ""} // an export often names nobody
	dan, erin := [2]string{"dan", "Dan D."}, [2]string{"erin", "Erin E."}
	doc := `{"userId": "8:alice", "exportDate": "2020-07-06T20:55", "conversations": [
		{"id": "8:live:user30", "displayName": "Carol Smith", "properties": {"consumptionhorizon": "` + fmt.Sprint(ms(3)) + `;` + fmt.Sprint(ms(3)) + `;99"},
		 "threadProperties": null, "MessageList": [` + list("8:live:user30", 6, carol, alice) + `]},
		{"id": "19:group@thread.skype", "displayName": null, "threadProperties": {"members": "[\"8:alice\",\"8:dan\",\"8:erin\"]"},
		 "MessageList": [` + list("19:group@thread.skype", 4, dan, erin) + `], "properties": {"consumptionhorizon": "` + fmt.Sprint(ms(0)) + `;0;1"}},
		{"id": "8:frank", "displayName": null, "properties": {"consumptionhorizon": null}, "threadProperties": null,
		 "MessageList": [` + list("8:frank", 2, [2]string{"frank", "Frank F."}) + `]}
	]}`
	path := writeFile(t, "messages.json", []byte(doc))
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := Import(ctx, s, path, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct {
		chat, title string
		unread      int
		seeded      bool
	}{
		{"dialog:alice+live:user30", "Carol Smith", 2, true},     // read to the fourth of six
		{"19:group@thread.skype", "Dan D. and Erin E.", 3, true}, // its properties after its messages
		{"dialog:alice+frank", "Frank F.", 2, false},             // no horizon: all new
	} {
		c, err := s.FindChat(ctx, want.chat)
		if err != nil {
			t.Fatal(err)
		}
		chats := []store.Chat{c}
		if err := s.CountUnread(ctx, chats); err != nil {
			t.Fatal(err)
		}
		if c.Title() != want.title || chats[0].Unread != want.unread || c.Read.Set != want.seeded {
			t.Errorf("%s: titled %q, %d unread, seeded %v; want %q, %d, %v", want.chat, c.Title(), chats[0].Unread, c.Read.Set,
				want.title, want.unread, want.seeded)
		}
	}
}
