package app_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
)

// TestServeDemo runs `chatchannels serve --demo` as its own process and
// watches, over HTTP, the demo's history arrive and live messages follow.
func TestServeDemo(t *testing.T) {
	cmd := exec.Command(os.Args[0], "serve", "--demo", "--addr", "127.0.0.1:0", "--data", t.TempDir())
	cmd.Env = append(os.Environ(), childEnv+"=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	defer func() {
		if runtime.GOOS != "windows" {
			cmd.Process.Signal(os.Interrupt)
		} else {
			cmd.Process.Kill()
		}
		select {
		case err := <-exited:
			if err != nil && runtime.GOOS != "windows" {
				t.Errorf("serve did not stop cleanly on interrupt: %v", err)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Error("serve did not stop on interrupt")
		}
	}()
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() {
		t.Fatal("serve printed nothing")
	}
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(sc.Text())
	if url == "" {
		t.Fatalf("serve printed %q, want the URL it serves on", sc.Text())
	}
	go func() { exited <- cmd.Wait() }()

	var history int
	deadline := time.Now().Add(30 * time.Second)
	for {
		st := status(t, url)
		if history == 0 && st.Messages >= 3000 && st.Skype.Syncing == "" && st.Skype.User != "" {
			history = st.Messages // the demo world's history is in; now a live message must follow
		}
		if history > 0 && st.Messages > history {
			if st.Skype.State != "attached as "+st.Skype.User {
				t.Errorf("state %+v", st.Skype)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s: %+v", st)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func status(t *testing.T, url string) feed.Status {
	t.Helper()
	res, err := http.Get(url + "api/status")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var st feed.Status
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}
