//go:build windows

package skypeapi

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/lxn/win"
)

// winSimClass is the simulator window's class: Skype 5 and 6's main window
// class, so "is Skype running?" checks (spec 1.9) find the simulator too.
const winSimClass = "tSkMainForm"

const (
	winSimPoll        = 100 * time.Millisecond // how often the window checks whether Skype went away
	winSimSendWait    = 5 * time.Second
	winSimConnectWait = time.Second
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
func (s *Sim) ServeWindows(ctx context.Context) error {
	ids, err := winAPIMessages()
	if err != nil {
		return err
	}
	for {
		if err := s.waitPresent(ctx); err != nil {
			return err
		}
		w, err := newWinSimWindow(s, ids.discover, ids.attach)
		if err != nil {
			return fmt.Errorf("skypeapi: sim: %w", err)
		}
		if err := w.serve(ctx); err != nil {
			return err
		}
	}
}

// waitPresent waits while Skype is away (a scripted disconnect).
func (s *Sim) waitPresent(ctx context.Context) error {
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
func (s *Sim) isAway() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.away > 0
}

// winSimWindow is one life of the simulated Skype's API window.
type winSimWindow struct {
	sim              *Sim
	discover, attach uint32
	win              *winWindow
	discovers        chan win.HWND // client windows that broadcast Discover
	mu               sync.Mutex
	sessions         map[win.HWND]*winSimSession
	sessionsWG       sync.WaitGroup
}

// winSimSession is one attached client and its in-memory connection to the Sim.
type winSimSession struct {
	client win.HWND
	conn   Transport
}

func newWinSimWindow(s *Sim, discover, attach uint32) (*winSimWindow, error) {
	w := &winSimWindow{
		sim: s, discover: discover, attach: attach,
		discovers: make(chan win.HWND, 64),
		sessions:  map[win.HWND]*winSimSession{},
	}
	var err error
	w.win, err = winOpenWindow(winSimClass, "Skype (simulated)", w.handle)
	if err != nil {
		return nil, err
	}
	return w, nil
}

// handle is the window's message handler; it runs on the window thread and
// never blocks: discoveries go to serve, commands to the Sim's queue.
func (w *winSimWindow) handle(self win.HWND, msg uint32, wParam, lParam uintptr) (uintptr, bool) {
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
		if err := sess.conn.Send(winReadText(lParam)); err != nil {
			return 0, true
		}
		return 1, true
	}
	return 0, false
}

// serve answers discoveries until Skype goes away (nil) or ctx ends.
func (w *winSimWindow) serve(ctx context.Context) error {
	slog.Info("skypesim: API window up", "hwnd", w.win.hwnd)
	// Tell clients waiting for Skype that the API is available (spec 1.4).
	win.PostMessage(win.HWND_BROADCAST, w.attach, uintptr(w.win.hwnd), uintptr(AttachAPIAvailable))
	tick := time.NewTicker(winSimPoll)
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

// attachClient connects client to the Sim and sends it the Attach message.
func (w *winSimWindow) attachClient(ctx context.Context, client win.HWND) {
	cctx, cancel := context.WithTimeout(ctx, winSimConnectWait)
	conn, err := w.sim.Connect(cctx, nil)
	cancel()
	if err != nil {
		slog.Info("skypesim: Discover not answered", "client", client, "reason", err)
		return
	}
	sess := &winSimSession{client: client, conn: conn}
	w.mu.Lock()
	old := w.sessions[client]
	w.sessions[client] = sess
	w.mu.Unlock()
	if old != nil {
		_ = old.conn.Close()
	}
	w.sessionsWG.Add(1)
	go w.pump(sess)
	if win.PostMessage(client, w.attach, uintptr(w.win.hwnd), uintptr(AttachSuccess)) == 0 {
		slog.Warn("skypesim: posting Attach failed", "client", client, "error", win.GetLastError())
		_ = conn.Close()
		return
	}
	slog.Info("skypesim: client attached", "client", client)
}

// pump sends the Sim's replies and notifications to the client until the
// connection ends or the client stops taking them.
func (w *winSimWindow) pump(sess *winSimSession) {
	defer w.sessionsWG.Done()
	for text := range sess.conn.Receive() {
		if !winSendText(sess.client, w.win.hwnd, text, winSimSendWait) {
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
func (w *winSimWindow) shutdown() {
	if err := w.win.close(winCloseWait); err != nil {
		slog.Warn("skypesim: closing the window", "error", err)
	}
	w.mu.Lock()
	sessions := w.sessions
	w.sessions = map[win.HWND]*winSimSession{}
	w.mu.Unlock()
	for _, sess := range sessions {
		_ = sess.conn.Close()
	}
	w.sessionsWG.Wait()
}
