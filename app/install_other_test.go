//go:build !windows

package app_test

import (
	"strings"
	"testing"
)

// TestInstallIsForWindows: elsewhere, install and uninstall refuse with one
// clear line and touch nothing.
func TestInstallIsForWindows(t *testing.T) {
	for _, cmd := range []string{"install", "uninstall"} {
		data := t.TempDir()
		stdout, stderr, code := runMain(t, "--data", data, cmd)
		if code != 1 || stdout != "" || stderr != "chatchannels: install is for Windows; elsewhere run chatchannels serve from where it is\n" {
			t.Errorf("%s: code %d, stdout %q, stderr %q", cmd, code, stdout, stderr)
		}
	}
	if usage, _, _ := runMain(t, "--help"); !strings.Contains(usage, "uninstall [--remove-data]") {
		t.Error("the usage does not list uninstall")
	}
}
