package maindb_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/maindb"
	"github.com/chatchannels/chatchannels/store"
)

// unreadIn counts what is new in the named chat.
func unreadIn(t *testing.T, s *store.Store, name string) (store.Chat, int) {
	t.Helper()
	c, err := s.FindChat(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	chats := []store.Chat{c}
	if err := s.CountUnread(context.Background(), chats); err != nil {
		t.Fatal(err)
	}
	return chats[0], chats[0].Unread
}

// The real Skype 6 main.db: its dialog is titled by the partner's name as
// Contacts give it, and read as far as the conversation's
// consumption_horizon says; a chat without one is all new.
func TestFixtureSeedsReadPositionsAndNames(t *testing.T) {
	const fixture = "testdata/skype6_main.db"
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := maindb.Import(ctx, s, fixture, nil); err != nil {
		t.Fatal(err)
	}
	// What the file says, read from it directly.
	db, err := sql.Open("sqlite", "file:"+fixture+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var horizon int64
	var partner, shown string
	if err := db.QueryRow(`SELECT consumption_horizon, identity, c.displayname FROM Conversations v JOIN Contacts c ON c.skypename = v.identity
		WHERE consumption_horizon IS NOT NULL`).Scan(&horizon, &partner, &shown); err != nil {
		t.Fatal(err)
	}
	var after, all int
	if err := db.QueryRow(`SELECT count(CASE WHEN timestamp > ?1 THEN 1 END), count(*) FROM Messages m JOIN Conversations v ON v.id = m.convo_id
		WHERE v.identity = ?2 AND timestamp < 2000000000`, horizon, partner).Scan(&after, &all); err != nil {
		t.Fatal(err)
	}
	dialog, n := unreadIn(t, s, "#gen.beringer/$european.bbq.competitor;72abdaf9cf5da36")
	if n != after || !dialog.Read.Set || !dialog.Read.Time().Equal(time.Unix(horizon, 999_000_000).UTC()) {
		t.Errorf("the dialog: %d unread, read to %s; want %d (after %d of %d), read to the horizon %d",
			n, dialog.Read.Time(), after, all-after, all, horizon)
	}
	if dialog.Title() != shown || shown != "European Competitor" {
		t.Errorf("the dialog is titled %q, want the partner's name %q", dialog.Title(), shown)
	}
	// The chat of the message with no conversation row: nothing seeds it.
	other, n := unreadIn(t, s, "#european.bbq.competitor/$gen.beringer;b1a38279a3452341")
	if other.Read.Set || n != other.MessageCount || n == 0 {
		t.Errorf("the chat without a horizon: %d unread of %d, position %+v", n, other.MessageCount, other.Read)
	}
	names, err := s.PersonNames(ctx, []string{"gen.beringer", "echo123"})
	if err != nil || names["gen.beringer"] != "Gen Beringer" || names["echo123"] != "Echo / Sound Test Service" {
		t.Errorf("names %v (%v), want the account's and the contact's", names, err)
	}
}

// A Skype 7 file's horizon, to the millisecond, seeds the position until
// the chat is read here; a later file moves it forward, never back; the
// name the owner gave a contact wins over the one Skype shows.
func TestSkype7HorizonsSeedUntilReadHere(t *testing.T) {
	dir := t.TempDir()
	base := time.Date(2015, 3, 1, 12, 0, 0, 0, time.UTC).UnixMilli()
	msgs := func(n int) []skype7Msg {
		var out []skype7Msg
		for i := range n {
			who := []string{"alice", "bob"}[i%2]
			out = append(out, skype7Msg{author: who, dispname: who, body: "line " + string(rune('a'+i)), ms: base + int64(i)*60_000 + 250})
		}
		return out
	}
	file := func(horizon int64, n int) skype7File {
		return skype7File{account: "alice",
			convs:    []skype7Conv{{identity: "bob", dialog: true, chats: []string{"#alice/$bob;0000000000000abc"}, people: []string{"alice", "bob"}, msgs: msgs(n), horizon: horizon}},
			contacts: []skype7Contact{{skypename: "bob", fullname: "Robert Brown", displayname: "Robert Brown", given: "Bobby (school)"}},
		}
	}
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	importFile := func(f skype7File, sub string) {
		t.Helper()
		if _, err := maindb.Import(ctx, s, f.write(t, dir+"/"+sub), nil); err != nil {
			t.Fatal(err)
		}
	}
	const name = "dialog:alice+bob"
	importFile(file(base+2*60_000+250, 6), "first") // read the first three
	c, n := unreadIn(t, s, name)
	if n != 3 || c.Title() != "Bobby (school)" {
		t.Errorf("after the first file: %d unread, titled %q; want 3, the name alice gave bob", n, c.Title())
	}
	importFile(file(base+60_000+250, 8), "earlier") // an older horizon, two more messages
	if _, n := unreadIn(t, s, name); n != 5 {
		t.Errorf("a file with an earlier horizon: %d unread, want 5 (it moves nothing back)", n)
	}
	importFile(file(base+4*60_000+250, 8), "later")
	if _, n := unreadIn(t, s, name); n != 3 {
		t.Errorf("a file with a later horizon: %d unread, want 3", n)
	}
	// Read here to the second message: sources seed no more.
	all, err := s.ChatMessages(ctx, c.ID, 0, 100)
	if err != nil || len(all) != 8 {
		t.Fatalf("the dialog holds %d messages (%v)", len(all), err)
	}
	if _, err := s.MarkRead(ctx, c.ID, all[6]); err != nil {
		t.Fatal(err)
	}
	importFile(file(base+7*60_000+250, 8), "all read")
	if _, n := unreadIn(t, s, name); n != 1 {
		t.Errorf("after reading here, a file's horizon moved the position: %d unread, want 1", n)
	}
}
