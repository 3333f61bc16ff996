package skypeapi

import "sync"

// queue is an unbounded FIFO of messages feeding a channel, so that a slow
// reader of notifications never stalls the replies behind them.
type queue struct {
	out chan Message

	mu     sync.Mutex
	items  []Message
	closed bool
	wake   chan struct{}
}

func newQueue() *queue {
	q := &queue{out: make(chan Message), wake: make(chan struct{}, 1)}
	go q.pump()
	return q
}

func (q *queue) push(m Message) {
	q.mu.Lock()
	q.items = append(q.items, m)
	q.mu.Unlock()
	q.signal()
}

// close lets the queue drain, then closes out.
func (q *queue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.signal()
}

func (q *queue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *queue) pump() {
	defer close(q.out)
	for {
		q.mu.Lock()
		items, closed := q.items, q.closed
		q.items = nil
		q.mu.Unlock()
		for _, m := range items {
			q.out <- m
		}
		if len(items) == 0 {
			if closed {
				return
			}
			<-q.wake
		}
	}
}
