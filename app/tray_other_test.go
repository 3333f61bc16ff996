//go:build !windows

package app_test

import (
	"bufio"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestNoCommandRunsHeadless checks DESIGN's contract that `chatchannels`
// without a command, where there is no tray, runs headless like serve: on
// the default address it serves the web view, and with that address taken
// it says so in one line and exits non-zero.
func TestNoCommandRunsHeadless(t *testing.T) {
	start := func() (*exec.Cmd, *bufio.Scanner, *strings.Builder) {
		cmd := exec.Command(os.Args[0], "--data", t.TempDir())
		cmd.Env = append(os.Environ(), childEnv+"=1")
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, bufio.NewScanner(stdout), &stderr
	}

	held, err := net.Listen("tcp", "127.0.0.1:8006")
	if err == nil { // hold the default address to see the headless server fail on it
		cmd, _, stderr := start()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(stderr.String(), "chatchannels: serve: 127.0.0.1:8006 is in use") {
				t.Errorf("with the address taken: %v, stderr %q", err, stderr.String())
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatal("still running with its address taken")
		}
		held.Close()
	}

	cmd, stdout, stderr := start()
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if !stdout.Scan() {
		if err != nil {
			t.Skipf("127.0.0.1:8006 is in use by another program (%v), so the headless server cannot start there: %s", err, stderr)
		}
		t.Fatalf("printed nothing; stderr %q", stderr.String())
	}
	if line := stdout.Text(); !strings.HasSuffix(line, " on http://127.0.0.1:8006/") {
		t.Fatalf("printed %q, want the serve line", line)
	}
	st := status(t, "http://127.0.0.1:8006/")
	if st.Skype.State != "live collection off" {
		t.Errorf("status %+v, want the archive served without live collection", st)
	}
}
