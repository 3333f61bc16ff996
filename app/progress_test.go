package app

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestRenderProgress(t *testing.T) {
	for _, c := range []struct {
		name string
		st   progressState
		bar  bool
		want string
	}{
		{"bar, bytes with messages counted", progressState{label: "import messages.json", done: 35, total: 100, messages: 350_000, elapsed: 3500 * time.Millisecond}, true,
			"import messages.json  35% [========>               ]  350,000 messages  100,000/s  7s left"},
		{"bar, at the start", progressState{label: "import main.db", done: 0, total: 15, messages: 0}, true,
			"import main.db   0% [>                       ]  0 messages"},
		{"bar, done", progressState{label: "import x.tar", done: 100, total: 100, messages: 1_234_567, elapsed: 12 * time.Second}, true,
			"import x.tar 100% [========================]  1,234,567 messages  102,880/s"},
		{"bar, units are messages", progressState{label: "generate", done: 2000, total: 100_000, messages: -1, elapsed: 2 * time.Second}, true,
			"generate   2% [>                       ]  2,000 messages  1,000/s  1m38s left"},
		{"bar, total unknown", progressState{label: "import", done: 500, messages: -1, elapsed: 10 * time.Second}, true,
			"import 500 messages  50/s"},
		{"bar, done beyond the total", progressState{label: "x", done: 120, total: 100, messages: -1, elapsed: time.Second}, true,
			"x 100% [========================]  120 messages  120/s"},
		{"line, units are messages", progressState{label: "generate", done: 2000, total: 100_000, messages: -1, elapsed: 2 * time.Second}, false,
			"generate: 2000 of 100000 (2%), 1000/s, 1m38s left"},
		{"line, bytes with messages counted", progressState{label: "import messages.json", done: 35, total: 100, messages: 350_000, elapsed: 3500 * time.Millisecond}, false,
			"import messages.json: 35%, 350000 messages, 100000/s, 7s left"},
		{"line, under a second", progressState{label: "reindex", done: 3, total: 3, messages: -1, elapsed: 10 * time.Millisecond}, false,
			"reindex: 3 of 3 (100%)"},
		{"line, total unknown", progressState{label: "import", done: 7, messages: -1}, false,
			"import: 7 messages"},
	} {
		if got := renderProgress(c.st, c.bar); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1_234_567: "1,234,567", -45_000: "-45,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestPlainProgressLines: not on a terminal, the first and the last state
// are written and, in between, nothing within five seconds.
func TestPlainProgressLines(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, "import x")
	for done := int64(0); done <= 1000; done += 10 {
		p.update(done, 1000)
	}
	p.done()
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "import x: 0 of 1000 (0%)") || !strings.HasPrefix(lines[1], "import x: 1000 of 1000 (100%)") {
		t.Errorf("lines:\n%s", out.String())
	}
}
