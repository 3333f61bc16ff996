package store

import "time"

// SetIdleClose shortens how long an unused index stays open, until the
// returned function puts it back.
func SetIdleClose(d time.Duration) (restore func()) {
	was := idleClose
	idleClose = d
	return func() { idleClose = was }
}

// SetBusyTimeout shortens the wait for a locked database in tests.
func SetBusyTimeout(d time.Duration) { busyTimeout = d }

// SetSortAllBelow changes how many hits a search by time sorts without
// looking in windows of time first, until the returned function puts it back.
func SetSortAllBelow(n uint64) (restore func()) {
	was := sortAllBelow
	sortAllBelow = n
	return func() { sortAllBelow = was }
}
