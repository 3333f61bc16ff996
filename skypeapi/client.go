package skypeapi

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// ClientOptions tunes a Client.
type ClientOptions struct {
	Timeout  time.Duration // per command; 20 s when 0 (spec 4.4: 10–30 s)
	InFlight int           // commands awaiting replies at once; 16 when 0
}

// Client drives Skype over one attached connection: it tags every command,
// matches replies to their tags, and passes everything untagged on as
// notifications (spec 2.3). It is safe for concurrent use.
type Client struct {
	t       Transport
	timeout time.Duration
	slots   chan struct{} // one token per command in flight

	mu      sync.Mutex
	next    int
	pending map[string]chan Message

	notes *queue[Message]
	done  chan struct{} // closed when the connection has ended
}

// NewClient starts reading from t. The connection is the client's from now
// on: Close closes it.
func NewClient(t Transport, opts ClientOptions) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = 20 * time.Second
	}
	if opts.InFlight <= 0 {
		opts.InFlight = 16
	}
	c := &Client{
		t:       t,
		timeout: opts.Timeout,
		slots:   make(chan struct{}, opts.InFlight),
		pending: map[string]chan Message{},
		notes:   newQueue[Message](),
		done:    make(chan struct{}),
	}
	go c.read()
	return c
}

// read routes what Skype says until the connection ends.
func (c *Client) read() {
	defer close(c.done)
	defer c.notes.close()
	for text := range c.t.Receive() {
		m := Parse(text)
		if m.Tag != "" {
			c.mu.Lock()
			reply, ok := c.pending[m.Tag]
			delete(c.pending, m.Tag)
			c.mu.Unlock()
			if ok {
				reply <- m // buffered: never blocks
				continue
			}
		}
		c.notes.push(m) // notifications, and replies nobody waits for any more
	}
}

// Notifications yields what Skype says of its own accord, in order. It is
// closed when the connection ends.
func (c *Client) Notifications() <-chan Message { return c.notes.out }

// Done is closed when the connection has ended.
func (c *Client) Done() <-chan struct{} { return c.done }

// Close ends the connection; notifications not yet read are dropped.
func (c *Client) Close() error {
	c.notes.drop()
	return c.t.Close()
}

// Do sends one command and waits for its reply. An ERROR reply is returned
// as an *Error. At most InFlight commands wait at once; the rest queue here.
func (c *Client) Do(ctx context.Context, words ...string) (Message, error) {
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return Message{}, ctx.Err()
	case <-c.done:
		return Message{}, ErrGone
	}
	defer func() { <-c.slots }()

	reply := make(chan Message, 1)
	c.mu.Lock()
	c.next++
	tag := strconv.Itoa(c.next)
	c.pending[tag] = reply
	c.mu.Unlock()
	forget := func() {
		c.mu.Lock()
		delete(c.pending, tag)
		c.mu.Unlock()
	}
	cmd := Command(tag, words...)
	if err := c.t.Send(cmd); err != nil {
		forget()
		return Message{}, fmt.Errorf("%w: %v", ErrGone, err)
	}
	timer := time.NewTimer(c.timeout)
	defer timer.Stop()
	select {
	case m := <-reply:
		if m.Err != nil {
			return m, m.Err
		}
		return m, nil
	case <-timer.C:
		forget()
		return Message{}, fmt.Errorf("skype: %s: no reply in %v", Command("", words...), c.timeout)
	case <-ctx.Done():
		forget()
		return Message{}, ctx.Err()
	case <-c.done:
		return Message{}, ErrGone
	}
}

// Negotiate asks for protocol want and returns the version Skype will use
// (spec 2.2).
func (c *Client) Negotiate(ctx context.Context, want int) (int, error) {
	m, err := c.Do(ctx, "PROTOCOL", strconv.Itoa(want))
	if err != nil {
		return 0, err
	}
	v, err := strconv.Atoi(m.Value)
	if err != nil || m.Object != "PROTOCOL" {
		return 0, fmt.Errorf("skype: PROTOCOL %d answered %q", want, m.Object+" "+m.Value)
	}
	return v, nil
}

// Ping checks that Skype still answers.
func (c *Client) Ping(ctx context.Context) error {
	m, err := c.Do(ctx, "PING")
	if err == nil && m.Object != "PONG" {
		err = fmt.Errorf("skype: PING answered %q", m.Object)
	}
	return err
}

// GetGlobal reads a global property such as CURRENTUSERHANDLE.
func (c *Client) GetGlobal(ctx context.Context, name string) (string, error) {
	m, err := c.Do(ctx, "GET", name)
	if err != nil {
		return "", err
	}
	return m.Value, nil
}

// Get reads one property of an object: GET CHAT <name> TOPIC.
func (c *Client) Get(ctx context.Context, object, id, prop string) (string, error) {
	m, err := c.Do(ctx, "GET", object, id, prop)
	if err != nil {
		return "", err
	}
	if m.Object != object || m.Prop != prop {
		return "", fmt.Errorf("skype: GET %s %s %s answered %s %s %s", object, id, prop, m.Object, m.ID, m.Prop)
	}
	return m.Value, nil
}

// Search runs SEARCH <what> and returns the listed ids or names.
func (c *Client) Search(ctx context.Context, what string) ([]string, error) {
	m, err := c.Do(ctx, "SEARCH", what)
	if err != nil {
		return nil, err
	}
	return IDs(m.Value), nil
}

// getAll reads several properties of one object at once, pipelined within
// the in-flight bound. The first error wins.
func (c *Client) getAll(ctx context.Context, object, id string, props []string) (map[string]string, error) {
	values := make([]string, len(props))
	errs := make([]error, len(props))
	var wg sync.WaitGroup
	for i, p := range props {
		wg.Go(func() { values[i], errs[i] = c.Get(ctx, object, id, p) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err // the first, as typed (an *Error stays one)
		}
	}
	out := make(map[string]string, len(props))
	for i, p := range props {
		out[p] = values[i]
	}
	return out, nil
}
