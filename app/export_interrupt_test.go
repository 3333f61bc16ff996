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
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/store"
)

// TestInterruptedExport: Ctrl-C in the middle of an export to a file
// (json) or to a folder (html) leaves nothing under the names (and no
// temporary file beside them, nor the folder the export made), and says
// so. The child is stopped (SIGSTOP) as soon as it reports that it
// started, so that the interrupt lands mid-way whatever the machine's
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
	for _, c := range []struct{ format, out, parts string }{
		{"json", "all.json", ".all.json.*.part"},
		{"html", "pages", "pages/.*.part"},
	} {
		outDir := t.TempDir()
		out := filepath.Join(outDir, c.out)
		cmd, sc := startChild(t, "--data", dir, "export", "--format", c.format, "--out", out)
		if !sc.Scan() || !strings.HasPrefix(sc.Text(), "export: 0 of 100000") {
			cmd.Process.Kill()
			t.Fatalf("%s: no progress line: %q", c.format, sc.Text())
		}
		parts, _ := filepath.Glob(filepath.Join(outDir, c.parts))
		for deadline := time.Now().Add(20 * time.Second); len(parts) == 0 && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond) // html opens a page once the first chat's messages are read
			parts, _ = filepath.Glob(filepath.Join(outDir, c.parts))
		}
		cmd.Process.Signal(syscall.SIGSTOP)
		if c.format == "json" {
			if _, err := os.Stat(out); len(parts) != 1 || !os.IsNotExist(err) {
				cmd.Process.Kill()
				t.Fatalf("while it runs: %v beside, the file itself %v; want the export written beside its name", parts, err)
			}
		} else if names, _ := filepath.Glob(filepath.Join(out, "[^.]*")); len(parts) == 0 || len(names) != 0 {
			cmd.Process.Kill()
			t.Fatalf("while it runs: %v beside, %v under their names; want the pages written beside their names", parts, names)
		}
		cmd.Process.Signal(os.Interrupt)
		cmd.Process.Signal(syscall.SIGCONT)
		var last string
		for sc.Scan() {
			last = sc.Text()
		}
		err = cmd.Wait()
		if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 {
			t.Fatalf("%s: interrupted: %v (%s)", c.format, err, last)
		}
		if last != "chatchannels: export: interrupted; nothing was written to "+out {
			t.Errorf("%s: interrupted, it said %q", c.format, last)
		}
		if names, _ := os.ReadDir(outDir); len(names) != 0 {
			t.Errorf("%s: left behind: %v", c.format, names)
		}
	}
}
