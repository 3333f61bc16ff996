package app_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// TestExportCommand: each format to standard output and to a file (the
// same bytes), the filters on the command line, and what it says on
// standard error.
func TestExportCommand(t *testing.T) {
	dir := archive(t)
	out, errOut, code := runMain(t, "--data", dir, "export", "--format", "txt")
	local := func(minute int) string { // txt shows local times
		return time.Date(2013, 7, 30, 21, minute, 11, 0, time.UTC).Local().Format("2006-01-02 15:04")
	}
	want := "== Project X ==\n[" + local(27) + "] Bob: the release is on friday\n[" + local(28) + "] Alice: friday works\n    for me\n" +
		"[" + local(29) + "] Bob: see you then\n"
	if code != 0 || out != want || !strings.HasSuffix(errOut, "exported 3 messages of 1 chat\n") {
		t.Errorf("export --format txt: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, format := range []string{"txt", "csv", "json", "skype"} {
		file := filepath.Join(t.TempDir(), "export."+format)
		stdout, _, code := runMain(t, "--data", dir, "export", "--format", format, "--chat", "project x")
		_, errOut, code2 := runMain(t, "export", "--out", file, "--chat", "project x", "--data", dir, "--format="+format)
		written, err := os.ReadFile(file)
		when := regexp.MustCompile(`"(exported_at|exportDate)":"[^"]*"`) // the time of each export
		if code != 0 || code2 != 0 || err != nil || when.ReplaceAllString(string(written), "") != when.ReplaceAllString(stdout, "") || len(written) == 0 {
			t.Errorf("%s: exit %d and %d, %v: the file is not what standard output got", format, code, code2, err)
		}
		if !strings.HasSuffix(errOut, "exported 3 messages of 1 chat to "+file+"\n") {
			t.Errorf("%s: said %q", format, errOut)
		}
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".*")); len(left) > 0 {
			t.Errorf("%s: left %v beside the file", format, left)
		}
	}

	var doc struct {
		Filter struct {
			Chats  []string
			Since  string
			Until  string
			Author string
			Query  string
		}
		Chats []struct{ Messages []struct{ Text string } }
	}
	out, errOut, code = runMain(t, "--data", dir, "export", "--format", "json", "--chat", "(alice)$6a072ce5537c4044",
		"--from", "2013-07", "--to", "2013-07-30", "--author", "bob", "--query", "friday")
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil {
		t.Fatalf("exit %d, %v: %s %s", code, err, out, errOut)
	}
	f := doc.Filter
	if len(doc.Chats) != 1 || len(doc.Chats[0].Messages) != 1 || doc.Chats[0].Messages[0].Text != "the release is on friday" ||
		strings.Join(f.Chats, " ") != "#alice/$6a072ce5537c4044" || f.Since != "2013-07-01T00:00:00Z" || f.Until != "2013-07-31T00:00:00Z" ||
		f.Author != "bob" || f.Query != "friday" || !strings.HasSuffix(errOut, "exported 1 message of 1 chat\n") {
		t.Errorf("filtered: %+v (%s)", doc, errOut)
	}
	out, errOut, code = runMain(t, "--data", dir, "export", "--format", "csv", "--from", "2014")
	if code != 0 || out != "\ufeff"+"chat,time,author,author_name,text,edited,deleted,key,permalink\r\n" || !strings.Contains(errOut, "exported 0 messages of 0 chats") {
		t.Errorf("nothing picked: exit %d, %q %q", code, out, errOut)
	}
}

// TestExportReplacesWhole: an export to an existing file replaces it
// only once it is complete; a failed one leaves it as it was.
func TestExportReplacesWhole(t *testing.T) {
	dir := archive(t)
	file := filepath.Join(t.TempDir(), "bob.txt")
	if err := os.WriteFile(file, []byte("the last export\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, code := runMain(t, "--data", dir, "export", "--format", "txt", "--author", "mallory", "--out", file); code != 1 {
		t.Errorf("an unknown author: exit %d", code)
	}
	if b, _ := os.ReadFile(file); string(b) != "the last export\n" {
		t.Errorf("a failed export changed the file: %q", b)
	}
	if _, errOut, code := runMain(t, "--data", dir, "export", "--format", "txt", "--author", "BOB", "--out", file); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	if b, _ := os.ReadFile(file); !strings.Contains(string(b), "the release is on friday") || strings.Contains(string(b), "Alice") {
		t.Errorf("bob's messages: %q", b)
	}
	if names, _ := os.ReadDir(filepath.Dir(file)); len(names) != 1 {
		t.Errorf("left beside the export: %v", names)
	}
}

// TestExportQueryBesideARunningInstance: --query needs the index, which
// another process keeps: a clear error; without --query the export works.
func TestExportQueryBesideARunningInstance(t *testing.T) {
	dir := archive(t)
	s, err := store.Open(dir) // holds the index, as serve does
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, errOut, code := runMain(t, "--data", dir, "export", "--format", "txt", "--query", "friday")
	if code != 1 || !strings.Contains(errOut, "--query needs the search index, which the running Chat Channels keeps") {
		t.Errorf("exit %d, %q", code, errOut)
	}
	if out, errOut, code := runMain(t, "--data", dir, "export", "--format", "txt"); code != 0 || !strings.Contains(out, "see you then") {
		t.Errorf("without --query: exit %d, %q", code, errOut)
	}
}
