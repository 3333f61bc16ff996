package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// archive makes a data folder holding a few known messages.
func archive(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: "#alice/$6a072ce5537c4044", Topic: "Project X"}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)
	msg := func(author, name, body string, n int) store.Incoming {
		t := at.Add(time.Duration(n) * time.Minute)
		return store.Incoming{Chat: "#alice/$6a072ce5537c4044", Source: "live:alice", Ref: store.ContentRef("#alice/$6a072ce5537c4044", author, t, 1),
			Author: author, AuthorName: name, Time: t, Type: "SAID", Body: body}
	}
	if _, err := s.Ingest(ctx, []store.Incoming{
		msg("bob", "Bob", "the release is on friday", 0),
		msg("alice", "Alice", "friday works\nfor me", 1),
		msg("bob", "Bob", "see you then", 2),
	}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestChatsCommand(t *testing.T) {
	dir := archive(t)
	out, _, code := runMain(t, "--data", dir, "chats")
	if code != 0 || !strings.Contains(out, "(alice)$6a072ce5537c4044") || !strings.Contains(out, "Project X") ||
		!strings.Contains(out, " no ") || !strings.Contains(out, " 3 ") {
		t.Errorf("chats (%d):\n%s", code, out)
	}
	if _, errOut, code := runMain(t, "chats", "add", "(alice)$6a072ce5537c4044", "--data", dir); code != 0 {
		t.Fatalf("chats add: %s", errOut)
	}
	// The flag works after the command's name too, and the web id names the chat.
	if _, errOut, code := runMain(t, "chats", "--data", dir, "add", "(alice)$6a072ce5537c4044"); code != 0 {
		t.Fatalf("chats add: %s", errOut)
	}
	out, _, _ = runMain(t, "--data", dir, "chats")
	if !strings.Contains(out, " yes ") {
		t.Errorf("after add, the chat is not collected:\n%s", out)
	}
	runMain(t, "--data", dir, "chats", "remove", "#alice/$6a072ce5537c4044")
	out, _, _ = runMain(t, "--data", dir, "chats")
	if strings.Contains(out, " yes ") {
		t.Errorf("after remove, the chat is still collected:\n%s", out)
	}
	// A chat Skype has not shown yet can be picked ahead.
	if out, _, code := runMain(t, "--data", dir, "chats", "add", "#carol/$0123456789abcdef"); code != 0 || !strings.Contains(out, "collecting") {
		t.Errorf("add of a new chat: %s", out)
	}
}

func TestSearchCommand(t *testing.T) {
	dir := archive(t)
	t.Setenv("TZ", "UTC")
	out, errOut, code := runMain(t, "--data", dir, "search", "friday")
	if code != 0 {
		t.Fatalf("search: %s", errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(errOut, "2 of 2 matches") {
		t.Fatalf("search friday:\n%s\n%s", out, errOut)
	}
	for _, want := range []string{"Project X\t", "Bob\tthe release is on friday", "Alice\tfriday works for me"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = runMain(t, "--data", dir, "search", "--by-time", "from:bob")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 2 || !strings.Contains(lines[0], "see you then") {
		t.Errorf("from:bob by time:\n%s", out)
	}
}

// TestSearchCommandLimits: the command line's search keeps to the
// limits of a query (store.ParseQuery, the one home of them): a query too
// long, or of too many words, is a one-line usage error.
func TestSearchCommandLimits(t *testing.T) {
	dir := archive(t)
	for _, q := range []string{strings.Repeat("a* ", 120_000), strings.Repeat("friday ", store.MaxQueryTerms+1)} {
		_, errOut, code := runMain(t, "--data", dir, "search", q)
		if code == 0 || !strings.Contains(errOut, "write at most") || strings.Count(strings.TrimSpace(errOut), "\n") > 2 {
			t.Errorf("search of %d bytes: exit %d, %.300s", len(q), code, errOut)
		}
	}
}

func TestReindexCommand(t *testing.T) {
	dir := archive(t)
	os.RemoveAll(filepath.Join(dir, store.IndexDir))
	out, errOut, code := runMain(t, "--data", dir, "reindex")
	if code != 0 || !strings.Contains(out, "rebuilt") || !strings.Contains(errOut, "3 of 3") {
		t.Fatalf("reindex (%d): %s %s", code, out, errOut)
	}
	out, _, _ = runMain(t, "--data", dir, "search", "then")
	if !strings.Contains(out, "see you then") {
		t.Errorf("search after reindex: %s", out)
	}
}

func TestCommandErrorsAreOneLine(t *testing.T) {
	dir := archive(t)
	corrupt := t.TempDir()
	os.WriteFile(filepath.Join(corrupt, store.DBFile), []byte(strings.Repeat("garbage ", 1000)), 0o600)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--data", dir, "frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"--data", dir, "search"}, 2, "search for what?"},
		{[]string{"--data", dir, "search", "date:someday"}, 2, "date:someday"},
		{[]string{"--data", dir, "chats", "remove", "#nobody/$0"}, 1, `chats remove #nobody/$0: no chat is named or titled "#nobody/$0"`},
		{[]string{"--data", corrupt, "chats"}, 1, "corrupt"},
		{[]string{"--data", dir, "serve", "--addr", "nonsense"}, 2, "--addr nonsense"},
	}
	for _, tt := range tests {
		_, errOut, code := runMain(t, tt.args...)
		first, _, _ := strings.Cut(errOut, "\n")
		if code != tt.code || !strings.HasPrefix(first, "chatchannels: ") || !strings.Contains(first, tt.want) {
			t.Errorf("%v: exit %d, first line %q; want exit %d and a one-line reason with %q", tt.args, code, first, tt.code, tt.want)
		}
	}
}

func TestDataFolderFromEnvironment(t *testing.T) {
	dir := archive(t)
	t.Setenv("CHATCHANNELS_DATA", dir)
	out, _, code := runMain(t, "chats")
	if code != 0 || !strings.Contains(out, "Project X") {
		t.Errorf("chats with CHATCHANNELS_DATA: %s", out)
	}
}

func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	export := filepath.Join(t.TempDir(), "messages.json")
	os.WriteFile(export, []byte(`{"userId": "8:alice", "conversations": [{"id": "8:bob", "displayName": null, "MessageList": [
		{"id": "2", "originalarrivaltime": "2013-07-30T21:27:00.25Z", "messagetype": "RichText", "from": "8:alice", "content": "see you"},
		{"id": "1", "originalarrivaltime": "2013-07-30T21:26:28Z", "messagetype": "RichText", "from": "8:bob", "displayName": "Bob", "content": "hi"}]},
		{"id": "48:calllogs", "MessageList": [{"id": "3", "originalarrivaltime": "2013-07-30T21:26:28Z", "from": "8:bob", "content": "call"}]}]}`), 0o600)
	out, errOut, code := runMain(t, "--data", dir, "import", export)
	if code != 0 || !strings.Contains(out, "1 conversations; 2 messages added") || !strings.Contains(out, "skipped 1 (1 in system conversations") {
		t.Fatalf("import (%d): %s %s", code, out, errOut)
	}
	out, _, _ = runMain(t, "--data", dir, "import", export)
	if !strings.Contains(out, "0 messages added, 0 merged with ones already archived, 0 updated, 2 already archived") {
		t.Errorf("a second import: %s", out)
	}
	out, _, _ = runMain(t, "--data", dir, "search", "see")
	if !strings.Contains(out, "see you") {
		t.Errorf("the imported message is not searchable: %q", out)
	}
	_, errOut, code = runMain(t, "--data", dir, "import", filepath.Join(dir, "missing.tar"))
	if code == 0 || !strings.Contains(errOut, "missing.tar") {
		t.Errorf("a missing file: %d %s", code, errOut)
	}
}

func TestImportMainDB(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runMain(t, "--data", dir, "import", "../skypeapi/maindb/testdata/skype6_main.db")
	if code != 0 || !strings.Contains(out, "15 messages added") || !strings.Contains(out, "1 with impossible times") {
		t.Fatalf("import main.db (%d): %s %s", code, out, errOut)
	}
	out, _, _ = runMain(t, "--data", dir, "search", `"need to know"`)
	if !strings.Contains(out, "Gen Beringer") {
		t.Errorf("search after importing main.db: %q", out)
	}
}
