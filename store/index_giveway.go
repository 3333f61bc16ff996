package store

import (
	"context"
	"runtime"
	"time"
)

// How the index's catch-up gives way to requests (see Serving): before
// each window of changes it waits for the server to be quiet, up to
// catchUpGiveWay, and while it is not it builds one small batch at a time
// instead of one full batch per core, so that a page waits for a short
// batch on one core rather than long ones on all of them. Under a stream of
// requests it indexes servingBatchSize changes per catchUpGiveWay; with
// none it runs at full speed.
var catchUpGiveWay = 500 * time.Millisecond // a variable for the tests

const servingBatchSize = 500

// giveWay waits for the server to be quiet before the next window, unless
// someone waits for the catch-up (WaitIndexed: a search that must see
// everything committed, often itself a request), or until the store closes.
func (ix *searchIndex) giveWay(ctx context.Context) {
	if ix.waiting.Load() != 0 || Serving.quietFor() == 0 {
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-ix.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	Serving.GiveWay(ctx, catchUpGiveWay)
}

// windowShape is how many batches the next window of changes is split into,
// built concurrently, and how many changes each holds.
func (ix *searchIndex) windowShape() (workers, size int) {
	if ix.waiting.Load() == 0 && Serving.quietFor() > 0 {
		return 1, servingBatchSize
	}
	return max(runtime.GOMAXPROCS(0), 1), indexBatchSize
}
