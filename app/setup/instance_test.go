package setup

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestInstanceInfo(t *testing.T) {
	dir := t.TempDir()
	if got := RunningInstanceURL(dir, "http://127.0.0.1:8006/"); got != "http://127.0.0.1:8006/" {
		t.Errorf("without a record: %q, want the default address", got)
	}
	want := InstanceInfo{URL: "http://127.0.0.1:40123/", PID: 4242}
	if err := WriteInstanceInfo(dir, want); err != nil {
		t.Fatal(err)
	}
	if got, ok := ReadInstanceInfo(dir); !ok || got != want {
		t.Errorf("read back %+v, %v; want %+v", got, ok, want)
	}
	if got := RunningInstanceURL(dir, "http://127.0.0.1:8006/"); got != want.URL {
		t.Errorf("RunningInstanceURL = %q, want %q", got, want.URL)
	}
	if _, err := os.Stat(filepath.Join(dir, instanceFile+".tmp")); !os.IsNotExist(err) {
		t.Error("the temporary file was left behind")
	}
	RemoveInstanceInfo(dir) // another process's record stays
	if _, ok := ReadInstanceInfo(dir); !ok {
		t.Error("RemoveInstanceInfo removed another process's record")
	}
	if err := WriteInstanceInfo(dir, InstanceInfo{URL: want.URL, PID: os.Getpid()}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(filepath.Join(dir, instanceFile)); err != nil || runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("the record (%v) may be read by others: it holds a published archive's token", err)
	}
	RemoveInstanceInfo(dir)
	if _, ok := ReadInstanceInfo(dir); ok {
		t.Error("the record survived RemoveInstanceInfo")
	}
}

func TestInstanceInfoDamaged(t *testing.T) {
	for _, content := range []string{"", "{", `{"pid":12}`, "not json"} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, instanceFile), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := RunningInstanceURL(dir, "http://127.0.0.1:8006/"); got != "http://127.0.0.1:8006/" {
			t.Errorf("record %q: %q, want the default address", content, got)
		}
	}
}
