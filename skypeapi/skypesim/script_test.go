package skypesim_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi"
	"github.com/chatchannels/chatchannels/skypeapi/skypesim"
)

// run plays s's script in the background; wait returns its error.
func run(t *testing.T, s *skypesim.Skype) (wait func() error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(cancel)
	return func() error {
		defer cancel()
		return <-done
	}
}

// expect reads the next n texts and compares them with want.
func (c *client) expect(want ...string) {
	c.t.Helper()
	for _, w := range want {
		got, ok := c.recv()
		if !ok {
			c.t.Fatalf("connection closed; still want %q", w)
		}
		if got != w {
			c.t.Errorf("got %q, want %q", got, w)
		}
	}
}

func TestSimScriptedMessages(t *testing.T) {
	s := newTestSim(t, `
		{"after_ms": 10, "chat": "`+dialog+`", "message": {"from": "bob", "dispname": "Bob", "body": "live\none"}},
		{"after_ms": 20, "chat": "`+dialog+`", "message": {"from": "alice", "ts": 1375220000, "body": "mine"}},
		{"after_ms": 25, "chat": "`+cloud+`", "message": {"from": "dave", "body": "unseen"}}`, skypesim.Options{})
	c := connect(t, s)
	wait := run(t, s)
	c.expect(
		"CHATMESSAGE 106 STATUS RECEIVED",
		"CHAT "+dialog+" ACTIVITY_TIMESTAMP 1400000000",
		"CHATMESSAGE 107 STATUS SENDING",
		"CHATMESSAGE 107 STATUS SENT",
		"CHAT "+dialog+" ACTIVITY_TIMESTAMP 1400000000",
	)
	if err := wait(); err != nil {
		t.Fatal(err)
	}
	c.quiet(10 * time.Millisecond) // nothing for the cloud chat
	for cmd, want := range map[string]string{
		"GET CHATMESSAGE 106 BODY":             "CHATMESSAGE 106 BODY live\none",
		"GET CHATMESSAGE 106 TIMESTAMP":        "CHATMESSAGE 106 TIMESTAMP 1400000000",
		"GET CHATMESSAGE 107 TIMESTAMP":        "CHATMESSAGE 107 TIMESTAMP 1375220000",
		"GET CHATMESSAGE 107 STATUS":           "CHATMESSAGE 107 STATUS SENT",
		"GET CHAT " + dialog + " CHATMESSAGES": "CHAT " + dialog + " CHATMESSAGES 106, 107, 103, 102, 101",
		"SEARCH ACTIVECHATS":                   "CHATS " + dialog,
	} {
		if got := c.do(cmd); got != want {
			t.Errorf("%s: %q, want %q", cmd, got, want)
		}
	}
	w := s.Snapshot()
	if n := len(w.Chats[0].Messages); n != 5 {
		t.Fatalf("snapshot has %d messages in the dialog, want 5", n)
	}
	if m := w.Chats[2].Messages; len(m) != 2 || m[1].Body != "unseen" || m[1].TS != 1400000000 {
		t.Errorf("cloud chat in snapshot: %+v", m)
	}
}

func TestSimScriptedEditAndDeletion(t *testing.T) {
	s := newTestSim(t, `
		{"after_ms": 10, "edit": {"chat": "`+dialog+`", "index": 0, "body": "hi (edited)"}},
		{"after_ms": 20, "edit": {"chat": "`+dialog+`", "index": 2, "body": ""}}`, skypesim.Options{})
	c := connect(t, s)
	wait := run(t, s)
	c.expect(
		"CHATMESSAGE 101 EDITED_TIMESTAMP 1400000000",
		"CHATMESSAGE 101 EDITED_BY bob",
		"CHATMESSAGE 101 BODY hi (edited)",
		"CHATMESSAGE 103 EDITED_TIMESTAMP 1400000000",
		"CHATMESSAGE 103 EDITED_BY bob",
	)
	got, _ := c.recv()
	if m := skypeapi.Parse(got); m.ID != "103" || m.Prop != "BODY" || m.Value != "" {
		t.Errorf("deletion: %q, want an empty BODY", got)
	}
	if err := wait(); err != nil {
		t.Fatal(err)
	}
	if got := c.do("GET CHATMESSAGE 101 EDITED_TIMESTAMP"); got != "CHATMESSAGE 101 EDITED_TIMESTAMP 1400000000" {
		t.Errorf("after the edit: %q", got)
	}
	msgs := s.Snapshot().Chats[0].Messages
	if msgs[0].Body != "hi (edited)" || msgs[0].EditedBy != "bob" || msgs[2].Body != "" || msgs[2].EditedTS != 1400000000 {
		t.Errorf("snapshot: %+v", msgs)
	}
}

