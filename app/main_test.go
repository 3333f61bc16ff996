package app_test

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"testing"

	"github.com/chatchannels/chatchannels/app"
)

// childEnv makes the test binary act as chatchannels itself, so that tests
// can run it as a separate process (and kill it).
const childEnv = "CHATCHANNELS_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	if stage := os.Getenv(soakChildEnv); stage != "" {
		os.Exit(runSoakChild(stage, os.Args[1:]))
	}
	if os.Getenv(childEnv) == "1" {
		os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// runMain runs the command line in-process and returns its output.
func runMain(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	outR, outW, _ := os.Pipe()
	errR, errW, _ := os.Pipe()
	outC, errC := make(chan string), make(chan string)
	go func() { b, _ := io.ReadAll(outR); outC <- string(b) }()
	go func() { b, _ := io.ReadAll(errR); errC <- string(b) }()
	code = app.Main(args, outW, errW)
	outW.Close()
	errW.Close()
	return <-outC, <-errC, code
}

// startChild starts chatchannels with args as its own process, for a test
// that signals it mid-way, and returns it with a scanner of its stderr.
func startChild(t *testing.T, args ...string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	return startChildEnv(t, nil, args...)
}

// startChildEnv is startChild with more environment variables (NAME=value).
func startChildEnv(t *testing.T, env []string, args ...string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), childEnv+"=1"), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(stderr)
}
