package store

import "time"

// SetBusyTimeout shortens the wait for a locked database in tests.
func SetBusyTimeout(d time.Duration) { busyTimeout = d }
