package app_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/app"
)

// commandFlags is the command line's contract: every command and the flags
// its help must list (besides --data, which every command takes).
var commandFlags = map[string][]string{
	"serve":      {"--addr HOST:PORT", "--demo"},
	"import":     {},
	"chats":      {"--json"},
	"search":     {"--limit N", "--by-time", "--json"},
	"export":     {"--format FORMAT", "--chat NAME", "--from DATE", "--to DATE", "--author WHO", "--query Q", "--out PATH"},
	"status":     {"--json"},
	"reindex":    {},
	"generate":   {"--messages N", "--seed N"},
	"install":    {"--start-with-windows", "--no-start"},
	"uninstall":  {"--remove-data"},
	"completion": {},
	"help":       {},
	"version":    {},
}

// TestHelp: help, -h and --help print usage on standard output and exit 0;
// each command's help gives its synopsis, every flag and an example.
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"--data", t.TempDir(), "--help"}} {
		out, errOut, code := runMain(t, args...)
		if code != 0 || errOut != "" || !strings.HasPrefix(out, "Chat Channels "+app.Version) {
			t.Errorf("%v: exit %d, stderr %q, stdout %.60q", args, code, errOut, out)
		}
		for name := range commandFlags {
			if !strings.Contains(out, "\n  "+name) {
				t.Errorf("%v does not list %s", args, name)
			}
		}
	}
	for name, flags := range commandFlags {
		help, errOut, code := runMain(t, "help", name)
		if code != 0 || errOut != "" {
			t.Errorf("help %s: exit %d, stderr %q", name, code, errOut)
		}
		if !strings.HasPrefix(help, "Usage: chatchannels "+name) || !strings.Contains(help, "\nExamples:\n  chatchannels "+name) {
			t.Errorf("help %s lacks its synopsis or an example:\n%s", name, help)
		}
		for _, f := range append(flags, "--data DIR") {
			if !strings.Contains(help, "\n  "+f+" ") {
				t.Errorf("help %s does not explain %s:\n%s", name, f, help)
			}
		}
		for _, asked := range [][]string{{name, "--help"}, {name, "-h"}, {"--data", t.TempDir(), name, "--help"}} {
			if out, _, code := runMain(t, asked...); code != 0 || out != help {
				t.Errorf("%v: exit %d, not the same as help %s:\n%s", asked, code, name, out)
			}
		}
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		if out, errOut, code := runMain(t, args...); code != 0 || out != "chatchannels "+app.Version+"\n" || errOut != "" {
			t.Errorf("%v: exit %d, %q %q", args, code, out, errOut)
		}
	}
}

