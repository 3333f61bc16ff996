package skypesim_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi"
	"github.com/chatchannels/chatchannels/skypeapi/skypesim"
)

const (
	dialog = "#alice/$bob;0123456789abcdef"
	group  = "#carol/$6a072ce5537c4044"
	cloud  = "19:abc@thread.skype"
)

// testWorld gives ids 101–103 to the dialog and 104–105 to the group.
const testWorld = `{
 "user": "alice",
 "chats": [
  {"name": "#alice/$bob;0123456789abcdef", "topic": "Project X & Y", "members": ["alice", "bob"], "bookmarked": true,
   "messages": [
    {"from": "bob", "dispname": "Bob", "ts": 1375219588, "type": "SAID", "body": "hi\nthere  two  spaces"},
    {"from": "alice", "dispname": "Alice", "ts": 1375219600, "body": "hello", "edited_by": "alice", "edited_ts": 1375219700},
    {"from": "bob", "dispname": "Bob", "ts": 1375219650, "body": "third"}]},
  {"name": "#carol/$6a072ce5537c4044",
   "messages": [
    {"from": "carol", "dispname": "Carol C", "ts": 1375000000, "body": "group hi"},
    {"from": "carol", "ts": 1375000100, "type": "SETROLE", "body": "", "status": "READ"}]},
  {"name": "19:abc@thread.skype", "members": ["alice", "dave"],
   "messages": [{"from": "dave", "ts": 1375219000, "body": "in the cloud"}]}
 ]
}`

var testClock = func() time.Time { return time.Unix(1400000000, 0) }

// newTestSim builds a Skype of testWorld plus the given script steps.
func newTestSim(t *testing.T, script string, opts skypesim.Options) *skypesim.Skype {
	t.Helper()
	text := testWorld
	if script != "" {
		text = strings.TrimSuffix(strings.TrimSpace(text), "}") + `, "script": [` + script + `]}`
	}
	w, err := skypesim.ParseWorld([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if opts.Clock == nil {
		opts.Clock = testClock
	}
	return skypesim.New(w, opts)
}

// client is a minimal test client: it tags commands and sets
// notifications aside.
type client struct {
	t     *testing.T
	tr    skypeapi.Transport
	n     int
	notes []string
}

func connect(t *testing.T, s *skypesim.Skype) *client {
	t.Helper()
	tr, err := s.Connect(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tr.Close() })
	return &client{t: t, tr: tr}
}

// recv returns the next text, or false when Receive is closed.
func (c *client) recv() (string, bool) {
	c.t.Helper()
	select {
	case text, ok := <-c.tr.Receive():
		return text, ok
	case <-time.After(2 * time.Second):
		c.t.Fatal("nothing received for 2 s")
		return "", false
	}
}

// raw sends text as it is and returns the next text received.
func (c *client) raw(text string) string {
	c.t.Helper()
	if err := c.tr.Send(text); err != nil {
		c.t.Fatal(err)
	}
	got, ok := c.recv()
	if !ok {
		c.t.Fatalf("%q: connection closed", text)
	}
	return got
}

// do sends a tagged command and returns the reply without its tag.
func (c *client) do(cmd string) string {
	c.t.Helper()
	c.n++
	tag := "#T" + strconv.Itoa(c.n) + " "
	if err := c.tr.Send(tag + cmd); err != nil {
		c.t.Fatal(err)
	}
	for {
		text, ok := c.recv()
		if !ok {
			c.t.Fatalf("%q: connection closed", cmd)
		}
		if rest, found := strings.CutPrefix(text, tag); found {
			return rest
		}
		c.notes = append(c.notes, text)
	}
}

// quiet fails if anything arrives within d.
func (c *client) quiet(d time.Duration) {
	c.t.Helper()
	select {
	case text, ok := <-c.tr.Receive():
		if ok {
			c.t.Errorf("unexpected %q", text)
		}
	case <-time.After(d):
	}
}

func TestSimReplies(t *testing.T) {
	c := connect(t, newTestSim(t, "", skypesim.Options{}))
	if got := c.raw("#1 PROTOCOL 8"); got != "#1 PROTOCOL 8" {
		t.Errorf("PROTOCOL: %q", got)
	}
	for _, want := range []string{"CONNSTATUS ONLINE", "CURRENTUSERHANDLE alice", "USERSTATUS ONLINE"} {
		if got, _ := c.recv(); got != want {
			t.Errorf("after PROTOCOL: %q, want %q", got, want)
		}
	}
	tests := []struct{ send, want string }{
		{"PROTOCOL 99", "PROTOCOL 8"},
		{"#p protocol 3", "#p PROTOCOL 3"},
		{"#p2 PROTOCOL 8", "#p2 PROTOCOL 8"},
		{"PING", "PONG"},
		{"#RCH ping", "#RCH PONG"},
		{"#n NAME ChatChannels", "#n OK"},
		{"#2 GET CURRENTUSERHANDLE", "#2 CURRENTUSERHANDLE alice"},
		{"get skypeversion", "SKYPEVERSION 6.21.0.104"},
		{"#3 GET USERSTATUS", "#3 USERSTATUS ONLINE"},
		{"#4 GET CONNSTATUS", "#4 CONNSTATUS ONLINE"},
		{"#5 SEARCH CHATS", "#5 CHATS " + dialog + ", " + group},
		{"search recentchats", "CHATS " + dialog + ", " + group},
		{"#6 SEARCH ACTIVECHATS", "#6 CHATS"},
		{"#7 SEARCH MISSEDCHATS", "#7 CHATS " + dialog + ", " + group},
		{"#8 SEARCH BOOKMARKEDCHATS", "#8 CHATS " + dialog},
		{"#9 SEARCH CHATMESSAGES", "#9 CHATMESSAGES 103, 102, 101, 105, 104"},
		{"#10 SEARCH CHATMESSAGES bob", "#10 CHATMESSAGES 103, 102, 101"},
		{"#11 SEARCH MISSEDCHATMESSAGES", "#11 CHATMESSAGES 103, 101, 104"},
		{"GET CHAT " + dialog + " TOPIC", "CHAT " + dialog + " TOPIC Project X & Y"},
		{"#12 get chat " + dialog + " topic", "#12 CHAT " + dialog + " TOPIC Project X & Y"},
		{"#13 GET CHATMESSAGE 101 BODY", "#13 CHATMESSAGE 101 BODY hi\nthere  two  spaces"},
		{"#14 GET USER bob FULLNAME", "#14 USER bob FULLNAME Bob"},
		{"#15 SET CHATMESSAGE 103 SEEN", "#15 CHATMESSAGE 103 STATUS READ"},
		{"#16 SEARCH MISSEDCHATMESSAGES", "#16 CHATMESSAGES 101, 104"},
	}
	for _, tt := range tests {
		if got := c.raw(tt.send); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.send, got, tt.want)
		}
	}
	c.quiet(10 * time.Millisecond)
}

