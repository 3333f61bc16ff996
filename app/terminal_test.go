package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// hostile is text from message data that would drive a terminal: retitle
// the window and clear the screen (the topic), set the clipboard and
// reorder the line (the display name), colour text and reach a C1 control
// (the body).
const (
	hostileTopic = "\x1b]0;pwned\x07\x1b[2J\x1b[HProject X"
	hostileName  = "Bob\u202e\x1b]52;c;cm0gLXJmIH4=\x07"
	hostileBody  = "the \x1b[31mrelease\x1b[0m is on friday\u009b2J\r"
)

// TestTerminalOutputIsSafe: chats and search print chat titles, display
// names and texts without a control sequence from the archive, and --json
// escapes them while keeping them exact.
func TestTerminalOutputIsSafe(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const name = "#alice/$6a072ce5537c4044"
	if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: name, Topic: hostileTopic}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)
	if _, err := s.Ingest(ctx, []store.Incoming{{Chat: name, Source: "test", Ref: "1", Author: "bob", AuthorName: hostileName,
		Time: at, Type: "SAID", Body: hostileBody}}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	inert := func(what, out string) {
		t.Helper()
		for _, r := range out {
			if r == '\x1b' || r == '\x07' || r == '\r' || 0x80 <= r && r <= 0x9f || 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069 {
				t.Errorf("%s prints %U:\n%q", what, r, out)
				return
			}
		}
	}
	for _, args := range [][]string{{"chats"}, {"search", "friday"}, {"search", "from:bob"}, {"chats", "add", hostileTopic}} {
		out, errOut, code := runMain(t, append([]string{"--data", dir}, args...)...)
		if code != 0 || !strings.Contains(out, "Project X") {
			t.Errorf("%q: exit %d, %q %q", args, code, out, errOut)
		}
		inert(strings.Join(args[:1], " "), out+errOut)
	}
	_, errOut, _ := runMain(t, "--data", dir, "chats", "add", hostileTopic+" and more")
	inert("an error naming the chat", errOut)

	for _, args := range [][]string{{"chats", "--json"}, {"search", "--json", "friday"}} {
		out, _, _ := runMain(t, append([]string{"--data", dir}, args...)...)
		inert(args[0]+" --json", out)
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		text, _ := json.Marshal(v)
		for _, want := range []string{hostileTopic, hostileName} {
			if args[0] == "chats" && want == hostileName {
				continue
			}
			if w, _ := json.Marshal(want); !strings.Contains(string(text), string(w)) {
				t.Errorf("%v does not carry %q exactly", args, want)
			}
		}
	}
}
