package app

import "runtime/debug"

// heapLimit is the soft limit of the Go heap while Chat Channels collects
// or imports: the garbage collector works harder instead of letting the
// heap grow to twice what is live. What is live is mostly the in-memory
// identity picture: about 2 bytes a message of text slots, and at most
// store's budget of source references (about 36 MB), paged by time even
// within one chat. Importing the generator's 10M-message export peaked at
// 260 MB anonymous (the heap and SQLite's memory); collecting 200k
// messages into that archive, beside the simulator's 88 MB world, 221 MB
// with this limit and 362 MB without.
const heapLimit = 200 << 20

// limitHeap lowers the heap's soft limit to heapLimit, unless it is lower
// already (GOMEMLIMIT), and returns what puts it back.
func limitHeap() (restore func()) {
	limit := debug.SetMemoryLimit(-1)
	if limit <= heapLimit {
		return func() {}
	}
	debug.SetMemoryLimit(heapLimit)
	return func() { debug.SetMemoryLimit(limit) }
}
