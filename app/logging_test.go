package app

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRotatingFile(t *testing.T) {
	tests := []struct {
		name   string
		keep   int
		writes []string
		want   []string // the current file, then .1, .2, …; missing files absent
	}{
		{"fits", 2, []string{"aaaa", "bbbb"}, []string{"aaaabbbb"}},
		{"exactly full stays", 2, []string{"aaaaa", "bbbbb"}, []string{"aaaaabbbbb"}},
		{"one rotation", 2, []string{"aaaaaa", "bbbbbb"}, []string{"bbbbbb", "aaaaaa"}},
		{"oldest dropped", 2, []string{"aaaaaa", "bbbbbb", "cccccc", "dddddd"}, []string{"dddddd", "cccccc", "bbbbbb"}},
		{"keep none", 0, []string{"aaaaaa", "bbbbbb"}, []string{"bbbbbb"}},
		{"long record written whole", 2, []string{"x", "0123456789abcdef"}, []string{"0123456789abcdef", "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "logs", "test.log")
			r, err := openRotatingFile(path, 10, tt.keep)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.writes {
				if n, err := r.Write([]byte(w)); err != nil || n != len(w) {
					t.Fatalf("Write(%q) = %d, %v", w, n, err)
				}
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			for i, want := range tt.want {
				got, err := os.ReadFile(r.numbered(i))
				if err != nil || string(got) != want {
					t.Errorf("%s = %q (%v), want %q", filepath.Base(r.numbered(i)), got, err, want)
				}
			}
			if _, err := os.Stat(r.numbered(len(tt.want))); !os.IsNotExist(err) {
				t.Errorf("%s exists, want only %d files", filepath.Base(r.numbered(len(tt.want))), len(tt.want))
			}
		})
	}
}

// TestRotatingFileReopen: a restart appends to the log and counts what is
// there already towards the limit.
func TestRotatingFileReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.log")
	for _, w := range []string{"aaaaaa", "bbbb"} {
		r, err := openRotatingFile(path, 10, 2)
		if err != nil {
			t.Fatal(err)
		}
		r.Write([]byte(w))
		r.Close()
	}
	r, err := openRotatingFile(path, 10, 2)
	if err != nil {
		t.Fatal(err)
	}
	r.Write([]byte("c"))
	r.Close()
	if got, _ := os.ReadFile(path); string(got) != "c" {
		t.Errorf("current = %q, want %q", got, "c")
	}
	if got, _ := os.ReadFile(path + ".1"); string(got) != "aaaaaabbbb" {
		t.Errorf(".1 = %q, want %q", got, "aaaaaabbbb")
	}
	if _, err := r.Write([]byte("late")); err == nil {
		t.Error("a write after Close succeeded")
	}
}

func TestOpenLog(t *testing.T) {
	defer slog.SetDefault(slog.Default())
	dir := t.TempDir()
	closeLog, err := openLog(dir)
	if err != nil {
		t.Fatal(err)
	}
	slog.Info("started", "addr", "127.0.0.1:8006")
	slog.Debug("not at info level")
	if err := closeLog(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(logDir(dir), "chatchannels.log"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), "level=INFO msg=started addr=127.0.0.1:8006") || strings.Contains(string(got), "not at info") {
		t.Errorf("log = %q", got)
	}
}
