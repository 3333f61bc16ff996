package store

import (
	"context"
	"sync"
	"time"
)

// Foreground counts the work someone waits for (the HTTP requests being
// answered), so that background work in the same process (the index
// catching up with the archive, an import) gives way to it: between its
// batches it waits until nothing has been in the foreground for a moment
// (Settle), for at most a bounded time, so that it is slowed but never
// stopped. A person reading leaves long gaps between pages, in which the
// background runs at full speed; a stream of requests leaves none.
type Foreground struct {
	mu      sync.Mutex
	n       int
	lastEnd time.Time // when the last piece of work ended
}

// Settle is how long nothing must have been in the foreground before
// background work goes on: a page's next request (its style sheet, say)
// follows within it.
const Settle = 20 * time.Millisecond

// Serving is the process's foreground: the server counts its requests in
// it, and the index's catch-up and imports give way to them.
var Serving Foreground

// Begin counts one piece of foreground work in; call the function it
// returns, once, when it is done.
func (f *Foreground) Begin() (end func()) {
	f.mu.Lock()
	f.n++
	f.mu.Unlock()
	var once sync.Once
	return func() { once.Do(f.end) }
}

func (f *Foreground) end() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n--
	f.lastEnd = time.Now()
}

// Busy reports how much foreground work is in progress.
func (f *Foreground) Busy() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

// quietFor is how much longer the foreground must stay empty before it
// has been quiet for Settle; 0 when it has.
func (f *Foreground) quietFor() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n > 0 {
		return Settle
	}
	return max(Settle-time.Since(f.lastEnd), 0)
}

// GiveWay waits until nothing has been in the foreground for Settle, at
// most max, or until ctx ends. It reports whether it waited at all.
func (f *Foreground) GiveWay(ctx context.Context, max time.Duration) bool {
	wait := f.quietFor()
	if wait == 0 {
		return false
	}
	deadline := time.NewTimer(max)
	defer deadline.Stop()
	for wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-deadline.C:
			t.Stop()
			return true
		case <-ctx.Done():
			t.Stop()
			return true
		}
		wait = f.quietFor()
	}
	return true
}