func TestSimErrors(t *testing.T) {
	c := connect(t, newTestSim(t, "", skypesim.Options{}))
	tests := []struct{ send, want string }{
		{"#1 FROBNICATE", "#1 ERROR 2 Unknown command"},
		{"FROBNICATE now", "ERROR 2 Unknown command"},
		{"#2 GET CHAT " + cloud + " TOPIC", "#2 ERROR 105 Invalid chat name"},
		{"#3 GET CHAT #nobody/$0000000000000000 NAME", "#3 ERROR 105 Invalid chat name"},
		{"#4 GET CHAT", "#4 ERROR 105 Invalid chat name"},
		{"#5 GET CHAT " + dialog + " COLOUR", "#5 ERROR 106 Invalid chat property"},
		{"#6 GET CHAT " + dialog, "#6 ERROR 106 Invalid chat property"},
		{"#7 GET CHATMESSAGE 999 BODY", "#7 ERROR 14 Invalid message id"},
		{"#8 GET CHATMESSAGE abc BODY", "#8 ERROR 14 Invalid message id"},
		{"#9 GET CHATMESSAGE 101 COLOUR", "#9 ERROR 16 Invalid PROP"},
		{"#10 GET WEATHER", "#10 ERROR 7 GET: invalid WHAT"},
		{"#11 SEARCH CHATS bob", "#11 ERROR 107 target not allowed with CHATS"},
		{"#12 SEARCH WEATHER", "#12 ERROR 3 SEARCH: unknown WHAT"},
		{"#13 PROTOCOL many", "#13 ERROR 1 General syntax error"},
		{"#14 GET USER bob COLOUR", "#14 ERROR 10 Invalid PROP"},
		{"#15 SET CHATMESSAGE 101 BODY x", "#15 ERROR 16 Invalid PROP"},
	}
	for _, tt := range tests {
		got := c.raw(tt.send)
		if got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.send, got, tt.want)
		}
		if m := skypeapi.Parse(got); m.Err == nil {
			t.Errorf("%q: Parse(%q) gives no error", tt.send, got)
		}
	}
	// The cloud chat's message has no id anywhere.
	if got := c.do("SEARCH CHATMESSAGES dave"); got != "CHATMESSAGES" {
		t.Errorf("cloud messages listed: %q", got)
	}
}

