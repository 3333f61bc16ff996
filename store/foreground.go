package store

import (
	"context"
	"sync"
	"time"
)

// Foreground counts the work someone waits for (the HTTP requests being
// answered), so that background work in the same process (the index
// catching up with the archive, an import) gives way to it: between its
// batches it waits until nothing is in the foreground, for at most a
// bounded time, so that it is slowed but never stopped.
type Foreground struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0; nil while n is 0
}

// Serving is the process's foreground: the server counts its requests in
// it, and the index's catch-up and imports give way to them.
var Serving Foreground

// Begin counts one piece of foreground work in; call the function it
// returns, once, when it is done.
func (f *Foreground) Begin() (end func()) {
	f.mu.Lock()
	if f.n == 0 {
		f.idle = make(chan struct{})
	}
	f.n++
	f.mu.Unlock()
	var once sync.Once
	return func() { once.Do(f.end) }
}

func (f *Foreground) end() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n--
	if f.n == 0 {
		close(f.idle)
		f.idle = nil
	}
}

// Busy reports how much foreground work is in progress.
func (f *Foreground) Busy() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

// GiveWay waits until no foreground work is in progress, at most max, or
// until ctx ends. It reports whether it waited at all.
func (f *Foreground) GiveWay(ctx context.Context, max time.Duration) bool {
	f.mu.Lock()
	idle := f.idle
	f.mu.Unlock()
	if idle == nil {
		return false
	}
	t := time.NewTimer(max)
	defer t.Stop()
	select {
	case <-idle:
	case <-t.C:
	case <-ctx.Done():
	}
	return true
}
