package procmem

import (
	"runtime"
	"testing"
	"time"
)

// TestFiguresOfThisProcess: on Linux the figures are this process's, the
// peak at least what is resident, and Watch sees memory touched while it
// watches.
func TestFiguresOfThisProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		if Self("VmRSS:") != 0 {
			t.Fatal("a figure where none is kept")
		}
		t.Skip("memory figures are read on Linux only")
	}
	rss, peak := Self("VmRSS:"), Self("VmHWM:")
	if rss <= 0 || peak < rss {
		t.Fatalf("resident %d, peak %d", rss, peak)
	}
	if Self("NoSuchField:") != 0 || Of("0", "VmRSS:") != 0 {
		t.Fatal("a figure that does not exist reads as non-zero")
	}
	stop := Watch("self", time.Millisecond, "VmRSS:")
	const touched = 64 << 20
	b := make([]byte, touched)
	for i := range b {
		b[i] = 1
	}
	time.Sleep(20 * time.Millisecond)
	high := stop()[0]
	runtime.KeepAlive(b)
	if high < rss+touched/2 {
		t.Fatalf("watched peak %d MB, resident before %d MB, %d MB touched since", high>>20, rss>>20, touched>>20)
	}
}