func TestSimDisconnect(t *testing.T) {
	s := newTestSim(t, `
		{"after_ms": 20, "disconnect_ms": 80},
		{"after_ms": 40, "chat": "`+dialog+`", "message": {"from": "bob", "body": "while away"}},
		{"after_ms": 50, "edit": {"chat": "`+dialog+`", "index": 0, "body": "edited while away"}}`, skypesim.Options{})
	c := connect(t, s)
	wait := run(t, s)
	if _, ok := c.recv(); ok {
		t.Fatal("notification before the disconnect")
	}
	if err := c.tr.Send("PING"); !errors.Is(err, skypeapi.ErrGone) {
		t.Errorf("Send while Skype is away: %v, want ErrGone", err)
	}

	var mu sync.Mutex
	var statuses []skypeapi.AttachStatus
	start := time.Now()
	tr, err := s.Connect(context.Background(), func(st skypeapi.AttachStatus) {
		mu.Lock()
		statuses = append(statuses, st)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 40*time.Millisecond {
		t.Errorf("Connect returned after %v while Skype was away", d)
	}
	mu.Lock()
	if want := []skypeapi.AttachStatus{skypeapi.AttachWaitingForSkype, skypeapi.AttachSuccess}; !slices.Equal(statuses, want) {
		t.Errorf("statuses %v, want %v", statuses, want)
	}
	mu.Unlock()
	c = &client{t: t, tr: tr}
	t.Cleanup(func() { tr.Close() })
	if err := wait(); err != nil {
		t.Fatal(err)
	}

	if got := c.do("GET CHATMESSAGE 101 BODY"); got != "ERROR 14 Invalid message id" {
		t.Errorf("old id after the restart: %q", got)
	}
	ids := skypeapi.IDs(skypeapi.Parse(c.do("GET CHAT " + dialog + " CHATMESSAGES")).Value)
	if len(ids) != 4 {
		t.Fatalf("CHATMESSAGES after the restart: %q, want 4", ids)
	}
	bodies := map[string]bool{}
	for _, id := range ids {
		if n, _ := strconv.Atoi(id); n <= 105 {
			t.Errorf("id %s was not renewed", id)
		}
		bodies[skypeapi.Parse(c.do("GET CHATMESSAGE "+id+" BODY")).Value] = true
	}
	if !bodies["while away"] || !bodies["edited while away"] {
		t.Errorf("bodies after the restart: %v", bodies)
	}
	if len(c.notes) != 0 {
		t.Errorf("notifications for changes made while away: %q", c.notes)
	}
	c.quiet(10 * time.Millisecond)
}

func TestSimConnectWhileAwayHonoursContext(t *testing.T) {
	s := newTestSim(t, `{"after_ms": 0, "disconnect_ms": 2000}`, skypesim.Options{})
	c := connect(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	if _, ok := c.recv(); ok {
		t.Fatal("connection not closed")
	}
	cctx, ccancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer ccancel()
	var statuses []skypeapi.AttachStatus
	if _, err := s.Connect(cctx, func(st skypeapi.AttachStatus) { statuses = append(statuses, st) }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Connect while away: %v, want the context's error", err)
	}
	if !slices.Equal(statuses, []skypeapi.AttachStatus{skypeapi.AttachWaitingForSkype}) {
		t.Errorf("statuses %v", statuses)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run: %v, want context.Canceled", err)
	}
	// Ending Run brings Skype back.
	connect(t, s).do("PING")
}

func TestSimRunWaitsForAttach(t *testing.T) {
	s := newTestSim(t, `{"after_ms": 0, "chat": "`+dialog+`", "message": {"from": "bob", "body": "x"}}`, skypesim.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := s.Run(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Run without an attach: %v", err)
	}
	if n := len(s.Snapshot().Chats[0].Messages); n != 3 {
		t.Errorf("script played before any attach: %d messages", n)
	}
	if err := s.Run(context.Background()); err == nil {
		t.Error("second Run: no error")
	}
}
