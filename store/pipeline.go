package store

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Pipeline ingests a stream of messages in batches, one transaction each,
// preparing the next batch (validation, plain text, hashes) on the caller's
// goroutine while SQLite writes the previous one on the pipeline's. Messages
// that follow one another with the same chat, source and reference (the
// copies of an edited message in an export) always share a batch, so a
// batch never holds part of a message's versions.
//
// Each value of type T given to Add comes back with its message's batch
// once that batch is committed (for what must follow the messages, such as
// their reactions).
type Pipeline[T any] struct {
	s         *Store
	ctx       context.Context
	size      int
	committed func(ctx context.Context, batch []Incoming, extras []T) error

	batch  []Incoming
	bytes  int // of the bodies in batch
	extras []T
	queue  chan pipelineBatch[T]
	done   chan struct{}

	mu  sync.Mutex // guards res and err
	res IngestResult
	err error
}

type pipelineBatch[T any] struct {
	preparedBatch
	extras []T
}

// importGiveWay is how long, at most, the pipeline waits before each batch
// for the requests this process is answering (see Serving). A variable for
// the tests.
var importGiveWay = 100 * time.Millisecond

// pipelineBatchBytes cuts a batch of long messages short of its size: a
// batch, its prepared texts and SQLite's share of it are in memory at
// once, a few of them along the pipeline.
const pipelineBatchBytes = 2 << 20

// NewPipeline starts a pipeline writing batches of about size messages
// (fewer when they are long: see pipelineBatchBytes) into s. committed, when not nil, is called on the pipeline's goroutine after
// each batch is committed; an error from it stops the pipeline. Close it.
func NewPipeline[T any](ctx context.Context, s *Store, size int, committed func(ctx context.Context, batch []Incoming, extras []T) error) *Pipeline[T] {
	p := &Pipeline[T]{s: s, ctx: ctx, size: max(size, 1), committed: committed,
		queue: make(chan pipelineBatch[T], 1), done: make(chan struct{})}
	p.batch, p.extras = p.newBatch()
	go p.write()
	return p
}

func (p *Pipeline[T]) newBatch() ([]Incoming, []T) {
	return make([]Incoming, 0, p.size+16), make([]T, 0, p.size+16)
}

// write commits the queued batches, in order, until the queue closes.
// After a failure of its own it only drains the queue.
func (p *Pipeline[T]) write() {
	defer close(p.done)
	failed := false
	for b := range p.queue {
		if failed {
			continue
		}
		Serving.GiveWay(p.ctx, importGiveWay)
		res, err := p.s.write(p.ctx, b.preparedBatch)
		if err == nil && p.committed != nil {
			err = p.committed(p.ctx, b.msgs, b.extras)
		}
		p.mu.Lock()
		p.res.Add(res)
		if err != nil && p.err == nil {
			p.err = err
		}
		p.mu.Unlock()
		failed = err != nil
	}
}

// Err is the first failure so far: a batch that could not be written, or
// an error of the committed callback.
func (p *Pipeline[T]) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

func (p *Pipeline[T]) fail(err error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err == nil {
		p.err = err
	}
	return p.err
}

// Add queues a message with its extra value. It returns the pipeline's
// first failure, after which nothing more is written.
func (p *Pipeline[T]) Add(m Incoming, extra T) error {
	if err := p.Err(); err != nil {
		return err
	}
	if (len(p.batch) >= p.size || p.bytes >= pipelineBatchBytes) && !sameSighting(&p.batch[len(p.batch)-1], &m) {
		if err := p.send(); err != nil {
			return err
		}
	}
	p.batch = append(p.batch, m)
	p.bytes += len(m.Body)
	p.extras = append(p.extras, extra)
	return nil
}

func sameSighting(a, b *Incoming) bool {
	return a.Ref == b.Ref && a.Source == b.Source && a.Chat == b.Chat
}

// send prepares the batch being filled and hands it to the writer. The
// extras of messages left out (see prepare) are dropped with them.
func (p *Pipeline[T]) send() error {
	prepared := prepare(p.batch)
	extras := p.extras
	if len(prepared.dropped) > 0 {
		extras = make([]T, 0, len(prepared.msgs))
		for i, x := range p.extras {
			if _, left := slices.BinarySearch(prepared.dropped, i); !left {
				extras = append(extras, x)
			}
		}
	}
	b := pipelineBatch[T]{preparedBatch: prepared, extras: extras}
	p.batch, p.extras = p.newBatch()
	p.bytes = 0
	select {
	case p.queue <- b:
		return nil
	case <-p.ctx.Done():
		return p.fail(p.ctx.Err())
	}
}

// Close writes the batch being filled, waits for the writer and returns
// what all the batches did, with the first failure. Abandon leaves out the
// batch being filled instead. Call one of them, once.
func (p *Pipeline[T]) Close() (IngestResult, error) {
	if len(p.batch) > 0 && p.Err() == nil {
		p.send()
	}
	return p.Abandon()
}

// Abandon drops the batch being filled (after a failure of the input, so
// that only batches handed over whole are written), waits for the writer
// to commit the batches already handed over, and returns what they did.
func (p *Pipeline[T]) Abandon() (IngestResult, error) {
	p.batch, p.extras = nil, nil
	close(p.queue)
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.res, p.err
}
