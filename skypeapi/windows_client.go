//go:build windows

package skypeapi

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/internal/win32"
	"github.com/lxn/win"
)

// Timing of the Windows client (spec 1.3, 1.5, 1.8).
const (
	winDiscoverWait  = 3 * time.Second // no answer in this long: Skype is not running
	winBroadcastWait = time.Second     // per window, for the Discover broadcast
	winSendWait      = 10 * time.Second
	winWatchEvery    = time.Second // IsWindow check of Skype's window
)

// winClientClass is the window class of the client's window.
const winClientClass = "ChatChannelsSkypeClient"

// NewWindowsConnector returns the Connector that attaches to Skype (or to
// skypesim) on this machine through window messages (spec 1).
func NewWindowsConnector() Connector { return windowsConnector{} }

type windowsConnector struct{}

// winAttachNotice is one SkypeControlAPIAttach message.
type winAttachNotice struct {
	skype  win.HWND
	status AttachStatus
}

// winClient is one connection: our hidden window, Skype's API window, and
// the queue of texts Skype sent.
type winClient struct {
	win     *win32.Window
	notices chan winAttachNotice // filled by the window thread, never blocking
	skype   atomic.Uintptr       // Skype's API window once attached
	q       *queue[string]

	sendMu sync.Mutex // one WM_COPYDATA at a time keeps commands in order

	endOnce sync.Once
	ended   chan struct{}
}

// Connect creates the client window, broadcasts Discover and waits for
// Skype's answer (spec 1.3, 1.4). Without an answer it reports
// AttachWaitingForSkype and broadcasts again every few seconds until ctx
// ends.
func (windowsConnector) Connect(ctx context.Context, status func(AttachStatus)) (Transport, error) {
	ids, err := win32.APIMessages()
	if err != nil {
		return nil, err
	}
	c := &winClient{
		notices: make(chan winAttachNotice, 64),
		q:       newQueue[string](),
		ended:   make(chan struct{}),
	}
	c.win, err = win32.OpenWindow(winClientClass, "Chat Channels", c.handle(ids.Attach))
	if err != nil {
		return nil, fmt.Errorf("skypeapi: attach: %w", err)
	}
	skype, err := c.attach(ctx, ids.Discover, status)
	if err != nil {
		c.end("attach failed")
		_ = c.Close()
		return nil, err
	}
	c.skype.Store(uintptr(skype))
	go c.watch(skype)
	return c, nil
}

// attach runs the attach state machine; it returns Skype's API window.
func (c *winClient) attach(ctx context.Context, discover uint32, status func(AttachStatus)) (win.HWND, error) {
	last := AttachStatus(-2)
	report := func(s AttachStatus) {
		if s != last && status != nil {
			status(s)
		}
		last = s
	}
	broadcast := func() {
		if _, ok := win32.Send(win.HWND_BROADCAST, discover, uintptr(c.win.HWND), 0, winBroadcastWait); !ok {
			slog.Warn("skypeapi: Discover broadcast failed", "error", win.GetLastError())
		}
	}
	var (
		waitFor win.HWND // the Skype that said "pending" or "not available"
		retry   = time.NewTimer(winDiscoverWait)
		tick    = time.NewTicker(winWatchEvery)
	)
	defer retry.Stop()
	defer tick.Stop()
	broadcast()
	for {
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case n := <-c.notices:
			slog.Debug("skypeapi: attach notice", "status", n.status, "skype", n.skype)
			switch n.status {
			case AttachSuccess:
				if !win32.IsWindow(n.skype) {
					continue
				}
				report(AttachSuccess)
				return n.skype, nil
			case AttachPendingAuthorization, AttachNotAvailable:
				// Wait without a timeout: for 0 or 2, or for 0x8001.
				report(n.status)
				waitFor = n.skype
				retry.Stop()
			case AttachRefused:
				report(AttachRefused)
				return 0, &AttachError{Status: AttachRefused}
			case AttachAPIAvailable:
				report(AttachAPIAvailable)
				waitFor = 0
				broadcast()
				retry.Reset(winDiscoverWait)
			default:
				slog.Warn("skypeapi: unknown attach status", "status", int(n.status))
			}
		case <-retry.C:
			report(AttachWaitingForSkype)
			broadcast()
			retry.Reset(winDiscoverWait)
		case <-tick.C:
			// The Skype we were waiting on quit: look for another.
			if waitFor != 0 && !win32.IsWindow(waitFor) {
				waitFor = 0
				report(AttachWaitingForSkype)
				broadcast()
				retry.Reset(winDiscoverWait)
			}
		}
	}
}

// handle is the client window's message handler; it runs on the window
// thread and never blocks.
func (c *winClient) handle(attachMsg uint32) win32.Handler {
	return func(_ win.HWND, msg uint32, wParam, lParam uintptr) (uintptr, bool) {
		switch msg {
		case attachMsg:
			if c.skype.Load() != 0 {
				return 1, true // attached already: later notices (a 0x8001 broadcast) are not ours to act on
			}
			n := winAttachNotice{skype: win.HWND(wParam), status: AttachStatus(int32(lParam))}
			select {
			case c.notices <- n:
			default:
				slog.Warn("skypeapi: attach notice dropped", "status", n.status)
			}
			return 1, true
		case win.WM_COPYDATA:
			skype := c.skype.Load()
			if skype == 0 || wParam != skype {
				return 0, true // not from the Skype we attached to
			}
			c.q.push(win32.ReadText(lParam))
			return 1, true
		}
		return 0, false
	}
}

// watch notices a vanished Skype window (spec 1.8).
func (c *winClient) watch(skype win.HWND) {
	t := time.NewTicker(winWatchEvery)
	defer t.Stop()
	for {
		select {
		case <-c.ended:
			return
		case <-t.C:
			if !win32.IsWindow(skype) {
				c.end("Skype's window is gone")
				return
			}
		}
	}
}

// Send delivers one command with WM_COPYDATA. A failed send means Skype is
// gone: the connection ends.
func (c *winClient) Send(text string) error {
	select {
	case <-c.ended:
		return fmt.Errorf("skypeapi: windows: send: %w", ErrGone)
	default:
	}
	skype := win.HWND(c.skype.Load())
	c.sendMu.Lock()
	ok := win32.IsWindow(skype) && win32.SendText(skype, c.win.HWND, text, winSendWait)
	c.sendMu.Unlock()
	if !ok {
		c.end("WM_COPYDATA to Skype failed")
		return fmt.Errorf("skypeapi: windows: send: %w", ErrGone)
	}
	return nil
}

// Receive yields Skype's replies and notifications; it closes when the
// connection ends, after what already arrived.
func (c *winClient) Receive() <-chan string { return c.q.out }

// Close ends the connection and destroys the client window.
func (c *winClient) Close() error {
	c.end("closed")
	c.q.drop()
	if err := c.win.Close(win32.CloseWait); err != nil {
		return fmt.Errorf("skypeapi: windows: close: %w", err)
	}
	return nil
}

// end marks the connection ended, once: Send fails from now on and
// Receive closes when drained.
func (c *winClient) end(why string) {
	c.endOnce.Do(func() {
		if c.skype.Load() != 0 {
			slog.Info("skypeapi: connection to Skype ended", "reason", why)
		}
		close(c.ended)
		c.q.close()
	})
}
