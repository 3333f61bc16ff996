//go:build windows

package skypesim

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi"
	"github.com/chatchannels/chatchannels/skypeapi/internal/win32"
	"github.com/lxn/win"
)

// windowClass is the simulator window's class: Skype 5 and 6's main window
// class, so "is Skype running?" checks (spec 1.9) find the simulator too.
const windowClass = "tSkMainForm"

const (
	pollEvery   = 100 * time.Millisecond // how often the window checks whether Skype went away
	sendWait    = 5 * time.Second
	connectWait = time.Second
)

// ServeWindows shows the simulator to Desktop API clients on this machine
// as Skype's API window (spec 1): it answers Discover broadcasts with an
// Attach (status 0, wParam = its window), takes commands by WM_COPYDATA and
// sends replies and notifications back the same way. While a scripted
// disconnect lasts the window is destroyed, as when Skype quits; a new one
// appears when Skype comes back and broadcasts "API available" (0x8001).
// It runs until ctx ends and returns the context's error, or an error if
// no window can be made.
//
// The simulator serves one connection at a time: a client that attaches
// takes over from the one before.
func (s *Skype) ServeWindows(ctx context.Context) error {
	ids, err := win32.APIMessages()
	if err != nil {
		return err
	}
	for {
		if err := s.waitPresent(ctx); err != nil {
			return err
		}
		w, err := newWinSimWindow(s, ids.Discover, ids.Attach)
		if err != nil {
			return fmt.Errorf("skypesim: %w", err)
		}
		if err := w.serve(ctx); err != nil {
			return err
		}
	}
}

// waitPresent waits while Skype is away (a scripted disconnect).
func (s *Skype) waitPresent(ctx context.Context) error {
	s.mu.Lock()
	back := s.back
	s.mu.Unlock()
	if back == nil {
		return ctx.Err()
	}
	select {
	case <-back:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// isAway reports whether a scripted disconnect is in progress.
func (s *Skype) isAway() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.away > 0
}

// window is one life of the simulated Skype's API window.
type window struct {
	sim              *Skype
	discover, attach uint32
	win              *win32.Window
	discovers        chan win.HWND // client windows that broadcast Discover
	mu               sync.Mutex
	sessions         map[win.HWND]*windowSession
	sessionsWG       sync.WaitGroup
}

// windowSession is one attached client and its in-memory connection to the Skype.
type windowSession struct {
	client win.HWND
	conn   skypeapi.Transport
}

func newWinSimWindow(s *Skype, discover, attach uint32) (*window, error) {
	w := &window{
		sim: s, discover: discover, attach: attach,
		discovers: make(chan win.HWND, 64),
		sessions:  map[win.HWND]*windowSession{},
	}
	var err error
	w.win, err = win32.OpenWindow(windowClass, "Skype (simulated)", w.handle)
	if err != nil {
		return nil, err
	}
	return w, nil
}

// handle is the window's message handler; it runs on the window thread and
// never blocks: discoveries go to serve, commands to the Skype's queue.
func (w *window) handle(self win.HWND, msg uint32, wParam, lParam uintptr) (uintptr, bool) {
	switch msg {
	case w.discover:
		client := win.HWND(wParam)
		if client == 0 || client == self {
			return 0, true
		}
		select {
		case w.discovers <- client:
		default:
			slog.Warn("skypesim: Discover dropped", "client", client)
		}
		return 1, true
	case win.WM_COPYDATA:
		w.mu.Lock()
		sess := w.sessions[win.HWND(wParam)]
		w.mu.Unlock()
		if sess == nil {
			return 0, true // not attached: Skype refuses the command
		}
		if err := sess.conn.Send(win32.ReadText(lParam)); err != nil {
			return 0, true
		}
		return 1, true
	}
	return 0, false
}

// serve answers discoveries until Skype goes away (nil) or ctx ends.
func (w *window) serve(ctx context.Context) error {
	slog.Info("skypesim: API window up", "hwnd", w.win.HWND)
	// Tell clients waiting for Skype that the API is available (spec 1.4).
	win.PostMessage(win.HWND_BROADCAST, w.attach, uintptr(w.win.HWND), uintptr(skypeapi.AttachAPIAvailable))
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			w.shutdown()
			return ctx.Err()
		case client := <-w.discovers:
			w.attachClient(ctx, client)
		case <-tick.C:
			if w.sim.isAway() {
				slog.Info("skypesim: Skype went away: API window destroyed")
				w.shutdown()
				return nil
			}
		}
	}
}

// attachClient connects client to the Skype and sends it the Attach message.
func (w *window) attachClient(ctx context.Context, client win.HWND) {
	cctx, cancel := context.WithTimeout(ctx, connectWait)
	conn, err := w.sim.Connect(cctx, nil)
	cancel()
	if err != nil {
		slog.Info("skypesim: Discover not answered", "client", client, "reason", err)
		return
	}
	sess := &windowSession{client: client, conn: conn}
	w.mu.Lock()
	old := w.sessions[client]
	w.sessions[client] = sess
	w.mu.Unlock()
	if old != nil {
		_ = old.conn.Close()
	}
	w.sessionsWG.Add(1)
	go w.pump(sess)
	if win.PostMessage(client, w.attach, uintptr(w.win.HWND), uintptr(skypeapi.AttachSuccess)) == 0 {
		slog.Warn("skypesim: posting Attach failed", "client", client, "error", win.GetLastError())
		_ = conn.Close()
		return
	}
	slog.Info("skypesim: client attached", "client", client)
}

// pump sends the Skype's replies and notifications to the client until the
// connection ends or the client stops taking them.
func (w *window) pump(sess *windowSession) {
	defer w.sessionsWG.Done()
	for text := range sess.conn.Receive() {
		if !win32.SendText(sess.client, w.win.HWND, text, sendWait) {
			slog.Info("skypesim: client gone", "client", sess.client)
			_ = sess.conn.Close()
			break
		}
	}
	w.mu.Lock()
	if w.sessions[sess.client] == sess {
		delete(w.sessions, sess.client)
	}
	w.mu.Unlock()
}

// shutdown destroys the window and ends every session.
func (w *window) shutdown() {
	if err := w.win.Close(win32.CloseWait); err != nil {
		slog.Warn("skypesim: closing the window", "error", err)
	}
	w.mu.Lock()
	sessions := w.sessions
	w.sessions = map[win.HWND]*windowSession{}
	w.mu.Unlock()
	for _, sess := range sessions {
		_ = sess.conn.Close()
	}
	w.sessionsWG.Wait()
}
