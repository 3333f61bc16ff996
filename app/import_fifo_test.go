//go:build !windows

package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestImportRefusesNonRegularFiles: a named pipe (which opening would wait
// on for a writer, for ever) and a folder are refused at once, naming
// what they are; nothing is archived.
func TestImportRefusesNonRegularFiles(t *testing.T) {
	data := t.TempDir()
	fifo := filepath.Join(t.TempDir(), "export.tar")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	for path, kind := range map[string]string{fifo: "a named pipe", t.TempDir(): "a folder"} {
		done := make(chan struct{})
		var stderr string
		var code int
		go func() {
			_, stderr, code = runMain(t, "import", "--data", data, path)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			os.WriteFile(fifo, nil, 0) // let a hung import go
			t.Fatalf("import of %s hangs", kind)
		}
		if code == 0 || !strings.Contains(stderr, path+": "+kind+", not a file") || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("import of %s: exit %d, %q", kind, code, stderr)
		}
	}
}