func TestSimChatProperties(t *testing.T) {
	c := connect(t, newTestSim(t, "", skypesim.Options{}))
	c.do("PROTOCOL 8")
	props := map[string]map[string]string{
		dialog: {
			"NAME": dialog, "TIMESTAMP": "1375219588", "ADDER": "", "STATUS": "DIALOG",
			"POSTERS": "bob alice", "MEMBERS": "alice bob", "ACTIVEMEMBERS": "alice bob",
			"TOPIC": "Project X & Y", "TOPICXML": "Project X &amp; Y", "FRIENDLYNAME": "Project X & Y",
			"BOOKMARKED": "TRUE", "TYPE": "DIALOG", "MYSTATUS": "SUBSCRIBED", "MYROLE": "CREATOR",
			"DIALOG_PARTNER": "bob", "ACTIVITY_TIMESTAMP": "1375219650",
			"CHATMESSAGES": "103, 102, 101", "RECENTCHATMESSAGES": "103, 102, 101",
		},
		group: {
			"NAME": group, "TIMESTAMP": "1375000000", "ADDER": "carol", "STATUS": "MULTI_SUBSCRIBED",
			"POSTERS": "carol", "MEMBERS": "carol alice", "TOPIC": "", "FRIENDLYNAME": "Carol C",
			"BOOKMARKED": "FALSE", "TYPE": "MULTICHAT", "MYROLE": "USER", "DIALOG_PARTNER": "",
			"ACTIVITY_TIMESTAMP": "1375000100", "CHATMESSAGES": "105, 104",
		},
	}
	for chat, want := range props {
		for prop, v := range want {
			got := c.do("GET CHAT " + chat + " " + strings.ToLower(prop))
			m := skypeapi.Parse(got)
			if m.Object != "CHAT" || m.ID != chat || m.Prop != prop || m.Value != v {
				t.Errorf("GET CHAT %s %s: %q, want value %q", chat, prop, got, v)
			}
		}
	}
}

func TestSimMessageProperties(t *testing.T) {
	c := connect(t, newTestSim(t, "", skypesim.Options{}))
	want := map[string]map[string]string{
		"101": {"TIMESTAMP": "1375219588", "FROM_HANDLE": "bob", "FROM_DISPNAME": "Bob", "TYPE": "SAID",
			"STATUS": "RECEIVED", "LEAVEREASON": "", "CHATNAME": dialog, "USERS": "",
			"BODY": "hi\nthere  two  spaces", "IS_EDITABLE": "FALSE", "EDITED_BY": "", "EDITED_TIMESTAMP": "0",
			"OPTIONS": "0", "ROLE": "UNKNOWN"},
		"102": {"FROM_HANDLE": "alice", "STATUS": "SENT", "IS_EDITABLE": "TRUE",
			"EDITED_BY": "alice", "EDITED_TIMESTAMP": "1375219700"},
		"105": {"FROM_DISPNAME": "carol", "TYPE": "SETROLE", "STATUS": "READ", "BODY": "", "CHATNAME": group},
	}
	c.do("PROTOCOL 7")
	for id, props := range want {
		for prop, v := range props {
			got := c.do("GET CHATMESSAGE " + id + " " + prop)
			if m := skypeapi.Parse(got); m.Object != "CHATMESSAGE" || m.ID != id || m.Prop != prop || m.Value != v {
				t.Errorf("GET CHATMESSAGE %s %s: %q, want value %q", id, prop, got, v)
			}
		}
	}
	// Below protocol 7 the public-chat types are UNKNOWN (spec 2.2).
	c.do("PROTOCOL 6")
	if got := c.do("GET CHATMESSAGE 105 TYPE"); got != "CHATMESSAGE 105 TYPE UNKNOWN" {
		t.Errorf("TYPE at protocol 6: %q", got)
	}
}

