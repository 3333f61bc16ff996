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
	writing sync.WaitGroup     // the writer, while it runs
	running bool
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
	if !rm.running {
		rm.running = true
		rm.writing.Add(1)
		go rm.write(s)
	}
}

// write keeps the waiting positions until none waits.
func (rm *readMarks) write(s *store.Store) {
	defer rm.writing.Done()
	for {
		rm.mu.Lock()
		batch := rm.pending
		rm.pending = nil
		if len(batch) == 0 {
			rm.running = false
			rm.mu.Unlock()
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

// wait returns once every position asked for is kept (or given up).
func (rm *readMarks) wait() { rm.writing.Wait() }
