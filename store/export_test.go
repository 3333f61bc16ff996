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

// SetBroadLimits changes how many matches a quick search counts and ranks
// exactly (and a single word's), and how many of the newest a broad one
// ranks at least, until the returned function puts them back.
func SetBroadLimits(exact, word, ranked int) (restore func()) {
	wasExact, wasWord, wasRanked := exactUpTo, wordRankedUpTo, rankedAtLeast
	exactUpTo, wordRankedUpTo, rankedAtLeast = exact, word, ranked
	return func() { exactUpTo, wordRankedUpTo, rankedAtLeast = wasExact, wasWord, wasRanked }
}
