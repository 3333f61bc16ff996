package store

import (
	"runtime"
	"time"
)

// How the index's catch-up gives way to requests in flight (see Serving):
// before each window of changes it waits for them up to catchUpGiveWay, and
// while any are in flight it builds one small batch at a time instead of
// one full batch per core, so that a page waits for a short batch on one
// core rather than a long one on all of them. With nothing in flight it
// runs at full speed.
var catchUpGiveWay = 100 * time.Millisecond // a variable for the tests

const servingBatchSize = 500

// windowShape is how many batches the next window of changes is split into,
// built concurrently, and how many changes each holds.
func windowShape() (workers, size int) {
	if Serving.Busy() > 0 {
		return 1, servingBatchSize
	}
	return max(runtime.GOMAXPROCS(0), 1), indexBatchSize
}
