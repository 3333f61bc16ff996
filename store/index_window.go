package store

import "context"

// changeWindow is a window of changes read for the index: the current state of
// every message archived, changed or removed in (from, upto], read when
// the index had applied up to from with shape workers × size.
type changeWindow struct {
	from, upto    int64
	workers, size int
	docs          map[int64]*indexedMessage
	err           error
}

// readWindow reads the window of changes after from, of at most workers ×
// size changes and workers × indexBatchBytes of text, up to last.
func (ix *searchIndex) readWindow(ctx context.Context, from, last int64, workers, size int) *changeWindow {
	w := &changeWindow{from: from, workers: workers, size: size}
	w.docs, w.upto, w.err = ix.readChanges(ctx, from, min(from+int64(workers*size), last), workers*indexBatchBytes)
	return w
}

// nextWindow is the window after applied: the one read ahead while the
// last batch built (see applyBatch) when it starts there and has the
// shape wanted, or one read now. A window read ahead is as current as one
// read now: whatever changed since has a later sequence number, and a
// later window applies it.
func (ix *searchIndex) nextWindow(ctx context.Context, applied, last int64, workers, size int) (map[int64]*indexedMessage, int64, error) {
	w := ix.ahead
	ix.ahead = nil
	if w == nil || w.err != nil || w.from != applied || w.workers != workers || w.size != size {
		w = ix.readWindow(ctx, applied, last, workers, size)
	}
	return w.docs, w.upto, w.err
}