// TestExitCodes: 0 when done, 1 on a failure with a one-line reason, 2 on
// a command line not understood, with the reason and the command's
// synopsis.
func TestExitCodes(t *testing.T) {
	dir := archive(t)
	missing := filepath.Join(t.TempDir(), "nothing-here")
	for _, c := range []struct {
		args     []string
		code     int
		want     string // in standard error's first line, or in standard output for exit 0
		synopsis string // the usage that follows an exit 2
	}{
		{[]string{"chats"}, 0, "Project X", ""},
		{[]string{"chats", "--json"}, 0, `"web_id": "(alice)$6a072ce5537c4044"`, ""},
		{[]string{"chats", "--json", "extra"}, 2, "want no arguments, add NAME or remove NAME", "chats [--json] [add NAME | remove NAME]"},
		{[]string{"chats", "add"}, 2, "want no arguments, add NAME or remove NAME", "chats [--json]"},
		{[]string{"chats", "--frob"}, 2, "chats: unknown flag --frob", "chats [--json]"},
		{[]string{"chats", "--", "--json"}, 2, "want no arguments", "chats [--json]"},
		{[]string{"chats", "add", "nobody"}, 1, `chats add nobody: no chat is named or titled "nobody"`, ""},
		{[]string{"search", "friday"}, 0, "the release is on friday", ""},
		{[]string{"search", "friday", "--limit", "1"}, 0, "\t", ""},
		{[]string{"search", "--limit=1", "friday"}, 0, "\t", ""},
		{[]string{"search"}, 2, "search: search for what?", "search [--by-time] [--json] [--limit N] QUERY..."},
		{[]string{"search", "--", "--by-time"}, 2, "search for what?", "search [--by-time]"},
		{[]string{"search", "friday", "--limit"}, 2, "search: --limit needs a value", "search [--by-time]"},
		{[]string{"search", "friday", "--limit", "many"}, 2, `invalid value "many" for flag --limit`, "search [--by-time]"},
		{[]string{"search", "friday", "--limit", "0"}, 2, "--limit: a number from 1", "search [--by-time]"},
		{[]string{"search", "friday", "--verbose"}, 2, `unknown flag --verbose; to search for it as text, quote it: chatchannels search '"--verbose"'`, "search [--by-time]"},
		{[]string{"search", "date:2013-13"}, 2, "date:2013-13", "search [--by-time]"},
		{[]string{"export", "--format", "txt"}, 0, "] Bob: the release is on friday\n", ""},
		{[]string{"export", "--chat", "Project X", "--format=csv", "--from", "2013-07-30", "--to", "2013-07-30"}, 0, "Project X,2013-07-30T21:27:11Z,bob", ""},
		{[]string{"export"}, 2, "export: name the format: --format html, txt, csv, json or skype", "export [--author WHO] [--chat NAME] [--format FORMAT]"},
		{[]string{"export", "--format", "pdf"}, 2, "--format pdf: want html, txt, csv, json or skype", "export [--author WHO]"},
		{[]string{"export", "--format", "html"}, 2, "--format html writes a file per chat: name a folder with --out DIR", "export [--author WHO]"},
		{[]string{"export", "--format", "txt", "now"}, 2, `unexpected "now"`, "export [--author WHO]"},
		{[]string{"export", "--format", "txt", "--from", "2013-13"}, 2, "--from 2013-13: date:2013-13: write a date as 2013, 2013-07 or 2013-07-30", "export [--author WHO]"},
		{[]string{"export", "--format", "txt", "--from", "2014", "--to", "2013-07"}, 2, "--from 2014 comes after --to 2013-07", "export [--author WHO]"},
		{[]string{"export", "--format", "txt", "--query", `""`}, 2, "asks for nothing", "export [--author WHO]"},
		{[]string{"export", "--format", "txt", "--out"}, 2, "--out needs a value", "export [--author WHO]"},
		{[]string{"export", "--format", "txt", "--chat", "nobody"}, 1, `export: --chat nobody: no chat is named or titled "nobody"`, ""},
		{[]string{"export", "--format", "txt", "--author", "mallory"}, 1, `export: --author mallory: no author in the archive has the handle or display name "mallory"`, ""},
		{[]string{"export", "--format", "txt", "--out", filepath.Join(missing, "x.txt")}, 1, "export: --out " + filepath.Join(missing, "x.txt") + ": no such file or directory", ""},
		{[]string{"export", "--format", "txt", "--out", dir}, 1, "export: --out " + dir + " is a folder; name a file", ""},
		{[]string{"status"}, 0, "up to date", ""},
		{[]string{"status", "now"}, 2, `unexpected "now"`, "status [--json]"},
		{[]string{"reindex", "now"}, 2, `unexpected "now"`, "reindex"},
		{[]string{"import"}, 2, "import: name the Skype export", "import FILE..."},
		{[]string{"import", filepath.Join(missing, "x.tar")}, 1, "import " + filepath.Join(missing, "x.tar") + ": no such file or directory", ""},
		{[]string{"serve", "--addr", "nonsense"}, 2, "--addr nonsense: want HOST:PORT", "serve [--addr HOST:PORT] [--demo]"},
		{[]string{"serve", "now"}, 2, `unexpected "now"`, "serve [--addr HOST:PORT]"},
		{[]string{"generate", "--messages"}, 2, "--messages needs a value", "generate [--messages N] [--seed N]"},
		{[]string{"completion"}, 2, "name the shell", "completion bash|powershell"},
		{[]string{"completion", "zsh"}, 2, `no completion for "zsh"`, "completion bash|powershell"},
		{[]string{"completion", "bash"}, 0, "complete -o default -F _chatchannels chatchannels", ""},
		{[]string{"help", "nope"}, 2, `help: no command "nope"`, "help [COMMAND]"},
		{[]string{"version", "now"}, 2, "takes no arguments", "version"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`, "[--data DIR] COMMAND"},
		{[]string{"--frob", "chats"}, 2, "unknown option --frob", "[--data DIR] COMMAND"},
	} {
		args := append([]string{"--data", dir}, c.args...)
		out, errOut, code := runMain(t, args...)
		first, rest, _ := strings.Cut(errOut, "\n")
		switch {
		case code != c.code:
			t.Errorf("%v: exit %d, want %d (stderr %q)", c.args, code, c.code, errOut)
		case code == 0 && !strings.Contains(out, c.want):
			t.Errorf("%v: stdout %q lacks %q", c.args, out, c.want)
		case code != 0 && (!strings.HasPrefix(first, "chatchannels: ") || !strings.Contains(first, c.want)):
			t.Errorf("%v: stderr %q; want a first line with %q", c.args, errOut, c.want)
		case code == 1 && rest != "":
			t.Errorf("%v: a failure says more than one line: %q", c.args, errOut)
		case code == 2 && (!strings.Contains(rest, "Usage: chatchannels ") || !strings.Contains(rest, c.synopsis) || out != ""):
			t.Errorf("%v: stderr %q, stdout %q; want the usage %q after the reason", c.args, errOut, out, c.synopsis)
		}
	}
}

// TestFlagsAnywhere: flags before or after the query; -word stays a query
// term (it leaves the word out); -- ends the flags.
func TestFlagsAnywhere(t *testing.T) {
	dir := archive(t)
	t.Setenv("TZ", "UTC")
	for _, args := range [][]string{
		{"search", "date:2013", "--limit", "1", "--by-time"},
		{"search", "--by-time", "date:2013", "--limit=1"},
		{"search", "--limit", "1", "--by-time", "--data", dir, "date:2013"},
	} {
		out, errOut, code := runMain(t, append([]string{"--data", dir}, args...)...)
		if code != 0 || out != "Project X\t2013-07-30 21:29\tBob\tsee you then\n" || errOut != "1 of 3 matches\n" {
			t.Errorf("%v: exit %d, %q %q; want the newest of 3 hits", args, code, out, errOut)
		}
	}
	out, errOut, _ := runMain(t, "--data", dir, "search", "friday", "-release")
	if out != "Project X\t2013-07-30 21:28\tAlice\tfriday works for me\n" || errOut != "1 of 1 matches\n" {
		t.Errorf("friday -release: %q %q; want the one without release", out, errOut)
	}
	out, _, _ = runMain(t, "--data", dir, "search", "--json", "--", "friday", "-release")
	var res struct{ Query string }
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Query != "friday -release" {
		t.Errorf("after --: %q (%v)", out, err)
	}
}

// TestJSONShapes decodes the --json outputs and checks their field names,
// which scripts rely on.
func TestJSONShapes(t *testing.T) {
	dir := archive(t)
	decode := func(args ...string) any {
		t.Helper()
		out, errOut, code := runMain(t, append([]string{"--data", dir}, args...)...)
		var v any
		if err := json.Unmarshal([]byte(out), &v); code != 0 || err != nil {
			t.Fatalf("%v: exit %d, %v: %s %s", args, code, err, out, errOut)
		}
		return v
	}
	fields := func(what string, v any, want ...string) map[string]any {
		t.Helper()
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s: %T, want an object", what, v)
		}
		var got []string
		for k := range m {
			got = append(got, k)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s has fields %q, want %q", what, got, want)
		}
		return m
	}

	chats, ok := decode("chats", "--json").([]any)
	if !ok || len(chats) != 1 {
		t.Fatalf("chats --json: %v", chats)
	}
	c := fields("a chat", chats[0], "name", "web_id", "title", "topic", "members", "collected", "problem", "messages", "last_message")
	if c["name"] != "#alice/$6a072ce5537c4044" || c["title"] != "Project X" || c["messages"] != 3.0 || c["last_message"] != "2013-07-30T21:29:11Z" ||
		c["collected"] != false {
		t.Errorf("chat %v", c)
	}

	res := fields("search --json", decode("search", "--json", "friday"), "query", "total", "hits")
	hits, _ := res["hits"].([]any)
	if res["query"] != "friday" || res["total"] != 2.0 || len(hits) != 2 {
		t.Fatalf("search --json: %v", res)
	}
	hit := fields("a hit", hits[0], "chat", "key", "time", "author", "author_name", "text", "fragment", "edited", "deleted", "url")
	fields("a hit's chat", hit["chat"], "name", "web_id", "title")
	fragment, _ := hit["fragment"].([]any)
	if len(fragment) == 0 {
		t.Fatalf("hit %v has no fragment", hit)
	}
	fields("a fragment's span", fragment[0], "text", "match")

	st := fields("status --json", decode("status", "--json"), "version", "data", "chats", "messages", "index_lag", "running", "skype")
	if st["version"] != app.Version || st["data"] != dir || st["chats"] != 1.0 || st["messages"] != 3.0 || st["index_lag"] != 0.0 ||
		st["running"] != nil || st["skype"] != nil {
		t.Errorf("status --json: %v", st)
	}
}

// TestReadingCommandsNeedAnArchive: search, chats, status and reindex on a
// data folder that holds no archive say so, and leave no archive behind.
func TestReadingCommandsNeedAnArchive(t *testing.T) {
	empty := t.TempDir()
	missing := filepath.Join(t.TempDir(), "typo")
	for _, args := range [][]string{{"search", "friday"}, {"export", "--format", "txt"}, {"chats"}, {"chats", "--json"}, {"chats", "add", "Project X"},
		{"chats", "remove", "Project X"}, {"status"}, {"status", "--json"}, {"reindex"}} {
		for dir, want := range map[string]string{missing: "there is no data folder " + missing, empty: "there is no archive in " + empty} {
			out, errOut, code := runMain(t, append([]string{"--data", dir}, args...)...)
			if code != 1 || out != "" || !strings.Contains(errOut, want) {
				t.Errorf("%v in %s: exit %d, %q %q; want %q", args, dir, code, out, errOut, want)
			}
		}
		if _, err := os.Stat(missing); !os.IsNotExist(err) {
			t.Fatalf("%v made the data folder", args)
		}
		if names, _ := os.ReadDir(empty); len(names) > 0 {
			t.Fatalf("%v left %v in an empty data folder", args, names)
		}
	}
}
