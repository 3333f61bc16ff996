// Package collector keeps the archive in step with a running Skype over the
// Desktop API: it copies the history of the chats the user picked and
// follows new messages, edits and deletions.
package collector

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi"
	"github.com/chatchannels/chatchannels/store"
)

// minProtocol is the oldest protocol with CHAT and CHATMESSAGE objects (spec 2.2).
const minProtocol = 3

// Collector keeps the archive in step with Skype: it attaches (and
// re-attaches when Skype goes away), lists the chats Skype knows so the user
// can pick, copies the full history of picked chats, and then follows new
// messages and edits as they happen.
type Collector struct {
	Store     *store.Store
	Connector skypeapi.Connector
	Options   Options

	mu    sync.Mutex
	state State
}

// Options tunes a Collector; zero values take the defaults.
type Options struct {
	Ping        time.Duration // keep-alive interval; 10 s
	Rescan      time.Duration // how often newly picked chats are looked for; 2 s
	RetryMin    time.Duration // first wait before re-attaching; 500 ms
	RetryMax    time.Duration // longest wait before re-attaching; 30 s
	Client      skypeapi.ClientOptions
	Fetchers    int // messages fetched at once during a sync; 8
	IngestBatch int // messages per store transaction during a sync; 500
}

// State is what the collector is doing, for the tray and /api/status.
type State struct {
	Skype    string // waiting for Skype, waiting for authorization in Skype, attached as X, …
	User     string // the Skype user attached as, once attached
	Protocol int
	Syncing  string // the chat being synced, if any
}

// State reports what the collector is doing.
func (c *Collector) State() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

func (c *Collector) setState(f func(*State)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(&c.state)
}

func (o *Options) defaults() {
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	set(&o.Ping, 10*time.Second)
	set(&o.Rescan, 2*time.Second)
	set(&o.RetryMin, 500*time.Millisecond)
	set(&o.RetryMax, 30*time.Second)
	if o.Fetchers <= 0 {
		o.Fetchers = 8
	}
	if o.IngestBatch <= 0 {
		o.IngestBatch = 500
	}
}

// Run collects until ctx ends, re-attaching whenever Skype goes away.
func (c *Collector) Run(ctx context.Context) error {
	c.Options.defaults()
	wait := c.Options.RetryMin
	for {
		t, err := c.Connector.Connect(ctx, func(s skypeapi.AttachStatus) {
			c.setState(func(st *State) { st.Skype, st.User = s.String(), "" })
		})
		if ctx.Err() != nil {
			return nil
		}
		if err == nil {
			wait = c.Options.RetryMin
			err = c.session(ctx, skypeapi.NewClient(t, c.Options.Client))
			if ctx.Err() != nil {
				return nil
			}
		}
		var refused *skypeapi.AttachError
		if errors.As(err, &refused) {
			c.setState(func(st *State) { st.Skype = refused.Status.String() })
		}
		slog.Warn("skype connection ended; attaching again", "err", err, "in", wait)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = min(2*wait, c.Options.RetryMax)
	}
}

// session collects over one attached connection until it ends.
func (c *Collector) session(ctx context.Context, client *skypeapi.Client) error {
	defer client.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() { // a lost connection ends everything waiting on it
		select {
		case <-client.Done():
			cancel()
		case <-ctx.Done():
		}
	}()
	v, err := client.Negotiate(ctx, 8)
	if err != nil {
		return fmt.Errorf("negotiate protocol: %w", err)
	}
	if v < minProtocol {
		c.setState(func(st *State) {
			st.Skype = fmt.Sprintf("Skype speaks protocol %d; chats need %d", v, minProtocol)
		})
		return fmt.Errorf("skype speaks protocol %d, chats need %d", v, minProtocol)
	}
	user, err := client.GetGlobal(ctx, "CURRENTUSERHANDLE")
	if err != nil {
		return fmt.Errorf("read current user: %w", err)
	}
	c.setState(func(st *State) { st.Skype, st.User, st.Protocol = "attached as "+user, user, v })
	s := &session{c: c, client: client, user: user, source: store.SourceName("live", user), seen: map[string]bool{}, ranks: map[rankKey][]int64{}, synced: map[string]bool{},
		named: map[string]bool{}}
	if err := s.listChats(ctx); err != nil {
		return err
	}
	return s.follow(ctx)
}
