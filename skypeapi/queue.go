package skypeapi

import "sync"

// queue is an unbounded FIFO feeding a channel, so that whoever pushes (a
// window procedure, the reply router) never waits for whoever reads.
type queue[T any] struct {
	out  chan T
	wake chan struct{}
	stop chan struct{} // closed by drop

	mu     sync.Mutex
	items  []T
	closed bool
	once   sync.Once
}

func newQueue[T any]() *queue[T] {
	q := &queue[T]{out: make(chan T), wake: make(chan struct{}, 1), stop: make(chan struct{})}
	go q.pump()
	return q
}

// push adds an item; after close it is dropped.
func (q *queue[T]) push(v T) {
	q.mu.Lock()
	if !q.closed {
		q.items = append(q.items, v)
	}
	q.mu.Unlock()
	q.signal()
}

// close lets the queue drain, then closes out.
func (q *queue[T]) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.signal()
}

// drop closes out at once, discarding what is left.
func (q *queue[T]) drop() {
	q.close()
	q.once.Do(func() { close(q.stop) })
}

func (q *queue[T]) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *queue[T]) pump() {
	defer close(q.out)
	for {
		q.mu.Lock()
		items, closed := q.items, q.closed
		q.items = nil
		q.mu.Unlock()
		for _, v := range items {
			select {
			case q.out <- v:
			case <-q.stop:
				return
			}
		}
		if len(items) > 0 {
			continue
		}
		if closed {
			return
		}
		select {
		case <-q.wake:
		case <-q.stop:
			return
		}
	}
}
