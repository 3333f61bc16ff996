package app_test

import (
	"os"
	"syscall"
)

// childPeak is an ended child process's peak resident memory in bytes.
func childPeak(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss << 10 // kB on Linux
	}
	return 0
}