func TestSimProtocolCap(t *testing.T) {
	w, err := skypesim.ParseWorld([]byte(`{"user": "alice", "protocol": 5, "chats": []}`))
	if err != nil {
		t.Fatal(err)
	}
	c := connect(t, skypesim.New(w, skypesim.Options{}))
	if got := c.do("PROTOCOL 8"); got != "PROTOCOL 5" {
		t.Errorf("PROTOCOL 8 to a protocol-5 Skype: %q", got)
	}
	if got := c.do("SEARCH CHATS"); got != "CHATS" {
		t.Errorf("SEARCH CHATS in an empty world: %q", got)
	}
}

func TestSimChatMessagesNotInTimeOrder(t *testing.T) {
	c := connect(t, newTestSim(t, "", skypesim.Options{}))
	ids := skypeapi.IDs(skypeapi.Parse(c.do("GET CHAT " + dialog + " CHATMESSAGES")).Value)
	var ts []int
	for _, id := range ids {
		n, _ := strconv.Atoi(skypeapi.Parse(c.do("GET CHATMESSAGE " + id + " TIMESTAMP")).Value)
		ts = append(ts, n)
	}
	if len(ids) != 3 || slices.IsSorted(ts) {
		t.Errorf("CHATMESSAGES %q has timestamps %v: want all three, not in time order", ids, ts)
	}
}

func TestSimTransportConcurrentSends(t *testing.T) {
	s := newTestSim(t, "", skypesim.Options{})
	c := connect(t, s)
	const senders, each = 8, 50
	var wg sync.WaitGroup
	for g := range senders {
		wg.Go(func() {
			for i := range each {
				if err := c.tr.Send(fmt.Sprintf("#%d.%d PING", g, i)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	// Nobody has read yet: the simulator must still answer other callers.
	if w := s.Snapshot(); len(w.Chats) != 3 {
		t.Fatalf("snapshot: %d chats", len(w.Chats))
	}
	seen := map[string]bool{}
	next := map[int]int{}
	for range senders * each {
		text, ok := c.recv()
		if !ok {
			t.Fatal("closed early")
		}
		var g, i int
		if _, err := fmt.Sscanf(text, "#%d.%d PONG", &g, &i); err != nil || seen[text] {
			t.Fatalf("reply %q", text)
		}
		if i != next[g] {
			t.Fatalf("reply %q out of order: want %d.%d", text, g, next[g])
		}
		seen[text] = true
		next[g]++
	}
	if err := c.tr.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.tr.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if err := c.tr.Send("PING"); !errors.Is(err, skypeapi.ErrGone) {
		t.Errorf("Send after Close: %v, want ErrGone", err)
	}
	if _, ok := c.recv(); ok {
		t.Error("Receive still open after Close")
	}
}

func TestSimDelay(t *testing.T) {
	c := connect(t, newTestSim(t, "", skypesim.Options{Delay: 30 * time.Millisecond}))
	start := time.Now()
	if got := c.do("PING"); got != "PONG" {
		t.Fatalf("PING: %q", got)
	}
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("reply after %v, want at least the 30ms delay", d)
	}
}

func TestSimNewConnectClosesOld(t *testing.T) {
	s := newTestSim(t, "", skypesim.Options{})
	old := connect(t, s)
	c := connect(t, s)
	if _, ok := old.recv(); ok {
		t.Error("old connection still receives")
	}
	if err := old.tr.Send("PING"); err == nil {
		t.Error("old connection still sends")
	}
	if got := c.do("PING"); got != "PONG" {
		t.Errorf("new connection: %q", got)
	}
}

// A group that moved to the cloud keeps a legacy name with a ';'
// ("#carol/$*T;189") but is a group, not carol's dialog with "*T".
func TestSimMigratedGroupIsNoDialog(t *testing.T) {
	const migrated = "#carol/$*T;189"
	w, err := skypesim.ParseWorld([]byte(`{"user": "alice", "chats": [{"name": "` + migrated + `",
		"members": ["carol", "alice", "bob"], "messages": [{"from": "carol", "ts": 1375219588, "body": "hi all"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	c := connect(t, skypesim.New(w, skypesim.Options{Clock: testClock}))
	c.do("PROTOCOL 8")
	for prop, want := range map[string]string{"TYPE": "MULTICHAT", "DIALOG_PARTNER": "", "STATUS": "MULTI_SUBSCRIBED"} {
		if m := skypeapi.Parse(c.do("GET CHAT " + migrated + " " + prop)); m.Value != want {
			t.Errorf("GET CHAT %s %s: %q, want %q", migrated, prop, m.Value, want)
		}
	}
}
