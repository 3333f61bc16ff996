package app_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/app/setup"
	"github.com/chatchannels/chatchannels/feed"
)

// startServe runs `chatchannels serve` on dir as its own process and
// returns it with the first line it printed; stop ends it as Ctrl-C does.
func startServe(t *testing.T, dir, addr string) (cmd *exec.Cmd, line string, stop func()) {
	t.Helper()
	cmd = exec.Command(os.Args[0], "serve", "--addr", addr, "--data", dir)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("serve printed nothing")
	}
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		if runtime.GOOS == "windows" {
			cmd.Process.Kill()
		} else {
			cmd.Process.Signal(os.Interrupt)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Error("serve did not stop")
		}
	}
	t.Cleanup(stop)
	return cmd, sc.Text(), stop
}

type statusOut struct {
	IndexLag *int64 `json:"index_lag"`
	Running  *struct {
		URL     string
		PID     int
		Version string
	}
	Skype *struct{ State string }
}

func statusJSON(t *testing.T, dir string) statusOut {
	t.Helper()
	out, errOut, code := runMain(t, "--data", dir, "status", "--json")
	var st statusOut
	if err := json.Unmarshal([]byte(out), &st); code != 0 || err != nil {
		t.Fatalf("status --json: exit %d, %v: %s %s", code, err, out, errOut)
	}
	return st
}

// TestSearchAndStatusWhileServing: serve records itself in the data
// folder; while it keeps the search index, search asks it over loopback
// (as text and as JSON), and status reports it and its Skype state; when it
// stops, the record goes and search reads the index itself again.
func TestSearchAndStatusWhileServing(t *testing.T) {
	dir := archive(t)
	t.Setenv("TZ", "UTC")
	cmd, line, stop := startServe(t, dir, "127.0.0.1:0")
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(line)
	info, ok := setup.ReadInstanceInfo(dir)
	if url == "" || !ok || info.URL != url || info.PID != cmd.Process.Pid {
		t.Fatalf("serve printed %q and recorded %+v (%v); want its URL and process", line, info, ok)
	}

	out, errOut, code := runMain(t, "--data", dir, "search", "friday", "--by-time")
	if code != 0 || out != "Project X\t2013-07-30 21:28\tAlice\tfriday works for me\nProject X\t2013-07-30 21:27\tBob\tthe release is on friday\n" ||
		errOut != "2 of 2 matches\n" {
		t.Errorf("search while serving: exit %d, %q %q", code, out, errOut)
	}
	out, _, _ = runMain(t, "--data", dir, "search", "--json", "--limit", "1", "friday")
	var res feed.SearchResults
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Total != 2 || len(res.Hits) != 1 || res.Hits[0].Chat.Title != "Project X" {
		t.Errorf("search --json while serving: %+v %v", res, err)
	}
	_, errOut, code = runMain(t, "--data", dir, "search", "date:2013-13")
	if code != 2 || !strings.Contains(errOut, "date:2013-13") {
		t.Errorf("a bad query while serving: exit %d, %q", code, errOut)
	}

	st := statusJSON(t, dir)
	for deadline := time.Now().Add(10 * time.Second); (st.IndexLag == nil || *st.IndexLag != 0) && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond) // the running one's index may still be applying the last change
		st = statusJSON(t, dir)
	}
	if st.Running == nil || st.Running.PID != cmd.Process.Pid || st.Running.URL != url || st.Skype == nil ||
		st.Skype.State != "live collection off" || st.IndexLag == nil || *st.IndexLag != 0 {
		t.Errorf("status while serving: %+v %+v", st.Running, st.Skype)
	}
	out, _, _ = runMain(t, "--data", dir, "status")
	if !regexp.MustCompile(`\nrunning: +yes, on `+regexp.QuoteMeta(url)).MatchString(out) || !regexp.MustCompile(`\nskype: +live collection off\n`).MatchString(out) {
		t.Errorf("status while serving:\n%s", out)
	}

	stop()
	if runtime.GOOS != "windows" { // killed, a process leaves its record; asked to stop, it removes it
		if _, ok := setup.ReadInstanceInfo(dir); ok {
			t.Error("serve left its record behind")
		}
	}
	if st := statusJSON(t, dir); st.Running != nil || st.Skype != nil {
		t.Errorf("status after serve stopped: %+v", st)
	}
	if out, _, code := runMain(t, "--data", dir, "search", "friday"); code != 0 || strings.Count(out, "\n") != 2 {
		t.Errorf("search after serve stopped: %d %q", code, out)
	}
}

// TestSearchWhilePublishing: serve published beyond loopback answers only
// with its access token; search gets it from the record and asks over
// loopback.
func TestSearchWhilePublishing(t *testing.T) {
	dir := archive(t)
	startServe(t, dir, "0.0.0.0:0")
	info, _ := setup.ReadInstanceInfo(dir)
	if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+/\?t=[A-Za-z0-9_-]{32}$`).MatchString(info.URL) {
		t.Errorf("recorded %q; want a loopback URL with the token", info.URL)
	}
	if out, errOut, code := runMain(t, "--data", dir, "search", "friday"); code != 0 || strings.Count(out, "\n") != 2 {
		t.Errorf("search while publishing: exit %d, %q %q", code, out, errOut)
	}
	if st := statusJSON(t, dir); st.Running == nil || st.Running.URL != info.URL {
		t.Errorf("status while publishing: %+v", st.Running)
	}
}

// TestStaleInstanceRecord: a record left by a process that is gone, or
// naming a port where another program (or another Chat Channels) answers,
// does not count as Chat Channels running.
func TestStaleInstanceRecord(t *testing.T) {
	dir := archive(t)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(feed.Status{Version: "0.1.0", PID: 1, Skype: feed.SkypeStatus{State: "attached as mallory"}})
	}))
	defer other.Close()
	for _, url := range []string{other.URL + "/", "http://127.0.0.1:1/", "http://example.com/"} {
		if err := setup.WriteInstanceInfo(dir, setup.InstanceInfo{URL: url, PID: 999999}); err != nil {
			t.Fatal(err)
		}
		if st := statusJSON(t, dir); st.Running != nil || st.Skype != nil || st.IndexLag == nil {
			t.Errorf("record of %s: %+v %+v", url, st.Running, st.Skype)
		}
		if out, _, code := runMain(t, "--data", dir, "search", "friday"); code != 0 || strings.Count(out, "\n") != 2 {
			t.Errorf("search with a record of %s: %d %q", url, code, out)
		}
	}
}

// TestPortInUse: serve on a taken address says so and how to serve
// elsewhere.
func TestPortInUse(t *testing.T) {
	dir := archive(t)
	_, line, _ := startServe(t, dir, "127.0.0.1:0")
	addr := regexp.MustCompile(`127\.0\.0\.1:\d+`).FindString(line)
	_, errOut, code := runMain(t, "--data", filepath.Join(t.TempDir(), "other"), "serve", "--addr", addr)
	want := "chatchannels: serve: " + addr + " is in use (by another Chat Channels?); serve on any free port with --addr 127.0.0.1:0\n"
	if code != 1 || errOut != want {
		t.Errorf("exit %d, %q; want %q", code, errOut, want)
	}
}
