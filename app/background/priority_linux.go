package background

import (
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// lowerPriority renices every thread of the process: on Linux niceness
// belongs to a thread, and a new thread inherits its creator's. Threads
// made while it works are caught by going over the list again until a pass
// finds nothing left to change.
func lowerPriority() error {
	done := map[int]bool{}
	for {
		tasks, err := os.ReadDir("/proc/self/task")
		if err != nil {
			return fmt.Errorf("background: list threads: %w", err)
		}
		changed := false
		for _, t := range tasks {
			tid, err := strconv.Atoi(t.Name())
			if err != nil || done[tid] {
				continue
			}
			if err := renice(tid); err != nil {
				return err
			}
			done[tid], changed = true, true
		}
		if !changed {
			return nil
		}
	}
}

// renice gives thread tid niceness Nice, unless it is already nicer. A
// thread that ended meanwhile is no error.
func renice(tid int) error {
	// The raw system call returns 20 - nice (1 to 40); x/sys returns it as is.
	prio, err := unix.Getpriority(unix.PRIO_PROCESS, tid)
	if err == unix.ESRCH {
		return nil
	}
	if err != nil {
		return fmt.Errorf("background: thread %d priority: %w", tid, err)
	}
	if 20-prio >= Nice {
		return nil
	}
	if err := unix.Setpriority(unix.PRIO_PROCESS, tid, Nice); err != nil && err != unix.ESRCH {
		return fmt.Errorf("background: lower thread %d priority: %w", tid, err)
	}
	return nil
}
