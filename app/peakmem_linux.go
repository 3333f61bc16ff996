package app

import (
	"os"
	"strconv"
	"strings"
)

// peakMemory is the process's peak resident memory in bytes (VmHWM).
func peakMemory() int64 { return procStatus("VmHWM:") }

// procStatus reads one memory figure of this process's status, in bytes.
func procStatus(field string) int64 { return procStatusOf("self", field) }

// procStatusOf reads one memory figure of /proc/PROCESS/status, in bytes
// (0 when it cannot).
func procStatusOf(process, field string) int64 {
	data, err := os.ReadFile("/proc/" + process + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}
