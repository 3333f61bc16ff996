package app_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
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

// TestServePublishesWithAToken binds all interfaces and checks, over
// loopback, that the printed link works and that nothing works without it.
func TestServePublishesWithAToken(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "serve", "--addr", "0.0.0.0:0", "--data", dir)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() {
		t.Fatal("serve printed nothing")
	}
	m := regexp.MustCompile(`read-only to your network on http://this-machine:(\d+)/\?t=([A-Za-z0-9_-]{32})$`).FindStringSubmatch(sc.Text())
	if m == nil {
		t.Fatalf("serve printed %q, want a link with an access token", sc.Text())
	}
	base := "http://127.0.0.1:" + m[1]
	for _, c := range []struct {
		url  string
		want int
	}{{base + "/?t=" + m[2], 200}, {base + "/", 403}, {base + "/api/status", 403}} {
		res, err := http.Get(c.url)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.want {
			t.Errorf("%s: %d, want %d", c.url, res.StatusCode, c.want)
		}
	}
	// The token is kept, so links given out keep working after a restart.
	saved, err := os.ReadFile(dir + "/access-token")
	if err != nil || strings.TrimSpace(string(saved)) != m[2] {
		t.Errorf("access-token file holds %q (%v)", saved, err)
	}
}
