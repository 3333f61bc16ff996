//go:build unix

package app_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/store"
)

// TestInterruptedExport: Ctrl-C in the middle of an export to a file
// leaves nothing under the file's name (and no temporary file beside it),
// and says so. The child is stopped (SIGSTOP) as soon as it reports that
// it started, so that the interrupt lands mid-way whatever the machine's
// speed.
func TestInterruptedExport(t *testing.T) {
	const total = 100_000
	dir := t.TempDir()
	s, err := store.OpenDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := synth.Fill(context.Background(), s, synth.Config{Seed: 5, Messages: total}, 10_000, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	outDir := t.TempDir()
	file := filepath.Join(outDir, "all.json")
	cmd, sc := startChild(t, "--data", dir, "export", "--format", "json", "--out", file)
	if !sc.Scan() || !strings.HasPrefix(sc.Text(), "export: 0 of 100000") {
		cmd.Process.Kill()
		t.Fatalf("no progress line: %q", sc.Text())
	}
	cmd.Process.Signal(syscall.SIGSTOP)
	parts, _ := filepath.Glob(filepath.Join(outDir, ".all.json.*.part"))
	if _, err := os.Stat(file); len(parts) != 1 || !os.IsNotExist(err) {
		cmd.Process.Kill()
		t.Fatalf("while it runs: %v beside, the file itself %v; want the export written beside its name", parts, err)
	}
	cmd.Process.Signal(os.Interrupt)
	cmd.Process.Signal(syscall.SIGCONT)
	var last string
	for sc.Scan() {
		last = sc.Text()
	}
	err = cmd.Wait()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 {
		t.Fatalf("interrupted: %v (%s)", err, last)
	}
	if last != "chatchannels: export: interrupted; nothing was written to "+file {
		t.Errorf("interrupted, it said %q", last)
	}
	if names, _ := os.ReadDir(outDir); len(names) != 0 {
		t.Errorf("left behind: %v", names)
	}
}
