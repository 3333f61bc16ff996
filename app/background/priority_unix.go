//go:build unix && !linux

package background

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// lowerPriority renices the process (niceness is the process's here).
func lowerPriority() error {
	nice, err := unix.Getpriority(unix.PRIO_PROCESS, 0)
	if err != nil {
		return fmt.Errorf("background: priority: %w", err)
	}
	if nice >= Nice {
		return nil
	}
	if err := unix.Setpriority(unix.PRIO_PROCESS, 0, Nice); err != nil {
		return fmt.Errorf("background: lower priority: %w", err)
	}
	return nil
}
