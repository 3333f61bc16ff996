package background

import (
	"fmt"

	"golang.org/x/sys/windows"
)

// lowerPriority moves the process to BELOW_NORMAL_PRIORITY_CLASS, unless
// it is already in IDLE_PRIORITY_CLASS.
func lowerPriority() error {
	p := windows.CurrentProcess()
	class, err := windows.GetPriorityClass(p)
	if err != nil {
		return fmt.Errorf("background: priority class: %w", err)
	}
	if class == windows.IDLE_PRIORITY_CLASS || class == windows.BELOW_NORMAL_PRIORITY_CLASS {
		return nil
	}
	if err := windows.SetPriorityClass(p, windows.BELOW_NORMAL_PRIORITY_CLASS); err != nil {
		return fmt.Errorf("background: lower priority: %w", err)
	}
	return nil
}
