package skypesim

import (
	"fmt"
	"sync"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi"
)

// clientConn is one in-memory connection to a Skype. Commands and outgoing
// texts wait in unbounded queues, so neither Send nor the simulator ever
// blocks on a slow peer. One goroutine answers commands in order (Skype
// runs the API on one thread); another delivers replies and notifications.
type clientConn struct {
	sim  *Skype
	recv chan string
	stop chan struct{} // closed when the connection ends, from either side
	drop chan struct{} // closed by Close: stop delivering at once

	mu      sync.Mutex
	ended   bool
	dropped bool
	in, out []string
	inSig   chan struct{}
	outSig  chan struct{}

	// Guarded by sim.mu.
	proto   int  // the negotiated protocol; 1 until PROTOCOL (spec 2.2)
	greeted bool // the status notifications after the first PROTOCOL were sent
}

func newSimConn(s *Skype) *clientConn {
	c := &clientConn{
		sim:    s,
		recv:   make(chan string),
		stop:   make(chan struct{}),
		drop:   make(chan struct{}),
		inSig:  make(chan struct{}, 1),
		outSig: make(chan struct{}, 1),
		proto:  1,
	}
	go c.serve()
	go c.deliver()
	return c
}

// Send queues one command for the simulated Skype. It fails once the
// connection has ended.
func (c *clientConn) Send(text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		return fmt.Errorf("skypesim: send: %w", skypeapi.ErrGone)
	}
	c.in = append(c.in, text)
	wake(c.inSig)
	return nil
}

// Receive yields replies and notifications in order; it is closed when the
// connection ends (after the texts Skype sent before it went away).
func (c *clientConn) Receive() <-chan string { return c.recv }

// Close ends the connection; it may be called any number of times.
func (c *clientConn) Close() error {
	s := c.sim
	s.mu.Lock()
	if s.conn == c {
		s.conn = nil
	}
	s.mu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.end()
	if !c.dropped {
		c.dropped = true
		close(c.drop)
	}
	return nil
}

// hangUp ends the connection from Skype's side: Send fails from now on and
// Receive closes once the texts already sent are delivered.
func (c *clientConn) hangUp() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.end()
}

// end marks the connection ended. Called with c.mu held.
func (c *clientConn) end() {
	if !c.ended {
		c.ended = true
		close(c.stop)
	}
}

// push queues one text for Receive. Called with sim.mu held, so replies and
// notifications keep the order in which the world changed.
func (c *clientConn) push(text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ended {
		return
	}
	c.out = append(c.out, text)
	wake(c.outSig)
}

// serve answers the queued commands one by one.
func (c *clientConn) serve() {
	for {
		text, ok := c.next()
		if !ok {
			return
		}
		if d := c.sim.opts.Delay; d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-c.stop:
				t.Stop()
				return
			}
		}
		c.sim.answer(c, text)
	}
}

// next waits for the next command; false once the connection has ended.
func (c *clientConn) next() (string, bool) {
	for {
		c.mu.Lock()
		if c.ended {
			c.mu.Unlock()
			return "", false
		}
		if len(c.in) > 0 {
			text := c.in[0]
			c.in = c.in[1:]
			c.mu.Unlock()
			return text, true
		}
		c.mu.Unlock()
		select {
		case <-c.inSig:
		case <-c.stop:
		}
	}
}

// deliver moves queued texts to Receive, and closes it when the
// connection has ended and nothing is left (or at once after Close).
func (c *clientConn) deliver() {
	defer close(c.recv)
	for {
		c.mu.Lock()
		if len(c.out) > 0 {
			text := c.out[0]
			c.out[0] = ""
			c.out = c.out[1:]
			c.mu.Unlock()
			select {
			case c.recv <- text:
			case <-c.drop:
				return
			}
			continue
		}
		ended := c.ended
		c.mu.Unlock()
		if ended {
			return
		}
		select {
		case <-c.outSig:
		case <-c.stop:
		case <-c.drop:
			return
		}
	}
}

// wake wakes a goroutine waiting on sig without blocking.
func wake(sig chan struct{}) {
	select {
	case sig <- struct{}{}:
	default:
	}
}
