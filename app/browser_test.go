package app

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestOpenBrowserNoneLogs(t *testing.T) {
	t.Setenv("CHATCHANNELS_BROWSER", "none")
	var logged bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&logged, nil)))
	if err := openBrowser("http://127.0.0.1:8006/"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logged.String(), "url=http://127.0.0.1:8006/") {
		t.Errorf("log = %q", logged.String())
	}
}

// TestOpenBrowserProgram: CHATCHANNELS_BROWSER names the program that gets
// the URL.
func TestOpenBrowserProgram(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake browser is a shell script")
	}
	dir := t.TempDir()
	got := filepath.Join(dir, "opened")
	script := filepath.Join(dir, "browser")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$1\" >"+got+".tmp && mv "+got+".tmp "+got+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CHATCHANNELS_BROWSER", script)
	if err := openBrowser("http://127.0.0.1:8006/chats/x/"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(got)
		if err == nil {
			if strings.TrimSpace(string(b)) != "http://127.0.0.1:8006/chats/x/" {
				t.Fatalf("the browser got %q", b)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the browser program was not run")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestOpenBrowserRefusesOtherSchemes(t *testing.T) {
	t.Setenv("CHATCHANNELS_BROWSER", "none")
	for _, link := range []string{"file:///etc/passwd", `C:\Windows\system32\calc.exe`, "http://", "javascript:alert(1)"} {
		if err := openBrowser(link); err == nil || !strings.Contains(err.Error(), "not a web address") {
			t.Errorf("openBrowser(%q) = %v, want a refusal", link, err)
		}
	}
}
