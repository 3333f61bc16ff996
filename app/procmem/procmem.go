// Package procmem reads a process's memory figures, as Linux keeps them in
// /proc/PID/status: for the summaries commands print and for the
// benchmarks' peaks. Elsewhere every figure is 0.
package procmem

import (
	"strconv"
	"sync"
	"time"
)

// Self reads one figure of this process ("VmHWM:", "VmRSS:", "RssAnon:",
// "RssFile:"), in bytes.
func Self(field string) int64 { return Of("self", field) }

// Watch samples the figures of a running process ("self" or a pid) every
// interval until stop is called, and returns the highest seen of each.
func Watch(process string, interval time.Duration, fields ...string) (stop func() []int64) {
	done := make(chan struct{})
	peaks := make([]int64, len(fields))
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			for i, f := range fields {
				peaks[i] = max(peaks[i], Of(process, f))
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	return func() []int64 {
		close(done)
		wg.Wait()
		return peaks
	}
}

// Pid is how Watch and Of name another process.
func Pid(pid int) string { return strconv.Itoa(pid) }
