package procmem

import (
	"os"
	"strconv"
	"strings"
)

// Of reads one figure of /proc/PROCESS/status, in bytes (0 when it
// cannot).
func Of(process, field string) int64 {
	data, err := os.ReadFile("/proc/" + process + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// ResetPeak starts this process's peak resident memory (VmHWM) afresh
// from what it holds now.
func ResetPeak() error {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}
