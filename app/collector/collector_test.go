package collector_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/app/collector"
	"github.com/chatchannels/chatchannels/skypeapi"
	"github.com/chatchannels/chatchannels/skypeapi/skypesim"
	"github.com/chatchannels/chatchannels/store"
)

const (
	dialog = "#alice/$bob;0123456789abcdef"
	group  = "#alice/$6a072ce5537c4044"
	cloud  = "19:0f1e2d3c4b5a69788796a5b4c3d2e1f0@thread.skype"
)

// world is a small simulator world; script steps are added per test.
func world(script ...skypesim.Step) *skypesim.World {
	return &skypesim.World{
		User: "alice", Protocol: 8,
		Chats: []skypesim.WorldChat{
			{Name: dialog, Members: []string{"alice", "bob"}, Messages: []skypesim.WorldMessage{
				{From: "bob", Dispname: "Bob", TS: 1375219588, Type: "SAID", Body: "hi\nthere"},
				{From: "alice", Dispname: "Alice", TS: 1375219600, Type: "SAID", Body: "hello", EditedBy: "alice", EditedTS: 1375219700},
				{From: "bob", Dispname: "Bob", TS: 1375219610, Type: "SAID", Body: "ok"},
				{From: "bob", Dispname: "Bob", TS: 1375219610, Type: "SAID", Body: "ok"},
			}},
			{Name: group, Topic: "Project X", Members: []string{"alice", "bob", "carol"}, Messages: []skypesim.WorldMessage{
				{From: "carol", Dispname: "Carol", TS: 1375219000, Type: "SAID", Body: "not picked"},
			}},
			{Name: cloud, Topic: "Cloud", Cloud: true, Members: []string{"alice", "dave"}},
		},
		Script: script,
	}
}

// collect runs a collector against a simulator of w, with the given chats
// picked, until the test ends.
func collect(t *testing.T, w *skypesim.World, opts skypesim.Options, picked ...string) (*store.Store, *skypesim.Skype, *collector.Collector) {
	t.Helper()
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	for _, name := range picked {
		if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: name}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetCollected(ctx, name, true); err != nil {
			t.Fatal(err)
		}
	}
	sim := skypesim.New(w, opts)
	c := &collector.Collector{Store: s, Connector: sim, Options: collector.Options{
		Ping: 200 * time.Millisecond, Rescan: 50 * time.Millisecond, RetryMin: 20 * time.Millisecond, RetryMax: 100 * time.Millisecond,
		Client: skypeapi.ClientOptions{Timeout: 5 * time.Second},
	}}
	done := make(chan struct{}, 2)
	go func() { sim.Run(ctx); done <- struct{}{} }()
	go func() { c.Run(ctx); done <- struct{}{} }()
	t.Cleanup(func() { cancel(); <-done; <-done })
	return s, sim, c
}

// texts lists a chat's archived messages as "author: text" ("author: (deleted)").
func texts(t *testing.T, s *store.Store, chat string) []string {
	t.Helper()
	c, err := s.FindChat(context.Background(), chat)
	if err != nil {
		return nil
	}
	msgs, err := s.ChatMessages(context.Background(), c.ID, 0, 100_000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		text := m.Text
		if m.Deleted {
			text = "(deleted)"
		}
		out = append(out, m.Author+": "+text)
	}
	return out
}

// eventually waits for cond, failing the test after a while.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestCollectorFullSync(t *testing.T) {
	s, _, c := collect(t, world(), skypesim.Options{}, dialog)
	want := []string{"bob: hi\nthere", "alice: hello", "bob: ok", "bob: ok"}
	eventually(t, "the dialog's history", func() bool { return slices.Equal(texts(t, s, dialog), want) })
	if got := texts(t, s, group); got != nil {
		t.Errorf("a chat nobody picked was archived: %q", got)
	}
	// Every chat Skype lists is known, so the user can pick it; the cloud chat is not listed.
	chats, _ := s.Chats(context.Background())
	var names []string
	for _, ch := range chats {
		names = append(names, ch.Name)
	}
	slices.Sort(names)
	if !slices.Equal(names, []string{group, dialog}) {
		t.Errorf("chats known: %q", names)
	}
	if g, _ := s.FindChat(context.Background(), group); g.Topic != "Project X" || len(g.Members) != 3 {
		t.Errorf("group chat recorded as %+v", g)
	}
	if st := c.State(); st.Skype != "attached as alice" || st.Protocol != 8 {
		t.Errorf("state %+v", st)
	}
	// Picking a chat later copies its history too.
	s.SetCollected(context.Background(), group, true)
	eventually(t, "the group's history", func() bool { return slices.Equal(texts(t, s, group), []string{"carol: not picked"}) })
}

