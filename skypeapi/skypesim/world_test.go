package skypesim_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/skypesim"
)

func TestLoadWorldDesignExample(t *testing.T) {
	w, err := skypesim.LoadWorld("testdata/world.json")
	if err != nil {
		t.Fatal(err)
	}
	if w.User != "alice" || w.Protocol != 8 || len(w.Chats) != 1 || len(w.Script) != 3 {
		t.Fatalf("world = %+v", w)
	}
	msgs := w.Chats[0].Messages
	if len(msgs) != 2 || msgs[0].Body != "hi\nthere" || msgs[1].EditedTS != 1375219700 || msgs[1].EditedBy != "alice" {
		t.Errorf("messages = %+v", msgs)
	}
	if msgs[0].Status != "RECEIVED" || msgs[1].Status != "SENT" {
		t.Errorf("default statuses = %q, %q; want RECEIVED, SENT", msgs[0].Status, msgs[1].Status)
	}
	s := w.Script
	if s[0].AfterMS != 1000 || s[0].Message == nil || s[0].Message.Body != "live one" || s[0].Message.TS != 0 {
		t.Errorf("script[0] = %+v", s[0])
	}
	if s[1].Edit == nil || s[1].Edit.Index != 0 || s[1].Edit.Body != "hi (edited)" {
		t.Errorf("script[1] = %+v", s[1])
	}
	if s[2].DisconnectMS != 2000 {
		t.Errorf("script[2] = %+v", s[2])
	}
}

func TestParseWorldDefaults(t *testing.T) {
	w, err := skypesim.ParseWorld([]byte(`{"user": "alice", "chats": [
		{"name": "#alice/$bob;0123456789abcdef", "messages": [{"from": "bob", "ts": 1, "type": "emoted", "body": "waves"}]},
		{"name": "19:0af3@thread.skype"}],
		"script": [
		{"after_ms": 20, "edit": {"chat": "#alice/$bob;0123456789abcdef", "index": 1, "body": "x"}},
		{"after_ms": 10, "chat": "#alice/$bob;0123456789abcdef", "message": {"from": "alice", "body": "later"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if w.Protocol != 8 {
		t.Errorf("protocol = %d, want 8", w.Protocol)
	}
	if m := w.Chats[0].Messages[0]; m.Type != "EMOTED" || m.Dispname != "bob" || m.Status != "RECEIVED" {
		t.Errorf("message defaults = %+v", m)
	}
	if !w.Chats[1].Cloud {
		t.Error("a 19:… chat is not marked cloud")
	}
	if st := w.Script[1].Message; st.Status != "SENT" || st.Type != "SAID" {
		t.Errorf("scripted message defaults = %+v", st)
	}
}

func TestParseWorldErrors(t *testing.T) {
	const chat = `{"name": "#alice/$bob;0123456789abcdef", "messages": [{"from": "bob", "ts": 1, "body": "hi"}]}`
	world := func(chats, script string) string {
		return `{"user": "alice", "chats": [` + chats + `], "script": [` + script + `]}`
	}
	tests := []struct{ name, json, want string }{
		{"empty", "  \n", "empty file"},
		{"truncated", `{"user": "alice",`, "bad JSON"},
		{"syntax", "{\n  \"user\": \"alice\"\n  \"chats\": []}", "line 3, column"},
		{"type", `{"user": 5}`, "line 1, column"},
		{"no user", `{"chats": []}`, `no "user"`},
		{"bad protocol", `{"user": "alice", "protocol": -1}`, "protocol -1"},
		{"unnamed chat", world(`{"topic": "x"}`, ""), "chats[0]: no name"},
		{"space in name", world(`{"name": "my chat"}`, ""), "no spaces"},
		{"duplicate chat", world(chat+","+chat, ""), "same name as chats[0]"},
		{"bad member", world(`{"name": "#a/$b;00", "members": ["a b"]}`, ""), "members[0]"},
		{"no ts", world(`{"name": "#a/$b;00", "messages": [{"from": "a", "body": "x"}]}`, ""), "messages[0]: no ts"},
		{"no from", world(`{"name": "#a/$b;00", "messages": [{"ts": 5, "body": "x"}]}`, ""), `no "from"`},
		{"bad type", world(`{"name": "#a/$b;00", "messages": [{"from": "a", "ts": 5, "type": "SHOUTED"}]}`, ""), `unknown type "SHOUTED"`},
		{"bad status", world(`{"name": "#a/$b;00", "messages": [{"from": "a", "ts": 5, "status": "LOST"}]}`, ""), `unknown status "LOST"`},
		{"script chat missing", world(chat, `{"after_ms": 5, "chat": "#nope", "message": {"from": "bob", "body": "x"}}`), `script[0] (after_ms 5): no chat "#nope"`},
		{"message without chat", world(chat, `{"after_ms": 5, "message": {"from": "bob", "body": "x"}}`), `message without "chat"`},
		{"edit chat missing", world(chat, `{"edit": {"chat": "#nope", "index": 0}}`), `edit: no chat "#nope"`},
		{"edit index", world(chat, `{"edit": {"chat": "#alice/$bob;0123456789abcdef", "index": 1}}`), "index 1 out of range"},
		{"edit negative index", world(chat, `{"edit": {"chat": "#alice/$bob;0123456789abcdef", "index": -1}}`), "index -1 out of range"},
		{"edit before the message it edits", world(chat,
			`{"after_ms": 5, "edit": {"chat": "#alice/$bob;0123456789abcdef", "index": 1}},
			 {"after_ms": 9, "chat": "#alice/$bob;0123456789abcdef", "message": {"from": "bob", "body": "x"}}`), "script[0] (after_ms 5): edit: index 1"},
		{"empty step", world(chat, `{"after_ms": 5}`), "exactly one of"},
		{"two actions", world(chat, `{"after_ms": 5, "chat": "#alice/$bob;0123456789abcdef", "message": {"from": "bob"}, "disconnect_ms": 9}`), "exactly one of"},
		{"negative after", world(chat, `{"after_ms": -5, "disconnect_ms": 9}`), "negative after_ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := skypesim.ParseWorld([]byte(tt.json))
			if err == nil {
				t.Fatalf("no error; world %+v", w)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadWorldErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{\n\"user\": \"alice\",\n\"chats\": [{}]}"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := skypesim.LoadWorld(bad)
	if err == nil || err.Error() != "skypesim: world "+bad+": chats[0]: no name" {
		t.Errorf("error = %v", err)
	}
	missing := filepath.Join(dir, "missing.json")
	_, err = skypesim.LoadWorld(missing)
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "skypesim: world "+missing+": ") {
		t.Errorf("error = %v", err)
	}
}
