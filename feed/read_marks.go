package feed

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// readMarks keeps read positions in the background, so that a chat page
// never waits for the archive's writer: an import beside the running app
// holds it for long stretches, and a page that waited for it took seconds.
// Per chat only the furthest position asked for waits; one goroutine
// writes them while any wait, and tries a busy archive again.
type readMarks struct {
	mu      sync.Mutex
	pending map[int64]readMark // by chat id
	done    chan struct{}      // closed when the running writer ends; nil when none runs
}

// readMark is a chat's read position to keep: up to msg.
type readMark struct {
	chat store.Chat
	msg  store.Message
}

const (
	readMarkTries = 6                      // each waits up to SQLite's busy timeout
	readMarkPause = 200 * time.Millisecond // between tries
)

// mark asks for the chat's read position to move to m, and returns at once.
func (rm *readMarks) mark(s *store.Store, c store.Chat, m store.Message) {
	rm.mu.Lock()
	defer rm.mu.Unlock()
	if p, ok := rm.pending[c.ID]; ok && !store.PositionAt(p.msg).Unread(m) {
		return // a position as far or further waits already
	}
	if rm.pending == nil {
		rm.pending = map[int64]readMark{}
	}
	rm.pending[c.ID] = readMark{c, m}
	if rm.done == nil {
		rm.done = make(chan struct{})
		go rm.write(s, rm.done)
	}
}

// write keeps the waiting positions until none waits, then closes done.
func (rm *readMarks) write(s *store.Store, done chan struct{}) {
	for {
		rm.mu.Lock()
		batch := rm.pending
		rm.pending = nil
		if len(batch) == 0 {
			rm.done = nil
			rm.mu.Unlock()
			close(done)
			return
		}
		rm.mu.Unlock()
		for _, p := range batch {
			keep(s, p)
		}
	}
}

// keep writes one read position, trying again while the archive is busy.
func keep(s *store.Store, p readMark) {
	ctx := context.Background()
	var err error
	for try := range readMarkTries {
		if try > 0 {
			time.Sleep(readMarkPause)
		}
		if _, err = s.MarkRead(ctx, p.chat.ID, p.msg); err == nil {
			return
		}
	}
	slog.Warn("cannot keep the read position", "chat", p.chat.Name, "err", err)
}

// wait returns once every position asked for so far is kept (or given up).
func (rm *readMarks) wait() {
	rm.mu.Lock()
	done := rm.done
	rm.mu.Unlock()
	if done != nil {
		<-done
	}
}