func TestCollectorFollowsLiveMessagesEditsAndDeletions(t *testing.T) {
	w := world(
		skypesim.Step{AfterMS: 50, Chat: dialog, Message: &skypesim.WorldMessage{From: "bob", Dispname: "Bob", Type: "SAID", Body: "live one"}},
		skypesim.Step{AfterMS: 100, Edit: &skypesim.Edit{Chat: dialog, Index: 0, Body: "hi (edited)"}},
		skypesim.Step{AfterMS: 150, Edit: &skypesim.Edit{Chat: dialog, Index: 2, Body: ""}},
		skypesim.Step{AfterMS: 200, Chat: dialog, Message: &skypesim.WorldMessage{From: "alice", Dispname: "Alice", Type: "SAID", Body: "my own"}},
	)
	s, _, _ := collect(t, w, skypesim.Options{}, dialog)
	eventually(t, "live messages, the edit and the deletion", equalTexts(t, s, dialog,
		"bob: hi (edited)", "alice: hello", "bob: (deleted)", "bob: ok", "bob: live one", "alice: my own"))
	c, _ := s.FindChat(context.Background(), dialog)
	msgs, _ := s.ChatMessages(context.Background(), c.ID, 0, 10)
	vs, _ := s.Versions(context.Background(), msgs[0].ID)
	if len(vs) != 1 || vs[0].Text != "hi\nthere" {
		t.Errorf("the edit kept versions %+v, want the original", vs)
	}
}

func equalTexts(t *testing.T, s *store.Store, chat string, want ...string) func() bool {
	return func() bool { return slices.Equal(texts(t, s, chat), want) }
}

func TestCollectorSurvivesSkypeRestart(t *testing.T) {
	w := world(
		skypesim.Step{AfterMS: 30, DisconnectMS: 200},
		// Posted while Skype is away: no notification, it must still be picked up.
		skypesim.Step{AfterMS: 100, Chat: dialog, Message: &skypesim.WorldMessage{From: "bob", Dispname: "Bob", TS: 1375219700, Type: "SAID", Body: "while away"}},
		skypesim.Step{AfterMS: 400, Chat: dialog, Message: &skypesim.WorldMessage{From: "bob", Dispname: "Bob", Type: "SAID", Body: "after"}},
	)
	s, _, _ := collect(t, w, skypesim.Options{}, dialog)
	eventually(t, "history, the message posted while away and the one after", equalTexts(t, s, dialog,
		"bob: hi\nthere", "alice: hello", "bob: ok", "bob: ok", "bob: while away", "bob: after"))
	time.Sleep(300 * time.Millisecond) // another rescan or two: still no duplicates
	if got := texts(t, s, dialog); len(got) != 6 {
		t.Errorf("after the restart: %q", got)
	}
}

func TestCollectorDisconnectDuringInitialSync(t *testing.T) {
	w := world(skypesim.Step{AfterMS: 40, DisconnectMS: 50})
	var many []skypesim.WorldMessage
	for i := range 1500 {
		many = append(many, skypesim.WorldMessage{From: "bob", Dispname: "Bob", TS: 1375220000 + int64(i/3), Type: "SAID", Body: fmt.Sprintf("message %d", i%1000)})
	}
	w.Chats[1].Messages = many
	s, _, _ := collect(t, w, skypesim.Options{}, group)
	eventually(t, "the whole history once", func() bool { return len(texts(t, s, group)) == 1500 })
	time.Sleep(200 * time.Millisecond)
	got := texts(t, s, group)
	if len(got) != 1500 {
		t.Fatalf("%d messages after the dust settled, want 1500", len(got))
	}
	for i, g := range got {
		if want := fmt.Sprintf("bob: message %d", i%1000); g != want {
			t.Fatalf("message %d is %q, want %q", i, g, want)
		}
	}
}

func TestCollectorMarksChatsSkypeCannotServe(t *testing.T) {
	s, _, _ := collect(t, world(), skypesim.Options{}, cloud, dialog)
	eventually(t, "the cloud chat's problem", func() bool {
		c, err := s.FindChat(context.Background(), cloud)
		return err == nil && strings.Contains(c.Problem, "cannot serve")
	})
	eventually(t, "the dialog, still", func() bool { return len(texts(t, s, dialog)) == 4 })
}

func TestCollectorWithSlowReplies(t *testing.T) {
	s, _, _ := collect(t, world(), skypesim.Options{Delay: 20 * time.Millisecond}, dialog)
	eventually(t, "the dialog's history", func() bool { return len(texts(t, s, dialog)) == 4 })
}

// Skype keeps one dialog under several names; the archive holds it as one
// chat, known also by its pair of people, and copies the history under every name.
func TestCollectorMergesADialogsNames(t *testing.T) {
	const other = "#bob/$alice;fedcba9876543210"
	w := world(skypesim.Step{AfterMS: 50, Chat: other, Message: &skypesim.WorldMessage{From: "bob", Dispname: "Bob", Type: "SAID", Body: "live, under the other name"}})
	w.Chats = append(w.Chats, skypesim.WorldChat{Name: other, Members: []string{"bob", "alice"}, Messages: []skypesim.WorldMessage{
		{From: "bob", Dispname: "Bob", TS: 1375219000, Type: "SAID", Body: "from the older name"},
	}})
	s, _, _ := collect(t, w, skypesim.Options{}, dialog)
	eventually(t, "both names' history in one chat", equalTexts(t, s, "dialog:alice+bob",
		"bob: from the older name", "bob: hi\nthere", "alice: hello", "bob: ok", "bob: ok", "bob: live, under the other name"))
	a, errA := s.FindChat(context.Background(), dialog)
	b, errB := s.FindChat(context.Background(), other)
	if errA != nil || errB != nil || a.ID != b.ID || !a.Collected {
		t.Errorf("the two names are chats %d (%v) and %d (%v), collected %v; want one collected chat", a.ID, errA, b.ID, errB, a.Collected)
	}
}
