package app_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestImportErrorsNameTheFileOnce: a failed import reads
// "chatchannels: import FILE: why", without the packages' own prefixes or
// the file named twice.
func TestImportErrorsNameTheFileOnce(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(t.TempDir(), "messages.json")
	os.WriteFile(broken, []byte(`{"userId": "8:alice", "conversations": [{"id": "8:bob", "MessageList": [{"id": "1",`), 0o600)
	notExport := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notExport, []byte("hello\n"), 0o600)
	for path, want := range map[string]string{
		broken:    "chatchannels: import " + broken + `: at byte 72 (conversation 0 "8:bob", message 0): unexpected EOF` + "\n",
		notExport: "chatchannels: import " + notExport + ": neither JSON nor a tar archive (unexpected EOF): not a Skype data export\n",
	} {
		if _, errOut, code := runMain(t, "--data", dir, "import", path); code != 1 || errOut != want {
			t.Errorf("import %s: exit %d\n got %q\nwant %q", path, code, errOut, want)
		}
	}
}

// writeExport writes an export of n messages from bob.
func writeExport(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"userId": "8:alice", "conversations": [{"id": "8:bob", "MessageList": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id": "%d", "originalarrivaltime": "2013-07-30T%02d:%02d:%02d.%03dZ", "messagetype": "RichText", "from": "8:bob", "content": "message %d"}`,
			i, i/3600000%24, i/60000%60, i/1000%60, i%1000, i)
	}
	b.WriteString("]}]}")
	path := filepath.Join(t.TempDir(), "messages.json")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestInterruptedImport: Ctrl-C stops an import; it says how many messages
// it kept and that importing the same file again completes it, which it
// does.
func TestInterruptedImport(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Ctrl-C to send to a child process here")
	}
	const total = 30_000
	export := writeExport(t, total)
	dir := t.TempDir()
	cmd, sc := startChild(t, "--data", dir, "import", export)
	if !sc.Scan() || !strings.HasPrefix(sc.Text(), "import messages.json: ") {
		cmd.Process.Kill()
		t.Fatalf("no progress line: %q", sc.Text())
	}
	time.Sleep(300 * time.Millisecond) // a batch or two in
	cmd.Process.Signal(os.Interrupt)
	var last string
	for sc.Scan() {
		last = sc.Text()
	}
	if err := cmd.Wait(); err == nil {
		t.Fatalf("interrupted, the import exited 0 (%s)", last)
	}
	m := regexp.MustCompile(`^chatchannels: import ` + regexp.QuoteMeta(export) +
		`: interrupted; (\d+) messages of it are archived, and importing the same file again completes it$`).FindStringSubmatch(last)
	if m == nil {
		t.Fatalf("interrupted, it said %q", last)
	}
	kept, _ := strconv.Atoi(m[1])
	if kept == total {
		t.Fatalf("the import ended before the interrupt (%d messages)", kept)
	}
	out, errOut, code := runMain(t, "--data", dir, "import", export)
	want := fmt.Sprintf("%d messages added, 0 merged with ones already archived, 0 updated, %d already archived", total-kept, kept)
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("importing again: exit %d, %q %q; want %q", code, out, errOut, want)
	}
}

// TestImportFromStandardInput: "import -" reads an export from standard
// input and names it so; a main.db there is refused clearly.
func TestImportFromStandardInput(t *testing.T) {
	run := func(dir, input string) (string, string, error) {
		cmd := exec.Command(os.Args[0], "--data", dir, "import", "-")
		cmd.Env = append(os.Environ(), childEnv+"=1")
		f, err := os.Open(input)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cmd.Stdin = f
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err = cmd.Run()
		return out.String(), errOut.String(), err
	}
	dir := t.TempDir()
	out, errOut, err := run(dir, writeExport(t, 3))
	if err != nil || out != "standard input: alice's export; 1 conversations; 3 messages added, 0 merged with ones already archived, 0 updated, 0 already archived; 3 read\n" {
		t.Errorf("an export on standard input: %v, %q %q", err, out, errOut)
	}
	if out, _, _ := runMain(t, "--data", dir, "search", "message"); strings.Count(out, "\n") != 3 {
		t.Errorf("the messages from standard input are not searchable: %q", out)
	}
	out, errOut, err = run(dir, "../skypeapi/maindb/testdata/skype6_main.db")
	if err == nil || out != "" || errOut != "chatchannels: import standard input: a main.db cannot be read from standard input; name the file instead\n" {
		t.Errorf("a main.db on standard input: %v, %q %q", err, out, errOut)
	}
}

// TestCompletionScripts: the bash script completes commands, flags and
// first arguments; the PowerShell one registers a completer with the same
// words.
func TestCompletionScripts(t *testing.T) {
	ps, _, code := runMain(t, "completion", "powershell")
	for _, want := range []string{"Register-ArgumentCompleter -Native -CommandName chatchannels", "'search' = @('--by-time', '--data', '--json', '--limit', '--help')",
		"'chats' = @('add', 'remove')"} {
		if code != 0 || !strings.Contains(ps, want) {
			t.Errorf("the PowerShell script lacks %q:\n%s", want, ps)
		}
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to run the bash script in")
	}
	script, _, _ := runMain(t, "completion", "bash")
	for line, want := range map[string]string{
		"chatchannels se":                  "serve search",
		"chatchannels --data /tmp sta":     "status",
		"chatchannels search --l":          "--limit",
		"chatchannels search friday --j":   "--json",
		"chatchannels chats ":              "add remove",
		"chatchannels chats add ":          "",
		"chatchannels help sea":            "search",
		"chatchannels completion ":         "bash powershell",
		"chatchannels search --limit ":     "",
		"chatchannels.exe uninstall --rem": "--remove-data",
	} {
		words := strings.Fields(line)
		if strings.HasSuffix(line, " ") {
			words = append(words, "")
		}
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, strconv.Quote(w))
		}
		cmd := exec.Command(bash, "--norc", "-c", script+"\nCOMP_WORDS=("+strings.Join(quoted, " ")+")\nCOMP_CWORD="+
			strconv.Itoa(len(words)-1)+"\n_chatchannels\necho \"${COMPREPLY[*]}\"")
		got, err := cmd.Output()
		if err != nil || strings.TrimSpace(string(got)) != want {
			t.Errorf("%q completes to %q (%v), want %q", line, strings.TrimSpace(string(got)), err, want)
		}
	}
}
