package app_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/app/background"
)

// niceness reads every thread's niceness of process pid.
func niceness(t *testing.T, pid int) []int {
	t.Helper()
	dir := filepath.Join("/proc", strconv.Itoa(pid), "task")
	tasks, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var nice []int
	for _, task := range tasks {
		stat, err := os.ReadFile(filepath.Join(dir, task.Name(), "stat"))
		if err != nil {
			continue // the thread ended
		}
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		n, err := strconv.Atoi(fields[16]) // field 19 of stat, counting from the state (3)
		if err != nil {
			t.Fatal(err)
		}
		nice = append(nice, n)
	}
	return nice
}

// TestImportBesideServeRunsBelowNormal: `chatchannels import` beside a
// running `chatchannels serve` lowers its own priority, every thread of
// it, leaves the server's alone, and imports as ever.
func TestImportBesideServeRunsBelowNormal(t *testing.T) {
	dir := t.TempDir()
	serve, _, _ := startServe(t, dir, "127.0.0.1:0")
	cmd := exec.Command(os.Args[0], "--data", dir, "import", "-")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	// The import waits for its export on standard input, below normal.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		nice := niceness(t, cmd.Process.Pid)
		lowered := len(nice) > 0
		for _, n := range nice {
			lowered = lowered && n == background.Nice
		}
		if lowered {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the import's threads have niceness %v beside a running Chat Channels, want all %d", nice, background.Nice)
		}
	}
	for _, n := range niceness(t, serve.Process.Pid) {
		if n != 0 {
			t.Fatalf("the running Chat Channels has a thread at niceness %d, want 0", n)
		}
	}
	stdin.Write([]byte(`{"userId": "8:alice", "conversations": [{"id": "8:bob", "MessageList": [
		{"id": "1", "originalarrivaltime": "2013-07-30T21:26:28Z", "messagetype": "RichText", "from": "8:bob", "content": "hello from the export"}]}]}`))
	stdin.Close()
	if err := cmd.Wait(); err != nil || !strings.Contains(out.String(), "1 messages added") {
		t.Fatalf("import: %v: %s", err, out.String())
	}
}
