package collector_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/skypeapi/skypesim"
)

// The collector, attached as alice, names her dialog with bob by the pair:
// bob's export, where the dialog is "8:alice", fills the same chat, and
// carol's export's "8:bob" is another chat.
func TestCollectedDialogIsThePairOfItsPeople(t *testing.T) {
	s, _, _ := collect(t, world(), skypesim.Options{}, dialog)
	want := []string{"bob: hi\nthere", "alice: hello", "bob: ok", "bob: ok"}
	eventually(t, "the dialog's history", func() bool { return slices.Equal(texts(t, s, dialog), want) })
	dir := t.TempDir()
	for owner, doc := range map[string]string{
		"bob": `{"userId":"8:bob","conversations":[{"id":"8:alice","MessageList":[
			{"id":"2","originalarrivaltime":"2013-07-30T21:30:00.000Z","messagetype":"RichText","from":"8:bob","content":"only the export has this"},
			{"id":"1","originalarrivaltime":"2013-07-30T21:26:28.400Z","messagetype":"RichText","from":"8:bob","content":"hi\nthere"}]}]}`,
		"carol": `{"userId":"8:carol","conversations":[{"id":"8:bob","MessageList":[
			{"id":"1","originalarrivaltime":"2013-07-30T21:26:28.400Z","messagetype":"RichText","from":"8:bob","content":"hi\nthere"}]}]}`,
	} {
		path := filepath.Join(dir, owner+".json")
		if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := skypeexport.Import(context.Background(), s, path, nil); err != nil {
			t.Fatal(err)
		}
	}
	want = append(want, "bob: only the export has this")
	if got := texts(t, s, dialog); !slices.Equal(got, want) {
		t.Errorf("alice's dialog with bob holds %q, want %q", got, want)
	}
	if got := texts(t, s, "dialog:bob+carol"); !slices.Equal(got, []string{"bob: hi\nthere"}) {
		t.Errorf("carol's dialog with bob holds %q", got)
	}
}

// Untitled chats are titled by the names Skype knows their people by
// (USER FULLNAME, DISPLAYNAME), read when the chats are listed, before
// any of their messages is collected.
func TestCollectedChatsAreTitledByPeoplesNames(t *testing.T) {
	w := &skypesim.World{User: "alice", Protocol: 8, Chats: []skypesim.WorldChat{
		{Name: dialog, Members: []string{"alice", "bob"}, Messages: []skypesim.WorldMessage{
			{From: "bob", Dispname: "Bob B.", TS: 1375219588, Type: "SAID", Body: "hi"}}},
		{Name: group, Members: []string{"alice", "bob", "carol"}, Messages: []skypesim.WorldMessage{
			{From: "carol", Dispname: "Carol C.", TS: 1375219000, Type: "SAID", Body: "not picked"}}},
	}}
	s, _, _ := collect(t, w, skypesim.Options{}) // nothing picked: no message is collected
	title := func(name string) string {
		c, err := s.FindChat(context.Background(), name)
		if err != nil {
			return ""
		}
		return c.Title()
	}
	eventually(t, "titles by people's names", func() bool { return title(group) == "Bob B. and Carol C." && title(dialog) == "Bob B." })
	if c, _ := s.FindChat(context.Background(), group); c.MessageCount != 0 {
		t.Errorf("the group holds %d messages, want none collected", c.MessageCount)
	}
}
