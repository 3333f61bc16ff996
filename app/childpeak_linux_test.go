package app_test

import (
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/chatchannels/chatchannels/app"
)

// childPeak is an ended child process's peak resident memory in bytes.
func childPeak(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss << 10 // kB on Linux
	}
	return 0
}

// residentParts samples a running process's resident memory every 50 ms
// until stop is called, and returns the peaks of its two parts: anonymous
// (the heap, SQLite's memory) and file-backed (the mapped index segments,
// which the kernel may drop and read again).
func residentParts(pid int) (stop func() (anon, file int64)) {
	done, result := make(chan struct{}), make(chan [2]int64, 1)
	process := strconv.Itoa(pid)
	go func() {
		var peak [2]int64
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			peak[0] = max(peak[0], app.ProcStatusOf(process, "RssAnon:"))
			peak[1] = max(peak[1], app.ProcStatusOf(process, "RssFile:"))
			select {
			case <-done:
				result <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() (int64, int64) {
		close(done)
		p := <-result
		return p[0], p[1]
	}
}
